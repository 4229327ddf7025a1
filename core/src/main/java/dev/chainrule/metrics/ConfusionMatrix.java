package dev.chainrule.metrics;

import dev.chainrule.tensor.ShapeException;
import dev.chainrule.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Counts {@code C[t][p]} of examples of true class {@code t} predicted as class {@code p}
 * (rows: truth, columns: prediction, as scikit-learn), and the metrics read from it. For class
 * {@code c}, with {@code TP = C[c][c]}, predicted count {@code P_c = sum_t C[t][c]} and support
 * {@code S_c = sum_p C[c][p]}:
 * <pre>
 *   precision_c = TP / P_c         recall_c = TP / S_c
 *   f1_c        = 2 * precision_c * recall_c / (precision_c + recall_c)
 *   macro       = mean over classes of the per-class value
 *   weighted    = sum over classes of S_c * value_c / sum_c S_c
 *   accuracy    = sum_c C[c][c] / total
 * </pre>
 * A per-class ratio with a zero denominator is undefined and returned as NaN (precision of a
 * class never predicted, recall of a class absent from the data), and so is F1 when either is;
 * F1 is 0 when precision and recall are both 0. The macro and weighted averages count an
 * undefined value as 0 (scikit-learn's {@code zero_division=0}), so they are always defined for
 * a non-empty matrix. Predicted and true classes come from {@link Accuracy#predictedClass} and
 * {@link Accuracy#trueClass} (argmax, or {@code > 0.5} for one column, which gives two
 * classes). Immutable.
 */
public final class ConfusionMatrix {
    private final long[][] counts;
    private final List<String> classNames;

    /**
     * A matrix of the given counts {@code [classes][classes]} (copied).
     *
     * @param counts {@code counts[truth][predicted]}, square, non-negative
     * @param classNames the class names in class order, or null to number them from 0
     */
    public ConfusionMatrix(long[][] counts, List<String> classNames) {
        int k = counts.length;
        if (k == 0) {
            throw new IllegalArgumentException("a confusion matrix needs at least one class");
        }
        this.counts = new long[k][];
        for (int t = 0; t < k; t++) {
            if (counts[t].length != k) {
                throw new ShapeException("confusion matrix row " + t + " has " + counts[t].length + " counts, expected " + k);
            }
            for (long c : counts[t]) {
                if (c < 0) {
                    throw new IllegalArgumentException("confusion matrix row " + t + " has a negative count " + c);
                }
            }
            this.counts[t] = counts[t].clone();
        }
        if (classNames != null && !classNames.isEmpty() && classNames.size() != k) {
            throw new IllegalArgumentException(classNames.size() + " class names for " + k + " classes");
        }
        List<String> names = new ArrayList<>();
        for (int c = 0; c < k; c++) {
            names.add(classNames == null || classNames.isEmpty() ? String.valueOf(c) : classNames.get(c));
        }
        this.classNames = List.copyOf(names);
    }

    /**
     * From probabilities (or any outputs where argmax / 0.5 decides) and targets; classes named 0, 1, ...
     *
     * @param predictions the predictions, {@code [n, outputs]}
     * @param targets the targets, {@code [n, outputs]}
     * @return the confusion matrix
     */
    public static ConfusionMatrix of(Tensor predictions, Tensor targets) {
        return of(predictions, targets, null);
    }

    /**
     * From probabilities (or any outputs where argmax / 0.5 decides) and targets, with class names (or null).
     *
     * @param predictions the predictions, {@code [n, outputs]}
     * @param targets the targets, {@code [n, outputs]}
     * @param classNames the class names in class order, or null to number them from 0
     * @return the confusion matrix
     */
    public static ConfusionMatrix of(Tensor predictions, Tensor targets, List<String> classNames) {
        if (predictions.rows() != targets.rows() || predictions.cols() != targets.cols()) {
            throw new ShapeException("confusion matrix: predictions " + predictions.shape() + " and targets "
                    + targets.shape() + " differ");
        }
        int k = Math.max(2, predictions.cols());
        long[][] c = new long[k][k];
        for (int r = 0; r < predictions.rows(); r++) {
            c[Accuracy.trueClass(targets, r)][Accuracy.predictedClass(predictions, r, 0.5)]++;
        }
        return new ConfusionMatrix(c, classNames);
    }

    /**
     * From class indices in {@code [0, classes)}.
     *
     * @param truth the true class of each example
     * @param predicted the predicted class of each example
     * @param classes the number of classes
     * @return the confusion matrix
     */
    public static ConfusionMatrix of(int[] truth, int[] predicted, int classes) {
        if (truth.length != predicted.length) {
            throw new IllegalArgumentException(truth.length + " true labels but " + predicted.length + " predictions");
        }
        long[][] c = new long[classes][classes];
        for (int i = 0; i < truth.length; i++) {
            if (truth[i] < 0 || truth[i] >= classes || predicted[i] < 0 || predicted[i] >= classes) {
                throw new IllegalArgumentException("example " + i + ": class " + truth[i] + " / " + predicted[i]
                        + " outside [0, " + classes + ")");
            }
            c[truth[i]][predicted[i]]++;
        }
        return new ConfusionMatrix(c, null);
    }

    /**
     * @return the number of classes
     */
    public int classes() {
        return counts.length;
    }

    /**
     * @return the class names in class order (may be empty)
     */
    public List<String> classNames() {
        return classNames;
    }

    /**
     * Examples of true class {@code truth} predicted as {@code predicted}.
     *
     * @param truth the true class
     * @param predicted the predicted class
     * @return the count
     */
    public long count(int truth, int predicted) {
        return counts[truth][predicted];
    }

    /**
     * @return the number of examples counted
     */
    public long total() {
        long s = 0;
        for (long[] row : counts) {
            for (long c : row) {
                s += c;
            }
        }
        return s;
    }

    /**
     * Examples whose true class is {@code c}.
     *
     * @param c the class
     * @return how many examples truly are of class {@code c}
     */
    public long support(int c) {
        long s = 0;
        for (long v : counts[c]) {
            s += v;
        }
        return s;
    }

    /**
     * Examples predicted as {@code c}.
     *
     * @param c the class
     * @return how many examples were predicted as class {@code c}
     */
    public long predicted(int c) {
        long s = 0;
        for (long[] row : counts) {
            s += row[c];
        }
        return s;
    }

    /**
     * A copy of the counts, {@code [true][predicted]}.
     *
     * @return a copy of the counts, {@code [true][predicted]}
     */
    public long[][] counts() {
        long[][] out = new long[counts.length][];
        for (int i = 0; i < counts.length; i++) {
            out[i] = counts[i].clone();
        }
        return out;
    }

    /**
     * Fraction on the diagonal (NaN when the matrix is empty).
     *
     * @return the accuracy
     */
    public double accuracy() {
        long diagonal = 0;
        for (int c = 0; c < classes(); c++) {
            diagonal += counts[c][c];
        }
        long total = total();
        return total == 0 ? Double.NaN : (double) diagonal / total;
    }

    /**
     * Of the examples predicted as {@code c}, the fraction that are {@code c} (NaN when none is predicted).
     *
     * @param c the class
     * @return the precision of class {@code c}, NaN when nothing was predicted as it
     */
    public double precision(int c) {
        return ratio(counts[c][c], predicted(c));
    }

    /**
     * Of the examples of class {@code c}, the fraction predicted as {@code c} (NaN when there are none).
     *
     * @param c the class
     * @return the recall of class {@code c}, NaN when it has no examples
     */
    public double recall(int c) {
        return ratio(counts[c][c], support(c));
    }

    /**
     * Harmonic mean of precision and recall; 0 when both are 0, NaN when either is undefined.
     *
     * @param c the class
     * @return the F1 score of class {@code c}
     */
    public double f1(int c) {
        double p = precision(c);
        double r = recall(c);
        if (Double.isNaN(p) || Double.isNaN(r)) {
            return Double.NaN;
        }
        return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }

    /** The averages of one metric. */
    public enum Average {
        /** Unweighted mean over classes. */
        MACRO,
        /** Mean over classes weighted by support. */
        WEIGHTED
    }

    /**
     * Precision averaged over classes (undefined per-class values count as 0).
     *
     * @param average how the classes' scores are combined
     * @return the averaged precision
     */
    public double precision(Average average) {
        return average(average, this::precision);
    }

    /**
     * Recall averaged over the classes as {@code average} says.
     *
     * @param average how the classes' scores are combined
     * @return the averaged recall
     */
    public double recall(Average average) {
        return average(average, this::recall);
    }

    /**
     * F1 averaged over the classes as {@code average} says.
     *
     * @param average how the classes' scores are combined
     * @return the averaged F1
     */
    public double f1(Average average) {
        return average(average, this::f1);
    }

    private double average(Average average, java.util.function.IntToDoubleFunction metric) {
        double sum = 0;
        double weights = 0;
        for (int c = 0; c < classes(); c++) {
            double w = average == Average.MACRO ? 1 : support(c);
            double value = metric.applyAsDouble(c);
            sum += w * (Double.isNaN(value) ? 0 : value);
            weights += w;
        }
        return weights == 0 ? 0 : sum / weights;
    }

    private static double ratio(long a, long b) {
        return b == 0 ? Double.NaN : (double) a / b;
    }

    /**
     * Per-class precision, recall, F1 and support, then accuracy and the macro and weighted
     * averages, as scikit-learn's {@code classification_report}.
     *
     * @return the report
     */
    public String report() {
        int nameWidth = Math.max(12, classNames.stream().mapToInt(String::length).max().orElse(0));
        StringBuilder sb = new StringBuilder();
        String head = "%" + nameWidth + "s %9s %9s %9s %9s%n";
        String line = "%" + nameWidth + "s %9.4f %9.4f %9.4f %9d%n";
        sb.append(String.format(Locale.ROOT, head, "", "precision", "recall", "f1", "support"));
        for (int c = 0; c < classes(); c++) {
            sb.append(String.format(Locale.ROOT, line, classNames.get(c), precision(c), recall(c), f1(c), support(c)));
        }
        long total = total();
        sb.append(String.format(Locale.ROOT, "%" + nameWidth + "s %9s %9s %9.4f %9d%n", "accuracy", "", "", accuracy(), total));
        for (Average a : Average.values()) {
            sb.append(String.format(Locale.ROOT, line, a == Average.MACRO ? "macro avg" : "weighted avg",
                    precision(a), recall(a), f1(a), total));
        }
        return sb.toString();
    }

    /** The counts as a table: one row per true class, one column per predicted class. */
    @Override
    public String toString() {
        int width = 5;
        for (String n : classNames) {
            width = Math.max(width, n.length());
        }
        for (long[] row : counts) {
            for (long c : row) {
                width = Math.max(width, Long.toString(c).length());
            }
        }
        String cell = "%" + (width + 1) + "s";
        int labelWidth = "true\\pred".length();
        for (String n : classNames) {
            labelWidth = Math.max(labelWidth, n.length());
        }
        String label = "%-" + labelWidth + "s";
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, label, "true\\pred"));
        for (String n : classNames) {
            sb.append(String.format(Locale.ROOT, cell, n));
        }
        sb.append('\n');
        for (int t = 0; t < classes(); t++) {
            sb.append(String.format(Locale.ROOT, label, classNames.get(t)));
            for (long c : counts[t]) {
                sb.append(String.format(Locale.ROOT, cell, c));
            }
            sb.append('\n');
        }
        return sb.toString();
    }
}
