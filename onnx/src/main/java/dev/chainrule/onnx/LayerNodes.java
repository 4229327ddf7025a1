package dev.chainrule.onnx;

import dev.chainrule.layer.AvgPool2D;
import dev.chainrule.layer.BatchNorm;
import dev.chainrule.layer.Conv2D;
import dev.chainrule.layer.Dense;
import dev.chainrule.layer.Dropout;
import dev.chainrule.layer.Flatten;
import dev.chainrule.layer.GlobalAvgPool2D;
import dev.chainrule.layer.Layer;
import dev.chainrule.layer.LeakyReLU;
import dev.chainrule.layer.MaxPool2D;
import dev.chainrule.tensor.Shape;
import dev.chainrule.tensor.Tensor;
import dev.chainrule.tensor.Window2d;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.chainrule.onnx.OnnxGraph.integer;
import static dev.chainrule.onnx.OnnxGraph.ints;
import static dev.chainrule.onnx.OnnxGraph.real;

/**
 * Each layer as ONNX nodes, what {@link OnnxExport} lists: tensors flow as {@code [batch,
 * features]} or {@code [batch, channels, height, width]}, as chainrule's do, so most layers are one
 * node. Weights are rounded to float32 once.
 */
final class LayerNodes {
    private LayerNodes() {
    }

    /**
     * Adds the nodes of {@code layer}, whose input {@code x} holds examples of shape {@code in};
     * folds {@code affine} into it when given ({@link #canFold} said yes).
     *
     * @return the name of the layer's output
     */
    static String add(OnnxGraph g, Layer layer, String name, String x, Shape in, InputAffine affine) {
        if (layer instanceof Dense d) {
            return dense(g, d, name, x, affine);
        }
        if (layer instanceof Conv2D c) {
            return conv(g, c, name, x, affine);
        }
        if (layer instanceof Dropout) {
            return x;
        }
        if (layer instanceof MaxPool2D m) {
            MaxPool2D.Config p = m.config();
            return g.node("MaxPool", name, List.of(x), List.of(ints("kernel_shape", p.kernelH(), p.kernelW()),
                    ints("strides", p.strideH(), p.strideW()), ints("pads", p.padH(), p.padW(), p.padH(), p.padW())));
        }
        if (layer instanceof AvgPool2D a) {
            // chainrule divides by the whole window, padding included: count_include_pad = 1
            AvgPool2D.Config p = a.config();
            return g.node("AveragePool", name, List.of(x), List.of(ints("kernel_shape", p.kernelH(), p.kernelW()),
                    ints("strides", p.strideH(), p.strideW()), ints("pads", p.padH(), p.padW(), p.padH(), p.padW()),
                    integer("count_include_pad", 1)));
        }
        if (layer instanceof GlobalAvgPool2D) {
            // GlobalAveragePool keeps [batch, C, 1, 1]; chainrule's output is [batch, C]
            String pooled = g.node("GlobalAveragePool", name + "_pool", List.of(x));
            return g.node("Flatten", name, List.of(pooled), List.of(integer("axis", 1)));
        }
        if (layer instanceof Flatten) {
            return g.node("Flatten", name, List.of(x), List.of(integer("axis", 1)));
        }
        if (layer instanceof BatchNorm b) {
            return batchNorm(g, b, name, x);
        }
        return activation(g, layer, name, x, in);
    }

    /** Whether {@code affine} can be folded into {@code layer}'s weights exactly, for examples of shape {@code in}. */
    static boolean canFold(Layer layer, InputAffine affine, Shape in) {
        if (layer instanceof Dense) {
            return true;
        }
        if (layer instanceof Conv2D c) {
            // a shift is exact only without padding: a padded zero is a zero feature, not a raw zero
            Window2d w = c.window();
            boolean unpadded = w.padTop() == 0 && w.padLeft() == 0 && w.padBottom() == 0 && w.padRight() == 0;
            return affine.perChannel(in) != null && (affine.noShift() || unpadded);
        }
        return false;
    }

    /** A dense layer as {@code Gemm(x, B, C)} with {@code transB = 1}; folds {@code affine} into it when given. */
    private static String dense(OnnxGraph g, Dense d, String name, String x, InputAffine affine) {
        int in = d.inFeatures();
        int out = d.outFeatures();
        Tensor w = d.weight().value();
        double[] b = new double[out * in];
        double[] c = new double[out];
        for (int k = 0; k < out; k++) {
            double bias = d.hasBias() ? d.bias().value().getFlat(k) : 0;
            for (int j = 0; j < in; j++) {
                double wjk = w.get(j, k);
                b[k * in + j] = affine == null ? wjk : affine.scale()[j] * wjk;
                if (affine != null) {
                    bias += affine.shift()[j] * wjk;
                }
            }
            c[k] = bias;
        }
        List<String> inputs = new ArrayList<>(List.of(x, g.initializer(name + ".weight", new int[] {out, in}, b)));
        if (d.hasBias() || affine != null && !affine.noShift()) {
            inputs.add(g.initializer(name + ".bias", new int[] {out}, c));
        }
        return g.node("Gemm", name, inputs, List.of(integer("transB", 1)));
    }

