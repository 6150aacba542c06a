package io.crosstrust.jobs.warnings;

import java.util.Arrays;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;

/**
 * Reads the rules in force from a broadcast state, parsing a set once per change, and applies
 * updates to it. One per function instance (not serializable: created in open()).
 */
final class RulesInForce {
    private final RiskRules initial;
    private RiskRules cached;
    private byte[] cachedJson;

    RulesInForce(RiskRules initial) {
        this.initial = initial;
        this.cached = initial;
    }

    RiskRules get(ReadOnlyBroadcastState<String, byte[]> state) throws Exception {
        byte[] json = state.get(WarningDescriptors.CURRENT_RULES);
        if (json == null) {
            return initial;
        }
        if (json != cachedJson) {
            if (cachedJson == null || !Arrays.equals(json, cachedJson)) {
                cached = RiskRules.parse(json); // was accepted, so it parses
            }
            cachedJson = json;
        }
        return cached;
    }

    /** Applies an update; returns the verdict (the broadcast state changes only on acceptance). */
    RuleUpdates.Verdict update(BroadcastState<String, byte[]> state, byte[] value)
            throws Exception {
        RuleUpdates.Verdict v = RuleUpdates.check(value, get(state));
        if (v.accepted()) {
            byte[] json = value.clone();
            state.put(WarningDescriptors.CURRENT_RULES, json);
            cached = v.rules();
            cachedJson = json;
        }
        return v;
    }
}
