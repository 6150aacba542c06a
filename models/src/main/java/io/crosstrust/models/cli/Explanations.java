package io.crosstrust.models.cli;

import io.crosstrust.models.scoring.Scorecard;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Compact reason strings for CSV output: {@code CODE:+12.3;CODE2:-4.0}, strongest first. */
final class Explanations {
    private Explanations() {}

    static String reasons(Scorecard sc, double[] contributions, int max) {
        List<Integer> idx = new ArrayList<>();
        for (int j = 0; j < contributions.length; j++) {
            if (Math.abs(sc.reasonPoints(j, contributions[j])) > 1e-9) {
                idx.add(j);
            }
        }
        idx.sort(
                (a, b) -> {
                    int cmp =
                            Double.compare(
                                    Math.abs(sc.reasonPoints(b, contributions[b])),
                                    Math.abs(sc.reasonPoints(a, contributions[a])));
                    return cmp != 0 ? cmp : Integer.compare(a, b);
                });
        StringBuilder sb = new StringBuilder();
        for (int k = 0; k < Math.min(max, idx.size()); k++) {
            int j = idx.get(k);
            if (k > 0) {
                sb.append(';');
            }
            sb.append(sc.featureCode(j))
                    .append(':')
                    .append(
                            String.format(
                                    Locale.ROOT, "%+.1f", sc.reasonPoints(j, contributions[j])));
        }
        return sb.toString();
    }
}
