package io.crosstrust.sinks.clickhouse;

import io.crosstrust.events.common.ChainLog;
import io.crosstrust.events.common.Money;
import io.crosstrust.events.common.SourceKind;
import io.crosstrust.events.ops.DeadLetter;
import io.crosstrust.events.ops.FailureKind;
import io.crosstrust.events.trade.EntityActivity;
import io.crosstrust.events.trade.TradeEvent;
import io.crosstrust.events.trade.TradeEventType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;

/**
 * Records with the values that break naive storage: 38-digit decimals, negative amounts, UTC
 * instants with milliseconds, NULLs, UTF-8 beyond Latin-1, raw bytes that are not text. Shared
 * through the sinks test-jar.
 */
public final class SinkTestRecords {
    /** 2026-03-02T01:02:03.456Z: a time with milliseconds that DateTime alone would lose. */
    public static final Instant T0 = Instant.parse("2026-03-02T01:02:03.456Z");

    /** 20 integer digits + 18 fractional digits: the full Decimal(38, 18). */
    public static final BigDecimal HUGE = new BigDecimal("12345678901234567890.123456789012345678");

    public static final BigDecimal NEGATIVE = new BigDecimal("-0.000000000000000001");

    /** A record value that is not valid UTF-8 (and holds a NUL, a tab and a newline). */
    public static final byte[] RAW_VALUE = {
        0x00, (byte) 0xFF, (byte) 0xC3, 0x28, 0x09, 0x0A, 0x5C, 0x27, 0x7F, (byte) 0x80
    };

    private SinkTestRecords() {}

    /** A platform payment with every optional field set. */
    public static TradeEvent payment(String eventId, String subject) {
        return TradeEvent.newBuilder()
                .setEventId(eventId)
                .setEventTime(T0)
                .setSource(SourceKind.PLATFORM)
                .setSourceName("testmart")
                .setType(TradeEventType.PAYMENT_MADE)
                .setOrderId("order-" + eventId)
                .setSubjectId(subject)
                .setCounterpartyId("seller-Ω")
                .setSubjectRegion("CN-GD")
                .setCounterpartyRegion("DE")
                .setSubjectAddress(null)
                .setAmount(new Money(HUGE, "USD"))
                .setReferenceAmount(new Money(NEGATIVE, "EUR"))
                .setReferenceTime(T0.plusSeconds(30L * 86_400).plusMillis(1))
                .setDetail("tab\there, newline\nhere, quote ' and backslash \\ — 付款")
                .setRating(5)
                .setOnChain(false)
                .setChain(null)
                .build();
    }

    /** A minimal event: every optional field null. */
    public static TradeEvent bare(String eventId, String subject) {
        return TradeEvent.newBuilder()
                .setEventId(eventId)
                .setEventTime(T0)
                .setSource(SourceKind.PLATFORM)
                .setSourceName("testmart")
                .setType(TradeEventType.REVIEW)
                .setSubjectId(subject)
                .build();
    }

    /** An escrow event from the chain; {@code removed} marks a reorg retraction. */
    public static TradeEvent chainEvent(String eventId, String subject, boolean removed) {
        return TradeEvent.newBuilder()
                .setEventId(eventId)
                .setEventTime(T0)
                .setSource(SourceKind.CHAIN)
                .setSourceName("chain:31337")
                .setType(TradeEventType.ESCROW_FUNDED)
                .setOrderId("escrow-7")
                .setSubjectId(subject)
                .setCounterpartyId("seller-1")
                .setSubjectAddress("0x" + "ab".repeat(20))
                .setAmount(new Money(new BigDecimal("1500.000000000000000001"), "USDC"))
                .setOnChain(true)
                .setChain(
                        new ChainLog(
                                31337L,
                                "0x" + "cd".repeat(20),
                                123456789L,
                                "0x" + "11".repeat(32),
                                "0x" + "22".repeat(32),
                                7,
                                T0.minusMillis(999),
                                removed))
                .build();
    }

    public static EntityActivity activity(String entityId, long version) {
        return EntityActivity.newBuilder()
                .setEventId(entityId + ":" + version)
                .setEntityId(entityId)
                .setRegion("VN")
                .setVersion(version)
                .setEvents(version)
                .setOrders(3)
                .setPayments(2)
                .setShipments(1)
                .setDisputes(0)
                .setOnChainEvents(4)
                .setOrderVolume(
                        List.of(
                                new Money(new BigDecimal("-12.5"), "CNY"),
                                new Money(HUGE, "USD"),
                                new Money(new BigDecimal("0.000000000000000001"), "USDC")))
                .setFirstEventTime(T0)
                .setLastEventTime(T0.plusMillis(version))
                .setLastEventId("ev-" + version)
                .build();
    }

    public static DeadLetter deadLetter(String eventId, byte[] value) {
        return DeadLetter.newBuilder()
                .setEventId(eventId)
                .setFailedAt(T0)
                .setStage("normalise")
                .setFailure(FailureKind.UNDECODABLE)
                .setReason("magic byte 0x00 expected")
                .setSourceTopic("platform.events")
                .setSourcePartition(3)
                .setSourceOffset(9_007_199_254_740_993L)
                .setSourceTimestamp(null)
                .setKey(null)
                .setValue(value == null ? null : ByteBuffer.wrap(value))
                .setEventIdHint(null)
                .build();
    }

    /** The RowBinary bytes the encoder writes for these records, one row after another. */
    @SafeVarargs
    public static <T> byte[] rows(ClickHouseRowEncoder<T> encoder, T... records) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            for (T record : records) {
                encoder.write(record, out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