    /**
     * A convolution as {@code Conv(x, W, B)}: the weight {@code [filters, inChannels, kH, kW]} as it
     * is, padding resolved per side ({@code pads = [top, left, bottom, right]}), group 1. A folded
     * per-channel affine step {@code a_c x + b_c} scales {@code W[o, c]} by {@code a_c} and adds
     * {@code b_c sum W[o, c]} to the bias.
     */
    private static String conv(OnnxGraph g, Conv2D c, String name, String x, InputAffine affine) {
        Tensor w = c.weight().value();
        int[] dims = w.dims();
        int filters = dims[0];
        int channels = dims[1];
        int kernel = dims[2] * dims[3];
        double[][] perChannel = affine == null ? null : affine.perChannel(c.inputShape());
        double[] weights = new double[w.size()];
        double[] bias = new double[filters];
        for (int o = 0; o < filters; o++) {
            bias[o] = c.bias() == null ? 0 : c.bias().value().getFlat(o);
            for (int ch = 0; ch < channels; ch++) {
                for (int k = 0; k < kernel; k++) {
                    int at = (o * channels + ch) * kernel + k;
                    double v = w.getFlat(at);
                    weights[at] = perChannel == null ? v : perChannel[0][ch] * v;
                    if (perChannel != null) {
                        bias[o] += perChannel[1][ch] * v;
                    }
                }
            }
        }
        List<String> inputs = new ArrayList<>(List.of(x, g.initializer(name + ".weight", dims, weights)));
        if (c.bias() != null || affine != null && !affine.noShift()) {
            inputs.add(g.initializer(name + ".bias", new int[] {filters}, bias));
        }
        Window2d win = c.window();
        return g.node("Conv", name, inputs, List.of(ints("kernel_shape", dims[2], dims[3]),
                ints("strides", win.strideH(), win.strideW()),
                ints("pads", win.padTop(), win.padLeft(), win.padBottom(), win.padRight()),
                ints("dilations", win.dilationH(), win.dilationW()), integer("group", 1)));
    }

    /** Batch normalization in its inference form: {@code gamma (x - running_mean) / sqrt(running_var + eps) + beta}. */
    private static String batchNorm(OnnxGraph g, BatchNorm b, String name, String x) {
        int channels = b.gamma().value().size();
        List<String> inputs = new ArrayList<>(List.of(x, g.initializer(name + ".scale", new int[] {channels},
                values(b.gamma().value())), g.initializer(name + ".bias", new int[] {channels}, values(b.beta().value()))));
        for (Map.Entry<String, Tensor> buffer : b.buffers().entrySet()) { // running_mean, then running_var
            String key = buffer.getKey();
            inputs.add(g.initializer(name + key.substring(key.lastIndexOf('.')), new int[] {channels},
                    values(buffer.getValue())));
        }
        return g.node("BatchNormalization", name, inputs, List.of(real("epsilon", b.config().eps())));
    }

    private static String activation(OnnxGraph g, Layer layer, String name, String x, Shape in) {
        return switch (layer.type()) {
            case "relu" -> g.node("Relu", name, List.of(x));
            case "sigmoid" -> g.node("Sigmoid", name, List.of(x));
            case "tanh" -> g.node("Tanh", name, List.of(x));
            case "leaky_relu" -> g.node("LeakyRelu", name, List.of(x), List.of(real("alpha", ((LeakyReLU) layer).slope())));
            case "softmax" -> softmax(g, name, x, in);
            default -> throw new IllegalArgumentException("layer " + name + " (" + layer.type() + ") has no ONNX form in"
                    + " chainrule yet");
        };
    }

    /**
     * chainrule's softmax runs over all of an example's values; ONNX's (opset 13) over one axis:
     * an image-shaped input is flattened for it and given its shape back.
     */
    private static String softmax(OnnxGraph g, String name, String x, Shape in) {
        if (in.isVector()) {
            return g.node("Softmax", name, List.of(x), List.of(integer("axis", 1)));
        }
        String flat = g.node("Flatten", name + "_flatten", List.of(x), List.of(integer("axis", 1)));
        String soft = g.node("Softmax", name + "_softmax", List.of(flat), List.of(integer("axis", 1)));
        long[] shape = new long[in.rank() + 1];  // 0: the batch dimension as it is
        for (int i = 0; i < in.rank(); i++) {
            shape[i + 1] = in.dim(i);
        }
        return g.node("Reshape", name, List.of(soft, g.longs(name + ".shape", shape)));
    }

    private static double[] values(Tensor t) {
        double[] v = new double[t.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = t.getFlat(i);
        }
        return v;
    }
}
