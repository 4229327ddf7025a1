package dev.chainrule.data;

import dev.chainrule.tensor.DType;
import dev.chainrule.tensor.Tensor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The preparation of a CSV file: one {@link ColumnEncoding} per feature column, in file order,
 * and the {@link TargetEncoding}. Features of a row are the encodings' outputs side by side
 * ({@code [inputs]}, {@code inputs} = sum of the widths); the target row is the target
 * encoding's output ({@code [outputs]}).
 *
 * @param columns the feature columns' encodings, in feature order
 * @param target  the target's encoding
 */
public record TabularPreprocessing(List<ColumnEncoding> columns, TargetEncoding target) implements Preprocessing {
    static final String KIND = "columns";

    public TabularPreprocessing {
        columns = List.copyOf(columns);
        if (columns.isEmpty()) {
            throw new IllegalArgumentException("a CSV data set needs at least one feature column besides the target");
        }
    }

    /**
     * Fits the encodings on the given (training) rows: categories and classes seen there, in
     * {@code options.categoryOrder()}; means and sample stds of the standardized columns. Every
     * column named in {@code options} must exist.
     */
    public static TabularPreprocessing fit(CsvTable table, int[] trainRows, CsvOptions options) {
        int targetCol = table.require(options.target(), "target");
        for (String c : options.categorical()) {
            table.require(c, "categorical");
        }
        for (String c : options.standardize()) {
            table.require(c, "standardized");
        }
        for (String c : options.ignore()) {
            table.require(c, "ignored");
        }
        List<ColumnEncoding> columns = new ArrayList<>();
        for (int col = 0; col < table.header().size(); col++) {
            String name = table.header().get(col);
            if (col == targetCol || options.ignore().contains(name)) {
                continue;
            }
            if (options.categorical().contains(name)) {
                columns.add(ColumnEncoding.OneHot.fit(table, col, trainRows, options.categoryOrder()));
            } else if (options.standardize().contains(name)) {
                columns.add(ColumnEncoding.Standardized.fit(table, col, trainRows));
            } else {
                columns.add(new ColumnEncoding.Numeric(name));
            }
        }
        return new TabularPreprocessing(columns, fitTarget(table, targetCol, trainRows, options));
    }

    private static TargetEncoding fitTarget(CsvTable table, int col, int[] rows, CsvOptions options) {
        String name = table.header().get(col);
        boolean scale = options.standardize().contains(name);
        if (!isClasses(table, col, rows, options.targetKind())) {
            return scale ? TargetEncoding.Values.standardized(ColumnEncoding.Standardized.fit(table, col, rows))
                    : new TargetEncoding.Values(name);
        }
        if (scale) {
            throw new DataFormatException(table.source(), 0, "target column \"" + name + "\" holds classes, so it cannot"
                    + " be standardized; only a numeric (regression) target can");
        }
        List<String> classes = options.categoryOrder().arrange(Categories.distinct(table, col, rows));
        if (classes.size() < 2) {
            throw new DataFormatException(table.source(), 0, "target column \"" + name + "\" holds only one class ("
                    + classes.get(0) + ") in the training rows; a classifier needs at least two");
        }
        return new TargetEncoding.Classes(name, classes, options.twoClassesAsOneColumn() && classes.size() == 2);
    }

    /** Whether the target column holds classes, as {@link TargetKind} says. */
    static boolean isClasses(CsvTable table, int col, int[] rows, TargetKind kind) {
        if (kind != TargetKind.AUTO) {
            return kind == TargetKind.CLASSES;
        }
        Set<String> distinct = Categories.distinct(table, col, rows);
        if (!distinct.stream().allMatch(Numbers::isNumber)) {
            return true;
        }
        boolean whole = distinct.stream().allMatch(v -> Numbers.parse(v) == Math.rint(Numbers.parse(v)));
        return whole && distinct.size() <= TargetKind.MAX_AUTO_CLASSES;
    }

