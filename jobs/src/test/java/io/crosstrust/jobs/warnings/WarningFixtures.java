package io.crosstrust.jobs.warnings;

import io.crosstrust.events.trade.TradeEvent;
import io.crosstrust.ingest.kafka.Topics;
import io.crosstrust.jobs.kafka.RawRecord;
import io.crosstrust.jobs.scoring.CreditEvents.Role;
import io.crosstrust.jobs.scoring.ScoredEvent;
import java.nio.charset.StandardCharsets;

/** Scored events and rule-set records for the warnings tests. */
final class WarningFixtures {
    private WarningFixtures() {}

    /** The event as the scoring function would hand it on, with a steady good score. */
    static ScoredEvent scored(String entity, Role role, TradeEvent e) {
        return scored(entity, role, e, 700, "BBB", 50_000, 200);
    }

    static ScoredEvent scored(
            String entity,
            Role role,
            TradeEvent e,
            double composite,
            String grade,
            long limit,
            double tenureDays) {
        ScoredEvent s = new ScoredEvent();
        s.entityId = entity;
        s.region = "DE";
        s.role = role;
        s.event = e;
        s.asOfMillis = e == null ? 0 : e.getEventTime().toEpochMilli();
        s.composite = composite;
        s.pd = 0.01;
        s.grade = grade;
        s.limitUnits = limit;
        s.limitCurrency = "USD";
        s.modelVersion = "1.0.0";
        s.tenureDays = tenureDays;
        return s;
    }

    static ScoredEvent heartbeat(
            String entity, long at, double composite, String grade, double tenure) {
        ScoredEvent s = scored(entity, null, null, composite, grade, 0, tenure);
        s.asOfMillis = at;
        return s;
    }

    static RawRecord rules(String json, long offset) {
        return new RawRecord(
                Topics.RISK_RULES, 0, offset, -1, null, json.getBytes(StandardCharsets.UTF_8));
    }
}
