package io.crosstrust.models.features;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Everything the credit model remembers about one entity: exponentially decayed event tallies (most
 * with the long half-life, the recent-conduct ones with the short one), a small fixed-size
 * counterparty sketch, first/last event times and the last network position. 457 bytes, fixed
 * layout, no collections, so it suits Flink keyed state on heap or in RocksDB; {@link #toBytes()} /
 * {@link #fromBytes(byte[])} give a versioned binary form (version 2; version 1, without the short
 * tallies, is still read).
 *
 * <p>Tallies are stored decayed to {@link #lastEventMillis()} (the latest event time seen); a late
 * event is added with the weight it would have had, so the state does not depend on arrival order
 * (up to floating-point rounding). Mutable and not thread-safe: one instance per entity, updated by
 * {@link CreditFeatures#update}.
 */
public final class CreditFeatureState {
    /** Counterparty sketch slots (space-saving heavy hitters). */
    public static final int COUNTERPARTY_SLOTS = 8;

    static final byte CODEC_VERSION = 2;
    static final long NONE = Long.MIN_VALUE;

    final double[] tally = new double[Tally.COUNT];
    double shortVolume;
    final double[] shortTally = new double[ShortTally.COUNT];
    final int[] counterpartyHash = new int[COUNTERPARTY_SLOTS];
    final double[] counterpartyWeight = new double[COUNTERPARTY_SLOTS];
    long firstEventMillis = NONE;
    long lastEventMillis = NONE;
    long eventCount;
    double networkDegree;
    double networkCentrality;
    double networkCounterpartyQuality = 0.5;
    double networkHighRiskExposure;
    long networkAsOfMillis = NONE;

    public CreditFeatureState() {}

    /** Whether no event has been applied yet. */
    public boolean isEmpty() {
        return eventCount == 0;
    }

    /** Number of events applied (not decayed). */
    public long eventCount() {
        return eventCount;
    }

    /** Latest event time applied, or {@link Long#MIN_VALUE} when empty. */
    public long lastEventMillis() {
        return lastEventMillis;
    }

    /** Earliest event time applied, or {@link Long#MIN_VALUE} when empty. */
    public long firstEventMillis() {
        return firstEventMillis;
    }

    /** When the network position was last set, or {@link Long#MIN_VALUE}. */
    public long networkAsOfMillis() {
        return networkAsOfMillis;
    }

    public CreditFeatureState copy() {
        return fromBytes(toBytes());
    }

    /** Serialised size in bytes. */
    public static int serializedSize() {
        return V1_SIZE + 8 * ShortTally.COUNT;
    }

    /** Size of codec version 1 (no short tallies), still read. */
    static final int V1_SIZE =
            1 + 8 * Tally.COUNT + 8 + COUNTERPARTY_SLOTS * (4 + 8) + 8 * 3 + 8 * 4 + 8;

    /**
     * Versioned binary form (big-endian); stable across releases with the same codec version.
     * Layout of version 2: version 1's (version byte, long tallies, short volume, sketch, times,
     * event count, network position) followed by the short tallies.
     */
    public byte[] toBytes() {
        ByteBuffer b = ByteBuffer.allocate(serializedSize());
        b.put(CODEC_VERSION);
        for (double v : tally) {
            b.putDouble(v);
        }
        b.putDouble(shortVolume);
        for (int i = 0; i < COUNTERPARTY_SLOTS; i++) {
            b.putInt(counterpartyHash[i]);
            b.putDouble(counterpartyWeight[i]);
        }
        b.putLong(firstEventMillis);
        b.putLong(lastEventMillis);
        b.putLong(eventCount);
        b.putDouble(networkDegree);
        b.putDouble(networkCentrality);
        b.putDouble(networkCounterpartyQuality);
        b.putDouble(networkHighRiskExposure);
        b.putLong(networkAsOfMillis);
        for (double v : shortTally) {
            b.putDouble(v);
        }
        return b.array();
    }

    /**
     * Reads {@link #toBytes()} output, and the state of codec version 1 (written before the
     * short-half-life tallies existed: they start empty, so the recent-conduct features fill up
     * over the following weeks). Rejects any other version or a length that does not match it.
     */
    public static CreditFeatureState fromBytes(byte[] bytes) {
        if (bytes.length == 0) {
            throw new IllegalArgumentException("credit feature state is empty");
        }
        byte version = bytes[0];
        if (version != CODEC_VERSION && version != 1) {
            throw new IllegalArgumentException(
                    "credit feature state codec version "
                            + version
                            + ", expected "
                            + CODEC_VERSION
                            + " (or 1)");
        }
        int expected = version == 1 ? V1_SIZE : serializedSize();
        if (bytes.length != expected) {
            throw new IllegalArgumentException(
                    "credit feature state (codec version "
                            + version
                            + ") must be "
                            + expected
                            + " bytes, got "
                            + bytes.length);
        }
        ByteBuffer b = ByteBuffer.wrap(bytes, 1, bytes.length - 1);
        CreditFeatureState s = new CreditFeatureState();
        for (int i = 0; i < Tally.COUNT; i++) {
            s.tally[i] = b.getDouble();
        }
        s.shortVolume = b.getDouble();
        for (int i = 0; i < COUNTERPARTY_SLOTS; i++) {
            s.counterpartyHash[i] = b.getInt();
            s.counterpartyWeight[i] = b.getDouble();
        }
        s.firstEventMillis = b.getLong();
        s.lastEventMillis = b.getLong();
        s.eventCount = b.getLong();
        s.networkDegree = b.getDouble();
        s.networkCentrality = b.getDouble();
        s.networkCounterpartyQuality = b.getDouble();
        s.networkHighRiskExposure = b.getDouble();
        s.networkAsOfMillis = b.getLong();
        if (version >= 2) {
            for (int i = 0; i < ShortTally.COUNT; i++) {
                s.shortTally[i] = b.getDouble();
            }
        }
        return s;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CreditFeatureState other && Arrays.equals(toBytes(), other.toBytes());
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(toBytes());
    }

    @Override
    public String toString() {
        return "CreditFeatureState{events="
                + eventCount
                + ", first="
                + firstEventMillis
                + ", last="
                + lastEventMillis
                + ", tally="
                + Arrays.toString(tally)
                + "}";
    }

    /** Positions of the decayed tallies (part of the codec layout: append only). */
    static final class Tally {
        static final int ORDERS = 0;
        static final int ORDER_VOLUME = 1;
        static final int CANCELLED = 2;
        static final int SHIP_BOOKED = 3;
        static final int SHIP_DELIVERED = 4;
        static final int SHIP_LOST = 5;
        static final int DISPATCH_PROMISED = 6;
        static final int DISPATCH_ON_TIME = 7;
        static final int DELIVERY_PROMISED = 8;
        static final int DELIVERY_LATE = 9;
        static final int DELIVERY_DELAY_DAYS = 10;
        static final int REVIEWS = 11;
        static final int RATING_SUM = 12;
        static final int PAY_DUE_AMOUNT = 13;
        static final int PAY_MADE_AMOUNT = 14;
        static final int PAY_WITH_DUE = 15;
        static final int PAY_ON_TIME = 16;
        static final int PAY_DAYS_LATE = 17;
        static final int PAY_DUE_COUNT = 18;
        static final int PAY_MADE_COUNT = 19;
        static final int CUSTOMS_DECLARED = 20;
        static final int CUSTOMS_HELD = 21;
        static final int CUSTOMS_REJECTED = 22;
        static final int CUSTOMS_VALUE_MISMATCH = 23;
        static final int DISPUTES_OPENED = 24;
        static final int DISPUTES_RESOLVED = 25;
        static final int DISPUTES_LOST = 26;
        static final int DISPUTE_DAYS = 27;
        static final int TRADE_STEPS = 28;
        static final int ONCHAIN_STEPS = 29;
        static final int ESCROW_FUNDED = 30;
        static final int ESCROW_RELEASED = 31;
        static final int COUNT = 32;

        private Tally() {}
    }

    /** Positions of the short-half-life tallies (part of the codec layout: append only). */
    static final class ShortTally {
        static final int ORDERS = 0;
        static final int NEW_COUNTERPARTY_ORDERS = 1;
        static final int PAY_DAYS_LATE = 2;
        static final int ARREARS = 3;
        static final int COUNT = 4;

        private ShortTally() {}
    }
}
