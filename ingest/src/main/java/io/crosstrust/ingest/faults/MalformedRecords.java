package io.crosstrust.ingest.faults;

import io.crosstrust.events.common.Money;
import io.crosstrust.events.platform.OrderPlaced;
import io.crosstrust.events.platform.Review;
import io.crosstrust.ingest.wire.EventCodec;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.apache.avro.specific.SpecificRecord;

/**
 * Bad Kafka values of every kind the pipeline must survive, made from good events: garbage bytes,
 * JSON instead of Avro, truncated bodies, fingerprints of schemas nobody published, and well-formed
 * events that break a content rule. Deterministic by seed. Used by the tests and by {@code run}'s
 * demo to prove the dead-letter path.
 */
public final class MalformedRecords {
    /** The kinds of damage, in the order {@link #damage} cycles through them. */
    public enum Kind {
        RANDOM_BYTES,
        JSON_NOT_AVRO,
        TRUNCATED,
        UNKNOWN_FINGERPRINT,
        NEGATIVE_AMOUNT,
        BAD_REGION,
        EMPTY_ID,
        SELF_TRADE,
        RATING_OUT_OF_RANGE
    }

    private final SplittableRandom random;
    private final EventCodec codec = EventCodec.standard();
    private long count;

    public MalformedRecords(long seed) {
        this.random = new SplittableRandom(seed);
    }

    /** Which kind the n-th damaged record gets (0-based). */
    public static Kind kindOf(long n) {
        return Kind.values()[(int) (n % Kind.values().length)];
    }

    /**
     * Returns a damaged Kafka value derived from a good event; the kinds cycle so that every kind
     * appears once per {@code Kind.values().length} calls.
     */
    public byte[] damage(SpecificRecord good) {
        Kind kind = kindOf(count++);
        return switch (kind) {
            case RANDOM_BYTES -> {
                byte[] bytes = new byte[8 + random.nextInt(64)];
                random.nextBytes(bytes);
                bytes[0] = 0x42; // never the single-object magic
                yield bytes;
            }
            case JSON_NOT_AVRO ->
                    ("{\"event_id\":\"" + count + "\",\"note\":\"JSON is not the wire format\"}")
                            .getBytes(StandardCharsets.UTF_8);
            case TRUNCATED -> {
                byte[] bytes = codec.encode(good);
                yield Arrays.copyOf(bytes, 10 + random.nextInt(Math.max(1, bytes.length / 3)));
            }
            case UNKNOWN_FINGERPRINT -> {
                byte[] bytes = codec.encode(good);
                ByteBuffer.wrap(bytes, 2, 8)
                        .order(ByteOrder.LITTLE_ENDIAN)
                        .putLong(random.nextLong());
                yield bytes;
            }
            case NEGATIVE_AMOUNT ->
                    codec.encode(
                            order(
                                    good,
                                    b -> b.setAmount(new Money(new BigDecimal("-10.00"), "USD"))));
            case BAD_REGION -> codec.encode(order(good, b -> b.setOriginRegion("Germany")));
            case EMPTY_ID -> codec.encode(order(good, b -> b.setEventId(" ")));
            case SELF_TRADE -> codec.encode(order(good, b -> b.setSellerId(b.getBuyerId())));
            case RATING_OUT_OF_RANGE ->
                    codec.encode(
                            Review.newBuilder()
                                    .setEventId("bad-review-" + count)
                                    .setEventTime(java.time.Instant.parse("2026-01-01T00:00:00Z"))
                                    .setPlatform("faults")
                                    .setReviewId("r-" + count)
                                    .setOrderId("o-" + count)
                                    .setReviewerId("a")
                                    .setSubjectId("b")
                                    .setRating(9)
                                    .build());
        };
    }

    private OrderPlaced order(
            SpecificRecord good, java.util.function.Consumer<OrderPlaced.Builder> edit) {
        OrderPlaced.Builder b =
                good instanceof OrderPlaced o
                        ? OrderPlaced.newBuilder(o)
                        : OrderPlaced.newBuilder()
                                .setEventId("bad-order-" + count)
                                .setEventTime(java.time.Instant.parse("2026-01-01T00:00:00Z"))
                                .setPlatform("faults")
                                .setOrderId("o-" + count)
                                .setBuyerId("buyer-x")
                                .setSellerId("seller-y")
                                .setOriginRegion("CN")
                                .setDestinationRegion("DE")
                                .setAmount(new Money(new BigDecimal("100.00"), "USD"))
                                .setItemCount(1)
                                .setHsCode("851712")
                                .setPaymentDueTime(java.time.Instant.parse("2026-02-01T00:00:00Z"))
                                .setPromisedDeliveryTime(
                                        java.time.Instant.parse("2026-01-20T00:00:00Z"))
                                .setSettlement(io.crosstrust.events.platform.Settlement.PLATFORM);
        b.setEventId("bad-" + count + "-" + b.getEventId());
        edit.accept(b);
        return b.build();
    }
}