    @Override
    public int inputs() {
        int n = 0;
        for (ColumnEncoding c : columns) {
            n += c.width();
        }
        return n;
    }

    /** Target values per example. */
    public int outputs() {
        return target.width();
    }

    @Override
    public List<String> featureNames() {
        List<String> names = new ArrayList<>();
        for (ColumnEncoding c : columns) {
            names.addAll(c.featureNames());
        }
        return names;
    }

    @Override
    public List<String> classNames() {
        return target.classNames();
    }

    /**
     * Network outputs {@code [rows, outputs]} of a regression target mapped back to the target
     * column's units (the target's standardization undone); class outputs come back unchanged.
     *
     * @param encoded outputs or targets as the network sees them
     * @return a new tensor in the target column's units
     */
    public Tensor targetValues(Tensor encoded) {
        Tensor out = encoded.copy();
        if (target instanceof TargetEncoding.Values values && values.scaling() != null) {
            for (int i = 0; i < out.size(); i++) {
                out.setFlat(i, values.decode(out.getFlat(i)));
            }
        }
        return out;
    }

    @Override
    public Tensor features(CsvTable table, DType dtype) {
        return encode(table, allRows(table), dtype, false)[0];
    }

    /** Features and targets of every row of the table, which must hold the target column. */
    public Dataset dataset(CsvTable table, String name, DType dtype) {
        return dataset(table, allRows(table), name, dtype);
    }

    /** Features and targets of the given rows of the table, in that order. */
    public Dataset dataset(CsvTable table, int[] rows, String name, DType dtype) {
        Tensor[] xt = encode(table, rows, dtype, true);
        return new Dataset(name, xt[0], xt[1], classNames());
    }

    private Tensor[] encode(CsvTable table, int[] rows, DType dtype, boolean withTarget) {
        int[] cols = new int[columns.size()];
        for (int i = 0; i < cols.length; i++) {
            cols[i] = table.require(columns.get(i).column(), "feature");
        }
        int targetCol = withTarget ? table.require(target.column(), "target") : -1;
        int inputs = inputs();
        Tensor x = Tensor.zeros(dtype, rows.length, inputs);
        Tensor t = Tensor.zeros(dtype, withTarget ? rows.length : 0, target.width());
        double[] featureRow = new double[inputs];
        double[] targetRow = new double[target.width()];
        for (int i = 0; i < rows.length; i++) {
            int offset = 0;
            for (int k = 0; k < cols.length; k++) {
                ColumnEncoding c = columns.get(k);
                c.encode(table, rows[i], cols[k], featureRow, offset);
                offset += c.width();
            }
            for (int j = 0; j < inputs; j++) {
                x.set(i, j, featureRow[j]);
            }
            if (withTarget) {
                target.encode(table, rows[i], targetCol, targetRow, 0);
                for (int j = 0; j < targetRow.length; j++) {
                    t.set(i, j, targetRow[j]);
                }
            }
        }
        return new Tensor[] {x, t};
    }

    private static int[] allRows(CsvTable table) {
        int[] rows = new int[table.size()];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = i;
        }
        return rows;
    }

    @Override
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("format", FORMAT);
        m.put("version", (double) VERSION);
        m.put("kind", KIND);
        List<Object> cols = new ArrayList<>();
        for (ColumnEncoding c : columns) {
            cols.add(c.toMap());
        }
        m.put("columns", cols);
        m.put("target", target.toMap());
        return m;
    }

    static TabularPreprocessing fromMap(Map<String, ?> map) {
        List<ColumnEncoding> cols = new ArrayList<>();
        for (Object o : MapForm.list(map, "columns")) {
            cols.add(ColumnEncoding.fromMap(MapForm.map(o, "a column")));
        }
        return new TabularPreprocessing(cols, TargetEncoding.fromMap(MapForm.map(MapForm.get(map, "target"), "target")));
    }
}
