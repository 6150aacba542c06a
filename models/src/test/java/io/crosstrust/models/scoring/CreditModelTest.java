package io.crosstrust.models.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.crosstrust.models.artifact.ArtifactCodec;
import io.crosstrust.models.artifact.ModelArtifact;
import io.crosstrust.models.features.CreditEvent;
import io.crosstrust.models.features.CreditEventType;
import io.crosstrust.models.features.CreditFeatureState;
import io.crosstrust.models.features.CurrencyRates;
import io.crosstrust.models.features.Dimension;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CreditModelTest {
    static final CreditModel MODEL = CreditModel.builtIn();

    @Test
    void theBuiltInModelCoversTheEightDimensions() {
        ModelArtifact a = MODEL.artifact();
        assertThat(MODEL.id()).isEqualTo("crosstrust-default");
        assertThat(a.featureConfig().halfLifeDays()).isEqualTo(90.0);
        assertThat(a.target().pdHorizonDays()).isEqualTo(365);
        for (Dimension d : Dimension.values()) {
            assertThat(a.features())
                    .as(d.key())
                    .anySatisfy(
                            f -> {
                                assertThat(f.dimension()).isEqualTo(d.key());
                                assertThat(f.weight()).isGreaterThan(0.0);
                            });
        }
        assertThat(a.metrics().get("cv_auc")).isGreaterThan(0.75);
    }

    @Test
    void aGoodHistoryOutscoresABadOne() {
        CreditFeatureState good = MODEL.newState();
        CreditFeatureState bad = MODEL.newState();
        Instant t0 = Instant.parse("2025-06-01T00:00:00Z");
        for (int i = 0; i < 60; i++) {
            Instant t = t0.plusSeconds(86_400L * 3 * i);
            Instant due = t.plusSeconds(86_400L * 30);
            for (CreditFeatureState s : new CreditFeatureState[] {good, bad}) {
                MODEL.update(
                        s,
                        CreditEvent.builder(CreditEventType.ORDER_PLACED, t)
                                .amount("20000", "USD")
                                .counterparty("c" + i % 7)
                                .build());
                MODEL.update(
                        s,
                        CreditEvent.builder(CreditEventType.PAYMENT_DUE, t)
                                .amount("20000", "USD")
                                .referenceTime(due)
                                .build());
            }
            MODEL.update(
                    good,
                    CreditEvent.builder(CreditEventType.PAYMENT_MADE, due.minusSeconds(86_400))
                            .amount("20000", "USD")
                            .referenceTime(due)
                            .build());
            MODEL.update(
                    bad,
                    CreditEvent.builder(CreditEventType.PAYMENT_MADE, due.plusSeconds(86_400L * 40))
                            .amount("20000", "USD")
                            .referenceTime(due)
                            .build());
            MODEL.update(
                    good,
                    CreditEvent.builder(CreditEventType.SHIPMENT_DEPARTED, t.plusSeconds(86_400))
                            .referenceTime(t.plusSeconds(86_400 * 3))
                            .build());
            MODEL.update(
                    bad,
                    CreditEvent.builder(
                                    CreditEventType.SHIPMENT_DEPARTED, t.plusSeconds(86_400 * 9))
                            .referenceTime(t.plusSeconds(86_400 * 3))
                            .build());
        }
        Instant asOf = t0.plusSeconds(86_400L * 200);
        CreditScore g = MODEL.score(good, asOf);
        CreditScore b = MODEL.score(bad, asOf);
        assertThat(g.composite()).isGreaterThan(b.composite() + 50);
        assertThat(g.pd()).isLessThan(b.pd());
        assertThat(g.dimension(Dimension.PAYMENT)).isGreaterThan(b.dimension(Dimension.PAYMENT));
        assertThat(g.dimension(Dimension.FULFILMENT))
                .isGreaterThan(b.dimension(Dimension.FULFILMENT));
        assertThat(b.reasons()).isNotEmpty();
        assertThat(b.reasons().get(0).contribution()).isNegative();
        assertThat(b.reasons())
                .anySatisfy(rc -> assertThat(rc.dimension()).isIn("payment", "fulfilment"));
        assertThat(g.recommendedLimit()).isGreaterThan(b.recommendedLimit());
        assertThat(g.recommendedLimit().signum()).isPositive();
        assertThat(g.pdOver(30)).isLessThan(g.pd());
    }

    @Test
    void tabularAndForeignArtifactsAreRejectedForStreaming() {
        ModelArtifact a = MODEL.artifact();
        ModelArtifact tabular =
                new ModelArtifact(
                        a.format(),
                        a.formatVersion(),
                        "t",
                        "1",
                        a.createdAt(),
                        null,
                        a.target(),
                        null,
                        a.features(),
                        a.intercept(),
                        a.calibration(),
                        a.scale(),
                        a.grades(),
                        a.limitRule(),
                        a.maxReasons(),
                        a.training(),
                        a.metrics(),
                        null,
                        null);
        assertThatThrownBy(() -> CreditModel.of(tabular))
                .hasMessageContaining("tabular model (no feature_config)");
        ModelArtifact.Feature f = a.features().get(0);
        ModelArtifact.Feature renamed =
                new ModelArtifact.Feature(
                        "mystery",
                        f.type(),
                        f.dimension(),
                        f.code(),
                        f.description(),
                        f.monotone(),
                        f.edges(),
                        f.bins(),
                        f.missing(),
                        f.unseenWoe(),
                        f.weight(),
                        f.referenceWoe());
        java.util.List<ModelArtifact.Feature> list = new java.util.ArrayList<>(a.features());
        list.set(0, renamed);
        assertThatThrownBy(() -> CreditModel.of(a.withModel(list, a.intercept(), a.calibration())))
                .hasMessageContaining("'mystery' is not a numeric streaming credit feature");
        assertThatThrownBy(() -> CreditModel.of(a, CurrencyRates.referenceOnly("EUR")))
                .hasMessageContaining("reference currency is USD");
    }

    @Test
    void hotSwappedModelsShareStateWhenHalfLivesMatch() throws Exception {
        ModelArtifact a = MODEL.artifact();
        CreditModel v2 =
                CreditModel.fromJson(
                        ArtifactCodec.toJson(
                                        a.withIdentity(
                                                "crosstrust-default", "2.0.0", a.createdAt()))
                                .getBytes());
        assertThat(v2.version()).isEqualTo("2.0.0");
        assertThat(v2.stateCompatibleWith(MODEL)).isTrue();
        ModelArtifact other =
                new ModelArtifact(
                        a.format(),
                        a.formatVersion(),
                        "x",
                        "1",
                        a.createdAt(),
                        null,
                        a.target(),
                        new ModelArtifact.FeatureConfig(30, 7, "USD"),
                        a.features(),
                        a.intercept(),
                        a.calibration(),
                        a.scale(),
                        a.grades(),
                        a.limitRule(),
                        a.maxReasons(),
                        a.training(),
                        a.metrics(),
                        null,
                        null);
        assertThat(CreditModel.of(other).stateCompatibleWith(MODEL)).isFalse();
        ScoreBuffer buf = MODEL.newBuffer();
        MODEL.score(MODEL.newState(), 0, buf);
        assertThatThrownBy(() -> v2.toCreditScore(buf)).hasMessageContaining("another model");
    }

    @Test
    void currencyRatesFeedVolumeAndLimit() throws Exception {
        CreditModel withEur =
                CreditModel.of(MODEL.artifact(), CurrencyRates.of("USD", Map.of("EUR", 1.1)));
        CreditFeatureState s = withEur.newState();
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        withEur.update(
                s,
                CreditEvent.builder(CreditEventType.ORDER_PLACED, t)
                        .amount(new BigDecimal("1000"), "EUR")
                        .build());
        assertThat(withEur.features().monthlyVolume(s, t.toEpochMilli()))
                .isCloseTo(1100 * Math.log(2) / 90 * 30, within(1e-9));
        CreditFeatureState s2 = MODEL.newState();
        MODEL.update(
                s2,
                CreditEvent.builder(CreditEventType.ORDER_PLACED, t)
                        .amount(new BigDecimal("1000"), "EUR")
                        .build());
        assertThat(MODEL.features().monthlyVolume(s2, t.toEpochMilli())).isEqualTo(0.0);
    }

    @Test
    void pdHorizonConversionAssumesAConstantHazard() {
        assertThat(PdHorizon.convert(0.1, 365, 365)).isEqualTo(0.1);
        double half = PdHorizon.convert(0.19, 365, 730);
        assertThat(half).isCloseTo(1 - 0.81 * 0.81, within(1e-12));
        assertThat(PdHorizon.convert(PdHorizon.convert(0.05, 365, 90), 90, 365))
                .isCloseTo(0.05, within(1e-12));
    }
}
