package dev.chainrule.spark;

import dev.chainrule.layer.Parameter;

import java.util.List;

/**
 * A model's parameters side by side in one array, in {@link dev.chainrule.model.Sequential#parameters()}
 * order, each row-major: the form in which weights are broadcast, and gradients and weights are
 * summed across partitions (in double).
 */
final class FlatParameters {
    private FlatParameters() {
    }

    /** Total number of scalars. */
    static int size(List<Parameter> parameters) {
        long n = 0;
        for (Parameter p : parameters) {
            n += p.size();
        }
        if (n > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("the network has " + n + " parameters, more than one array holds");
        }
        return (int) n;
    }

    /** The parameter values, copied into a new array. */
    static float[] values(List<Parameter> parameters) {
        float[] out = new float[size(parameters)];
        int offset = 0;
        for (Parameter p : parameters) {
            float[] v = p.value().floats();
            System.arraycopy(v, 0, out, offset, v.length);
            offset += v.length;
        }
        return out;
    }

    /** Writes {@code flat} into the parameter values. */
    static void load(float[] flat, List<Parameter> parameters) {
        int offset = 0;
        for (Parameter p : parameters) {
            float[] v = p.value().floats();
            System.arraycopy(flat, offset, v, 0, v.length);
            offset += v.length;
        }
    }

    /** {@code sums += weight * gradient} of each parameter (computing a deferred gradient). */
    static void addScaledGradients(List<Parameter> parameters, double weight, double[] sums) {
        int offset = 0;
        for (Parameter p : parameters) {
            offset = addScaled(p.gradient().floats(), weight, sums, offset);
        }
    }

    /** {@code sums += weight * value} of each parameter. */
    static void addScaledValues(List<Parameter> parameters, double weight, double[] sums) {
        int offset = 0;
        for (Parameter p : parameters) {
            offset = addScaled(p.value().floats(), weight, sums, offset);
        }
    }

    private static int addScaled(float[] v, double weight, double[] sums, int offset) {
        for (int i = 0; i < v.length; i++) {
            sums[offset + i] += weight * v[i];
        }
        return offset + v.length;
    }

    /** Writes {@code sums / divisor}, rounded to float, into the parameter values. */
    static void loadMeans(double[] sums, double divisor, List<Parameter> parameters) {
        int offset = 0;
        for (Parameter p : parameters) {
            float[] v = p.value().floats();
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) (sums[offset + i] / divisor);
            }
            offset += v.length;
        }
    }
}
