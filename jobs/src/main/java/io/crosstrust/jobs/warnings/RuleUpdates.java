package io.crosstrust.jobs.warnings;

import io.crosstrust.events.ops.DeadLetter;
import io.crosstrust.events.ops.FailureKind;
import io.crosstrust.jobs.kafka.DeadLetters;
import io.crosstrust.jobs.kafka.RawRecord;
import java.time.Instant;

/**
 * The risk.rules contract: each record's value is one rule set, the UTF-8 JSON of {@link RiskRules}
 * (the key, if any, is not read). A set is accepted when it parses and validates and its version is
 * newer than the set in force; the same set again is ignored; anything else is refused with the
 * reason, as a dead letter of stage {@value #STAGE}, and the rules in force stay.
 */
public final class RuleUpdates {
    public static final String STAGE = "risk-rules";

    /** The outcome: the rules to apply, nothing to do, or a refusal. */
    public record Verdict(RiskRules rules, String rejection) {
        public boolean accepted() {
            return rules != null;
        }

        public boolean ignored() {
            return rules == null && rejection == null;
        }
    }

    private RuleUpdates() {}

    public static Verdict check(byte[] value, RiskRules current) {
        RiskRules next;
        try {
            next = RiskRules.parse(value);
        } catch (InvalidRulesException e) {
            return new Verdict(null, e.getMessage());
        }
        if (next.version() < current.version()) {
            return new Verdict(
                    null,
                    "rule set version "
                            + next.version()
                            + " is older than the version in force ("
                            + current.version()
                            + ")");
        }
        if (next.version() == current.version()) {
            return next.equals(current)
                    ? new Verdict(null, null)
                    : new Verdict(
                            null,
                            "rule set version "
                                    + next.version()
                                    + " is already in force with other rules; publish it under a"
                                    + " new version");
        }
        return new Verdict(next, null);
    }

    public static DeadLetter rejection(RawRecord raw, String reason, Instant now) {
        return DeadLetters.of(raw, STAGE, FailureKind.INVALID, reason, null, now);
    }
}
