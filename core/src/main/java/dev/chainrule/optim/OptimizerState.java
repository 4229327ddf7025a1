package dev.chainrule.optim;

import dev.chainrule.tensor.DType;
import dev.chainrule.tensor.Kernels;
import dev.chainrule.tensor.ShapeException;
import dev.chainrule.tensor.Tensor;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Operations on optimizer state as {@link Optimizer#exportState} writes it: named float64 tensors. */
public final class OptimizerState {
    private OptimizerState() {
    }

    /**
     * The element-wise mean of several exports with the same names and shapes (parameter
     * averaging between copies of a model): {@code (s_1 + ... + s_k) * (1 / k)}, summed in the
     * given order, in float64. Refuses exports whose names or shapes differ, naming the first
     * difference.
     *
     * @param states the exports to average, at least one
     * @return their element-wise mean, new float64 tensors under the same names
     */
    public static Map<String, Tensor> average(List<Map<String, Tensor>> states) {
        if (states.isEmpty()) {
            throw new IllegalArgumentException("nothing to average: no optimizer states given");
        }
        Kernels kernels = Kernels.active();
        Map<String, Tensor> first = states.get(0);
        Map<String, Tensor> sum = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> e : first.entrySet()) {
            sum.put(e.getKey(), e.getValue().to(DType.FLOAT64));
        }
        for (int i = 1; i < states.size(); i++) {
            Map<String, Tensor> state = states.get(i);
            if (!state.keySet().equals(first.keySet())) {
                throw new IllegalArgumentException("optimizer state " + (i + 1) + " holds " + state.keySet()
                        + " but state 1 holds " + first.keySet());
            }
            for (Map.Entry<String, Tensor> e : sum.entrySet()) {
                Tensor t = state.get(e.getKey());
                if (t.rows() != e.getValue().rows() || t.cols() != e.getValue().cols()) {
                    throw new ShapeException("optimizer state " + e.getKey() + " is " + t.shape() + " in state "
                            + (i + 1) + " but " + e.getValue().shape() + " in state 1");
                }
                kernels.axpy(1.0, t.to(DType.FLOAT64), e.getValue());
            }
        }
        for (Tensor t : sum.values()) {
            kernels.scale(t, 1.0 / states.size());
        }
        return sum;
    }
}
