package dev.chainrule.spark;

import java.io.Serializable;

/**
 * What partitions send back to the driver, added up by {@link OrderedSum}: a weighted sum of
 * parameter-sized arrays (gradients in synchronous mode, weights in averaging mode), a weighted sum
 * of the optimizer's state (averaging), the sum of the examples' losses, the number answered
 * right, and the number of examples. The arrays are sums in double, added in a tree fixed by the partition indices.
 */
final class PartialSums implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Weighted sum of parameter-sized arrays; null while nothing was added. */
    double[] values;
    /**
     * Synchronous mode: sum of each partition's buffers (batch norm's running statistics after
     * its step) times its share's size; null without buffers.
     */
    double[] buffers;
    /** Weighted sum of the optimizer's state (averaging); empty when none. */
    FlatState state = FlatState.empty();
    /** Sum over examples of the loss (each batch share's mean loss times its size). */
    double lossSum;
    /** Examples whose predicted class was the label (classification). */
    long correct;
    long examples;

    static PartialSums empty() {
        return new PartialSums();
    }

    /** Adds {@code other} into this one and returns this one. */
    PartialSums merge(PartialSums other) {
        values = add(values, other.values);
        buffers = add(buffers, other.buffers);
        state = state.add(other.state);
        lossSum += other.lossSum;
        correct += other.correct;
        examples += other.examples;
        return this;
    }

    /** The counts alone (loss sum, right answers, examples), without the arrays. */
    PartialSums countsOnly() {
        PartialSums c = empty();
        c.lossSum = lossSum;
        c.correct = correct;
        c.examples = examples;
        return c;
    }

    private static double[] add(double[] into, double[] from) {
        if (from == null) {
            return into;
        }
        if (into == null) {
            return from.clone();
        }
        if (into.length != from.length) {
            throw new IllegalStateException("partial sums of " + into.length + " and " + from.length + " values");
        }
        for (int i = 0; i < into.length; i++) {
            into[i] += from[i];
        }
        return into;
    }
}
