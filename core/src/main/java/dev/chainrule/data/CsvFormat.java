package dev.chainrule.data;

/**
 * How a CSV file is written: the field delimiter and whether the first record is a header of
 * column names. Without a header the columns are named by their 1-based position, {@code "1",
 * "2", ...}, and options name columns that way ({@code --no-header --target 5}).
 *
 * @param delimiter the field separator: one ASCII character other than a quote, CR or LF
 *                  (comma, semicolon, tab, bar, space...)
 * @param header    whether the first record holds the column names
 */
public record CsvFormat(char delimiter, boolean header) {
    /** Comma-separated, with a header: RFC 4180. */
    public static final CsvFormat DEFAULT = new CsvFormat(',', true);

    /**
     * Checks the delimiter.
     *
     * @param delimiter the field separator: one ASCII character other than a quote, CR or LF (comma, semicolon, tab,
     *                  bar, space...)
     * @param header whether the first record holds the column names
     */
    public CsvFormat {
        if (delimiter >= 0x80 || delimiter == '"' || delimiter == '\r' || delimiter == '\n' || delimiter == 0) {
            throw new IllegalArgumentException("the CSV delimiter must be one ASCII character other than a quote or a line"
                    + " break, got " + describe(delimiter));
        }
    }

    /**
     * Comma-separated without a header row.
     *
     * @return the csv format
     */
    public static CsvFormat headerless() {
        return new CsvFormat(',', false);
    }

    /**
     * This format with another delimiter.
     *
     * @param d the field delimiter
     * @return the csv format
     */
    public CsvFormat withDelimiter(char d) {
        return new CsvFormat(d, header);
    }

    /**
     * This format with or without a header row.
     *
     * @param h whether the first record is the header
     * @return the csv format
     */
    public CsvFormat withHeader(boolean h) {
        return new CsvFormat(delimiter, h);
    }

    /**
     * A delimiter as a user writes it: one character, or {@code tab} / {@code \t}, {@code space},
     * {@code comma}, {@code semicolon}, {@code pipe}.
     *
     * @param text the delimiter as given: one character, or {@code tab}
     * @return a delimiter as a user writes it: one character, or {@code tab} / {@code \t}, {@code space}, {@code
     *         comma}, {@code semicolon}, {@code pipe}
     */
    public static char parseDelimiter(String text) {
        if (text == null) {
            throw new IllegalArgumentException("a delimiter is needed");
        }
        switch (text) {
            case "tab", "\\t", "\t":
                return '\t';
            case "space", " ":
                return ' ';
            case "comma":
                return ',';
            case "semicolon":
                return ';';
            case "pipe", "bar":
                return '|';
            default:
                if (text.length() == 1) {
                    new CsvFormat(text.charAt(0), true); // checks it
                    return text.charAt(0);
                }
                throw new IllegalArgumentException("the delimiter must be one character (or tab, space, comma, semicolon,"
                        + " pipe), got \"" + dev.chainrule.io.Excerpt.of(text) + "\"");
        }
    }

    private static String describe(char c) {
        return c < 0x20 || c >= 0x7f ? String.format("U+%04X", (int) c) : "'" + c + "'";
    }
}
