package io.crosstrust.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Event append to warning latency over the warnings seen in one measurement window. Both ends are
 * taken on the broker's clock where Kafka gives one: a trade event's append time is its {@code
 * LogAppendTime} (from the producer's {@code RecordMetadata}); a warning's append time is its own
 * record's {@code LogAppendTime}. A warning is measured against the newest of its evidence events
 * that was published in the window (by append time); a warning citing none of them (evidence from
 * before the window, or none at all, as clears have) is skipped.
 *
 * <p>Two ends, because exactly-once output is written before it is visible: Kafka stamps a
 * transactional record when it is appended, which is before the checkpoint that commits it. So
 * warning <b>append</b> minus event append is the processing latency, while warning <b>visible</b>
 * (when a read_committed consumer in the same JVM received it) minus event append adds the wait for
 * the checkpoint's commit: what a risk team sees.
 *
 * <p>Two starts, because not every warning is raised by its newest evidence event. It is when the
 * warning's event time is not after that event's (<b>event-triggered</b>); otherwise an event-time
 * timer raised it (an overdue check) once the watermark passed the warning's event time, and the
 * evidence (say, the payment-due event) is older than the cause by simulated days squeezed into
 * wall-clock seconds. The <b>cause</b> of such a warning is the moment the watermark could first
 * pass its time: every partition holding an event more than the out-of-orderness later (the
 * watermark trails the newest event time by that, and is the minimum over the partitions); of an
 * event-triggered warning, its newest evidence event. Timer warnings whose cause is not in the
 * window count in the evidence figures only.
 */
final class WarningLatency {

    /** A published trade event: its partition, append time and event time, epoch millis. */
    record Published(int partition, long appendMillis, long eventTimeMillis) {}

    /**
     * A warning as a read_committed consumer saw it.
     *
     * @param appendMillis the warning record's LogAppendTime
     * @param seenMillis when the consumer received it (System.currentTimeMillis)
     * @param eventTimeMillis the warning's event_time
     * @param evidence its evidence_event_ids
     */
    record Observed(
            long appendMillis, long seenMillis, long eventTimeMillis, List<String> evidence) {}

    /** Nearest-rank percentiles and the maximum, in milliseconds; all 0 when nothing measured. */
    record Percentiles(long p50, long p99, long max) {
        static Percentiles of(long[] values) {
            if (values.length == 0) {
                return new Percentiles(0, 0, 0);
            }
            long[] sorted = values.clone();
            Arrays.sort(sorted);
            return new Percentiles(
                    rank(sorted, 0.50), rank(sorted, 0.99), sorted[sorted.length - 1]);
        }

        private static long rank(long[] sorted, double p) {
            int index = (int) Math.ceil(p * sorted.length) - 1;
            return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
        }
    }

    /**
     * @param measured warnings with at least one evidence event from the window
     * @param skipped warnings seen without one
     * @param withoutEvidence of the skipped, those citing no evidence at all
     * @param eventTriggered how many of the measured were raised by that evidence event
     * @param append newest evidence event append to warning append, all measured
     * @param visible newest evidence event append to warning received, all measured
     * @param causes how many of the measured have their cause in the window
     * @param causeAppend cause to warning append
     * @param causeVisible cause to warning received
     */
    record Figures(
            int measured,
            int skipped,
            int withoutEvidence,
            int eventTriggered,
            Percentiles append,
            Percentiles visible,
            int causes,
            Percentiles causeAppend,
            Percentiles causeVisible) {}

    private WarningLatency() {}

    /**
     * Measures {@code warnings} against the events published in the window.
     *
     * @param outOfOrdernessMillis how far the job's watermark trails the newest event time
     */
    static Figures measure(
            Map<String, Published> published, List<Observed> warnings, long outOfOrdernessMillis) {
        Map<Integer, List<Published>> byPartition = new TreeMap<>();
        for (Published p : published.values()) {
            byPartition.computeIfAbsent(p.partition(), k -> new ArrayList<>()).add(p);
        }
        List<long[]> partitions = new ArrayList<>(); // per partition: event times, append times
        for (List<Published> list : byPartition.values()) {
            list.sort(Comparator.comparingLong(Published::appendMillis));
            partitions.add(list.stream().mapToLong(Published::eventTimeMillis).toArray());
            partitions.add(list.stream().mapToLong(Published::appendMillis).toArray());
        }
        List<Long> append = new ArrayList<>();
        List<Long> visible = new ArrayList<>();
        List<Long> causeAppend = new ArrayList<>();
        List<Long> causeVisible = new ArrayList<>();
        int skipped = 0;
        int withoutEvidence = 0;
        int triggered = 0;
        for (Observed w : warnings) {
            Published newest = null;
            for (String id : w.evidence()) {
                Published p = published.get(id);
                if (p != null && (newest == null || p.appendMillis() > newest.appendMillis())) {
                    newest = p;
                }
            }
            if (newest == null) {
                skipped++;
                withoutEvidence += w.evidence().isEmpty() ? 1 : 0;
                continue;
            }
            append.add(w.appendMillis() - newest.appendMillis());
            visible.add(w.seenMillis() - newest.appendMillis());
            long cause;
            if (w.eventTimeMillis() <= newest.eventTimeMillis()) {
                triggered++;
                cause = newest.appendMillis();
            } else {
                cause = watermarkPassing(partitions, w.eventTimeMillis() + outOfOrdernessMillis);
            }
            if (cause != Long.MIN_VALUE) {
                causeAppend.add(w.appendMillis() - cause);
                causeVisible.add(w.seenMillis() - cause);
            }
        }
        return new Figures(
                append.size(),
                skipped,
                withoutEvidence,
                triggered,
                Percentiles.of(toArray(append)),
                Percentiles.of(toArray(visible)),
                causeAppend.size(),
                Percentiles.of(toArray(causeAppend)),
                Percentiles.of(toArray(causeVisible)));
    }

    /**
     * When every partition had appended an event later than {@code eventTimeMillis} (the latest of
     * those first appends), or {@link Long#MIN_VALUE} when some partition has none in the window.
     */
    private static long watermarkPassing(List<long[]> partitions, long eventTimeMillis) {
        if (partitions.isEmpty()) {
            return Long.MIN_VALUE;
        }
        long latest = Long.MIN_VALUE;
        for (int i = 0; i < partitions.size(); i += 2) {
            long[] times = partitions.get(i);
            long[] appends = partitions.get(i + 1);
            // the first event time above: a partition's event times never fall as appends rise
            // (the world is in event-time order and one producer appends in send order)
            int lo = 0;
            int hi = times.length;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (times[mid] > eventTimeMillis) {
                    hi = mid;
                } else {
                    lo = mid + 1;
                }
            }
            if (lo == times.length) {
                return Long.MIN_VALUE;
            }
            latest = Math.max(latest, appends[lo]);
        }
        return latest;
    }

    private static long[] toArray(List<Long> values) {
        return values.stream().mapToLong(Long::longValue).toArray();
    }
}
