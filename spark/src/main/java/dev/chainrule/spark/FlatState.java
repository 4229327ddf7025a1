package dev.chainrule.spark;

import dev.chainrule.tensor.Tensor;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An optimizer's state as {@link dev.chainrule.optim.Optimizer#exportState} gives it (named
 * float64 tensors: momentum buffers, moment estimates, step counts), flattened into one array so
 * that averaging mode can sum it across partitions, weighted by their example counts, and
 * broadcast the mean. Plain SGD has none: an empty state.
 */
final class FlatState implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String[] names;
    private final int[] rows;
    private final int[] cols;
    /** The tensors' values side by side, in {@link #names} order. */
    final double[] values;

    private FlatState(String[] names, int[] rows, int[] cols, double[] values) {
        this.names = names;
        this.rows = rows;
        this.cols = cols;
        this.values = values;
    }

    static FlatState empty() {
        return new FlatState(new String[0], new int[0], new int[0], new double[0]);
    }

    /** {@code state}'s tensors, each times {@code weight}. */
    static FlatState of(Map<String, Tensor> state, double weight) {
        int n = state.size();
        String[] names = new String[n];
        int[] rows = new int[n];
        int[] cols = new int[n];
        long size = 0;
        int i = 0;
        for (Map.Entry<String, Tensor> e : state.entrySet()) {
            names[i] = e.getKey();
            rows[i] = e.getValue().rows();
            cols[i] = e.getValue().cols();
            size += e.getValue().size();
            i++;
        }
        double[] values = new double[Math.toIntExact(size)];
        int offset = 0;
        for (Tensor t : state.values()) {
            for (int k = 0; k < t.size(); k++) {
                values[offset + k] = weight * t.getFlat(k);
            }
            offset += t.size();
        }
        return new FlatState(names, rows, cols, values);
    }

    boolean isEmpty() {
        return names.length == 0;
    }

    /** Adds {@code other} (same names and shapes) into this one and returns this one; an empty side adds nothing. */
    FlatState add(FlatState other) {
        if (other.isEmpty()) {
            return this;
        }
        if (isEmpty()) {
            return new FlatState(other.names, other.rows, other.cols, other.values.clone());
        }
        if (!List.of(names).equals(List.of(other.names))) {
            throw new IllegalStateException("partitions exported different optimizer state: " + List.of(names)
                    + " and " + List.of(other.names));
        }
        for (int k = 0; k < values.length; k++) {
            values[k] += other.values[k];
        }
        return this;
    }

    /** This state divided by {@code divisor}, as named float64 tensors for {@link dev.chainrule.optim.Optimizer#importState}. */
    Map<String, Tensor> divided(double divisor) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        int offset = 0;
        for (int i = 0; i < names.length; i++) {
            double[] v = new double[rows[i] * cols[i]];
            for (int k = 0; k < v.length; k++) {
                v[k] = values[offset + k] / divisor;
            }
            offset += v.length;
            out.put(names[i], Tensor.wrap(v, rows[i], cols[i]));
        }
        return out;
    }

    /** The state as named tensors (weight 1). */
    Map<String, Tensor> tensors() {
        return divided(1);
    }
}
