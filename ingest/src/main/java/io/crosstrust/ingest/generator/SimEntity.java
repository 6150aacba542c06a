package io.crosstrust.ingest.generator;

import io.crosstrust.events.common.EntityKind;
import java.util.LinkedHashMap;

/** The simulation state of one entity (mutable; owned by one {@link TradeWorld}). */
final class SimEntity {
    static final long NEVER = Long.MAX_VALUE;

    final int index;
    final String id;
    final EntityKind kind;
    final String region;
    final int regionIndex;
    final Profile profile;
    final long registeredAt;

    String chainAddress;
    boolean registered;
    boolean defaulted;
    long defaultedAt = NEVER;

    /** Multiplier on the order rate (log-normal, mean 1). */
    double activity = 1;

    /** Typical order amount when buying. */
    double sizeMedian;

    /** Multiplier on every misbehaviour probability (log-normal, mean 1). */
    double noise = 1;

    /** Carriers: multiplier on delay and loss probabilities. */
    double quality = 1;

    // the plan (hidden)
    long onset = NEVER;
    long rampMs = 1;
    double rampExponent = 1;
    long surgeStart = NEVER;
    long surgeMs = 1;
    long defaultAt = NEVER;
    DefaultCause defaultCause;
    long stressUntil = Long.MIN_VALUE;

    /** Contagion: from exposure to its own default, behaviour moves towards a DELINQUENT's. */
    long distressStart = NEVER;

    long distressMs = 1;
    Ring ring;

    SimEntity[] suppliers;
    SimEntity[] carriers;
    String[] hsCodes;

    /** Unpaid platform-settled amounts (cents) this entity owes, per payee. */
    LinkedHashMap<SimEntity, long[]> payables;

    /** Incident times per {@link IncidentKind} ordinal; null until the first one. */
    long[][] incidentTimes;

    int[] incidentSizes;
    long[] incidentCounts;

    SimEntity(
            int index,
            String id,
            EntityKind kind,
            String region,
            int regionIndex,
            Profile profile,
            long registeredAt) {
        this.index = index;
        this.id = id;
        this.kind = kind;
        this.region = region;
        this.regionIndex = regionIndex;
        this.profile = profile;
        this.registeredAt = registeredAt;
    }

    boolean alive() {
        return registered && !defaulted;
    }

    /** 0 before the onset, rising to 1 (ramping profiles); 1 for the steady ones. */
    double severity(long t) {
        switch (profile) {
            case DELINQUENT -> {
                if (t < onset) {
                    return 0;
                }
                double p = (double) (t - onset) / rampMs;
                return p >= 1 ? 1 : StrictMath.pow(p, rampExponent);
            }
            case NON_COMPLIANT -> {
                if (t < onset) {
                    return 0;
                }
                double p = (double) (t - onset) / rampMs;
                return p >= 1 ? 1 : p;
            }
            default -> {
                return 1;
            }
        }
    }

    /** 0 before a contagion distress starts, rising linearly to 1 at the default. */
    double distress(long t) {
        if (t < distressStart) {
            return 0;
        }
        double p = (double) (t - distressStart) / distressMs;
        return p >= 1 ? 1 : p;
    }

    boolean surging(long t) {
        return t >= surgeStart && !defaulted;
    }

    /** 0 at the surge start, 1 from half-way through the surge on. */
    double surgeProgress(long t) {
        if (t < surgeStart) {
            return 0;
        }
        return Math.min(1, (double) (t - surgeStart) / (0.5 * surgeMs));
    }

    void owe(SimEntity payee, long cents) {
        if (payables == null) {
            payables = new LinkedHashMap<>();
        }
        payables.computeIfAbsent(payee, p -> new long[1])[0] += cents;
    }

    void record(IncidentKind kind, long time) {
        if (incidentTimes == null) {
            int n = IncidentKind.values().length;
            incidentTimes = new long[n][];
            incidentSizes = new int[n];
            incidentCounts = new long[n];
        }
        int k = kind.ordinal();
        incidentCounts[k]++;
        long[] times = incidentTimes[k];
        int size = incidentSizes[k];
        if (size >= IncidentLog.MAX_TIMES) {
            return;
        }
        if (times == null) {
            times = new long[4];
        } else if (size == times.length) {
            times = java.util.Arrays.copyOf(times, Math.min(IncidentLog.MAX_TIMES, size * 2));
        }
        times[size] = time;
        incidentTimes[k] = times;
        incidentSizes[k] = size + 1;
    }
}
