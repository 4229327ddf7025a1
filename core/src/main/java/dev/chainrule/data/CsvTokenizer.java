package dev.chainrule.data;

import dev.chainrule.io.Excerpt;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Splits CSV bytes into records as RFC 4180 says, streaming: fields separated by the
 * delimiter, records by CRLF or LF (a lone CR also ends a record), a field in double quotes may
 * hold delimiters, line breaks and doubled quotes ({@code ""} stands for one {@code "}). A UTF-8
 * byte-order mark at the start is skipped; blank lines are skipped. Fields are kept as bytes
 * and converted only when asked ({@link CsvRecordView}), so a number costs no {@code String}.
 *
 * <p>A record may be at most {@link #MAX_RECORD_BYTES} long: a file with no line ends (a binary
 * file, a stream of zeros) is refused before it fills the heap.
 */
final class CsvTokenizer implements CsvRecordView {
    /** The longest record read: 256 MiB, e.g. a header of 10 million 25-character names. */
    static final int MAX_RECORD_BYTES = 1 << 28;

    private final InputStream in;
    private final String source;
    private final byte delimiter;
    private final byte[] buf = new byte[1 << 16];
    private int pos;
    private int limit;
    private boolean eof;
    private boolean started;

    private byte[] record = new byte[1 << 12];
    private int length;
    private int[] starts = new int[64];
    private int[] ends = new int[64];
    private int count;
    private long line = 1;
    private long recordLine;
    private CharsetDecoder decoder;

    CsvTokenizer(InputStream in, String source, char delimiter) {
        this.in = in;
        this.source = source;
        this.delimiter = (byte) delimiter;
    }

    /** Reads the next non-blank record; false at the end of the input. */
    boolean next() throws IOException {
        length = 0;
        count = 0;
        while (true) {
            int c = read();
            if (c < 0) {
                return false;
            }
            if (c == '\n') {
                line++;
                continue;
            }
            if (c == '\r') {
                endOfLine();
                continue;
            }
            pos--; // the first byte of the record, read again below
            break;
        }
        recordLine = line;
        int fieldStart = 0;
        while (true) {
            // one field
            int c = read();
            if (c == '"') {
                quoted();
                c = read();
                while (c == ' ' || c == '\t') {
                    c = read();
                }
                if (c >= 0 && c != delimiter && c != '\n' && c != '\r') {
                    throw new DataFormatException(source, line, "field " + (count + 1) + ": unexpected "
                            + describe(c) + " after the closing quote; expected " + describeDelimiter() + " or the end of the line");
                }
            } else {
                while (c >= 0 && c != delimiter && c != '\n' && c != '\r') {
                    if (c == '"') {
                        throw new DataFormatException(source, line, "field " + (count + 1)
                                + ": a double quote inside a field must be in a quoted field and doubled (\"\")");
                    }
                    append(c);
                    if (pos < limit) {
                        // the common case, a run of plain bytes already in the buffer
                        int from = pos;
                        int to = from;
                        byte d = delimiter;
                        byte[] b = buf;
                        while (to < limit) {
                            byte x = b[to];
                            if (x == d || x == '\n' || x == '\r' || x == '"') {
                                break;
                            }
                            to++;
                        }
                        appendRun(b, from, to);
                        pos = to;
                    }
                    c = read();
                }
            }
            endField(fieldStart);
            fieldStart = length;
            if (c == delimiter) {
                continue;
            }
            if (c == '\n') {
                line++;
            } else if (c == '\r') {
                endOfLine();
            }
            return true;
        }
    }

    /** A quoted field, its opening quote read: copies it unescaped, counting the line breaks inside. */
    private void quoted() throws IOException {
        long start = line;
        while (true) {
            int c = read();
            if (c < 0) {
                throw new DataFormatException(source, start, "a quoted field is not closed before the end of the file");
            }
            if (c == '"') {
                int d = read();
                if (d == '"') {
                    append('"');
                    continue;
                }
                if (d >= 0) {
                    pos--;
                }
                return;
            }
            if (c == '\n') {
                line++;
            } else if (c == '\r') {
                int d = read();
                if (d >= 0) {
                    pos--;
                }
                if (d != '\n') {
                    line++;
                }
            }
            append(c);
        }
    }

    /** Consumes the LF of a CRLF and counts the line. */
    private void endOfLine() throws IOException {
        int d = read();
        if (d >= 0 && d != '\n') {
            pos--;
        }
        line++;
    }

    private void endField(int fieldStart) {
        if (count == starts.length) {
            starts = Arrays.copyOf(starts, count * 2);
            ends = Arrays.copyOf(ends, count * 2);
        }
        starts[count] = fieldStart;
        ends[count] = length;
        count++;
    }

    private void append(int c) {
        if (length == record.length) {
            grow(1);
        }
        record[length++] = (byte) c;
    }

    private void appendRun(byte[] b, int from, int to) {
        int n = to - from;
        if (length + n > record.length) {
            grow(n);
        }
        System.arraycopy(b, from, record, length, n);
        length += n;
    }

    private void grow(int more) {
        long needed = (long) length + more;
        if (needed > MAX_RECORD_BYTES) {
            throw new DataFormatException(source, recordLine, "a record longer than " + (MAX_RECORD_BYTES >> 20)
                    + " MiB without a line break; this does not look like a CSV file");
        }
        record = Arrays.copyOf(record, (int) Math.min(MAX_RECORD_BYTES, Math.max(needed, 2L * record.length)));
    }

    private int read() throws IOException {
        if (pos >= limit) {
            if (eof) {
                return -1;
            }
            int n = in.read(buf, 0, buf.length);
            if (n <= 0) {
                eof = true;
                pos = 0;
                limit = 0;
                return -1;
            }
            pos = 0;
            limit = n;
            if (!started) {
                started = true;
                if (n >= 3 && (buf[0] & 0xff) == 0xef && (buf[1] & 0xff) == 0xbb && (buf[2] & 0xff) == 0xbf) {
                    pos = 3;
                    if (limit == 3) {
                        return read();
                    }
                }
            }
        }
        return buf[pos++] & 0xff;
    }

    private String describe(int c) {
        return c == ' ' ? "a space" : "'" + Excerpt.of(String.valueOf((char) c)) + "'";
    }

    private String describeDelimiter() {
        return delimiter == ',' ? "a comma" : delimiter == '\t' ? "a tab" : "the delimiter '" + (char) delimiter + "'";
    }

    // ---- the current record -------------------------------------------------------------------

    @Override
    public long line() {
        return recordLine;
    }

    @Override
    public int size() {
        return count;
    }

    @Override
    public boolean isMissing(int i) {
        int from = starts[i];
        int to = ends[i];
        while (from < to && (record[from] == ' ' || record[from] == '\t')) {
            from++;
        }
        while (to > from && (record[to - 1] == ' ' || record[to - 1] == '\t')) {
            to--;
        }
        return MissingValues.isMissing(record, from, to);
    }

    @Override
    public double number(int i) {
        return Decimals.parse(record, starts[i], ends[i]);
    }

    @Override
    public String text(int i) {
        int from = starts[i];
        int to = ends[i];
        boolean ascii = true;
        for (int k = from; k < to; k++) {
            if (record[k] < 0) {
                ascii = false;
                break;
            }
        }
        String s;
        if (ascii) {
            s = new String(record, from, to - from, StandardCharsets.ISO_8859_1);
        } else {
            if (decoder == null) {
                decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT);
            }
            try {
                CharBuffer chars = decoder.decode(ByteBuffer.wrap(record, from, to - from));
                s = chars.toString();
            } catch (CharacterCodingException e) {
                throw new DataFormatException(source, recordLine, "field " + (i + 1) + " is not UTF-8 text: "
                        + Excerpt.quoted(raw(i)));
            }
        }
        return s.strip();
    }

    @Override
    public String raw(int i) {
        int n = ends[i] - starts[i];
        // messages show at most a short excerpt: decode no more than needed for it
        return new String(record, starts[i], Math.min(n, 4 * Excerpt.MAX_CHARS), StandardCharsets.UTF_8)
                + (n > 4 * Excerpt.MAX_CHARS ? "...(" + n + " bytes)" : "");
    }

    /** The fields of the current record, as Strings (for small in-memory tables). */
    String[] fields() {
        String[] out = new String[count];
        for (int i = 0; i < count; i++) {
            out[i] = new String(record, starts[i], ends[i] - starts[i], StandardCharsets.UTF_8);
        }
        return out;
    }
}
