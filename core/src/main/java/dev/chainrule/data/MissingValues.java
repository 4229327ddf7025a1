package dev.chainrule.data;

import java.nio.charset.StandardCharsets;

/**
 * What to do with a missing value in a CSV file. A field is missing when, without surrounding
 * blanks, it is empty or one of the usual markers: {@code NA}, {@code N/A}, {@code n/a},
 * {@code NaN}, {@code nan}, {@code null}, {@code NULL}, {@code None}, {@code ?}, {@code #N/A},
 * {@code <NA>} (the markers pandas reads as missing, less the rare ones).
 */
public enum MissingValues {
    /** A missing value is an error naming the file, line and column (the default). */
    ERROR,
    /** Rows with a missing value in a column used (a feature or the target) are left out, and counted. */
    DROP,
    /**
     * A missing feature becomes the training part's mean for a number (so 0 once standardized) and
     * its most frequent category for a categorical column; the values are saved with the model and
     * used again at predict time. A row whose target is missing is left out.
     */
    MEAN;

    private static final String[] MARKERS = {"NA", "N/A", "n/a", "NaN", "nan", "null", "NULL", "None", "?", "#N/A", "<NA>"};
    private static final byte[][] MARKER_BYTES = new byte[MARKERS.length][];

    static {
        for (int i = 0; i < MARKERS.length; i++) {
            MARKER_BYTES[i] = MARKERS[i].getBytes(StandardCharsets.US_ASCII);
        }
    }

    /**
     * The policy a user names: {@code error}, {@code drop} or {@code mean}.
     *
     * @param name the name
     * @return the policy a user names: {@code error}, {@code drop} or {@code mean}
     */
    public static MissingValues parse(String name) {
        for (MissingValues m : values()) {
            if (m.name().equalsIgnoreCase(name == null ? "" : name.strip())) {
                return m;
            }
        }
        throw new IllegalArgumentException("the missing-value policy must be error, drop or mean, got \""
                + dev.chainrule.io.Excerpt.of(String.valueOf(name)) + "\"");
    }

    /**
     * Whether {@code text} (surrounding blanks ignored) marks a missing value.
     *
     * @param text a field as written
     * @return whether {@code text} (surrounding blanks ignored) marks a missing value
     */
    public static boolean isMissing(String text) {
        String s = text.strip();
        if (s.isEmpty()) {
            return true;
        }
        for (String m : MARKERS) {
            if (m.equals(s)) {
                return true;
            }
        }
        return false;
    }

    /** Whether bytes {@code [from, to)} (blanks already trimmed) mark a missing value. */
    static boolean isMissing(byte[] b, int from, int to) {
        int n = to - from;
        if (n == 0) {
            return true;
        }
        if (n > 4) {
            return false;
        }
        for (byte[] m : MARKER_BYTES) {
            if (m.length == n && java.util.Arrays.equals(b, from, to, m, 0, n)) {
                return true;
            }
        }
        return false;
    }
}
