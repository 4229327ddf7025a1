package dev.chainrule.spark;

import dev.chainrule.layer.Parameter;
import dev.chainrule.model.Sequential;
import dev.chainrule.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;

/**
 * A model's state side by side in one array, in {@link Sequential#copyState()} order (every
 * parameter in {@link Sequential#parameters()} order, then every buffer, such as batch norm's
 * running mean and variance, in {@link Sequential#buffers()} order), each row-major: the form in
 * which the state is broadcast, and gradients, weights and running statistics are summed across
 * partitions (in double).
 */
final class FlatParameters {
    private FlatParameters() {
    }

    /** The live tensors of {@code model}'s state: the parameters' values, then the buffers. */
    static List<Tensor> state(Sequential model) {
        List<Tensor> out = new ArrayList<>();
        for (Parameter p : model.parameters()) {
            out.add(p.value());
        }
        out.addAll(model.buffers().values());
        return out;
    }

    /** The live buffers of {@code model} (batch norm's running statistics), empty when it has none. */
    static List<Tensor> buffers(Sequential model) {
        return List.copyOf(model.buffers().values());
    }

    /** Total number of scalars. */
    static int size(List<Tensor> tensors) {
        long n = 0;
        for (Tensor t : tensors) {
            n += t.size();
        }
        if (n > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("the network has " + n + " parameters, more than one array holds");
        }
        return (int) n;
    }

    /** Number of scalars in the parameters' gradients. */
    static int gradientSize(List<Parameter> parameters) {
        List<Tensor> values = new ArrayList<>();
        for (Parameter p : parameters) {
            values.add(p.value());
        }
        return size(values);
    }

    /** The values of {@code tensors}, copied into a new array. */
    static float[] values(List<Tensor> tensors) {
        float[] out = new float[size(tensors)];
        int offset = 0;
        for (Tensor t : tensors) {
            float[] v = t.floats();
            System.arraycopy(v, 0, out, offset, v.length);
            offset += v.length;
        }
        return out;
    }

    /** Writes {@code flat} into {@code tensors}. */
    static void load(float[] flat, List<Tensor> tensors) {
        if (flat.length != size(tensors)) {
            throw new IllegalArgumentException("a state of " + flat.length + " values for a model of " + size(tensors));
        }
        int offset = 0;
        for (Tensor t : tensors) {
            float[] v = t.floats();
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

    /** {@code sums += weight * value} of each tensor. */
    static void addScaledValues(List<Tensor> tensors, double weight, double[] sums) {
        int offset = 0;
        for (Tensor t : tensors) {
            offset = addScaled(t.floats(), weight, sums, offset);
        }
    }

    private static int addScaled(float[] v, double weight, double[] sums, int offset) {
        for (int i = 0; i < v.length; i++) {
            sums[offset + i] += weight * v[i];
        }
        return offset + v.length;
    }

    /** Writes {@code sums / divisor}, rounded to float, into {@code tensors}. */
    static void loadMeans(double[] sums, double divisor, List<Tensor> tensors) {
        int offset = 0;
        for (Tensor t : tensors) {
            float[] v = t.floats();
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) (sums[offset + i] / divisor);
            }
            offset += v.length;
        }
    }
}
