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
 * byte-order mark at the start is skipped; blank lines are skipped.
 *
 * <p>A record is left where it was read, in the input buffer (a quoted field is unescaped in
 * place), and its fields are byte ranges of it, converted only when asked ({@link CsvRecordView}):
 * a number costs no {@code String} and no copy. A record may be at most {@link #MAX_RECORD_BYTES}
 * long: a file with no line ends (a binary file, a stream of zeros) is refused before it fills the
 * heap.
 */
final class CsvTokenizer implements CsvRecordView {
    /** The longest record read: 256 MiB, e.g. a header of 10 million 25-character names. */
    static final int MAX_RECORD_BYTES = 1 << 28;

    private final InputStream in;
    private final String source;
    private final byte delimiter;
    private byte[] buf = new byte[1 << 20];
    private int pos;
    private int limit;
    private boolean eof;
    private boolean started;
    /** Where the current record starts in {@link #buf}; the bytes before it may be dropped. */
    private int recordStart;
    /** How far the last {@link #fill} moved the buffer's contents down. */
    private int shift;

    /** Field {@code i} is {@code buf[recordStart + starts[i], recordStart + ends[i])}. */
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
        count = 0;
        while (true) {
            recordStart = pos;
            if (pos >= limit && !fill()) {
                return false;
            }
            byte b = buf[pos];
            if (b == '\n') {
                pos++;
                line++;
            } else if (b == '\r') {
                pos++;
                skipLf();
                line++;
            } else {
                break;
            }
        }
        recordStart = pos;
        recordLine = line;
        final byte d = delimiter;
        while (true) {
            // one field
            if (pos >= limit && !fill()) {
                addField(pos, pos); // the input ends after a delimiter: an empty last field
                return true;
            }
            int c;
            if (buf[pos] == '"') {
                pos++;
                int end = quoted() - recordStart; // relative to the record, which reading on may move
                int start = fieldStart - recordStart;
                c = read();
                while (c == ' ' || c == '\t') {
                    c = read();
                }
                if (c >= 0 && c != d && c != '\n' && c != '\r') {
                    throw new DataFormatException(source, line, "field " + (count + 1) + ": unexpected "
                            + describe(c) + " after the closing quote; expected " + describeDelimiter() + " or the end of the line");
                }
                addField(recordStart + start, recordStart + end);
            } else {
                int start = pos;
                while (true) {
                    byte[] b = buf;
                    int p = pos;
                    int lim = limit;
                    while (p < lim) {
                        byte x = b[p];
                        if (x == d || x == '\n' || x == '\r' || x == '"') {
                            break;
                        }
                        p++;
                    }
                    pos = p;
                    if (p < lim) {
                        break;
                    }
                    boolean more = fill();
                    start -= shift;
                    if (!more) {
                        break;
                    }
                }
                c = pos < limit ? buf[pos++] & 0xff : -1;
                if (c == '"') {
                    throw new DataFormatException(source, line, "field " + (count + 1)
                            + ": a double quote inside a field must be in a quoted field and doubled (\"\")");
                }
                addField(start, c < 0 ? pos : pos - 1);
            }
            if (c == d) {
                continue;
            }
            if (c == '\n') {
                line++;
            } else if (c == '\r') {
                skipLf();
                line++;
            }
            return true;
        }
    }

    /** Where the last quoted field's content starts (absolute, after any move of the buffer). */
    private int fieldStart;

    /**
     * A quoted field, its opening quote read: unescapes it in place ({@code ""} to {@code "}),
     * counting the line breaks inside; returns the end of its content, and leaves its start in
     * {@link #fieldStart}.
     */
    private int quoted() throws IOException {
        long startLine = line;
        int start = pos;
        int w = pos;
        while (true) {
            if (pos >= limit) {
                boolean more = fill();
                start -= shift;
                w -= shift;
                if (!more) {
                    throw new DataFormatException(source, startLine, "a quoted field is not closed before the end of the file");
                }
            }
            byte c = buf[pos++];
            if (c == '"') {
                if (pos >= limit) {
                    boolean more = fill();
                    start -= shift;
                    w -= shift;
                    if (!more) {
                        break;
                    }
                }
                if (buf[pos] == '"') {
                    pos++;
                    buf[w++] = '"';
                    continue;
                }
                break;
            }
            if (c == '\n') {
                line++;
            } else if (c == '\r') {
                if (pos >= limit) {
                    boolean more = fill();
                    start -= shift;
                    w -= shift;
                    if (!more || buf[pos] != '\n') {
                        line++;
                    }
                } else if (buf[pos] != '\n') {
                    line++;
                }
            }
            buf[w++] = c;
        }
        fieldStart = start;
        return w;
    }

    /** Consumes the LF of a CRLF. */
    private void skipLf() throws IOException {
        if (pos >= limit && !fill()) {
            return;
        }
        if (buf[pos] == '\n') {
            pos++;
        }
    }

    private int read() throws IOException {
        if (pos >= limit && !fill()) {
            return -1;
        }
        return buf[pos++] & 0xff;
    }

    private void addField(int start, int end) {
        if (count == starts.length) {
            starts = Arrays.copyOf(starts, count * 2);
            ends = Arrays.copyOf(ends, count * 2);
        }
        starts[count] = start - recordStart;
        ends[count] = end - recordStart;
        count++;
    }

    /**
     * Reads more input after {@link #limit}, first moving the current record to the front of the
     * buffer (by {@link #shift} bytes, which callers subtract from positions they hold) and growing
     * the buffer when the record fills it. False at the end of the input.
     */
    private boolean fill() throws IOException {
        shift = 0;
        if (eof) {
            return false;
        }
        if (recordStart > 0) {
            shift = recordStart;
            System.arraycopy(buf, recordStart, buf, 0, limit - recordStart);
            pos -= shift;
            limit -= shift;
            recordStart = 0;
        }
        if (limit == buf.length) {
            if (buf.length >= MAX_RECORD_BYTES) {
                throw new DataFormatException(source, recordLine == 0 ? line : recordLine, "a record longer than "
                        + (MAX_RECORD_BYTES >> 20) + " MiB without a line break; this does not look like a CSV file");
            }
            buf = Arrays.copyOf(buf, Math.min(MAX_RECORD_BYTES, 2 * buf.length));
        }
        int n = in.read(buf, limit, buf.length - limit);
        if (n <= 0) {
            eof = true;
            return false;
        }
        limit += n;
        if (!started) {
            started = true;
            if (limit >= 3 && (buf[0] & 0xff) == 0xef && (buf[1] & 0xff) == 0xbb && (buf[2] & 0xff) == 0xbf) {
                pos = 3;
                recordStart = 3;
                if (limit == 3) {
                    return fill();
                }
            }
        }
        return true;
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
        int from = recordStart + starts[i];
        int to = recordStart + ends[i];
        byte[] b = buf;
        while (from < to && (b[from] == ' ' || b[from] == '\t')) {
            from++;
        }
        if (from == to) {
            return true;
        }
        byte first = b[from];
        if (first >= '0' && first <= '9' || first == '-' || first == '+' || first == '.') {
            return false; // a number (or text that is not a marker): the common case, decided at once
        }
        while (to > from && (b[to - 1] == ' ' || b[to - 1] == '\t')) {
            to--;
        }
        return MissingValues.isMissing(b, from, to);
    }

    @Override
    public double number(int i) {
        return Decimals.parse(buf, recordStart + starts[i], recordStart + ends[i]);
    }

    @Override
    public String text(int i) {
        int from = recordStart + starts[i];
        int to = recordStart + ends[i];
        boolean ascii = true;
        for (int k = from; k < to; k++) {
            if (buf[k] < 0) {
                ascii = false;
                break;
            }
        }
        String s;
        if (ascii) {
            s = new String(buf, from, to - from, StandardCharsets.ISO_8859_1);
        } else {
            if (decoder == null) {
                decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT);
            }
            try {
                CharBuffer chars = decoder.decode(ByteBuffer.wrap(buf, from, to - from));
                s = chars.toString();
            } catch (CharacterCodingException e) {
                throw new DataFormatException(source, recordLine, "field " + (i + 1) + " is not UTF-8 text: "
                        + quoted(i));
            }
        }
        return s.strip();
    }

    @Override
    public String raw(int i) {
        int n = ends[i] - starts[i];
        // messages show at most a short excerpt: decode no more than needed for it
        return new String(buf, recordStart + starts[i], Math.min(n, 4 * Excerpt.MAX_CHARS), StandardCharsets.UTF_8);
    }

    @Override
    public long rawLength(int i) {
        return ends[i] - starts[i];
    }

    /** The fields of the current record, as Strings (for small in-memory tables). */
    String[] fields() {
        String[] out = new String[count];
        for (int i = 0; i < count; i++) {
            out[i] = new String(buf, recordStart + starts[i], ends[i] - starts[i], StandardCharsets.UTF_8);
        }
        return out;
    }
}
