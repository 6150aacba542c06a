package io.crosstrust.jobs.warnings;

import io.crosstrust.events.output.RiskWarning;
import io.crosstrust.events.output.WarningStatus;
import io.crosstrust.events.output.WarningType;
import io.crosstrust.ingest.generator.EntityTruth;
import io.crosstrust.ingest.generator.ExpectedWarning;
import io.crosstrust.ingest.generator.GroundTruth;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Warnings measured against a generated world's ground truth, at entity level (docs/warnings.md):
 *
 * <ul>
 *   <li><b>per type</b>: an entity is predicted when it got at least one RAISED warning of the
 *       type, actual when the truth expects that type for it ({@link EntityTruth#expected});
 *       precision, recall, F1; lead time = the expectation's deadline (the default, for types that
 *       lead one) minus the first warning; delay = the first warning minus the first evidence.
 *   <li><b>overall</b>: predicted = any RAISED warning other than COUNTERPARTY_CONTAGION (which is
 *       about exposure, not conduct), actual = {@link EntityTruth#misbehaved()} (defaulted or
 *       misbehaved); lead time = default time minus the first such warning, over the defaulted
 *       entities that were warned; accuracy over every entity beside the trivial baseline (nobody
 *       flagged).
 * </ul>
 *
 * Warning times are event times (a replay compresses processing time).
 */
public final class WarningMetrics {

    /** Figures of one type or of the whole. */
    public record Figures(
            int predicted,
            int actual,
            int truePositives,
            double precision,
            double recall,
            double f1,
            int leadTimes,
            double leadTimeMedianSeconds,
            double delayMedianSeconds) {}

    /**
     * @param entities entities in the truth
     * @param warnings RAISED warnings counted
     * @param falsePositives overall false positives by profile, for the report
     */
    public record Report(
            int entities,
            int warnings,
            Figures overall,
            double accuracy,
            double baselineAccuracy,
            Map<WarningType, Figures> perType,
            Map<String, Integer> falsePositives,
            Map<String, Integer> missed) {

        /** One JSON object (keys: precision, recall, f1, lead_time_median_s, ... per_type). */
        public String toJson() {
            StringBuilder b = new StringBuilder("{");
            b.append("\"entities\":").append(entities);
            b.append(",\"warnings\":").append(warnings);
            figures(b, overall);
            b.append(",\"accuracy\":").append(num(accuracy));
            b.append(",\"baseline_accuracy\":").append(num(baselineAccuracy));
            b.append(",\"per_type\":{");
            boolean first = true;
            for (Map.Entry<WarningType, Figures> e : perType.entrySet()) {
                if (!first) {
                    b.append(',');
                }
                first = false;
                b.append('"').append(e.getKey().name()).append("\":{");
                StringBuilder inner = new StringBuilder();
                figures(inner, e.getValue());
                b.append(inner.substring(1)).append('}');
            }
            b.append("}}");
            return b.toString();
        }

        private static void figures(StringBuilder b, Figures f) {
            b.append(",\"predicted\":").append(f.predicted());
            b.append(",\"actual\":").append(f.actual());
            b.append(",\"true_positives\":").append(f.truePositives());
            b.append(",\"precision\":").append(num(f.precision()));
            b.append(",\"recall\":").append(num(f.recall()));
            b.append(",\"f1\":").append(num(f.f1()));
            b.append(",\"lead_times\":").append(f.leadTimes());
            b.append(",\"lead_time_median_s\":").append(num(f.leadTimeMedianSeconds()));
            b.append(",\"delay_median_s\":").append(num(f.delayMedianSeconds()));
        }

        private static String num(double v) {
            return Double.isFinite(v) ? String.format(Locale.ROOT, "%.4f", v) : "null";
        }

        /** A readable table. */
        public String toText() {
            StringBuilder b = new StringBuilder();
            b.append(
                    String.format(
                            Locale.ROOT,
                            "%-24s %9s %7s %5s %9s %7s %7s %12s %12s%n",
                            "type",
                            "predicted",
                            "actual",
                            "tp",
                            "precision",
                            "recall",
                            "f1",
                            "lead_med_d",
                            "delay_med_d"));
            for (Map.Entry<WarningType, Figures> e : perType.entrySet()) {
                line(b, e.getKey().name(), e.getValue());
            }
            line(b, "OVERALL (misbehaved)", overall);
            b.append(
                    String.format(
                            Locale.ROOT,
                            "accuracy %.4f beside the trivial baseline %.4f (%d entities, %d"
                                    + " warnings)%n",
                            accuracy,
                            baselineAccuracy,
                            entities,
                            warnings));
            b.append("false positives by profile: ").append(falsePositives).append('\n');
            b.append("missed by profile: ").append(missed).append('\n');
            return b.toString();
        }

        private static void line(StringBuilder b, String name, Figures f) {
            b.append(
                    String.format(
                            Locale.ROOT,
                            "%-24s %9d %7d %5d %9s %7s %7s %12s %12s%n",
                            name,
                            f.predicted(),
                            f.actual(),
                            f.truePositives(),
                            fmt(f.precision()),
                            fmt(f.recall()),
                            fmt(f.f1()),
                            days(f.leadTimeMedianSeconds()),
                            days(f.delayMedianSeconds())));
        }

        private static String fmt(double v) {
            return Double.isFinite(v) ? String.format(Locale.ROOT, "%.3f", v) : "-";
        }

        private static String days(double s) {
            return Double.isFinite(s) ? String.format(Locale.ROOT, "%.1f", s / 86_400) : "-";
        }
    }

    private WarningMetrics() {}

    public static Report evaluate(Collection<RiskWarning> all, GroundTruth truth) {
        Map<String, Map<WarningType, Instant>> first = new HashMap<>();
        Map<String, Instant> firstConduct = new HashMap<>();
        int raisedCount = 0;
        for (RiskWarning w : all) {
            if (w.getStatus() != WarningStatus.RAISED) {
                continue;
            }
            raisedCount++;
            Instant t = w.getEventTime();
            first.computeIfAbsent(w.getEntityId(), k -> new EnumMap<>(WarningType.class))
                    .merge(w.getType(), t, (a, b) -> a.isBefore(b) ? a : b);
            if (w.getType() != WarningType.COUNTERPARTY_CONTAGION) {
                firstConduct.merge(w.getEntityId(), t, (a, b) -> a.isBefore(b) ? a : b);
            }
        }
        Map<WarningType, Figures> perType = new EnumMap<>(WarningType.class);
        for (WarningType type : WarningType.values()) {
            if (type == WarningType.OTHER) {
                continue;
            }
            Set<String> predicted = new HashSet<>();
            for (Map.Entry<String, Map<WarningType, Instant>> e : first.entrySet()) {
                if (e.getValue().containsKey(type)) {
                    predicted.add(e.getKey());
                }
            }
            int actual = 0;
            int tp = 0;
            List<Double> leads = new ArrayList<>();
            List<Double> delays = new ArrayList<>();
            for (EntityTruth e : truth.entities()) {
                ExpectedWarning x = e.expected(type);
                if (x == null) {
                    continue;
                }
                actual++;
                Map<WarningType, Instant> got = first.get(e.id());
                Instant w = got == null ? null : got.get(type);
                if (w == null) {
                    continue;
                }
                tp++;
                if (x.by() != null) {
                    leads.add((double) Duration.between(w, x.by()).toSeconds());
                }
                delays.add((double) Duration.between(x.from(), w).toSeconds());
            }
            perType.put(type, figures(predicted.size(), actual, tp, leads, delays));
        }

        int tp = 0;
        int fp = 0;
        int actual = 0;
        int tn = 0;
        List<Double> leads = new ArrayList<>();
        Map<String, Integer> falsePositives = new LinkedHashMap<>();
        Map<String, Integer> missed = new LinkedHashMap<>();
        for (EntityTruth e : truth.entities()) {
            boolean pos = e.misbehaved();
            Instant w = firstConduct.get(e.id());
            if (pos) {
                actual++;
            }
            if (w != null && pos) {
                tp++;
                if (e.defaultTime() != null) {
                    leads.add((double) Duration.between(w, e.defaultTime()).toSeconds());
                }
            } else if (w != null) {
                fp++;
                falsePositives.merge(e.profile().name(), 1, Integer::sum);
            } else if (pos) {
                missed.merge(e.profile().name(), 1, Integer::sum);
            } else {
                tn++;
            }
        }
        Figures overall = figures(tp + fp, actual, tp, leads, List.of());
        int n = truth.entities().size();
        return new Report(
                n,
                raisedCount,
                overall,
                n == 0 ? Double.NaN : (tp + tn) / (double) n,
                n == 0 ? Double.NaN : (n - actual) / (double) n,
                perType,
                falsePositives,
                missed);
    }

    private static Figures figures(
            int predicted, int actual, int tp, List<Double> leads, List<Double> delays) {
        double precision = predicted == 0 ? Double.NaN : tp / (double) predicted;
        double recall = actual == 0 ? Double.NaN : tp / (double) actual;
        double f1 =
                precision + recall > 0 ? 2 * precision * recall / (precision + recall) : Double.NaN;
        return new Figures(
                predicted,
                actual,
                tp,
                precision,
                recall,
                f1,
                leads.size(),
                median(leads),
                median(delays));
    }

    static double median(List<Double> values) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> s = new ArrayList<>(values);
        s.sort(Double::compare);
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }
}
