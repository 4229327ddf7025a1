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

    /**
     * The CSV column this encoding reads.
     *
     * @return the CSV column this encoding reads
     */
    String column();

    /**
     * How many feature values it writes.
     *
     * @return how many feature values it writes
     */
    int width();

    /**
     * The names of the feature values it writes, e.g. {@code rank_1 ... rank_4}.
     *
     * @return the names of the feature values it writes, e.g. {@code rank_1 ... rank_4}
     */
    List<String> featureNames();

    /**
     * A JSON-like form: String, Double, List and Map values only.
     *
     * @return a JSON-like form: String, Double, List and Map values only
     */
    Map<String, Object> toMap();

    /**
     * The encoding a {@link #toMap()} result describes.
     *
     * @param map the map form
     * @return the encoding a {@link #toMap()} result describes
     */
    static ColumnEncoding fromMap(Map<String, ?> map) {
        String column = MapForm.string(map, "column");
        String kind = MapForm.string(map, "encoding");
        switch (kind) {
            case "numeric":
                return new Numeric(column, map.containsKey("fill") ? MapForm.number(map, "fill") : Double.NaN);
            case "standardized":
                return new Standardized(column, MapForm.number(map, "mean"), MapForm.number(map, "std"));
            case "one-hot":
                return new OneHot(column, MapForm.strings(map, "categories"),
                        map.containsKey("fill") ? MapForm.string(map, "fill") : null);
            default:
                throw new IllegalArgumentException("preprocessing: column " + dev.chainrule.io.Excerpt.quoted(column)
                        + " has unknown encoding " + dev.chainrule.io.Excerpt.quoted(kind) + "; expected numeric, standardized or one-hot");
        }
    }

    /**
     * The number as written: {@code x}.
     *
     * @param fill the value that stands for a missing one ({@link MissingValues#MEAN}: the training
     *             rows' mean), or NaN when a missing value is not filled
     */
    record Numeric(String column, double fill) implements ColumnEncoding {
        /**
         * Checks that the column is named.
         *
         * @param column the column name
         * @param fill the value that stands for a missing one ({@link MissingValues#MEAN}: the training rows' mean), or
         *             NaN when a missing value is not filled
         */
        public Numeric {
            if (Double.isInfinite(fill)) {
                throw new IllegalArgumentException("column \"" + column + "\": the fill value must be finite, got " + fill);
            }
        }

        /**
         * A number with no fill value.
         *
         * @param column the column name
         */
        public Numeric(String column) {
            this(column, Double.NaN);
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
        public Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("column", column);
            m.put("encoding", "numeric");
            if (!Double.isNaN(fill)) {
                m.put("fill", fill);
            }
            return m;
        }
    }

    /**
     * The z-score {@code (x - mean) / std}, with the mean and the <em>sample</em> standard deviation
     * {@code std = sqrt(sum (x_i - mean)^2 / (n - 1))} of the training rows (as pandas' {@code std()}).
     * A missing value, when filled ({@link MissingValues#MEAN}), is the mean: 0.
     */
    record Standardized(String column, double mean, double std) implements ColumnEncoding {
        /**
         * Checks that the mean is finite and the standard deviation positive.
         *
         * @param column the column name
         * @param mean the training rows' mean
         * @param std the training rows' sample standard deviation, positive
         */
        public Standardized {
            if (!Double.isFinite(mean) || !(std > 0) || Double.isInfinite(std)) {
                throw new IllegalArgumentException("column \"" + column + "\": standardization needs a finite mean and a std > 0, got mean "
                        + mean + ", std " + std);
            }
        }

        /** Fits the mean and sample std on the values of the given rows; NaN values (missing) are left out. */
        static Standardized fit(String source, String column, double[] values, int[] rows) {
            int n = 0;
            double sum = 0;
            for (int r : rows) {
                if (!Double.isNaN(values[r])) {
                    sum += values[r];
                    n++;
                }
            }
            if (n < 2) {
                throw new DataFormatException(source, 0, "column \"" + column
                        + "\": standardizing needs at least 2 training values, got " + n);
            }
            double mean = sum / n;
            double squares = 0;
            for (int r : rows) {
                double v = values[r];
                if (!Double.isNaN(v)) {
                    squares += (v - mean) * (v - mean);
                }
            }
            double std = Math.sqrt(squares / (n - 1));
            if (!(std > 0) || Double.isInfinite(std) || !Double.isFinite(mean)) {
                throw new DataFormatException(source, 0, "column \"" + column + "\" "
                        + (std > 0 ? "has values too large to standardize (mean " + mean + ", std " + std + ")"
                        : "has the same value in every training row, so it cannot be standardized (std 0); leave it out of the standardized columns"));
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
     *
     * @param fill the category that stands for a missing value ({@link MissingValues#MEAN}: the
     *             most frequent in the training rows), or null when a missing value is not filled
     */
    record OneHot(String column, List<String> categories, String fill) implements ColumnEncoding {
        /**
         * Checks that there is at least one category.
         *
         * @param column the column name
         * @param categories the categories, one feature each, in feature order
         * @param fill the category that stands for a missing value ({@link MissingValues#MEAN}: the most frequent in
         *             the training rows), or null when a missing value is not filled
         */
        public OneHot {
            categories = List.copyOf(categories);
            if (categories.isEmpty()) {
                throw new IllegalArgumentException("column \"" + column + "\": a one-hot encoding needs at least one category");
            }
            if (fill != null && !categories.contains(fill)) {
                throw new IllegalArgumentException("column \"" + column + "\": the fill category \"" + fill + "\" is not a category");
            }
        }

        /**
         * Indicators for {@code categories}, with no fill value.
         *
         * @param column the column name
         * @param categories the categories, one feature each, in feature order
         */
        public OneHot(String column, List<String> categories) {
            this(column, categories, null);
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
        public Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("column", column);
            m.put("encoding", "one-hot");
            m.put("categories", new ArrayList<>(categories));
            if (fill != null) {
                m.put("fill", fill);
            }
            return m;
        }
    }
}
