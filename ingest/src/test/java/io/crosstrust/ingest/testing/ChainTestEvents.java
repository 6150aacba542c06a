package io.crosstrust.ingest.testing;

import io.crosstrust.events.chain.EscrowCreated;
import io.crosstrust.events.chain.EscrowDeliveryConfirmed;
import io.crosstrust.events.chain.EscrowDisputed;
import io.crosstrust.events.chain.EscrowFunded;
import io.crosstrust.events.chain.EscrowRefunded;
import io.crosstrust.events.chain.EscrowReleased;
import io.crosstrust.events.chain.EscrowResolved;
import io.crosstrust.events.chain.EscrowShipped;
import io.crosstrust.events.common.ChainLog;
import io.crosstrust.events.common.Uint256;
import io.crosstrust.events.platform.OrderPlaced;
import io.crosstrust.events.platform.Settlement;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * TradeEscrow chain events of one escrow order, as the chain listener emits them, and the platform
 * OrderPlaced that shares its escrow order id (the ingest test-jar, for every module's tests).
 * Block n is at {@link TestEvents#T0} + n hours; amounts are tUSD base units (6 decimals).
 */
public final class ChainTestEvents {
    public static final String ESCROW = "0x" + "e5".repeat(20);
    public static final String BUYER = "0x" + "b1".repeat(20);
    public static final String SELLER = "0x" + "51".repeat(20);
    public static final String ARBITER = "0x" + "a5".repeat(20);

    private final String escrowId;
    private final String tag;

    /**
     * @param tag makes the order's ids unique among tests (escrow order id, tx hashes)
     */
    public ChainTestEvents(String tag) {
        this.tag = tag;
        this.escrowId = bytes32("order-" + tag);
    }

    public String escrowId() {
        return escrowId;
    }

    /** The platform's escrow-settled order for this escrow order: order-<id>, buyer B, seller S. */
    public OrderPlaced placed(String id, String buyer, String seller, String amount) {
        return TestEvents.order(id, buyer, seller, amount)
                .setSettlement(Settlement.ESCROW)
                .setEscrowOrderId(escrowId)
                .build();
    }

    public static Instant blockTime(long block) {
        return TestEvents.T0.plusSeconds(3_600 * block);
    }

    public ChainLog log(long block, int logIndex) {
        return new ChainLog(
                31337L,
                ESCROW,
                block,
                bytes32("block-" + block),
                bytes32("tx-" + tag + "-" + block + "-" + logIndex),
                logIndex,
                blockTime(block),
                false);
    }

    private String eventId(ChainLog log) {
        return "31337:" + log.getTxHash() + ":" + log.getLogIndex();
    }

    private static Uint256 units(long v) {
        return new Uint256(BigDecimal.valueOf(v));
    }

    public EscrowCreated created(long block, long units) {
        ChainLog log = log(block, 0);
        return new EscrowCreated(
                eventId(log),
                log.getBlockTime(),
                log,
                escrowId,
                BUYER,
                SELLER,
                "0x" + "70".repeat(20),
                units(units),
                blockTime(block + 24 * 14),
                blockTime(block + 24 * 14),
                "CN",
                "DE");
    }

    public EscrowFunded funded(long block, long units) {
        ChainLog log = log(block, 1);
        return new EscrowFunded(
                eventId(log), log.getBlockTime(), log, escrowId, BUYER, SELLER, units(units));
    }

    public EscrowShipped shipped(long block) {
        ChainLog log = log(block, 0);
        return new EscrowShipped(
                eventId(log), log.getBlockTime(), log, escrowId, BUYER, SELLER, "SH-" + tag);
    }

    public EscrowDeliveryConfirmed confirmed(long block) {
        ChainLog log = log(block, 0);
        return new EscrowDeliveryConfirmed(
                eventId(log), log.getBlockTime(), log, escrowId, BUYER, SELLER);
    }

    public EscrowReleased released(long block, long units) {
        ChainLog log = log(block, 1);
        return new EscrowReleased(
                eventId(log), log.getBlockTime(), log, escrowId, BUYER, SELLER, units(units));
    }

    public EscrowDisputed disputed(long block, boolean byBuyer) {
        ChainLog log = log(block, 0);
        return new EscrowDisputed(
                eventId(log),
                log.getBlockTime(),
                log,
                escrowId,
                BUYER,
                SELLER,
                byBuyer ? BUYER : SELLER,
                "DAMAGED");
    }

    public EscrowResolved resolved(long block, long toBuyer, long toSeller) {
        ChainLog log = log(block, 0);
        return new EscrowResolved(
                eventId(log),
                log.getBlockTime(),
                log,
                escrowId,
                BUYER,
                SELLER,
                ARBITER,
                units(toBuyer),
                units(toSeller));
    }

    public EscrowRefunded refunded(long block, long units) {
        ChainLog log = log(block, 0);
        return new EscrowRefunded(
                eventId(log), log.getBlockTime(), log, escrowId, BUYER, SELLER, units(units));
    }

    /** The same event as a retraction (a reorg removed its block). */
    public static <T extends org.apache.avro.specific.SpecificRecord> T retracted(T event) {
        io.crosstrust.ingest.wire.EventCodec codec =
                io.crosstrust.ingest.wire.EventCodec.standard();
        T copy;
        try {
            @SuppressWarnings("unchecked")
            T decoded = (T) codec.decode(codec.encode(event));
            copy = decoded;
        } catch (io.crosstrust.ingest.wire.WireFormatException e) {
            throw new IllegalStateException(e);
        }
        ((ChainLog) copy.get(copy.getSchema().getField("log").pos())).setRemoved(true);
        return copy;
    }

    /** A 0x-prefixed bytes32 made from a text (hex of its SHA-256). */
    public static String bytes32(String text) {
        try {
            byte[] digest =
                    java.security.MessageDigest.getInstance("SHA-256")
                            .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return "0x" + java.util.HexFormat.of().formatHex(digest);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
