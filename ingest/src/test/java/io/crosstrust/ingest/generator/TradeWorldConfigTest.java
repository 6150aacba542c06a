package io.crosstrust.ingest.generator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TradeWorldConfigTest {

    @Test
    void defaultsAreValidAndSpanAtLeastEightCountries() {
        TradeWorldConfig c = TradeWorldConfig.defaults();
        assertThat(c.regions())
                .hasSizeGreaterThanOrEqualTo(8)
                .contains("CN", "VN", "IN", "DE", "US", "GB", "BR", "AE", "MX", "NG");
        assertThat(c.entities()).isEqualTo(2000);
        assertThat(c.escrowShare()).isEqualTo(0.3);
        assertThat(c.start()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
        assertThat(c.days()).isEqualTo(180);
        assertThat(c.unbounded()).isFalse();
        assertThat(c.profileShare(Profile.RELIABLE)).isCloseTo(0.70, within());
    }

    @Test
    void everyOptionHasAUniqueKeyADescriptionAndAValidDefault() {
        Set<String> keys = new HashSet<>();
        for (TradeWorldOption<?> option : TradeWorldConfig.options()) {
            assertThat(keys.add(option.key())).as("unique %s", option.key()).isTrue();
            assertThat(option.description()).as(option.key()).isNotBlank();
            assertThat(reparse(option)).as(option.key()).isEqualTo(option.defaultValue());
        }
        for (Profile p : Profile.values()) {
            for (BehaviourRate r : BehaviourRate.values()) {
                TradeWorldOption<Double> o = TradeWorldConfig.behaviourOption(p, r);
                assertThat(o.key()).isEqualTo(p.key() + "." + r.key());
                assertThat(TradeWorldConfig.option(o.key())).isSameAs(o);
            }
        }
    }

    private static <T> T reparse(TradeWorldOption<T> option) {
        return option.parse(option.defaultText());
    }

    @Test
    void parsesKeyValuePairs() {
        TradeWorldConfig c =
                TradeWorldConfig.parse(
                        List.of(
                                "seed=99",
                                "entities=500",
                                "escrowShare=0.6",
                                "start=2025-03-01",
                                "corridors=CN>US:3,VN>DE:1",
                                "paymentTerms=30:1",
                                "replaceDefaulted=false",
                                "slowPayer.latePaymentProbability=0.7"));
        assertThat(c.seed()).isEqualTo(99);
        assertThat(c.entities()).isEqualTo(500);
        assertThat(c.escrowShare()).isEqualTo(0.6);
        assertThat(c.start()).isEqualTo(Instant.parse("2025-03-01T00:00:00Z"));
        assertThat(c.corridors())
                .containsExactly(new Corridor("CN", "US", 3), new Corridor("VN", "DE", 1));
        assertThat(c.regions()).containsExactly("CN", "DE", "US", "VN");
        assertThat(c.get(TradeWorldConfig.PAYMENT_TERMS)).containsExactly(new PaymentTerm(30, 1));
        assertThat(c.get(TradeWorldConfig.REPLACE_DEFAULTED)).isFalse();
        assertThat(c.behaviour(Profile.SLOW_PAYER, BehaviourRate.LATE_PAYMENT_PROBABILITY))
                .isEqualTo(0.7);
        assertThat(c.overrides()).containsEntry("escrowShare", "0.6").hasSize(8);
    }

    @Test
    void textFormRoundTrips() {
        TradeWorldConfig c =
                TradeWorldConfig.parse(List.of("seed=-5", "escrowShare=0.45", "days=0"));
        Map<String, String> text = c.toMap();
        assertThat(TradeWorldConfig.builder().setAll(text).build()).isEqualTo(c);
        assertThat(c.unbounded()).isTrue();
    }

    @Test
    void isSerializable() throws Exception {
        TradeWorldConfig c = TradeWorldConfig.parse(List.of("seed=3", "corridors=CN>US:1,US>CN:1"));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(c);
        }
        try (ObjectInputStream in =
                new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            assertThat(in.readObject()).isEqualTo(c);
        }
    }

    @Test
    void outOfRangeValuesSayWhatToFix() {
        assertThatThrownBy(() -> TradeWorldConfig.parse(List.of("escrowShare=1.5")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("escrowShare must be in [0,1], got 1.5");
        assertThatThrownBy(() -> TradeWorldConfig.parse(List.of("entities=3")))
                .hasMessage("entities must be in [10,5000000], got 3");
        assertThatThrownBy(
                        () ->
                                TradeWorldConfig.builder()
                                        .set(TradeWorldConfig.ESCROW_SHARE, -0.1)
                                        .build())
                .hasMessage("invalid trade-world config: escrowShare must be in [0,1], got -0.1");
    }

    @Test
    void unparsableValuesSayWhatIsExpected() {
        assertThatThrownBy(() -> TradeWorldConfig.parse(List.of("entities=many")))
                .hasMessageStartingWith("entities must be an integer, got 'many'");
        assertThatThrownBy(() -> TradeWorldConfig.parse(List.of("replaceDefaulted=yes")))
                .hasMessageStartingWith("replaceDefaulted must be true or false, got 'yes'");
        assertThatThrownBy(() -> TradeWorldConfig.parse(List.of("start=yesterday")))
                .hasMessageStartingWith("start must be an ISO-8601 UTC instant");
        assertThatThrownBy(() -> TradeWorldConfig.parse(List.of("corridors=CN>CN:1")))
                .hasMessageContaining("corridor CN>CN is not cross-border");
        assertThatThrownBy(() -> TradeWorldConfig.parse(List.of("corridors=china>US:1")))
                .hasMessageContaining("ISO 3166-1 alpha-2");
        assertThatThrownBy(() -> TradeWorldConfig.parse(List.of("corridors=CN>US:1,CN>US:2")))
                .hasMessage("corridors must not list a corridor twice, got CN>US:1,CN>US:2");
        assertThatThrownBy(() -> TradeWorldConfig.parse(List.of("currency=dollars")))
                .hasMessageStartingWith("currency must match");
    }

    @Test
    void unknownKeysAndMalformedPairsAreRejected() {
        assertThatThrownBy(() -> TradeWorldConfig.parse(List.of("escrowShar=0.2")))
                .hasMessageStartingWith(
                        "unknown trade-world parameter 'escrowShar'; did you mean escrowShare");
        assertThatThrownBy(() -> TradeWorldConfig.parse(List.of("zzzzzzzzzzzzzz=1")))
                .hasMessageContaining("see docs/generator.md");
        assertThatThrownBy(() -> TradeWorldConfig.parse(List.of("escrowShare")))
                .hasMessage("expected key=value, got 'escrowShare'");
    }

    @Test
    void relationsBetweenValuesAreChecked() {
        assertThatThrownBy(
                        () ->
                                TradeWorldConfig.parse(
                                        List.of(
                                                "delinquent.onsetMinDays=50",
                                                "delinquent.onsetMaxDays=10")))
                .hasMessage(
                        "invalid trade-world config: delinquent.onsetMinDays must be <="
                                + " delinquent.onsetMaxDays, got 50 > 10");
        assertThatThrownBy(
                        () ->
                                TradeWorldConfig.parse(
                                        List.of("slowPayer.share=0.6", "delinquent.share=0.5")))
                .hasMessageContaining("must be <= 1 (RELIABLE takes the rest), got 1.21");
        assertThatThrownBy(
                        () ->
                                TradeWorldConfig.parse(
                                        List.of("nonCompliant.share=0.6", "sellerShare=0.3")))
                .hasMessageContaining("lower those shares or raise sellerShare");
        assertThatThrownBy(
                        () ->
                                TradeWorldConfig.parse(
                                        List.of("sellerShare=0.9", "logisticsShare=0.1")))
                .hasMessageContaining("must leave at least 5% buyers");
    }

    @Test
    void allProblemsAreReportedAtOnce() {
        List<String> pairs = new ArrayList<>(List.of("escrowShare=0.5"));
        TradeWorldConfig.Builder b = TradeWorldConfig.builder().parse(pairs);
        b.set(TradeWorldConfig.LOSS_PROBABILITY, 2.0).set(TradeWorldConfig.DAYS, -1);
        assertThatThrownBy(b::build)
                .hasMessageContaining("days must be in [0,36500], got -1")
                .hasMessageContaining("lossProbability must be in [0,1], got 2");
    }

    private static org.assertj.core.data.Offset<Double> within() {
        return org.assertj.core.data.Offset.offset(1e-9);
    }
}
