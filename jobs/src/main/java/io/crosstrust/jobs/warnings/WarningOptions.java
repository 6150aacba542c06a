package io.crosstrust.jobs.warnings;

import static org.apache.flink.configuration.ConfigOptions.key;

import java.util.List;
import org.apache.flink.configuration.ConfigOption;

/** Options of the warnings (beside {@code ScoringOptions} and {@code TradeFlowOptions}). */
public final class WarningOptions {

    public static final ConfigOption<String> RULES_FILE =
            key("crosstrust.warnings.rules-file")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "Rule set (JSON, docs/warnings.md) to start with; the shipped defaults"
                                    + " when unset. Later sets arrive on risk.rules.");

    public static final List<ConfigOption<?>> ALL = List.of(RULES_FILE);

    private WarningOptions() {}
}
