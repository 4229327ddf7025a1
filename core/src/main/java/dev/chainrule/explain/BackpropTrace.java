package dev.chainrule.explain;

import dev.chainrule.layer.Layer;
import dev.chainrule.layer.Parameter;
import dev.chainrule.model.Sequential;
import dev.chainrule.tensor.DType;
import dev.chainrule.tensor.Shape;
import dev.chainrule.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;

/**
 * One example's trip through a network, as the seeds tabulate it by hand: for each layer its
 * input, output, error term and the SGD step of each of its parameters. Every layer type is
 * traced the same way (its description comes from its registered config: {@code dense 3 -> 2},
 * {@code conv2d}); values are listed in storage order, so an image {@code [channels, height,
 * width]} is channel by channel, row by row, and a convolution's weight {@code [filters,
 * inChannels, kH, kW]} filter by filter.
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
     * One parameter's values and step.
     *
     * @param name  the parameter's name, e.g. {@code conv2d_1.weight}
     * @param shape its dimensions
     * @param value the values before the step, in storage order
     * @param step  {@code -lr * dL/dvalue}, in the same order
     */
    public record ParameterTrace(String name, int[] shape, double[] value, double[] step) {
        /**
         * The values after the step, {@code value + step}.
         *
         * @return the updated values
         */
        public double[] updated() {
            double[] out = value.clone();
            for (int i = 0; i < out.length; i++) {
                out[i] += step[i];
            }
            return out;
        }
    }

    /**
     * One layer's line of the trace.
     *
     * @param index       the layer's position, from 1
     * @param type        the layer's type ({@code dense}, {@code relu}, {@code conv2d}, ...)
     * @param input       the layer's input, in storage order
     * @param output      its output
     * @param delta       the error term {@code -dL/d(output)}
     * @param weights     weights before the step as an input-major matrix {@code [in][units]} (a
     *                    dense layer's), or null for layers without
     * @param bias        bias before the step, or null
     * @param weightStep  {@code -lr * dL/dW}, or null
     * @param biasStep    {@code -lr * dL/db}, or null
     * @param description the layer as its config labels it, e.g. {@code dense 3 -> 2}
     * @param inputShape  one input example's shape
     * @param outputShape one output example's shape
     * @param parameters  every parameter's values and step, in the layer's order
     */
    public record LayerTrace(int index, String type, double[] input, double[] output, double[] delta,
                             double[][] weights, double[] bias, double[][] weightStep, double[] biasStep,
                             String description, Shape inputShape, Shape outputShape, List<ParameterTrace> parameters) {
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
        Tensor x = Tensor.row(DType.FLOAT64, input).reshape(model.inputShape().withBatch(1));
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
        Shape shape = model.inputShape();
        for (int i = 0; i < layers.size(); i++) {
            Layer layer = layers.get(i);
            List<ParameterTrace> params = new ArrayList<>();
            for (Parameter p : layer.parameters()) {
                double[] value = flat(p.value());
                double[] step = flat(p.gradient());
                for (int j = 0; j < step.length; j++) {
                    step[j] *= -learningRate;
                }
                params.add(new ParameterTrace(p.name(), p.value().dims(), value, step));
            }
            double[][] weights = null;
            double[] bias = null;
            double[][] weightStep = null;
            double[] biasStep = null;
            if (!params.isEmpty() && params.get(0).shape().length == 2 && params.get(0).name().endsWith(".weight")) {
                // a weight matrix [in, units], input-major (a dense layer's), tabulated as the seeds do
                Parameter w = layer.parameters().get(0);
                weights = w.value().toArray();
                weightStep = scaled(w.gradient().toArray(), -learningRate);
                if (params.size() > 1) {
                    bias = params.get(1).value();
                    biasStep = params.get(1).step();
                }
            }
            String description;
            try {
                description = layer.config().label(shape);
            } catch (UnsupportedOperationException e) {
                description = layer.type();
            }
            Shape out = model.outputShape(i);
            lines.add(new LayerTrace(i + 1, layer.type(), inputs.get(i), outputs.get(i), deltas[i], weights, bias,
                    weightStep, biasStep, description, shape, out, List.copyOf(params)));
            shape = out;
        }
        return new Trace(loss, h.rowAsDoubles(0), lines);
    }

    private static double[] flat(Tensor t) {
        double[] out = new double[t.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = t.getFlat(i);
        }
        return out;
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
