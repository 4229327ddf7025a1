package dev.chainrule.data;

import dev.chainrule.io.Excerpt;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A small CSV file held in memory as text: the header row (column names) and the data rows,
 * each with exactly as many fields as the header and with the 1-based line it starts on. For
 * tables that are looked at field by field (cross-validation folds, fixtures); large files are
 * read with {@link CsvFile}, which streams. Parsing is the same ({@link CsvTokenizer}: RFC 4180,
 * CRLF or LF, a UTF-8 byte-order mark, blank lines skipped, gzip told by its magic bytes).
 * Nothing is converted to numbers here; see {@link TabularPreprocessing}.
 */
public final class CsvTable implements CsvSource {
    private final String source;
    private final List<String> header;
    private final Map<String, Integer> index;
    private final List<String[]> rows;
    private final long[] lines;
    private final long headerLine;

    private CsvTable(String source, long headerLine, List<String> header, List<String[]> rows, long[] lines) {
        this.source = source;
        this.headerLine = headerLine;
        this.header = List.copyOf(header);
        this.rows = rows;
        this.lines = lines;
        this.index = indexOf(this.header);
    }

    /**
     * Reads a UTF-8 CSV file (plain or gzipped) whose first record is the header.
     *
     * @param file the CSV file
     * @return the table
     */
    public static CsvTable read(Path file) {
        return read(file, CsvFormat.DEFAULT);
    }

    /**
     * Reads a UTF-8 CSV file without a header row (e.g. raw pixels); the columns are named
     * {@code "1", "2", ...} and every record is a data row.
     *
     * @param file the CSV file
     * @return the table
     */
    public static CsvTable readHeaderless(Path file) {
        return read(file, CsvFormat.headerless());
    }

    /**
     * Reads a CSV file (plain or gzipped) in {@code format}.
     *
     * @param file the CSV file
     * @param format the format
     * @return the csv table
     */
    public static CsvTable read(Path file, CsvFormat format) {
        String source = file.toString();
        try (InputStream in = DataFiles.open(file)) {
            try {
                return read(in, source, format);
            } catch (IllegalArgumentException e) {
                throw DataFiles.blameGzip(in, e);
            }
        } catch (IOException e) {
            throw DataFiles.failure(source, e);
        }
    }

    /**
     * The column names of a CSV file's first record, without reading further.
     *
     * @param file the file
     * @return the column names of a CSV file's first record, without reading further
     */
    public static List<String> readHeader(Path file) {
        return CsvFile.open(file).header();
    }

    /**
     * Reads CSV text; {@code source} names it in messages. With {@code hasHeader} the first record
     * is the header, otherwise the columns are named {@code "1", "2", ...}.
     *
     * @param reader the CSV text
     * @param source names the input in messages
     * @param hasHeader whether the first record is the header
     * @return the table
     * @throws IOException when the file cannot be read or written
     */
    public static CsvTable read(Reader reader, String source, boolean hasHeader) throws IOException {
        StringBuilder text = new StringBuilder();
        char[] chunk = new char[8192];
        for (int n = reader.read(chunk); n >= 0; n = reader.read(chunk)) {
            text.append(chunk, 0, n);
        }
        return read(new ByteArrayInputStream(text.toString().getBytes(StandardCharsets.UTF_8)), source,
                CsvFormat.DEFAULT.withHeader(hasHeader));
    }

    private static CsvTable read(InputStream in, String source, CsvFormat format) throws IOException {
        CsvTokenizer tokens = new CsvTokenizer(in, source, format.delimiter());
        if (!tokens.next()) {
            throw new DataFormatException(source, 0, "the file is empty; expected " + (format.header()
                    ? "a header row of column names, then data rows" : "rows of " + describe(format.delimiter()) + "-separated values"));
        }
        List<String> names = columnNames(tokens, source, format.header());
        long headerLine = format.header() ? tokens.line() : 0;
        List<String[]> rows = new ArrayList<>();
        List<Long> lines = new ArrayList<>();
        if (!format.header()) {
            rows.add(tokens.fields());
            lines.add(tokens.line());
        }
        while (tokens.next()) {
            requireWidth(tokens, names, source, format.header());
            rows.add(tokens.fields());
            lines.add(tokens.line());
            if ((rows.size() & 0xfff) == 0 && dev.chainrule.io.Limits.freeHeap() < 64L << 20) {
                dev.chainrule.io.Limits.checkHeap(source + " as text in memory (a CsvTable; CsvFile streams it instead)", 64L << 20);
            }
        }
        if (rows.isEmpty()) {
            throw new DataFormatException(source, headerLine, "no data rows after the header");
        }
        return new CsvTable(source, headerLine, names, rows, lines.stream().mapToLong(Long::longValue).toArray());
    }

