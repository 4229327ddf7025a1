package dev.chainrule.data;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How one CSV column becomes feature values: as a number, as a standardized number, or as
 * one-hot indicator columns. Fitted on the training rows (see {@link TabularPreprocessing}),
 * then applied unchanged to any later rows.
 */
public sealed interface ColumnEncoding permits ColumnEncoding.Numeric, ColumnEncoding.Standardized, ColumnEncoding.OneHot {

    /** The CSV column this encoding reads. */
    String column();

    /** How many feature values it writes. */
    int width();

    /** The names of the feature values it writes, e.g. {@code rank_1 ... rank_4}. */
    List<String> featureNames();

    /** Writes the {@link #width()} features of data row {@code row}, read from column {@code col}, at {@code out[offset...]}. */
    void encode(CsvTable table, int row, int col, double[] out, int offset);

    /** A JSON-like form: String, Double, List and Map values only. */
    Map<String, Object> toMap();

    /** The encoding a {@link #toMap()} result describes. */
    static ColumnEncoding fromMap(Map<String, ?> map) {
        String column = MapForm.string(map, "column");
        String kind = MapForm.string(map, "encoding");
        switch (kind) {
            case "numeric":
                return new Numeric(column);
            case "standardized":
                return new Standardized(column, MapForm.number(map, "mean"), MapForm.number(map, "std"));
            case "one-hot":
                return new OneHot(column, MapForm.strings(map, "categories"));
            default:
                throw new IllegalArgumentException("preprocessing: column \"" + column + "\" has unknown encoding \"" + kind
                        + "\"; expected numeric, standardized or one-hot");
        }
    }

    /** The number as written: {@code x}. */
    record Numeric(String column) implements ColumnEncoding {
        @Override
        public int width() {
            return 1;
        }

        @Override
        public List<String> featureNames() {
            return List.of(column);
        }

        @Override
        public void encode(CsvTable table, int row, int col, double[] out, int offset) {
            out[offset] = Numbers.parse(table, row, col);
        }

        @Override
        public Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("column", column);
            m.put("encoding", "numeric");
            return m;
        }
    }

    /**
     * The z-score {@code (x - mean) / std}, with the mean and the <em>sample</em> standard deviation
     * {@code std = sqrt(sum (x_i - mean)^2 / (n - 1))} of the training rows (as pandas' {@code std()}).
     */
    record Standardized(String column, double mean, double std) implements ColumnEncoding {
        public Standardized {
            if (!Double.isFinite(mean) || !(std > 0) || Double.isInfinite(std)) {
                throw new IllegalArgumentException("column \"" + column + "\": standardization needs a finite mean and a std > 0, got mean "
                        + mean + ", std " + std);
            }
        }

        /** Fits mean and sample std on the given rows of the table. */
        static Standardized fit(CsvTable table, int col, int[] rows) {
            String column = table.header().get(col);
            if (rows.length < 2) {
                throw new DataFormatException(table.source(), 0, "column \"" + column
                        + "\": standardizing needs at least 2 training rows, got " + rows.length);
            }
            double sum = 0;
            double[] x = new double[rows.length];
            for (int i = 0; i < rows.length; i++) {
                x[i] = Numbers.parse(table, rows[i], col);
                sum += x[i];
            }
            double mean = sum / rows.length;
            double squares = 0;
            for (double v : x) {
                squares += (v - mean) * (v - mean);
            }
            double std = Math.sqrt(squares / (rows.length - 1));
            if (!(std > 0)) {
                throw new DataFormatException(table.source(), 0, "column \"" + column
                        + "\" has the same value in every training row, so it cannot be standardized (std 0); leave it out of the standardized columns");
            }
            return new Standardized(column, mean, std);
        }

        @Override
        public int width() {
            return 1;
        }

        @Override
        public List<String> featureNames() {
            return List.of(column);
        }

        @Override
        public void encode(CsvTable table, int row, int col, double[] out, int offset) {
            out[offset] = (Numbers.parse(table, row, col) - mean) / std;
        }

        @Override
        public Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("column", column);
            m.put("encoding", "standardized");
            m.put("mean", mean);
            m.put("std", std);
            return m;
        }
    }

    /**
     * One indicator per category: feature {@code column_c} is 1 when the value is {@code c}, else 0.
     * Values are compared after trimming surrounding blanks. A value not among the categories is an
     * error naming the file, line, column and value.
     */
    record OneHot(String column, List<String> categories) implements ColumnEncoding {
        public OneHot {
            categories = List.copyOf(categories);
            if (categories.isEmpty()) {
                throw new IllegalArgumentException("column \"" + column + "\": a one-hot encoding needs at least one category");
            }
        }

        /** The categories of the given rows, arranged in {@code order}. */
        static OneHot fit(CsvTable table, int col, int[] rows, CategoryOrder order) {
            return new OneHot(table.header().get(col), order.arrange(Categories.distinct(table, col, rows)));
        }

        @Override
        public int width() {
            return categories.size();
        }

        @Override
        public List<String> featureNames() {
            List<String> names = new ArrayList<>();
            for (String c : categories) {
                names.add(column + "_" + c);
            }
            return names;
        }

        @Override
        public void encode(CsvTable table, int row, int col, double[] out, int offset) {
            int k = Categories.indexOf(table, row, col, categories, "category");
            for (int i = 0; i < categories.size(); i++) {
                out[offset + i] = i == k ? 1 : 0;
            }
        }

        @Override
        public Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("column", column);
            m.put("encoding", "one-hot");
            m.put("categories", new ArrayList<>(categories));
            return m;
        }
    }
}
