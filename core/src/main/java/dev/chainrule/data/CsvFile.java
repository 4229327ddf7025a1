package dev.chainrule.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;

/**
 * A CSV file on disk, plain or gzipped, read as a stream each time it is read: only the header
 * is kept in memory. Opening it reads and checks the header (names not empty, none twice).
 */
public final class CsvFile implements CsvSource {
    private final Path path;
    private final CsvFormat format;
    private final List<String> header;
    private final long headerLine;
    private java.util.Map<String, Integer> index;

    private CsvFile(Path path, CsvFormat format, List<String> header, long headerLine) {
        this.path = path;
        this.format = format;
        this.header = header;
        this.headerLine = headerLine;
    }

    /**
     * Opens a comma-separated file with a header row.
     *
     * @param path the path
     * @return the csv file
     */
    public static CsvFile open(Path path) {
        return open(path, CsvFormat.DEFAULT);
    }

    /**
     * Opens a file in {@code format}, reading its first record (the header, or the first row to count the columns).
     *
     * @param path the path
     * @param format the format
     * @return the csv file
     */
    public static CsvFile open(Path path, CsvFormat format) {
        String source = path.toString();
        try (InputStream in = DataFiles.open(path)) {
            CsvTokenizer tokens = new CsvTokenizer(in, source, format.delimiter());
            if (!tokens.next()) {
                throw new DataFormatException(source, 0, "the file is empty; expected " + (format.header()
                        ? "a header row of column names, then data rows" : "rows of " + CsvTable.describe(format.delimiter())
                        + "-separated values"));
            }
            List<String> names = CsvTable.columnNames(tokens, source, format.header());
            return new CsvFile(path, format, names, format.header() ? tokens.line() : 0);
        } catch (IOException e) {
            throw DataFiles.failure(source, e);
        }
    }

    /**
     * Opens a file whose header row is optional, as files of raw numbers (pixels) come: the first
     * record is a header when one of its fields is not a number.
     *
     * @param path the path
     * @param delimiter the delimiter
     * @return the csv file
     */
    public static CsvFile openSniffingHeader(Path path, char delimiter) {
        String source = path.toString();
        boolean header = false;
        try (InputStream in = DataFiles.open(path)) {
            CsvTokenizer tokens = new CsvTokenizer(in, source, delimiter);
            if (tokens.next()) {
                for (int i = 0; i < tokens.size() && !header; i++) {
                    double v = tokens.number(i);
                    header = Double.isNaN(v) && !tokens.isMissing(i);
                }
            }
        } catch (IOException e) {
            throw DataFiles.failure(source, e);
        }
        return open(path, new CsvFormat(delimiter, header));
    }

    /**
     * Every field of every data row as a number, {@code [rows, columns]}: for a model that takes the
     * columns as they are. Two streaming passes, the first counting the rows.
     *
     * @param dtype the element type of the tensors
     * @return the tensor
     */
    public dev.chainrule.tensor.Tensor numbers(dev.chainrule.tensor.DType dtype) {
        int[] rows = {0};
        forEachRecord((row, r) -> rows[0] = row + 1);
        int cols = header.size();
        dev.chainrule.io.Limits.checkTensor(source(), rows[0], cols, dtype == dev.chainrule.tensor.DType.FLOAT32 ? 4 : 8);
        dev.chainrule.tensor.Tensor x = dev.chainrule.tensor.Tensor.zeros(dtype, rows[0], cols);
        boolean float32 = dtype == dev.chainrule.tensor.DType.FLOAT32;
        forEachRecord((row, r) -> {
            if (row >= rows[0]) {
                throw new DataFormatException(source(), r.line(), "the file changed while it was read");
            }
            for (int c = 0; c < cols; c++) {
                double v = r.number(c);
                if (Double.isNaN(v) || Double.isInfinite(v) || (float32 && Float.isInfinite((float) v))) {
                    throw Columns.notANumber(this, r, c, v, float32 && !Double.isNaN(v) && !Double.isInfinite(v));
                }
                x.set(row, c, v);
            }
        });
        return x;
    }

    /**
     * The file.
     *
     * @return the file
     */
    public Path path() {
        return path;
    }

    /**
     * How the file is written.
     *
     * @return how the file is written
     */
    public CsvFormat format() {
        return format;
    }

    @Override
    public String source() {
        return path.toString();
    }

    @Override
    public List<String> header() {
        return header;
    }

    @Override
    public long headerLine() {
        return headerLine;
    }

    /** Streams the data records (the header skipped) to {@code visitor}, checking that each has one field per column. */
    void forEachRecord(CsvTable.RecordVisitor visitor) {
        String source = source();
        try (InputStream in = DataFiles.open(path)) {
            try {
                CsvTokenizer tokens = new CsvTokenizer(in, source, format.delimiter());
                if (format.header()) {
                    tokens.next();
                }
                int row = 0;
                while (tokens.next()) {
                    CsvTable.requireWidth(tokens, header, source, format.header());
                    visitor.record(row++, tokens);
                }
                if (row == 0) {
                    throw new DataFormatException(source, headerLine, "no data rows" + (format.header() ? " after the header" : ""));
                }
            } catch (IllegalArgumentException e) {
                throw DataFiles.blameGzip(in, e);
            }
        } catch (IOException e) {
            throw DataFiles.failure(source, e);
        }
    }

    /**
     * The 0-based index of a column, or -1 when the header has no such name.
     *
     * @param column the column name
     * @return the 0-based index of a column, or -1 when the header has no such name
     */
    public int indexOf(String column) {
        if (index == null) {
            index = CsvTable.indexOf(header);
        }
        return index.getOrDefault(column, -1);
    }

    @Override
    public String toString() {
        return "CsvFile(" + path + ", " + header.size() + " columns)";
    }
}
