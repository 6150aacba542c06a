package io.crosstrust.ingest.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crosstrust.events.chain.Erc20Transfer;
import io.crosstrust.events.common.ChainLog;
import io.crosstrust.events.common.Money;
import io.crosstrust.events.common.Uint256;
import io.crosstrust.events.platform.OrderPlaced;
import io.crosstrust.events.platform.Review;
import io.crosstrust.events.platform.Settlement;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

class EventCodecTest {
    private static final Instant T = Instant.parse("2026-03-01T08:15:30.123Z");
    private final EventCodec codec = EventCodec.standard();

    static OrderPlaced order() {
        return OrderPlaced.newBuilder()
                .setEventId("ord-1-placed")
                .setEventTime(T)
                .setPlatform("shopmart")
                .setOrderId("ord-1")
                .setBuyerId("buyer-DE-1")
                .setSellerId("seller-CN-1")
                .setOriginRegion("CN-GD")
                .setDestinationRegion("DE")
                .setAmount(
                        new Money(new BigDecimal("12345678901234567890.123456789012345678"), "USD"))
                .setItemCount(3)
                .setHsCode("851712")
                .setPaymentDueTime(T.plusSeconds(86_400 * 30))
                .setPromisedDeliveryTime(T.plusSeconds(86_400 * 14))
                .setSettlement(Settlement.ESCROW)
                .setEscrowOrderId("0x" + "ab".repeat(32))
                .build();
    }

    @Test
    void roundTripsExactMoneyAndUtcMillis() throws Exception {
        OrderPlaced order = order();
        byte[] bytes = codec.encode(order);
        assertThat(bytes[0]).isEqualTo((byte) 0xC3);
        assertThat(bytes[1]).isEqualTo((byte) 0x01);
        SpecificRecord back = codec.decode(bytes);
        assertThat(back).isEqualTo(order);
        assertThat(((OrderPlaced) back).getAmount().getAmount())
                .isEqualByComparingTo("12345678901234567890.123456789012345678");
        assertThat(((OrderPlaced) back).getEventTime()).isEqualTo(T);
    }

    @Test
    void keepsUint256Exact() throws Exception {
        BigInteger max = BigInteger.TWO.pow(256).subtract(BigInteger.ONE); // 78 digits
        Erc20Transfer transfer =
                Erc20Transfer.newBuilder()
                        .setEventId("31337:0xaa:0")
                        .setEventTime(T)
                        .setLog(new ChainLog(31337L, "0x01", 12L, "0xbb", "0xaa", 0, T, false))
                        .setToken("0x02")
                        .setFrom("0x0000000000000000000000000000000000000000")
                        .setTo("0x03")
                        .setValue(new Uint256(new BigDecimal(max)))
                        .build();
        Erc20Transfer back = codec.decode(codec.encode(transfer), Erc20Transfer.class);
        assertThat(back.getValue().getValue().toBigIntegerExact()).isEqualTo(max);
    }

    @Test
    void readsAnOlderWriterIntoTheCurrentClass() throws Exception {
        // An older Review without the optional comment field.
        Schema current = Review.getClassSchema();
        Schema older = withoutField(current, "comment");
        GenericRecord old = new GenericData.Record(older);
        old.put("event_id", "rev-1");
        old.put("event_time", T.toEpochMilli());
        old.put("platform", "shopmart");
        old.put("review_id", "r1");
        old.put("order_id", "ord-1");
        old.put("reviewer_id", "b1");
        old.put("subject_id", "s1");
        old.put("rating", 4);
        ByteBuffer buffer =
                new BinaryMessageEncoder<GenericRecord>(GenericData.get(), older).encode(old);
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);

        EventCodec withHistory = new EventCodec(SchemaStore.load(EventTypes.ALL, List.of(older)));
        Review review = withHistory.decode(bytes, Review.class);
        assertThat(review.getRating()).isEqualTo(4);
        assertThat(review.getComment()).isNull();
        assertThat(review.getEventTime()).isEqualTo(T);

