package io.crosstrust.models.scoring;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Everything behind one score, feature by feature: the value, its bin and woe, the contribution to
 * the log-odds and the signed reason points. For the CLI's {@code explain} and for notebooks'
 * parity checks; the streaming path computes the same numbers without allocating.
 *
 * @param eta intercept + sum of contributions
 * @param referenceComposite the unclamped composite at every feature's reference woe; the reason
 *     points of all features add up to {@code rawComposite - referenceComposite}
 */
public record Explanation(
        List<Line> lines,
        double eta,
        double pd,
        double composite,
        double rawComposite,
        double referenceComposite,
        String grade,
        List<ReasonCode> reasons) {

    /**
     * @param bin bin index; -1 missing, -2 unseen category
     * @param contribution weight * woe (log-odds)
     * @param points signed effect on the composite against the reference
     */
    public record Line(
            String feature,
            String dimension,
            String value,
            int bin,
            double woe,
            double weight,
            double contribution,
            double points) {}

    /** Explains one row: {@code numbers[j]} for numeric features, {@code categories[j]} else. */
    public static Explanation of(
            Scorecard sc, double[] numbers, String[] categories, int maxReasons) {
        int f = sc.featureCount();
        double[] c = new double[f];
        double eta = sc.contributions(numbers, categories == null ? new String[f] : categories, c);
        List<Line> lines = new ArrayList<>(f);
        for (int j = 0; j < f; j++) {
            boolean num = sc.isNumeric(j);
            String value =
                    num
                            ? (Double.isNaN(numbers[j]) ? "(missing)" : Double.toString(numbers[j]))
                            : (categories[j] == null ? "(missing)" : categories[j]);
            int bin = num ? sc.bin(j, numbers[j]) : sc.bin(j, categories[j]);
            double woe = num ? sc.woe(j, numbers[j]) : sc.woe(j, categories[j]);
            lines.add(
                    new Line(
                            sc.featureName(j),
                            sc.dimension(j) == null ? null : sc.dimension(j).key(),
                            value,
                            bin,
                            woe,
                            sc.weight(j),
                            c[j],
                            sc.reasonPoints(j, c[j])));
        }
        double pd = sc.pd(eta);
        return new Explanation(
                List.copyOf(lines),
                eta,
                pd,
                sc.composite(eta),
                sc.rawComposite(eta),
                sc.rawComposite(sc.referenceEta()),
                sc.grade(pd),
                reasons(sc, c, lines, maxReasons));
    }

    /** The top reasons by absolute points (ties in feature order), zero-point features skipped. */
    static List<ReasonCode> reasons(Scorecard sc, double[] c, List<Line> lines, int maxReasons) {
        List<Integer> idx = new ArrayList<>();
        for (int j = 0; j < c.length; j++) {
            if (Math.abs(sc.reasonPoints(j, c[j])) > 1e-9) {
                idx.add(j);
            }
        }
        idx.sort(
                Comparator.comparingDouble((Integer j) -> -Math.abs(sc.reasonPoints(j, c[j])))
                        .thenComparingInt(j -> j));
        List<ReasonCode> out = new ArrayList<>();
        for (int k = 0; k < Math.min(maxReasons, idx.size()); k++) {
            int j = idx.get(k);
            double p = sc.reasonPoints(j, c[j]);
            out.add(
                    new ReasonCode(
                            sc.featureCode(j),
                            sc.dimension(j) == null ? null : sc.dimension(j).key(),
                            p,
                            sc.featureName(j)
                                    + " = "
                                    + lines.get(j).value()
                                    + (p >= 0 ? " raised" : " lowered")
                                    + " the score ("
                                    + sc.featureDescription(j)
                                    + ")"));
        }
        return List.copyOf(out);
    }
}
