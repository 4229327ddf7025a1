package dev.chainrule.explain;

import dev.chainrule.layer.Dense;
import dev.chainrule.layer.Layer;
import dev.chainrule.model.Sequential;
import dev.chainrule.tensor.DType;
import dev.chainrule.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;

/**
 * One example's trip through a network, as the seeds tabulate it by hand: for each layer its
 * input, output, error term and (for dense layers) the SGD weight and bias steps.
 *
 * <p>Definitions. The error term of a layer is {@code delta = -dL/d(output)}: for a dense layer
 * that is the seeds' {@code output_error_term} or {@code hidden_error_term} (with the seeds'
 * loss and a sigmoid after it, {@code (y - yhat) f'(h)}); for an activation it is the error
 * arriving at the activation's output (the seeds' {@code hidden_error} before {@code f'}). The
 * weight step is the change plain SGD applies, {@code step = -lr * dL/dW = lr * input^T delta},
 * input-major like the weights.
 */
public final class BackpropTrace {
    private BackpropTrace() {
    }

    /**
     * One layer's line of the trace.
     *
     * @param weights    weights before the step, {@code [in][units]}, or null for layers without
     * @param bias       bias before the step, or null
     * @param weightStep {@code -lr * dL/dW}, or null
     * @param biasStep   {@code -lr * dL/db}, or null
     */
    public record LayerTrace(int index, String type, double[] input, double[] output, double[] delta,
                             double[][] weights, double[] bias, double[][] weightStep, double[] biasStep) {
        /**
         * Weights after the step ({@code weights + weightStep}), or null.
         *
         * @return the updated weights
         */
        public double[][] updatedWeights() {
            if (weights == null) {
                return null;
            }
            double[][] out = new double[weights.length][];
            for (int i = 0; i < weights.length; i++) {
                out[i] = weights[i].clone();
                for (int j = 0; j < out[i].length; j++) {
                    out[i][j] += weightStep[i][j];
                }
            }
            return out;
        }

        /**
         * Bias after the step, or null.
         *
         * @return the updated bias
         */
        public double[] updatedBias() {
            if (bias == null) {
                return null;
            }
            double[] out = bias.clone();
            for (int j = 0; j < out.length; j++) {
                out[j] += biasStep[j];
            }
            return out;
        }
    }

    /** The whole trace: the loss before the step, the network output, and one line per layer. */
    public record Trace(double loss, double[] output, List<LayerTrace> layers) {
    }

    /**
     * Traces one example through a FLOAT64 model (weights are not changed).
     *
     * @param input  the example's features
     * @param target the example's target
     * @param model the model
     * @param learningRate the learning rate, positive
     * @return the trace
     */
    public static Trace of(Sequential model, double[] input, double[] target, double learningRate) {
        if (model.dtype() != DType.FLOAT64) {
            throw new IllegalArgumentException("a backprop trace is computed in FLOAT64; build the model with dtype FLOAT64");
        }
        if (input.length != model.inputs()) {
            throw new IllegalArgumentException("the network takes " + model.inputs() + " inputs, got " + input.length);
        }
        if (target.length != model.outputs()) {
            throw new IllegalArgumentException("the network has " + model.outputs() + " outputs, got a target of "
                    + target.length + " values");
        }
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("learning rate must be a positive finite number, got " + learningRate);
        }
        Tensor x = Tensor.row(DType.FLOAT64, input);
        Tensor t = Tensor.row(DType.FLOAT64, target);
        List<Layer> layers = model.layers();
        List<double[]> inputs = new ArrayList<>();
        List<double[]> outputs = new ArrayList<>();
        Tensor h = x;
        for (Layer layer : layers) {
            inputs.add(h.rowAsDoubles(0));
            h = layer.forward(h, false);
            outputs.add(h.rowAsDoubles(0));
        }
        double loss = model.loss().value(model.kernels(), h, t, 1);
        Tensor g = Tensor.zeros(DType.FLOAT64, 1, h.cols());
        model.loss().gradient(model.kernels(), h, t, g, 1);
        double[][] deltas = new double[layers.size()][];
        for (int i = layers.size() - 1; i >= 0; i--) {
            double[] d = g.rowAsDoubles(0);
            for (int j = 0; j < d.length; j++) {
                d[j] = -d[j];
            }
            deltas[i] = d;
            g = layers.get(i).backward(g, true);
        }
        List<LayerTrace> lines = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            Layer layer = layers.get(i);
            double[][] weights = null;
            double[] bias = null;
            double[][] weightStep = null;
            double[] biasStep = null;
            if (layer instanceof Dense dense) {
                weights = dense.weight().value().toArray();
                weightStep = scaled(dense.weight().gradient().toArray(), -learningRate);
                if (dense.hasBias()) {
                    bias = dense.bias().value().rowAsDoubles(0);
                    biasStep = scaled(new double[][] {dense.bias().gradient().rowAsDoubles(0)}, -learningRate)[0];
                }
            }
            lines.add(new LayerTrace(i + 1, layer.type(), inputs.get(i), outputs.get(i), deltas[i], weights, bias,
                    weightStep, biasStep));
        }
        return new Trace(loss, h.rowAsDoubles(0), lines);
    }

    private static double[][] scaled(double[][] m, double factor) {
        for (double[] row : m) {
            for (int j = 0; j < row.length; j++) {
                row[j] *= factor;
            }
        }
        return m;
    }
}
