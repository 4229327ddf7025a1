package dev.chainrule.data;

import dev.chainrule.io.Excerpt;
import dev.chainrule.io.Limits;
import dev.chainrule.tensor.DType;
import dev.chainrule.tensor.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The second pass over CSV data: each kept row's features (and target) written straight into
 * the storage of the part it belongs to, in the dtype asked for. Numbers are parsed from the
 * file's bytes ({@link Decimals}); a value that is not a number, lies outside the dtype's range,
 * or is a category or class the encodings do not know is an error naming the file, line and
 * column. Missing values, when they are filled ({@link MissingValues#MEAN}), are noted and
 * filled at the end, with the training part's mean or most frequent category when fitting.
 */
final class CsvEncoder {
    private final TabularPreprocessing prep;
    private final CsvSource source;
    private final TabularPreprocessing.Layout layout;
    private final DType dtype;
    private final boolean float32;
    private final int inputs;
    private final int outputs;
    /** Per column: where its first feature goes in a row. */
    private final int[] offsets;
    private final double[] means;
    private final double[] stds;
    private final List<Map<String, Integer>> categoryIndex = new ArrayList<>();
    private final int[] categoryMap;
    private final Map<String, Integer> classIndex = new HashMap<>();

    CsvEncoder(TabularPreprocessing prep, CsvSource source, TabularPreprocessing.Layout layout, DType dtype) {
        this.prep = prep;
        this.source = source;
        this.layout = layout;
        this.dtype = dtype;
        this.float32 = dtype == DType.FLOAT32;
        this.inputs = prep.inputs();
        this.outputs = prep.outputs();
        int columns = layout.roles.length;
        offsets = new int[columns];
        means = new double[columns];
        stds = new double[columns];
        categoryMap = new int[columns];
        Arrays.fill(categoryMap, -1);
        int[] start = new int[prep.columns().size()];
        int offset = 0;
        for (int k = 0; k < start.length; k++) {
            start[k] = offset;
            offset += prep.columns().get(k).width();
        }
        for (int c = 0; c < columns; c++) {
            int k = layout.encoding[c];
            if (k < 0) {
                continue;
            }
            offsets[c] = start[k];
            ColumnEncoding e = prep.columns().get(k);
            if (e instanceof ColumnEncoding.Standardized s) {
                means[c] = s.mean();
                stds[c] = s.std();
            } else if (e instanceof ColumnEncoding.OneHot h) {
                Map<String, Integer> m = new HashMap<>(2 * h.categories().size());
                for (int i = 0; i < h.categories().size(); i++) {
                    m.put(h.categories().get(i), i);
                }
                categoryMap[c] = categoryIndex.size();
                categoryIndex.add(m);
            }
        }
        List<String> classes = prep.target().classNames();
        for (int i = 0; i < classes.size(); i++) {
            classIndex.put(classes.get(i), i);
        }
    }

    /** The values of the parts' rows (each ascending); with {@code fitFills}, fill values fitted on part 0. */
    TabularPreprocessing.Encoded encode(int[][] parts, boolean fitFills) {
        int last = 0;
        for (int[] p : parts) {
            for (int r : p) {
                last = Math.max(last, r + 1);
            }
        }
        int rows = last;
        byte[] destPart = new byte[rows];
        int[] destIndex = new int[rows];
        Arrays.fill(destPart, (byte) -1);
        for (int p = 0; p < parts.length; p++) {
            for (int i = 0; i < parts[p].length; i++) {
                destPart[parts[p][i]] = (byte) p;
                destIndex[parts[p][i]] = i;
            }
        }
        boolean withTarget = layout.target >= 0;
        int bytes = float32 ? Float.BYTES : Double.BYTES;
        long total = 0;
        for (int[] p : parts) {
            total += p.length;
        }
        Limits.checkTensor(source.source() + ": the features", total, inputs, bytes);
        Tensor[] x = new Tensor[parts.length];
        Tensor[] t = new Tensor[parts.length];
        for (int p = 0; p < parts.length; p++) {
            x[p] = Tensor.zeros(dtype, parts[p].length, inputs);
            t[p] = Tensor.zeros(dtype, withTarget ? parts[p].length : 0, outputs);
        }
        int columns = layout.roles.length;
        double[] sums = new double[columns];
        long[] counts = new long[columns];
        long[][] categoryCounts = new long[categoryIndex.size()][];
        for (int k = 0; k < categoryCounts.length; k++) {
            categoryCounts[k] = new long[categoryIndex.get(k).size()];
        }
        List<long[]> holes = new ArrayList<>(); // {part, flat index of the row's first feature, column}
        int[] seen = {0};
        CsvTable.forEachRecord(source, (row, r) -> {
            seen[0] = row + 1;
            if (row >= rows || destPart[row] < 0) {
                return;
            }
            int p = destPart[row];
            long base = (long) destIndex[row] * inputs;
            float[] f = float32 ? x[p].floats() : null;
            double[] d = float32 ? null : x[p].doubles();
            boolean fitting = fitFills && p == 0;
            for (int c = 0; c < columns; c++) {
                byte role = layout.roles[c];
                if (role == TabularPreprocessing.Layout.SKIP || role == TabularPreprocessing.Layout.TARGET) {
                    continue;
                }
                int at = (int) base + offsets[c];
                if (role == TabularPreprocessing.Layout.CATEGORICAL) {
                    if (r.isMissing(c)) {
                        hole(r, c, p, base, holes);
                        continue;
                    }
                    int k = categoryMap[c];
                    String v = r.text(c);
                    Integer i = categoryIndex.get(k).get(v);
                    if (i == null) {
                        throw Columns.error(source, r, c, "category " + Excerpt.quoted(v) + " was not seen in the training data; known: "
                                + Columns.list(((ColumnEncoding.OneHot) prep.columns().get(layout.encoding[c])).categories()));
                    }
                    if (fitting) {
                        categoryCounts[k][i]++;
                    }
                    if (float32) {
                        f[at + i] = 1f;
                    } else {
                        d[at + i] = 1.0;
                    }
                    continue;
                }
                double v = r.number(c);
                if (Double.isNaN(v) && r.isMissing(c)) {
                    hole(r, c, p, base, holes);
                    continue;
                }
                if (Double.isNaN(v) || Double.isInfinite(v)) {
                    throw Columns.notANumber(source, r, c, v, false);
                }
                if (fitting && role == TabularPreprocessing.Layout.NUMERIC) {
                    sums[c] += v;
                    counts[c]++;
                }
                if (role == TabularPreprocessing.Layout.STANDARDIZED) {
                    v = (v - means[c]) / stds[c];
                }
                if (float32) {
                    float fv = (float) v;
                    if (Float.isInfinite(fv) && role == TabularPreprocessing.Layout.STANDARDIZED) {
                        throw Columns.error(source, r, c, r.quoted(c) + " standardized with the training mean and"
                                + " standard deviation is " + String.format(java.util.Locale.ROOT, "%.3g", v)
                                + ", outside the float32 range (largest 3.4e38)");
                    }
                    if (Float.isInfinite(fv)) {
                        throw Columns.notANumber(source, r, c, v, true);
                    }
                    f[at] = fv;
                } else {
                    if (Double.isInfinite(v)) {
                        throw Columns.notANumber(source, r, c, v, false);
                    }
                    d[at] = v;
                }
            }
            if (withTarget) {
                target(r, t[p], destIndex[row]);
            }
        });
        if (seen[0] < rows) {
            throw new DataFormatException(source.source(), 0, "the file changed while it was read: " + seen[0]
                    + " data rows now, " + rows + " before");
        }
        TabularPreprocessing fitted = fitFills ? withFills(sums, counts, categoryCounts) : null;
        fill(fitted != null ? fitted : prep, holes, x);
        return new TabularPreprocessing.Encoded(x, t, fitted);
    }

    private void hole(CsvRecordView r, int c, int part, long base, List<long[]> holes) {
        if (prep.missing() != MissingValues.MEAN) {
            throw Columns.error(source, r, c, "a missing value " + r.quoted(c)
                    + "; every feature is needed here (missing values are filled only by a model trained to fill them)");
        }
        holes.add(new long[] {part, base, c});
    }

    private void target(CsvRecordView r, Tensor t, int index) {
        int c = layout.target;
        TargetEncoding target = prep.target();
        if (target instanceof TargetEncoding.Classes classes) {
            String v = r.text(c);
            Integer k = classIndex.get(v);
            if (k == null) {
                throw Columns.error(source, r, c, "class " + Excerpt.quoted(v) + " was not seen in the training data; known: "
                        + Columns.list(classes.classNames()));
            }
            if (classes.oneColumn()) {
                t.set(index, 0, k);
            } else {
                t.set(index, k, 1.0);
            }
            return;
        }
        double v = r.number(c);
        if (Double.isNaN(v) || Double.isInfinite(v) || (float32 && Float.isInfinite((float) v))) {
            throw Columns.notANumber(source, r, c, v, float32 && !Double.isNaN(v) && !Double.isInfinite(v));
        }
        if (target instanceof TargetEncoding.Values values && values.scaling() != null) {
            v = (v - values.scaling().mean()) / values.scaling().std();
        }
        t.set(index, 0, v);
    }

    /** The preprocessing with the training part's means and most frequent categories as fill values. */
    private TabularPreprocessing withFills(double[] sums, long[] counts, long[][] categoryCounts) {
        List<ColumnEncoding> columns = new ArrayList<>(prep.columns());
        for (int c = 0; c < layout.roles.length; c++) {
            int k = layout.encoding[c];
            if (k < 0) {
                continue;
            }
            ColumnEncoding e = columns.get(k);
            if (e instanceof ColumnEncoding.Numeric n) {
                if (counts[c] == 0) {
                    throw new DataFormatException(source.source(), 0, "column " + Excerpt.quoted(n.column())
                            + " has no value in the training rows to fill its missing ones with");
                }
                columns.set(k, new ColumnEncoding.Numeric(n.column(), sums[c] / counts[c]));
            } else if (e instanceof ColumnEncoding.OneHot h) {
                long[] n = categoryCounts[categoryMap[c]];
                int mode = 0;
                for (int i = 1; i < n.length; i++) {
                    if (n[i] > n[mode]) {
                        mode = i;
                    }
                }
                columns.set(k, new ColumnEncoding.OneHot(h.column(), h.categories(), h.categories().get(mode)));
            }
        }
        return new TabularPreprocessing(columns, prep.target(), prep.missing(), prep.format());
    }

    /** Writes the fill values of {@code with} where values were missing. */
    private void fill(TabularPreprocessing with, List<long[]> holes, Tensor[] x) {
        for (long[] h : holes) {
            int part = (int) h[0];
            int c = (int) h[2];
            int at = (int) h[1] + offsets[c];
            ColumnEncoding e = with.columns().get(layout.encoding[c]);
            if (e instanceof ColumnEncoding.OneHot o) {
                if (o.fill() == null) {
                    throw new DataFormatException(source.source(), 0, "column " + Excerpt.quoted(o.column())
                            + " has missing values and no category to fill them with");
                }
                at += o.categories().indexOf(o.fill());
                set(x[part], at, 1.0);
            } else if (e instanceof ColumnEncoding.Numeric n) {
                if (Double.isNaN(n.fill())) {
                    throw new DataFormatException(source.source(), 0, "column " + Excerpt.quoted(n.column())
                            + " has missing values and no value to fill them with");
                }
                set(x[part], at, n.fill());
            } else {
                set(x[part], at, 0.0); // a standardized mean
            }
        }
    }

    private static void set(Tensor t, int flat, double v) {
        if (t.isFloat32()) {
            t.floats()[flat] = (float) v;
        } else {
            t.doubles()[flat] = v;
        }
    }
}
