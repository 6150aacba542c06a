package io.crosstrust.models.scoring;

import io.crosstrust.models.data.DataTable;
import io.crosstrust.models.data.TabularData;

/**
 * Scores rows of a table (CSV or a training table) with a {@link Scorecard}, matching model
 * features to columns by name. Used by training (cross-validation), the CLI and tests; the
 * streaming path uses {@link CreditModel} instead.
 */
public final class TableScorer {
    private final Scorecard scorecard;

    public TableScorer(Scorecard scorecard) {
        this.scorecard = scorecard;
    }

    public Scorecard scorecard() {
        return scorecard;
    }

    /** eta of every row of a training table (columns of the model's features must exist). */
    public double[] eta(TabularData data) {
        int f = scorecard.featureCount();
        TabularData.Column[] cols = new TabularData.Column[f];
        for (int j = 0; j < f; j++) {
            cols[j] = data.column(scorecard.featureName(j));
            boolean numericColumn = cols[j] instanceof TabularData.NumericColumn;
            if (scorecard.isNumeric(j) && !numericColumn) {
                throw new IllegalArgumentException(
                        "model feature '"
                                + scorecard.featureName(j)
                                + "' is numeric but the column is not");
            }
        }
        double[] out = new double[data.rows()];
        double[] nums = new double[f];
        String[] cats = new String[f];
        double[] contributions = new double[f];
        for (int i = 0; i < out.length; i++) {
            for (int j = 0; j < f; j++) {
                if (cols[j] instanceof TabularData.NumericColumn n) {
                    nums[j] = n.get(i);
                    cats[j] = Double.isNaN(nums[j]) ? null : categoryOf(nums[j]);
                } else {
                    cats[j] = ((TabularData.CategoricalColumn) cols[j]).get(i);
                }
            }
            out[i] = scorecard.contributions(nums, cats, contributions);
        }
        return out;
    }

    /** Column position of every model feature in a CSV table; throws naming a missing column. */
    public int[] columns(DataTable table) {
        int[] idx = new int[scorecard.featureCount()];
        for (int j = 0; j < idx.length; j++) {
            String name = scorecard.featureName(j);
            if (!table.hasColumn(name)) {
                throw new IllegalArgumentException(
                        table.source()
                                + " has no column '"
                                + name
                                + "', which the model needs; the columns are "
                                + table.header());
            }
            idx[j] = table.column(name);
        }
        return idx;
    }

    /**
     * eta of one CSV row; fills {@code contributions} (weight * woe per feature). Numeric features
     * parse the cell (missing markers as in {@link DataTable#isMissing}); text in a numeric column
     * is an error naming the row and column.
     */
    public double eta(DataTable table, int[] columns, int row, double[] contributions) {
        int f = scorecard.featureCount();
        double[] nums = new double[f];
        String[] cats = new String[f];
        for (int j = 0; j < f; j++) {
            String raw = table.value(row, columns[j]);
            if (scorecard.isNumeric(j)) {
                try {
                    nums[j] = DataTable.parseNumber(raw);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(
                            table.source()
                                    + " data row "
                                    + (row + 1)
                                    + ", column '"
                                    + scorecard.featureName(j)
                                    + "': '"
                                    + raw
                                    + "' is not a number");
                }
            } else {
                cats[j] = DataTable.isMissing(raw) ? null : raw.trim();
            }
        }
        return scorecard.contributions(nums, cats, contributions);
    }

    /** A numeric cell read as a category: integers without ".0" (CSV codes like 1, 2). */
    private static String categoryOf(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return Double.toString(v);
    }
}
