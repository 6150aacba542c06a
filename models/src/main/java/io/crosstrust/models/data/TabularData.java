package io.crosstrust.models.data;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * A labelled training table: a binary label (1 = the positive class, e.g. default) and typed
 * feature columns. A numeric column holds doubles with NaN for missing values; a categorical column
 * holds trimmed strings with null for missing values.
 *
 * @param fingerprint SHA-256 of the source bytes, or of a canonical dump for in-memory tables
 */
public record TabularData(String source, String fingerprint, int[] labels, List<Column> columns) {

    public TabularData {
        labels = labels.clone();
        columns = List.copyOf(columns);
        for (Column c : columns) {
            if (c.size() != labels.length) {
                throw new IllegalArgumentException(
                        "column '"
                                + c.name()
                                + "' has "
                                + c.size()
                                + " rows, labels "
                                + labels.length);
            }
        }
    }

    /** One feature column. */
    public sealed interface Column permits NumericColumn, CategoricalColumn {
        String name();

        int size();
    }

    /** Numbers; NaN = missing. */
    public record NumericColumn(String name, double[] values) implements Column {
        public NumericColumn {
            values = values.clone();
        }

        @Override
        public int size() {
            return values.length;
        }

        public double get(int i) {
            return values[i];
        }
    }

    /** Categories; null = missing. */
    public record CategoricalColumn(String name, String[] values) implements Column {
        public CategoricalColumn {
            values = values.clone();
        }

        @Override
        public int size() {
            return values.length;
        }

        public String get(int i) {
            return values[i];
        }
    }

    public int rows() {
        return labels.length;
    }

    public int positives() {
        int p = 0;
        for (int y : labels) {
            p += y;
        }
        return p;
    }

    public int label(int row) {
        return labels[row];
    }

    public int[] labels() {
        return labels.clone();
    }

    public Column column(String name) {
        for (Column c : columns) {
            if (c.name().equals(name)) {
                return c;
            }
        }
        throw new IllegalArgumentException("no feature column '" + name + "'");
    }

    /** The rows at the given positions, in that order (for cross-validation folds). */
    public TabularData subset(int[] rows) {
        int[] y = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            y[i] = labels[rows[i]];
        }
        List<Column> cols = new ArrayList<>(columns.size());
        for (Column c : columns) {
            if (c instanceof NumericColumn n) {
                double[] v = new double[rows.length];
                for (int i = 0; i < rows.length; i++) {
                    v[i] = n.values[rows[i]];
                }
                cols.add(new NumericColumn(n.name(), v));
            } else {
                CategoricalColumn k = (CategoricalColumn) c;
                String[] v = new String[rows.length];
                for (int i = 0; i < rows.length; i++) {
                    v[i] = k.values[rows[i]];
                }
                cols.add(new CategoricalColumn(k.name(), v));
            }
        }
        return new TabularData(source, fingerprint, y, cols);
    }

    /**
     * Builds a training table from a CSV table. The label column's trimmed value equal to {@code
     * positive} is class 1, any other non-missing value class 0; a missing label is an error. Every
     * other column not in {@code exclude} becomes a feature: numeric when all its non-missing
     * values parse as finite numbers and it is not named in {@code categorical}, categorical
     * otherwise.
     */
    public static TabularData fromTable(
            DataTable table,
            String labelColumn,
            String positive,
            Collection<String> categorical,
            Collection<String> exclude) {
        int labelIdx = table.column(labelColumn);
        for (String name : categorical) {
            table.column(name);
        }
        for (String name : exclude) {
            table.column(name);
        }
        int n = table.rowCount();
        if (n == 0) {
            throw new IllegalArgumentException(table.source() + ": no data rows");
        }
        int[] y = new int[n];
        boolean sawPositive = false;
        boolean sawNegative = false;
        for (int r = 0; r < n; r++) {
            String v = table.value(r, labelIdx).trim();
            if (DataTable.isMissing(v)) {
                throw new IllegalArgumentException(
                        table.source()
                                + ": data row "
                                + (r + 1)
                                + " has no value in label column '"
                                + labelColumn
                                + "'");
            }
            y[r] = v.equals(positive) ? 1 : 0;
            sawPositive |= y[r] == 1;
            sawNegative |= y[r] == 0;
        }
        if (!sawPositive) {
            throw new IllegalArgumentException(
                    table.source()
                            + ": no row has label '"
                            + positive
                            + "' in column '"
                            + labelColumn
                            + "'; values seen: "
                            + table.distinct(labelIdx));
        }
        if (!sawNegative) {
            throw new IllegalArgumentException(
                    table.source() + ": every row has the positive label; nothing to learn");
        }
        Set<String> forced = Set.copyOf(categorical);
        Set<String> skip = Set.copyOf(exclude);
        List<Column> cols = new ArrayList<>();
        for (int c = 0; c < table.header().size(); c++) {
            String name = table.header().get(c);
            if (c == labelIdx || skip.contains(name)) {
                continue;
            }
            double[] nums = forced.contains(name) ? null : tryNumeric(table, c);
            if (nums != null) {
                cols.add(new NumericColumn(name, nums));
            } else {
                String[] cats = new String[n];
                for (int r = 0; r < n; r++) {
                    String v = table.value(r, c).trim();
                    cats[r] = DataTable.isMissing(v) ? null : v;
                }
                cols.add(new CategoricalColumn(name, cats));
            }
        }
        if (cols.isEmpty()) {
            throw new IllegalArgumentException(table.source() + ": no feature columns left");
        }
        return new TabularData(table.source(), table.sha256(), y, cols);
    }

    private static double[] tryNumeric(DataTable table, int c) {
        double[] out = new double[table.rowCount()];
        boolean any = false;
        for (int r = 0; r < out.length; r++) {
            try {
                out[r] = DataTable.parseNumber(table.value(r, c));
                any |= !Double.isNaN(out[r]);
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return any ? out : null;
    }
}
