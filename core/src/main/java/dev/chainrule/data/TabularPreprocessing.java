package dev.chainrule.data;

import dev.chainrule.io.Excerpt;
import dev.chainrule.tensor.DType;
import dev.chainrule.tensor.Tensor;

import java.util.ArrayList;
import java.util.HashSet;
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
 * <p>Data is read in two streaming passes ({@link CsvScan}, then one that writes each value
 * straight into the float32 or float64 storage of its part), so a CSV file costs about its
 * values' storage (4 bytes each in float32) plus a few bytes per row, never its text.
 *
 * @param columns the feature columns' encodings, in feature order
 * @param target  the target's encoding
 * @param missing what a missing value does ({@link MissingValues}); MEAN fills with the values
 *                the encodings hold
 * @param format  how the training file was written, the default for files read with this
 *                preprocessing
 */
public record TabularPreprocessing(List<ColumnEncoding> columns, TargetEncoding target, MissingValues missing,
                                   CsvFormat format) implements Preprocessing {
    static final String KIND = "columns";

    /**
     * Checks that there is at least one feature column.
     *
     * @param columns the feature columns' encodings, in feature order
     * @param target the target's encoding
     * @param missing what a missing value does ({@link MissingValues}); MEAN fills with the values the encodings hold
     * @param format how the training file was written, the default for files read with this preprocessing
     */
    public TabularPreprocessing {
        columns = List.copyOf(columns);
        if (columns.isEmpty()) {
            throw new IllegalArgumentException("a CSV data set needs at least one feature column besides the target");
        }
        if (missing == null || format == null) {
            throw new IllegalArgumentException("the missing-value policy and the CSV format must be given");
        }
    }

    /**
     * Encodings for a comma-separated file with a header, where a missing value is an error.
     *
     * @param columns the feature columns' encodings, in feature order
     * @param target the target's encoding
     */
    public TabularPreprocessing(List<ColumnEncoding> columns, TargetEncoding target) {
        this(columns, target, MissingValues.ERROR, CsvFormat.DEFAULT);
    }

    /**
     * Fits the encodings: classes and categories are those of every row kept (so a value that
     * occurs only in the held-out rows is still known), in {@code options.categoryOrder()};
     * means and sample stds of the standardized columns, and fill values for missing ones, are
     * the training rows'. Every column named in {@code options} must exist.
     *
     * @param trainRows data rows (0-based, in file order) of the training part
     * @param source names the input in messages
     * @param options the options
     * @return the tabular preprocessing
     */
    public static TabularPreprocessing fit(CsvSource source, int[] trainRows, CsvOptions options) {
        Layout layout = Layout.of(source, options);
        CsvScan scan = CsvScan.run(source, layout.plan(options.missing()));
        TabularPreprocessing fitted = fit(scan, layout, trainRows, options);
        if (options.missing() == MissingValues.MEAN) {
            fitted = fitted.encode(source, new int[][] {without(trainRows, scan)}, DType.FLOAT64, true, true).fitted();
        }
        return fitted;
    }

    /** Fits from a scan; numeric fill values come later, from the pass that writes the values. */
    static TabularPreprocessing fit(CsvScan scan, Layout layout, int[] trainRows, CsvOptions options) {
        CsvSource source = scan.source;
        List<ColumnEncoding> columns = new ArrayList<>();
        int categorical = 0;
        int standardized = 0;
        for (int col = 0; col < layout.roles.length; col++) {
            String name = source.header().get(col);
            switch (layout.roles[col]) {
                case Layout.CATEGORICAL -> columns.add(new ColumnEncoding.OneHot(name,
                        options.categoryOrder().arrange(scan.categories.get(categorical++).keySet())));
                case Layout.STANDARDIZED -> columns.add(ColumnEncoding.Standardized.fit(source.source(), name,
                        scan.standardized[standardized++], without(trainRows, scan)));
                case Layout.NUMERIC -> columns.add(new ColumnEncoding.Numeric(name));
                default -> {
                }
            }
        }
        return new TabularPreprocessing(columns, fitTarget(scan, layout.target, trainRows, options), options.missing(),
                options.format());
    }

    private static TargetEncoding fitTarget(CsvScan scan, int col, int[] trainRows, CsvOptions options) {
        String name = scan.source.header().get(col);
        boolean scale = options.standardize().contains(name);
        if (!scan.targetIsClasses(options.targetKind())) {
            if (!scan.targetAllNumbers) {
                throw new DataFormatException(scan.source.source(), 0, "target column " + Excerpt.quoted(name)
                        + " holds values that are not numbers, so it cannot be read as numbers; read it as classes");
            }
            return scale ? TargetEncoding.Values.standardized(ColumnEncoding.Standardized.fit(scan.source.source(), name,
                    scan.targetValue, without(trainRows, scan))) : new TargetEncoding.Values(name);
        }
        if (scale) {
            throw new DataFormatException(scan.source.source(), 0, "target column " + Excerpt.quoted(name) + " holds classes,"
                    + " so it cannot be standardized; only a numeric (regression) target can");
        }
        if (scan.targetTooMany) {
            throw new DataFormatException(scan.source.source(), 0, "target column " + Excerpt.quoted(name) + " has more than "
                    + CsvScan.MAX_CLASSES + " distinct values, too many classes (is it the right column? numbers can be read as numbers)");
        }
        List<String> classes = options.categoryOrder().arrange(scan.targetTexts);
        if (classes.size() < 2) {
            throw new DataFormatException(scan.source.source(), 0, "target column " + Excerpt.quoted(name) + " holds only one class ("
                    + (classes.isEmpty() ? "none" : Excerpt.of(classes.get(0))) + "); a classifier needs at least two");
        }
        return new TargetEncoding.Classes(name, classes, options.twoClassesAsOneColumn() && classes.size() == 2);
    }

    /** The rows of {@code rows} that the scan kept. */
    static int[] without(int[] rows, CsvScan scan) {
        if (scan.droppedCount == 0) {
            return rows;
        }
        return java.util.Arrays.stream(rows).filter(r -> r < scan.rows && !scan.dropped.get(r)).toArray();
    }

    @Override
    public int inputs() {
        int n = 0;
        for (ColumnEncoding c : columns) {
            n += c.width();
        }
        return n;
    }

    /**
     * Target values per example.
     *
     * @return the outputs
     */
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

    /**
     * This preprocessing with another missing-value policy or file format (for files written otherwise).
     *
     * @param newMissing what to do with a missing value
     * @param newFormat the delimiter and whether there is a header
     * @return the tabular preprocessing
     */
    public TabularPreprocessing with(MissingValues newMissing, CsvFormat newFormat) {
        return new TabularPreprocessing(columns, target, newMissing, newFormat);
    }

    /**
     * The features of every row, for prediction; the target column may be there or not. A missing
     * value is filled when this preprocessing fills them ({@link MissingValues#MEAN}), and an
     * error otherwise (a prediction needs every feature).
     */
    @Override
    public Tensor features(CsvSource source, DType dtype) {
        TabularPreprocessing strict = missing == MissingValues.DROP ? with(MissingValues.ERROR, format) : this;
        Layout layout = strict.layout(source, false);
        CsvScan scan = CsvScan.run(source, layout.plan(strict.missing));
        return strict.encode(source, new int[][] {scan.keptRows()}, dtype, false, false).features[0];
    }

    /**
     * Features and targets of every row of the source, which must hold the target column (rows with a missing value may be left out).
     *
     * @param source names the input in messages
     * @param name the new data set's name
     * @param dtype the element type of the tensors
     * @return the dataset
     */
    public Dataset dataset(CsvSource source, String name, DType dtype) {
        Layout layout = layout(source, true);
        CsvScan scan = CsvScan.run(source, layout.plan(missing));
        Encoded e = encode(source, new int[][] {scan.keptRows()}, dtype, true, false);
        return new Dataset(name, e.features[0], e.targets[0], classNames());
    }

    /**
     * Features and targets of the given data rows of the source, in that order (rows with a missing value may be left out).
     *
     * @param source names the input in messages
     * @param rows the number of rows
     * @param name the name
     * @param dtype the element type of the tensors
     * @return the dataset
     */
    public Dataset dataset(CsvSource source, int[] rows, String name, DType dtype) {
        Layout layout = layout(source, true);
        CsvScan scan = CsvScan.run(source, layout.plan(missing));
        int[] kept = without(rows, scan);
        for (int i = 1; i < kept.length; i++) {
            if (kept[i] <= kept[i - 1]) {
                return dataset(source, name, dtype).subset(name, positions(kept, scan));
            }
        }
        Encoded e = encode(source, new int[][] {kept}, dtype, true, false);
        return new Dataset(name, e.features[0], e.targets[0], classNames());
    }

    /** Positions of file rows among the kept rows. */
    private static int[] positions(int[] rows, CsvScan scan) {
        int[] kept = scan.keptRows();
        int[] out = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            out[i] = java.util.Arrays.binarySearch(kept, rows[i]);
        }
        return out;
    }

    /** Where this preprocessing's columns are in {@code source}. */
    Layout layout(CsvSource source, boolean withTarget) {
        return Layout.of(source, this, withTarget);
    }

    /** The values the second pass wrote: per part, features and targets; and, when fitting, this preprocessing with fill values. */
    record Encoded(Tensor[] features, Tensor[] targets, TabularPreprocessing fitted) {
    }

    /**
     * The second pass: writes the features (and targets) of each part's rows, ascending data rows of
     * the source, into new tensors. With {@code fitFills} the fill values for missing features are
     * fitted on part 0 (the training part) and returned in {@link Encoded#fitted()}.
     */
    Encoded encode(CsvSource source, int[][] parts, DType dtype, boolean withTarget, boolean fitFills) {
        return new CsvEncoder(this, source, Layout.of(source, this, withTarget), dtype).encode(parts, fitFills);
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
        if (missing != MissingValues.ERROR) {
            m.put("missing", missing.name().toLowerCase(java.util.Locale.ROOT));
        }
        if (format.delimiter() != ',') {
            m.put("delimiter", String.valueOf(format.delimiter()));
        }
        if (!format.header()) {
            m.put("header", false);
        }
        return m;
    }

    static TabularPreprocessing fromMap(Map<String, ?> map) {
        List<ColumnEncoding> cols = new ArrayList<>();
        for (Object o : MapForm.list(map, "columns")) {
            cols.add(ColumnEncoding.fromMap(MapForm.map(o, "a column")));
        }
        MissingValues missing = map.containsKey("missing") ? MissingValues.parse(MapForm.string(map, "missing")) : MissingValues.ERROR;
        CsvFormat format = CsvFormat.DEFAULT;
        if (map.containsKey("delimiter")) {
            String d = MapForm.string(map, "delimiter");
            if (d.length() != 1) {
                throw new IllegalArgumentException("preprocessing: \"delimiter\" must be one character, got " + Excerpt.quoted(d));
            }
            format = format.withDelimiter(d.charAt(0));
        }
        if (map.containsKey("header")) {
            Object h = map.get("header");
            if (!(h instanceof Boolean b)) {
                throw new IllegalArgumentException("preprocessing: \"header\" must be true or false");
            }
            format = format.withHeader(b);
        }
        return new TabularPreprocessing(cols, TargetEncoding.fromMap(MapForm.map(MapForm.get(map, "target"), "target")),
                missing, format);
    }

    /**
     * What each column of a source is for, found by name once (a map from name to column, so a
     * header of a million columns is matched in linear time).
     */
    static final class Layout {
        static final byte SKIP = 0;
        static final byte NUMERIC = 1;
        static final byte STANDARDIZED = 2;
        static final byte CATEGORICAL = 3;
        static final byte TARGET = 4;

        final byte[] roles;
        /** Per column, the index of its encoding in the preprocessing's columns (-1 for none). */
        final int[] encoding;
        final int target;

        private Layout(byte[] roles, int[] encoding, int target) {
            this.roles = roles;
            this.encoding = encoding;
            this.target = target;
        }

        /** From the options of a new fit: the target, and every other column numeric unless named otherwise or ignored. */
        static Layout of(CsvSource source, CsvOptions options) {
            List<String> header = source.header();
            Map<String, Integer> index = CsvTable.indexOf(header);
            int target = Columns.require(source, index, options.target(), "target");
            Set<String> categorical = named(source, index, options.categorical(), "categorical");
            Set<String> standardize = named(source, index, options.standardize(), "standardized");
            Set<String> ignore = named(source, index, options.ignore(), "ignored");
            byte[] roles = new byte[header.size()];
            int[] encoding = new int[header.size()];
            int features = 0;
            for (int c = 0; c < roles.length; c++) {
                String name = header.get(c);
                encoding[c] = -1;
                if (c == target) {
                    roles[c] = TARGET;
                } else if (ignore.contains(name)) {
                    roles[c] = SKIP;
                } else {
                    roles[c] = categorical.contains(name) ? CATEGORICAL : standardize.contains(name) ? STANDARDIZED : NUMERIC;
                    encoding[c] = features++;
                }
            }
            if (features == 0) {
                throw new DataFormatException(source.source(), source.headerLine(), "no feature columns: every column but the"
                        + " target is ignored; a network needs at least one input");
            }
            return new Layout(roles, encoding, target);
        }

        /** From a fitted preprocessing: its columns found by name in {@code source}; others skipped. */
        static Layout of(CsvSource source, TabularPreprocessing fitted, boolean withTarget) {
            List<String> header = source.header();
            Map<String, Integer> index = CsvTable.indexOf(header);
            byte[] roles = new byte[header.size()];
            int[] encoding = new int[header.size()];
            java.util.Arrays.fill(encoding, -1);
            for (int k = 0; k < fitted.columns.size(); k++) {
                ColumnEncoding e = fitted.columns.get(k);
                int c = Columns.require(source, index, e.column(), "feature");
                roles[c] = e instanceof ColumnEncoding.OneHot ? CATEGORICAL : e instanceof ColumnEncoding.Standardized
                        ? STANDARDIZED : NUMERIC;
                encoding[c] = k;
            }
            int target = -1;
            if (withTarget) {
                target = Columns.require(source, index, fitted.target.column(), "target");
                roles[target] = TARGET;
            }
            return new Layout(roles, encoding, target);
        }

        private static Set<String> named(CsvSource source, Map<String, Integer> index, List<String> names, String role) {
            Set<String> set = new HashSet<>(names);
            for (String n : set) {
                Columns.require(source, index, n, role);
            }
            return set;
        }

        /** The first pass's plan: collect categories and standardized values only when fitting. */
        CsvScan.Plan plan(MissingValues missing) {
            return plan(missing, true);
        }

        CsvScan.Plan plan(MissingValues missing, boolean fitting) {
            List<Integer> categorical = new ArrayList<>();
            List<Integer> standardized = new ArrayList<>();
            boolean[] used = new boolean[roles.length];
            for (int c = 0; c < roles.length; c++) {
                used[c] = roles[c] != SKIP;
                if (fitting && roles[c] == CATEGORICAL) {
                    categorical.add(c);
                } else if (fitting && roles[c] == STANDARDIZED) {
                    standardized.add(c);
                }
            }
            return new CsvScan.Plan(target, categorical.stream().mapToInt(Integer::intValue).toArray(),
                    standardized.stream().mapToInt(Integer::intValue).toArray(), used, missing);
        }
    }
}
