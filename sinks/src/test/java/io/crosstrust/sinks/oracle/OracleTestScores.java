package io.crosstrust.sinks.oracle;

import io.crosstrust.events.common.Money;
import io.crosstrust.events.output.CreditScore;
import io.crosstrust.events.output.DimensionScores;
import io.crosstrust.events.output.ScoreTrigger;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** CreditScore records for the oracle sink's tests. */
public final class OracleTestScores {
    /** Anvil's development accounts 1 and 5 (public test keys, never real funds). */
    public static final String UPDATER_KEY =
            "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d";

    public static final String STRANGER_KEY =
            "0x8b3a350cf5c34c9194ca85829a2df0ec3153be0318b5e2d3348e872092edffba";

    private OracleTestScores() {}

    public static CreditScore score(String entity, long version, double composite, String grade) {
        return score(entity, version, composite, grade, "1.0.0");
    }

    public static CreditScore score(
            String entity, long version, double composite, String grade, String model) {
        return CreditScore.newBuilder()
                .setEventId(entity + ":" + version)
                .setEntityId(entity)
                .setAsOf(Instant.parse("2026-03-01T00:00:00Z").plusSeconds(version))
                .setComposite(composite)
                .setPd(0.02)
                .setGrade(grade)
                .setDimensions(new DimensionScores(50.0, 50.0, 50.0, 50.0, 50.0, 50.0, 50.0, 50.0))
                .setReasons(List.of())
                .setRecommendedLimit(new Money(new BigDecimal("1000"), "USD"))
                .setModelId("crosstrust-default")
                .setModelVersion(model)
                .setScoreVersion(version)
                .setTrigger(ScoreTrigger.EVENT)
                .build();
    }
}
