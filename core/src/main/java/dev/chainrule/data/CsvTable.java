package dev.chainrule.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A CSV file as text: the header row (column names) and the data rows, each with exactly as many
 * fields as the header and with the 1-based line it starts on. Parsing follows RFC 4180 (quoted
 * fields, {@code ""} escapes, commas and line breaks inside quotes), accepts CRLF or LF line ends
 * and a UTF-8 byte-order mark, and skips blank lines. Nothing is converted to numbers here; see
 * {@link TabularPreprocessing}.
 */
public final class CsvTable {
    private final String source;
    private final List<String> header;
    private final List<CsvRecord> rows;
    private final long headerLine;

    private CsvTable(String source, long headerLine, List<String> header, List<CsvRecord> rows) {
        this.source = source;
        this.headerLine = headerLine;
        this.header = List.copyOf(header);
        this.rows = List.copyOf(rows);
    }

    /** Reads a UTF-8 CSV file whose first record is the header. */
    public static CsvTable read(Path file) {
        return read(file, true);
    }

    /**
     * Reads a UTF-8 CSV file without a header row (e.g. raw pixels); the columns are named
     * {@code "1", "2", ...} and every record is a data row.
     */
    public static CsvTable readHeaderless(Path file) {
        return read(file, false);
    }

    private static CsvTable read(Path file, boolean hasHeader) {
        String source = file.toString();
        try (Reader reader = new BufferedReader(new InputStreamReader(Files.newInputStream(file),
                StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)))) {
            return read(reader, source, hasHeader);
        } catch (NoSuchFileException e) {
            throw new DataFormatException(source, 0, "no such file");
        } catch (CharacterCodingException e) {
            throw new DataFormatException(source, 0, "not UTF-8 text (" + e.getMessage() + ")");
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + source, e);
        }
    }

    /** The column names of a UTF-8 CSV file's first record, without reading further. */
    public static List<String> readHeader(Path file) {
        String source = file.toString();
        try (Reader reader = new BufferedReader(new InputStreamReader(Files.newInputStream(file),
                StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)))) {
            CsvRecord head = new CsvParser(reader, source).next();
            List<String> names = new ArrayList<>();
            if (head != null) {
                for (String f : head.fields()) {
                    names.add(f.strip());
                }
            }
            return names;
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + source, e);
        }
    }

    /**
     * Reads CSV text; {@code source} names it in messages. With {@code hasHeader} the first record
     * is the header, otherwise the columns are named {@code "1", "2", ...}.
     */
    public static CsvTable read(Reader reader, String source, boolean hasHeader) throws IOException {
        CsvParser parser = new CsvParser(reader, source);
        CsvRecord head = parser.next();
        if (head == null) {
            throw new DataFormatException(source, 0, "the file is empty; expected " + (hasHeader
                    ? "a header row of column names, then data rows" : "rows of comma-separated values"));
        }
        List<CsvRecord> rows = new ArrayList<>();
        if (!hasHeader) {
            List<String> numbered = new ArrayList<>();
            for (int i = 1; i <= head.size(); i++) {
                numbered.add(Integer.toString(i));
            }
            rows.add(head);
            head = new CsvRecord(head.line(), numbered);
        }
        List<String> names = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < head.size(); i++) {
            String name = head.field(i).strip();
            if (name.isEmpty()) {
                throw new DataFormatException(source, head.line(), "header field " + (i + 1) + " is empty; every column needs a name");
            }
            if (!seen.add(name)) {
                throw new DataFormatException(source, head.line(), "column name \"" + name + "\" appears twice in the header");
            }
            names.add(name);
        }
        for (CsvRecord r = parser.next(); r != null; r = parser.next()) {
            if (r.size() != names.size()) {
                throw new DataFormatException(source, r.line(), (r.size() < names.size() ? "too few" : "too many")
                        + " fields: " + r.size() + ", expected " + names.size()
                        + (hasHeader ? " as in the header (" + String.join(",", names) + ")" : " as in the first row"));
            }
            rows.add(r);
        }
        if (rows.isEmpty()) {
            throw new DataFormatException(source, head.line(), "no data rows after the header");
        }
        return new CsvTable(source, head.line(), names, rows);
    }

    /** The file name used in messages. */
    public String source() {
        return source;
    }

    /** Column names, in file order. */
    public List<String> header() {
        return header;
    }

    /** Number of data rows (the header excluded). */
    public int size() {
        return rows.size();
    }

    /** The field of data row {@code row} (0-based) in column {@code column} (0-based), as written. */
    public String field(int row, int column) {
        return rows.get(row).field(column);
    }

    /** The 1-based file line on which data row {@code row} (0-based) starts. */
    public long line(int row) {
        return rows.get(row).line();
    }

    /** The 0-based index of a column, or -1 when the header has no such name. */
    public int indexOf(String column) {
        return header.indexOf(column);
    }

    /** The 0-based index of a column; throws naming the file and the header's columns when absent. */
    public int require(String column, String role) {
        int i = indexOf(column);
        if (i < 0) {
            throw new DataFormatException(source, headerLine, "no " + role + " column \"" + column + "\"; the header has "
                    + String.join(", ", header));
        }
        return i;
    }

    /** A value error at data row {@code row}, column {@code column}: names file, line and column. */
    DataFormatException error(int row, int column, String detail) {
        return new DataFormatException(source, line(row), "column \"" + header.get(column) + "\" (field " + (column + 1)
                + "): " + detail);
    }
}
