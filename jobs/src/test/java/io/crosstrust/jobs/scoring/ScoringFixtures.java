package io.crosstrust.jobs.scoring;

import static io.crosstrust.ingest.testing.TestEvents.tradeEvent;
import static io.crosstrust.ingest.testing.TestEvents.usd;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.crosstrust.events.trade.TradeEvent;
import io.crosstrust.events.trade.TradeEventType;
import io.crosstrust.ingest.kafka.Topics;
import io.crosstrust.jobs.kafka.RawRecord;
import io.crosstrust.models.artifact.ArtifactCodec;
import io.crosstrust.models.scoring.CreditModel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

/** Models, model-update records and trade events for the scoring and warnings tests. */
public final class ScoringFixtures {
    public static final Instant T = Instant.parse("2026-03-02T00:00:00Z");
    public static final long DAY = Duration.ofDays(1).toMillis();

    public static final CreditModel V1 = CreditModel.builtIn();
    public static final byte[] V1_JSON = ModelUpdates.json(V1);

    private ScoringFixtures() {}

    /** The built-in model under another version (same features: state-compatible). */
    public static byte[] modelVersion(String version) {
        return ArtifactCodec.toJson(
                        ArtifactCodec.sealed(
                                V1.artifact()
                                        .withIdentity(V1.id(), version, "2026-06-01T00:00:00Z")))
                .getBytes(StandardCharsets.UTF_8);
    }

    /** A valid artifact whose features decay faster: not state-compatible with {@link #V1}. */
    public static byte[] incompatibleModel() {
        try {
            ObjectMapper mapper = new ObjectMapper();
            ObjectNode n = (ObjectNode) mapper.readTree(modelVersion("9.0.0"));
            ((ObjectNode) n.get("feature_config")).put("half_life_days", 30.0);
            n.remove("content_hash");
            n.put("content_hash", ArtifactCodec.contentHash(n));
            return mapper.writeValueAsBytes(n);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public static RawRecord modelUpdate(byte[] value, long offset) {
        return new RawRecord(Topics.MODEL_UPDATES, 0, offset, -1, null, value);
    }

    public static Instant day(double d) {
        return T.plusMillis((long) (d * DAY));
    }

    public static TradeEvent registered(String entity, String region, Instant at) {
        return tradeEvent("reg-" + entity, TradeEventType.ENTITY_REGISTERED, entity, null)
                .setEventTime(at)
                .setSubjectRegion(region)
                .setSubjectAddress("0x00000000000000000000000000000000000000aa")
                .setDetail("BUYER")
                .build();
    }

    public static TradeEvent order(String id, String buyer, String seller, Instant at, String amt) {
        return tradeEvent(id, TradeEventType.ORDER_PLACED, buyer, seller)
                .setOrderId("o-" + id)
                .setEventTime(at)
                .setAmount(usd(amt))
                .setSubjectRegion("DE")
                .setCounterpartyRegion("CN")
                .setReferenceTime(at.plus(Duration.ofDays(30)))
                .setDetail("851712")
                .build();
    }

    public static TradeEvent due(
            String id,
            String order,
            String payer,
            String payee,
            Instant at,
            Instant dueAt,
            String amt) {
        return tradeEvent(id, TradeEventType.PAYMENT_DUE, payer, payee)
                .setOrderId(order)
                .setEventTime(at)
                .setAmount(usd(amt))
                .setReferenceTime(dueAt)
                .setDetail("installment 1")
                .build();
    }

    public static TradeEvent paid(
            String id, String order, String payer, String payee, Instant at, String amt) {
        return tradeEvent(id, TradeEventType.PAYMENT_MADE, payer, payee)
                .setOrderId(order)
                .setEventTime(at)
                .setAmount(usd(amt))
                .setDetail("BANK_TRANSFER")
                .build();
    }

    public static TradeEvent event(
            String id, TradeEventType type, String subject, String counterparty, Instant at) {
        return tradeEvent(id, type, subject, counterparty).setEventTime(at).build();
    }
}
