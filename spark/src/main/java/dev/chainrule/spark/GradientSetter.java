package dev.chainrule.spark;

import dev.chainrule.layer.Parameter;
import dev.chainrule.tensor.DType;
import dev.chainrule.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;

/**
 * Hands the driver's optimizer a gradient summed across partitions, rounded to float and set as
 * each parameter's gradient ({@link Parameter#setGradient}), through buffers allocated once.
 */
final class GradientSetter {
    private final List<Parameter> parameters;
    private final List<Tensor> buffers = new ArrayList<>();

    GradientSetter(List<Parameter> parameters) {
        this.parameters = parameters;
        for (Parameter p : parameters) {
            buffers.add(Tensor.zeros(DType.FLOAT32, p.value().rows(), p.value().cols()));
        }
    }

    /** Sets every parameter's gradient to its part of {@code sums}. */
    void set(double[] sums) {
        int offset = 0;
        for (int i = 0; i < parameters.size(); i++) {
            float[] g = buffers.get(i).floats();
            for (int k = 0; k < g.length; k++) {
                g[k] = (float) sums[offset + k];
            }
            offset += g.length;
            parameters.get(i).setGradient(buffers.get(i));
        }
    }
}
