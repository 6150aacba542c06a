package io.crosstrust.models.features;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Everything the credit model remembers about one entity: exponentially decayed event tallies, a
 * small fixed-size counterparty sketch, first/last event times and the last network position. About
 * 400 bytes, fixed layout, no collections, so it suits Flink keyed state on heap or in RocksDB;
 * {@link #toBytes()} / {@link #fromBytes(byte[])} give a versioned binary form.
 *
 * <p>Tallies are stored decayed to {@link #lastEventMillis()} (the latest event time seen); a late
 * event is added with the weight it would have had, so the state does not depend on arrival order
 * (up to floating-point rounding). Mutable and not thread-safe: one instance per entity, updated by
 * {@link CreditFeatures#update}.
 */
public final class CreditFeatureState {
    /** Counterparty sketch slots (space-saving heavy hitters). */
    public static final int COUNTERPARTY_SLOTS = 8;

    static final byte CODEC_VERSION = 1;
    static final long NONE = Long.MIN_VALUE;

    final double[] tally = new double[Tally.COUNT];
    double shortVolume;
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
        return 1 + 8 * Tally.COUNT + 8 + COUNTERPARTY_SLOTS * (4 + 8) + 8 * 3 + 8 * 4 + 8;
    }

    /** Versioned binary form (big-endian); stable across releases with the same codec version. */
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
        return b.array();
    }

    /** Reads {@link #toBytes()} output; rejects another codec version or a wrong length. */
    public static CreditFeatureState fromBytes(byte[] bytes) {
        if (bytes.length != serializedSize()) {
            throw new IllegalArgumentException(
                    "credit feature state must be "
                            + serializedSize()
                            + " bytes, got "
                            + bytes.length);
        }
        ByteBuffer b = ByteBuffer.wrap(bytes);
        byte version = b.get();
        if (version != CODEC_VERSION) {
            throw new IllegalArgumentException(
                    "credit feature state codec version "
                            + version
                            + ", expected "
                            + CODEC_VERSION);
        }
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
}