    /** The column names from the first record: the header's (checked), or {@code "1", "2", ...}. */
    static List<String> columnNames(CsvTokenizer first, String source, boolean hasHeader) {
        List<String> names = new ArrayList<>(first.size());
        if (!hasHeader) {
            for (int i = 1; i <= first.size(); i++) {
                names.add(Integer.toString(i));
            }
            return names;
        }
        Map<String, Integer> seen = new HashMap<>(2 * first.size());
        for (int i = 0; i < first.size(); i++) {
            String name = first.text(i);
            if (name.isEmpty()) {
                throw new DataFormatException(source, first.line(), "header field " + (i + 1) + " is empty; every column needs a name");
            }
            Integer before = seen.putIfAbsent(name, i);
            if (before != null) {
                throw new DataFormatException(source, first.line(), "column name " + Excerpt.quoted(name) + " appears twice in the"
                        + " header (fields " + (before + 1) + " and " + (i + 1) + ")");
            }
            names.add(name);
        }
        return names;
    }

    /** Refuses a record whose field count is not the header's, naming its line. */
    static void requireWidth(CsvRecordView r, List<String> names, String source, boolean hasHeader) {
        if (r.size() == names.size()) {
            return;
        }
        String header = names.size() <= 8 ? " (" + String.join(",", names) + ")" : "";
        throw new DataFormatException(source, r.line(), (r.size() < names.size() ? "too few" : "too many")
                + " fields: " + r.size() + ", expected " + names.size()
                + (hasHeader ? " as in the header" + Excerpt.of(header) : " as in the first row"));
    }

    static String describe(char delimiter) {
        return delimiter == ',' ? "comma" : delimiter == '\t' ? "tab" : "'" + delimiter + "'";
    }

    static Map<String, Integer> indexOf(List<String> names) {
        Map<String, Integer> index = new HashMap<>(2 * names.size());
        for (int i = 0; i < names.size(); i++) {
            index.putIfAbsent(names.get(i), i);
        }
        return index;
    }

    @Override
    public String source() {
        return source;
    }

    @Override
    public List<String> header() {
        return header;
    }

    @Override
    public long headerLine() {
        return headerLine;
    }

    /**
     * Number of data rows (the header excluded).
     *
     * @return number of data rows (the header excluded)
     */
    public int size() {
        return rows.size();
    }

    /**
     * The field of data row {@code row} (0-based) in column {@code column} (0-based), as written.
     *
     * @param row the 0-based row
     * @param column the 0-based column
     * @return the field of data row {@code row} (0-based) in column {@code column} (0-based), as written
     */
    public String field(int row, int column) {
        return rows.get(row)[column];
    }

    /**
     * The 1-based file line on which data row {@code row} (0-based) starts.
     *
     * @param row the 0-based row
     * @return the 1-based file line on which data row {@code row} (0-based) starts
     */
    public long line(int row) {
        return lines[row];
    }

    /**
     * The 0-based index of a column, or -1 when the header has no such name.
     *
     * @param column the column name
     * @return the 0-based index of a column, or -1 when the header has no such name
     */
    public int indexOf(String column) {
        return index.getOrDefault(column, -1);
    }

    /**
     * The 0-based index of a column; throws naming the file and the header's columns when absent.
     *
     * @param column the column name
     * @param role names the set in messages
     * @return the 0-based index of a column; throws naming the file and the header's columns when absent
     */
    public int require(String column, String role) {
        return Columns.require(this, column, role);
    }

    /** Visits the data records of a source in order. */
    @FunctionalInterface
    interface RecordVisitor {
        void record(int row, CsvRecordView fields);
    }

    /** Streams the data records of {@code source} to {@code visitor}, in file order. */
    static void forEachRecord(CsvSource source, RecordVisitor visitor) {
        if (source instanceof CsvFile file) {
            file.forEachRecord(visitor);
            return;
        }
        CsvTable table = (CsvTable) source;
        Row view = new Row(table);
        for (int r = 0; r < table.rows.size(); r++) {
            view.row = r;
            visitor.record(r, view);
        }
    }

    /** A stored row seen as a record. */
    private static final class Row implements CsvRecordView {
        private final CsvTable table;
        private int row;

        Row(CsvTable table) {
            this.table = table;
        }

        @Override
        public long line() {
            return table.lines[row];
        }

        @Override
        public int size() {
            return table.rows.get(row).length;
        }

        @Override
        public boolean isMissing(int i) {
            return MissingValues.isMissing(table.rows.get(row)[i]);
        }

        @Override
        public double number(int i) {
            return Decimals.parse(table.rows.get(row)[i]);
        }

        @Override
        public String text(int i) {
            return table.rows.get(row)[i].strip();
        }

        @Override
        public String raw(int i) {
            return table.rows.get(row)[i];
        }

        @Override
        public long rawLength(int i) {
            return table.rows.get(row)[i].length();
        }
    }
}
