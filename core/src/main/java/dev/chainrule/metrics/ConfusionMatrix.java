package dev.chainrule.metrics;

import dev.chainrule.tensor.ShapeException;
import dev.chainrule.tensor.Tensor;

/**
 * Counts of (true class, predicted class) pairs, and the per-class scores read from them.
 * {@code count(t, p)} is the number of examples of true class {@code t} predicted as {@code p};
 * rows are true classes, columns predicted ones. Classes are taken as {@link Accuracy} takes
 * them (argmax, or {@code > 0.5} for one column, which gives two classes).
 */
public final class ConfusionMatrix {
    private final long[][] counts;

    private ConfusionMatrix(long[][] counts) {
        this.counts = counts;
    }

    /** Tallies predictions (probabilities or any output where argmax / 0.5 decides) against targets. */
    public static ConfusionMatrix of(Tensor predictions, Tensor targets) {
        if (predictions.rows() != targets.rows() || predictions.cols() != targets.cols()) {
            throw new ShapeException("confusion matrix: predictions " + predictions.shape() + " and targets "
                    + targets.shape() + " differ");
        }
        int classes = Math.max(2, targets.cols());
        long[][] counts = new long[classes][classes];
        for (int r = 0; r < predictions.rows(); r++) {
            counts[Accuracy.trueClass(targets, r)][Accuracy.predictedClass(predictions, r, 0.5)]++;
        }
        return new ConfusionMatrix(counts);
    }

    public int classes() {
        return counts.length;
    }

    /** Examples of true class {@code trueClass} predicted as {@code predicted}. */
    public long count(int trueClass, int predicted) {
        return counts[trueClass][predicted];
    }

    /** A copy of the counts, {@code [true][predicted]}. */
    public long[][] counts() {
        long[][] out = new long[counts.length][];
        for (int i = 0; i < counts.length; i++) {
            out[i] = counts[i].clone();
        }
        return out;
    }

    public long total() {
        long n = 0;
        for (long[] row : counts) {
            for (long v : row) {
                n += v;
            }
        }
        return n;
    }

    /** Examples whose true class is {@code c}. */
    public long support(int c) {
        long n = 0;
        for (long v : counts[c]) {
            n += v;
        }
        return n;
    }

    /** Examples predicted as {@code c}. */
    public long predicted(int c) {
        long n = 0;
        for (long[] row : counts) {
            n += row[c];
        }
        return n;
    }

    /** Fraction on the diagonal (NaN when empty). */
    public double accuracy() {
        long right = 0;
        for (int c = 0; c < counts.length; c++) {
            right += counts[c][c];
        }
        long n = total();
        return n == 0 ? Double.NaN : (double) right / n;
    }

    /** Of the examples predicted as {@code c}, the fraction that are {@code c} (NaN when none is predicted). */
    public double precision(int c) {
        long p = predicted(c);
        return p == 0 ? Double.NaN : (double) counts[c][c] / p;
    }

    /** Of the examples of class {@code c}, the fraction predicted as {@code c} (NaN when there are none). */
    public double recall(int c) {
        long s = support(c);
        return s == 0 ? Double.NaN : (double) counts[c][c] / s;
    }

    /** Harmonic mean of precision and recall; 0 when both are 0, NaN when either is undefined. */
    public double f1(int c) {
        double p = precision(c);
        double r = recall(c);
        if (Double.isNaN(p) || Double.isNaN(r)) {
            return Double.NaN;
        }
        return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }
}
