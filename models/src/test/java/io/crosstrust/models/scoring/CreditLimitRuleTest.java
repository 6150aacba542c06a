package io.crosstrust.models.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.crosstrust.models.artifact.ModelArtifact;
import java.math.BigDecimal;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CreditLimitRuleTest {
    final CreditLimitRule rule =
            new CreditLimitRule(new ModelArtifact.LimitRule("USD", 2.0, 0.25, 100, 5_000_000));

    @Test
    void followsTheDocumentedFormula() {
        // 10,000/month * 2 * (1 - 0.05/0.25) - 1,000 = 15,000
        assertThat(rule.limit(0.05, 10_000, 1_000)).isEqualTo(BigDecimal.valueOf(15_000));
        // rounded down to 100
        assertThat(rule.limitUnits(0.05, 10_049, 0)).isEqualTo(16_000);
        assertThat(rule.limitUnits(0.0, 10_049, 0)).isEqualTo(20_000);
        assertThat(rule.limitUnits(0.0, 1e12, 0)).isEqualTo(5_000_000);
    }

    @Test
    void nothingAtOrAboveTheCutOffWithoutVolumeOrWhenExposureEatsIt() {
        assertThat(rule.limitUnits(0.25, 1e6, 0)).isZero();
        assertThat(rule.limitUnits(0.9, 1e6, 0)).isZero();
        assertThat(rule.limitUnits(0.01, 0, 0)).isZero();
        assertThat(rule.limitUnits(0.01, 1000, 1e9)).isZero();
        assertThat(rule.limitUnits(Double.NaN, 1000, 0)).isZero();
    }

    @Test
    void neverRisesWithPdOrExposureAndNeverFallsWithVolume() {
        Random r = new Random(8);
        for (int i = 0; i < 2000; i++) {
            double pd = r.nextDouble() * 0.3;
            double vol = r.nextDouble() * 1e6;
            double exp = r.nextDouble() * 1e5;
            long base = rule.limitUnits(pd, vol, exp);
            assertThat(rule.limitUnits(pd + r.nextDouble() * 0.1, vol, exp))
                    .isLessThanOrEqualTo(base);
            assertThat(rule.limitUnits(pd, vol, exp + r.nextDouble() * 1e4))
                    .isLessThanOrEqualTo(base);
            assertThat(rule.limitUnits(pd, vol + r.nextDouble() * 1e4, exp))
                    .isGreaterThanOrEqualTo(base);
        }
    }
}
