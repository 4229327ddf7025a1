package dev.chainrule.data;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How the target column becomes the target row of an example: class labels (one-hot, or one 0/1
 * column for two classes) or real values (regression).
 */
public sealed interface TargetEncoding permits TargetEncoding.Classes, TargetEncoding.Values {

    /**
     * The CSV column of the target.
     *
     * @return the CSV column of the target
     */
    String column();

    /**
     * Target values per example: the class count (one-hot), 1 (one 0/1 column) or 1 (regression).
     *
     * @return the number of target values per example
     */
    int width();

    /**
     * Class names in target-column order (index 0 is the 0 of a one-column target); empty for regression.
     *
     * @return the class names, empty for regression
     */
    List<String> classNames();

    /**
     * The form a model file stores.
     *
     * @return the form a model file stores
     */
    Map<String, Object> toMap();

    /**
     * Reads the form {@link #toMap()} wrote.
     *
     * @param map the form
     * @return the encoding
     */
    static TargetEncoding fromMap(Map<String, ?> map) {
        String column = MapForm.string(map, "column");
        String kind = MapForm.string(map, "encoding");
        switch (kind) {
            case "one-hot":
                return new Classes(column, MapForm.strings(map, "classes"), false);
            case "one-column":
                return new Classes(column, MapForm.strings(map, "classes"), true);
            case "values":
                return map.containsKey("mean")
                        ? Values.standardized(new ColumnEncoding.Standardized(column, MapForm.number(map, "mean"),
                        MapForm.number(map, "std")))
                        : new Values(column);
            default:
                throw new IllegalArgumentException("preprocessing: target \"" + column + "\" has unknown encoding \"" + kind
                        + "\"; expected one-hot, one-column or values");
        }
    }

    /**
     * Class labels, any strings. One-hot: {@code t_k = 1} for the row's class {@code k}, else 0
     * (for softmax cross-entropy). One column (two classes only): {@code t = k}, 0 for
     * {@code classNames[0]} and 1 for {@code classNames[1]} (for a sigmoid output with bce or the
     * seeds' half-sse).
     */
    record Classes(String column, List<String> classNames, boolean oneColumn) implements TargetEncoding {
        /**
         * Checks that there are classes, and exactly two for one column.
         *
         * @param column the column name
         * @param classNames the class names in output order (empty for regression)
         * @param oneColumn one 0/1 column (true) or two one-hot columns (false)
         */
        public Classes {
            classNames = List.copyOf(classNames);
            if (classNames.isEmpty()) {
                throw new IllegalArgumentException("target \"" + column + "\" has no classes");
            }
            if (oneColumn && classNames.size() != 2) {
                throw new IllegalArgumentException("target \"" + column + "\": one 0/1 column needs exactly two classes, got "
                        + classNames.size() + " (" + String.join(", ", classNames) + "); use one-hot targets");
            }
        }

        @Override
        public int width() {
            return oneColumn ? 1 : classNames.size();
        }

        @Override
        public Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("column", column);
            m.put("encoding", oneColumn ? "one-column" : "one-hot");
            m.put("classes", new java.util.ArrayList<>(classNames));
            return m;
        }
    }

    /**
     * Real values (regression): as written, or standardized {@code (y - mean) / std} with the
     * training rows' mean and sample std when {@code scaling} is given, so that a network learns a
     * target of any size at the usual learning rates. {@link #decode} undoes the scaling of a
     * prediction.
     *
     * @param column  the target column
     * @param scaling the target's standardization, or null for values as written
     */
    record Values(String column, ColumnEncoding.Standardized scaling) implements TargetEncoding {
        /**
         * Values as written.
         *
         * @param column the column name
         */
        public Values(String column) {
            this(column, null);
        }

        /** Values standardized as {@code scaling} says. */
        static Values standardized(ColumnEncoding.Standardized scaling) {
            return new Values(scaling.column(), scaling);
        }

        @Override
        public int width() {
            return 1;
        }

        @Override
        public List<String> classNames() {
            return List.of();
        }

        /**
         * A network output in the target column's own units: {@code v * std + mean} when the target is
         * standardized, else {@code v}.
         *
         * @param v a value of the encoded target (what the network predicts)
         * @return the value in the column's units
         */
        public double decode(double v) {
            return scaling == null ? v : v * scaling.std() + scaling.mean();
        }

        @Override
        public Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("column", column);
            m.put("encoding", "values");
            if (scaling != null) {
                m.put("mean", scaling.mean());
                m.put("std", scaling.std());
            }
            return m;
        }
    }
}
