package dev.chainrule.data;

/**
 * The fields of the CSV record being read, as the readers of a file or of a {@link CsvTable}
 * present them. Valid only until the next record is read.
 */
interface CsvRecordView {
    /** The 1-based line on which the record starts. */
    long line();

    /** The number of fields. */
    int size();

    /** Whether field {@code i} is missing: empty or a marker such as {@code NA} ({@link MissingValues}). */
    boolean isMissing(int i);

    /**
     * Field {@code i} as a strict decimal number ({@code 3}, {@code -0.5}, {@code .5},
     * {@code 1e-3}; surrounding blanks ignored), exactly as {@link Double#parseDouble} reads it; NaN
     * when it is not one (NaN itself is never a valid value here).
     */
    double number(int i);

    /** Field {@code i} without surrounding blanks, as UTF-8 text; a field that is not UTF-8 is an error naming it. */
    String text(int i);

    /** Field {@code i} as written, for messages (bytes that are not UTF-8 replaced). */
    String raw(int i);

    /**
     * The length of field {@code i} as written, in bytes.
     *
     * @param i the field, 0-based
     * @return its length
     */
    long rawLength(int i);

    /**
     * Field {@code i} without surrounding blanks, shortened and quoted for a message.
     *
     * @param i the field, 0-based
     * @return the field in double quotes, at most a short excerpt of it
     */
    default String quoted(int i) {
        String raw = raw(i);
        long length = rawLength(i);
        String stripped = raw.strip();
        return "\"" + dev.chainrule.io.Excerpt.of(stripped, length <= raw.length() ? stripped.length() : length) + "\"";
    }
}
