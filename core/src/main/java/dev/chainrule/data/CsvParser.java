package dev.chainrule.data;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits CSV text into records as RFC 4180 says: fields separated by commas, records by CRLF or
 * LF (a lone CR also ends a record), a field in double quotes may hold commas, line breaks and
 * doubled quotes ({@code ""} stands for one {@code "}). A UTF-8 byte-order mark at the start is
 * skipped; blank lines are skipped. Unquoted fields are kept as written (callers trim them).
 *
 * <p>Each record remembers the 1-based line on which it starts, for error messages.
 */
final class CsvParser {
    private static final int BOM = '\uFEFF';

    private final Reader in;
    private final String source;
    /** A character pushed back by {@link #unread}, or -2 for none. */
    private int pending = -2;
    private long line = 1;
    private boolean started;

    CsvParser(Reader in, String source) {
        this.in = in;
        this.source = source;
    }

    /** The next non-blank record, or null at the end of the input. */
    CsvRecord next() throws IOException {
        while (true) {
            int c = read();
            if (c == -1) {
                return null;
            }
            if (c == '\r' || c == '\n') {
                endLine(c);
                continue;
            }
            unread(c);
            return record();
        }
    }

    private CsvRecord record() throws IOException {
        long start = line;
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean wasQuoted = false;
        while (true) {
            int c = read();
            if (quoted) {
                if (c == -1) {
                    throw new DataFormatException(source, start, "a quoted field is not closed before the end of the file");
                }
                if (c == '"') {
                    int d = read();
                    if (d == '"') {
                        field.append('"');
                    } else {
                        quoted = false;
                        unread(d);
                    }
                } else {
                    if (c == '\n' || (c == '\r' && peekNot('\n'))) {
                        line++;
                    }
                    field.append((char) c);
                }
                continue;
            }
            if (c == ',' || c == '\r' || c == '\n' || c == -1) {
                fields.add(field.toString());
                field.setLength(0);
                wasQuoted = false;
                if (c == ',') {
                    continue;
                }
                if (c != -1) {
                    endLine(c);
                }
                return new CsvRecord(start, fields);
            }
            if (c == '"') {
                if (field.length() == 0 && !wasQuoted) {
                    quoted = true;
                    wasQuoted = true;
                    continue;
                }
                throw new DataFormatException(source, line, "field " + (fields.size() + 1)
                        + ": a double quote inside a field must be in a quoted field and doubled (\"\")");
            }
            if (wasQuoted) {
                if (c == ' ' || c == '\t') {
                    continue;
                }
                throw new DataFormatException(source, line, "field " + (fields.size() + 1)
                        + ": unexpected '" + (char) c + "' after the closing quote; expected a comma or the end of the line");
            }
            field.append((char) c);
        }
    }

    private boolean peekNot(char expected) throws IOException {
        int d = read();
        unread(d);
        return d != expected;
    }

    /** Consumes the LF of a CRLF and counts the line. */
    private void endLine(int c) throws IOException {
        if (c == '\r') {
            int d = read();
            if (d != '\n') {
                unread(d);
            }
        }
        line++;
    }

    private int read() throws IOException {
        int c;
        if (pending != -2) {
            c = pending;
            pending = -2;
            return c;
        }
        c = in.read();
        if (c == BOM && !started) {
            c = in.read();
        }
        started = true;
        return c;
    }

    private void unread(int c) {
        pending = c;
    }
}
