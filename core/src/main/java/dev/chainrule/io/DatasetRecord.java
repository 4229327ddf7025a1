package dev.chainrule.io;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a saved model's examples came from and how they were split, so that {@code evaluate}
 * can find the same held-out part again. The {@code "dataset"} section of a model file.
 *
 * @param data         what was loaded: a built-in name ({@code digits}), a folder of IDX files or
 *                     a CSV file, as given
 * @param target       the CSV column predicted, or null for image data
 * @param categorical  CSV columns one-hot encoded
 * @param standardize  CSV columns z-scored
 * @param testFraction fraction of the examples held out for testing, in {@code [0, 1)}
 * @param seed         seed of the split (and of the run)
 * @param testData     a separate CSV test file ({@code train --test-data}), or null when the test part
 *                     is the held-out fraction
 */
public record DatasetRecord(String data, String target, List<String> categorical, List<String> standardize,
                            double testFraction, long seed, String testData) {
    /**
     * Checks that the data is named and the test fraction is in range; null lists become empty.
     *
     * @param data what was loaded: a built-in name ({@code digits}), a folder of IDX files or a CSV file, as given
     * @param target the CSV column predicted, or null for image data
     * @param categorical CSV columns one-hot encoded
     * @param standardize CSV columns z-scored
     * @param testFraction fraction of the examples held out for testing, in {@code [0, 1)}
     * @param seed seed of the split (and of the run)
     * @param testData a separate CSV test file ({@code train --test-data}), or null when the test part is the held-out
     *                 fraction
     */
    public DatasetRecord {
        if (data == null || data.isEmpty()) {
            throw new IllegalArgumentException("dataset: \"data\" must name the data set");
        }
        categorical = categorical == null ? List.of() : List.copyOf(categorical);
        standardize = standardize == null ? List.of() : List.copyOf(standardize);
        if (!(testFraction >= 0 && testFraction < 1)) {
            throw new IllegalArgumentException("dataset: \"test_fraction\" must be in [0, 1), got " + testFraction);
        }
    }

    /**
     * A record without a separate test file.
     *
     * @param data         the data set
     * @param target       the CSV target column, or null
     * @param categorical  one-hot encoded columns
     * @param standardize  z-scored columns
     * @param testFraction the held-out fraction
     * @param seed         seed of the split
     */
    public DatasetRecord(String data, String target, List<String> categorical, List<String> standardize,
                         double testFraction, long seed) {
        this(data, target, categorical, standardize, testFraction, seed, null);
    }

    /**
     * A built-in or IDX data set: no CSV columns.
     *
     * @param data the data set's name or path
     * @param testFraction fraction held out for testing, in {@code [0, 1)}
     * @param seed seed of the random source (the same seed gives the same result)
     * @return a built-in or IDX data set: no CSV columns
     */
    public static DatasetRecord of(String data, double testFraction, long seed) {
        return new DatasetRecord(data, null, List.of(), List.of(), testFraction, seed);
    }

    /**
     * The JSON form, keys in a fixed order.
     *
     * @return the JSON form, keys in a fixed order
     */
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("data", data);
        m.put("target", target);
        m.put("categorical", categorical);
        m.put("standardize", standardize);
        m.put("test_fraction", testFraction);
        m.put("seed", seed);
        if (testData != null) {
            m.put("test_data", testData);
        }
        return m;
    }

    /** Reads the JSON form; a missing list is empty, a missing test fraction 0.2 (the CLI's default). */
    static DatasetRecord fromJson(Object json) {
        Map<String, Object> m = Json.asObject(json, "\"dataset\"");
        Sections.allowOnly(m, "dataset", "data", "target", "categorical", "standardize", "test_fraction", "seed",
                "test_data");
        return new DatasetRecord(
                Json.asString(m.get("data"), "dataset \"data\""),
                m.get("target") == null ? null : Json.asString(m.get("target"), "dataset \"target\""),
                m.get("categorical") == null ? List.of() : Json.asStrings(m.get("categorical"), "dataset \"categorical\""),
                m.get("standardize") == null ? List.of() : Json.asStrings(m.get("standardize"), "dataset \"standardize\""),
                m.get("test_fraction") == null ? 0.2 : Json.asNumber(m.get("test_fraction"), "dataset \"test_fraction\""),
                m.get("seed") == null ? 1 : Sections.asLong(m.get("seed"), "dataset \"seed\""),
                m.get("test_data") == null ? null : Json.asString(m.get("test_data"), "dataset \"test_data\""));
    }
}