        // A store that never saw that version says so rather than guessing.
        assertThatThrownBy(() -> codec.decode(bytes))
                .isInstanceOfSatisfying(
                        WireFormatException.class,
                        e ->
                                assertThat(e.kind())
                                        .isEqualTo(WireFormatException.Kind.UNKNOWN_SCHEMA))
                .hasMessageContaining("unknown writer schema fingerprint");
    }

    @Test
    void readsANewerWriterOnceItsSchemaIsPublished(
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        // A newer producer adds a field with a default; today's reader does not know it.
        Schema newer =
                SchemaCompatibilityTest.withField(
                        Review.getClassSchema(),
                        new Schema.Field(
                                "channel", Schema.create(Schema.Type.STRING), null, "web"));
        GenericRecord record = new GenericData.Record(newer);
        record.put("event_id", "rev-2");
        record.put("event_time", T.toEpochMilli());
        record.put("platform", "shopmart");
        record.put("review_id", "r2");
        record.put("order_id", "ord-2");
        record.put("reviewer_id", "b1");
        record.put("subject_id", "s1");
        record.put("rating", 2);
        record.put("comment", "late");
        record.put("channel", "app");
        ByteBuffer buffer =
                new BinaryMessageEncoder<GenericRecord>(GenericData.get(), newer).encode(record);
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);

        // published to the reader as a file in its schemas dir
        java.nio.file.Files.writeString(dir.resolve("Review.v2.avsc"), newer.toString(true));
        EventCodec reader =
                new EventCodec(SchemaStore.load(EventTypes.ALL, SchemaStore.fromDirectory(dir)));
        Review review = reader.decode(bytes, Review.class);
        assertThat(review.getRating()).isEqualTo(2);
        assertThat(review.getComment()).isEqualTo("late");
    }

    @Test
    void aBadSchemasDirFailsWithItsName(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Files.writeString(dir.resolve("broken.avsc"), "{\"type\": \"record\"");
        assertThatThrownBy(() -> SchemaStore.fromDirectory(dir))
                .hasMessageContaining("broken.avsc")
                .hasMessageContaining("does not parse");
        assertThatThrownBy(() -> SchemaStore.fromDirectory(dir.resolve("missing")))
                .hasMessageContaining("is not a directory");
    }

    @Test
    void rejectsGarbageWithAReason() {
        assertFailure(new byte[] {1, 2, 3}, WireFormatException.Kind.UNDECODABLE, "too short");
        assertFailure(
                "{\"json\":\"not avro\"}".getBytes(),
                WireFormatException.Kind.UNDECODABLE,
                "not Avro single-object encoding");
        byte[] truncated = codec.encode(order());
        byte[] cut = java.util.Arrays.copyOf(truncated, truncated.length - 20);
        assertFailure(cut, WireFormatException.Kind.UNDECODABLE, "does not decode as");
    }

    @Test
    void typedDecodeRejectsTheWrongType() {
        byte[] bytes = codec.encode(order());
        assertThatThrownBy(() -> codec.decode(bytes, Review.class))
                .hasMessageContaining("expected Review but got OrderPlaced");
    }

    private void assertFailure(byte[] bytes, WireFormatException.Kind kind, String message) {
        assertThatThrownBy(() -> codec.decode(bytes))
                .isInstanceOfSatisfying(
                        WireFormatException.class, e -> assertThat(e.kind()).isEqualTo(kind))
                .hasMessageContaining(message);
    }

    private static Schema withoutField(Schema record, String name) {
        List<Schema.Field> fields = new ArrayList<>();
        for (Schema.Field f : record.getFields()) {
            if (!f.name().equals(name)) {
                fields.add(new Schema.Field(f, f.schema()));
            }
        }
        return Schema.createRecord(
                record.getName(), record.getDoc(), record.getNamespace(), false, fields);
    }
}
