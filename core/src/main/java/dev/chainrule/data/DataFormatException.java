package dev.chainrule.data;

/**
 * Bad input data: the message names the file, the 1-based line, the column or field and what was
 * expected, e.g. {@code binary.csv, line 17, column "gre": expected a number, got "abc"}.
 *
 * <p>An {@link IllegalArgumentException}, so the command line reports it as bad input (exit
 * status 2) without a stack trace.
 */
public class DataFormatException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /**
     * The file or stream that held the bad input.
     */
    private final String source;
    /**
     * The 1-based line, or 0 when the problem is not on one line.
     */
    private final long line;

    /**
     * @param source the file (or stream) name, shown first in the message
     * @param line   1-based line number, or 0 when the problem is not on one line
     * @param detail what is wrong and what was expected
     */
    public DataFormatException(String source, long line, String detail) {
        super(message(source, line, detail));
        this.source = source;
        this.line = line;
    }

    /**
     * As {@link #DataFormatException(String, long, String)}, with the exception that caused it.
     *
     * @param source names the input in messages
     * @param line the 1-based line, or 0 when the problem is not on one line
     * @param detail what is wrong and what was expected
     * @param cause the exception that caused it
     */
    public DataFormatException(String source, long line, String detail, Throwable cause) {
        this(source, line, detail);
        initCause(cause);
    }

    private static String message(String source, long line, String detail) {
        return source + (line > 0 ? ", line " + line : "") + ": " + detail;
    }

    /**
     * The file or stream name.
     *
     * @return the file or stream name
     */
    public String source() {
        return source;
    }

    /**
     * The 1-based line number, or 0 when the problem is not on one line.
     *
     * @return the 1-based line number, or 0 when the problem is not on one line
     */
    public long line() {
        return line;
    }
}
