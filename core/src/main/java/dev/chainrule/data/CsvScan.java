package dev.chainrule.data;

import dev.chainrule.io.Excerpt;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The first of the two passes over CSV data: what must be known before storage for the values
 * can be allocated and the held-out part chosen. It counts the rows, leaves out rows with a
 * missing value when asked to ({@link MissingValues#DROP}), and collects the target of every row
 * (its text, and its number when it is one), the categories of the categorical columns (in the
 * order first seen) and the values of the standardized columns (whose mean and std are fitted on
 * the training rows once those are chosen). Memory: 12 bytes per row for the target, 8 per
 * standardized value, one entry per distinct category; the other values are not kept.
 */
final class CsvScan {
    /** The most distinct target values kept as classes: a column with more is a value (or an id). */
    static final int MAX_CLASSES = 65_536;

    /**
     * What to look at.
     *
     * @param target       the target column, or -1 when the data has none (predict)
     * @param categorical  the categorical columns, whose categories are collected
     * @param standardized the standardized columns, whose values are kept
     * @param used         every column used (the features and the target), whose missing values count
     * @param missing      what a missing value does: error, drop the row, or left for filling
     */
    record Plan(int target, int[] categorical, int[] standardized, boolean[] used, MissingValues missing) {
    }

    final CsvSource source;
    final Plan plan;
    int rows;
    final BitSet dropped = new BitSet();
    int droppedCount;
    /** Per row, the index of its target in {@link #targetTexts}; -1 for a dropped row. */
    int[] targetCode = new int[1024];
    /** Per row, its target as a number; NaN when it is not one. */
    double[] targetValue = new double[1024];
    /** The distinct target texts, first seen first (stops growing past {@link #MAX_CLASSES}). */
    final Map<String, Integer> targetCodes = new LinkedHashMap<>();
    final List<String> targetTexts = new ArrayList<>();
    boolean targetTooMany;
    boolean targetAllNumbers = true;
    boolean targetAllWhole = true;
    /** Per categorical column, its categories first seen first. */
    final List<Map<String, Integer>> categories = new ArrayList<>();
    /** Per standardized column, the value of each row (NaN when missing). */
    final double[][] standardized;
    /** The first missing value met in a row that was kept, when filling is asked for: for messages. */
    private long firstMissingLine;

    private CsvScan(CsvSource source, Plan plan) {
        this.source = source;
        this.plan = plan;
        for (int i = 0; i < plan.categorical().length; i++) {
            categories.add(new LinkedHashMap<>());
        }
        standardized = new double[plan.standardized().length][1024];
    }

    /** Reads {@code source} once with {@code plan}. */
    static CsvScan run(CsvSource source, Plan plan) {
        CsvScan scan = new CsvScan(source, plan);
        CsvTable.forEachRecord(source, scan::record);
        return scan;
    }

    private void record(int row, CsvRecordView r) {
        ensure(row + 1);
        rows = row + 1;
        boolean[] used = plan.used();
        for (int c = 0; c < used.length; c++) {
            if (used[c] && r.isMissing(c)) {
                boolean isTarget = c == plan.target();
                if (plan.missing() == MissingValues.ERROR) {
                    throw Columns.error(source, r, c, (r.raw(c).isBlank() ? "an empty field" : "a missing value " + r.quoted(c))
                            + (isTarget ? " in the target" : "") + "; leave such rows out, or fill features with the training"
                            + " mean (missing values: drop or mean)");
                }
                if (plan.missing() == MissingValues.DROP || isTarget) {
                    dropped.set(row);
                    droppedCount++;
                    targetCode[row] = -1;
                    targetValue[row] = Double.NaN;
                    for (double[] s : standardized) {
                        s[row] = Double.NaN;
                    }
                    return;
                }
                if (firstMissingLine == 0) {
                    firstMissingLine = r.line();
                }
            }
        }
        if (plan.target() >= 0) {
            target(row, r);
        }
        int[] cat = plan.categorical();
        for (int k = 0; k < cat.length; k++) {
            if (!r.isMissing(cat[k])) {
                Map<String, Integer> seen = categories.get(k);
                String v = r.text(cat[k]);
                if (!seen.containsKey(v)) {
                    if (seen.size() >= MAX_CLASSES) {
                        throw Columns.error(source, r, cat[k], "more than " + MAX_CLASSES + " distinct categories;"
                                + " a categorical column needs fewer (is it an id? leave it out)");
                    }
                    seen.put(v, seen.size());
                }
            }
        }
        int[] std = plan.standardized();
        for (int k = 0; k < std.length; k++) {
            double v = r.isMissing(std[k]) ? Double.NaN : r.number(std[k]);
            if (!r.isMissing(std[k]) && (Double.isNaN(v) || Double.isInfinite(v))) {
                throw Columns.notANumber(source, r, std[k], v, false);
            }
            standardized[k][row] = v;
        }
    }

    private void target(int row, CsvRecordView r) {
        int c = plan.target();
        String text = r.text(c);
        Integer code = targetCodes.get(text);
        if (code == null) {
            if (targetCodes.size() < MAX_CLASSES) {
                code = targetCodes.size();
                targetCodes.put(text, code);
                targetTexts.add(text);
            } else {
                targetTooMany = true;
                code = -2;
            }
        }
        targetCode[row] = code;
        double v = r.number(c);
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            targetAllNumbers = false;
            targetValue[row] = Double.NaN;
        } else {
            targetValue[row] = v;
            if (v != Math.rint(v)) {
                targetAllWhole = false;
            }
        }
    }

    private void ensure(int n) {
        if (n <= targetCode.length) {
            return;
        }
        if (n > dev.chainrule.io.Limits.MAX_ARRAY) {
            throw new DataFormatException(source.source(), 0, "more than " + dev.chainrule.io.Limits.MAX_ARRAY
                    + " data rows; chainrule reads at most what one Java array holds");
        }
        int size = (int) Math.min(dev.chainrule.io.Limits.MAX_ARRAY, Math.max(n, 2L * targetCode.length));
        // the row list itself must fit: checked before it grows, like every other allocation from a file
        dev.chainrule.io.Limits.checkHeap(source.source() + ": reading " + size + " rows",
                (long) size * (Integer.BYTES + Double.BYTES * (1L + standardized.length)));
        targetCode = Arrays.copyOf(targetCode, size);
        targetValue = Arrays.copyOf(targetValue, size);
        for (int k = 0; k < standardized.length; k++) {
            standardized[k] = Arrays.copyOf(standardized[k], size);
        }
    }

    /** Rows kept (not dropped). */
    int kept() {
        return rows - droppedCount;
    }

    /** The file rows kept, ascending. */
    int[] keptRows() {
        int[] out = new int[kept()];
        int k = 0;
        for (int r = 0; r < rows; r++) {
            if (!dropped.get(r)) {
                out[k++] = r;
            }
        }
        return out;
    }

    /**
     * Whether the target holds classes: as {@code kind} says, or for {@link TargetKind#AUTO} when
     * some value is not a number, or the numbers are all whole and take at most
     * {@link TargetKind#MAX_AUTO_CLASSES} values.
     */
    boolean targetIsClasses(TargetKind kind) {
        if (kind != TargetKind.AUTO) {
            return kind == TargetKind.CLASSES;
        }
        if (!targetAllNumbers) {
            return true;
        }
        return targetAllWhole && !targetTooMany && targetCodes.size() <= TargetKind.MAX_AUTO_CLASSES;
    }
}
