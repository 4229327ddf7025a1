package dev.chainrule.onnx;

import ai.onnx.proto.OnnxMl;
import dev.chainrule.data.ColumnEncoding;
import dev.chainrule.data.TabularPreprocessing;
import dev.chainrule.data.TargetEncoding;
import dev.chainrule.io.AtomicFiles;
import dev.chainrule.io.Json;
import dev.chainrule.io.SavedModel;
import dev.chainrule.layer.Dropout;
import dev.chainrule.layer.Layer;
import dev.chainrule.model.Sequential;
import dev.chainrule.tensor.Shape;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes a saved model as an ONNX graph (opset {@value #OPSET}, IR version {@value #IR_VERSION}),
 * to run it where ONNX runs: ONNX Runtime, browsers, phones, other languages.
 *
 * <p>The graph has one input {@code input}, float {@code [batch, inputs]} for a network on feature
 * rows and {@code [batch, channels, height, width]} for one on images, and one output
 * {@code output}, float {@code [batch, outputs]}: what {@code chainrule predict} gives (class
 * probabilities for {@code softmax-ce} and {@code bce}, the network's outputs otherwise, a
 * z-scored numeric target back in its own units).
 *
 * <ul>
 *   <li>a dense layer is a {@code Gemm} with {@code transB = 1}: {@code y = x B^T + C}, where
 *       {@code B} is the weight in PyTorch's {@code [out, in]} layout and {@code C} the bias (left
 *       out for a layer without bias);</li>
 *   <li>a convolution is a {@code Conv} with its weight {@code [filters, inChannels, kH, kW]} as
 *       it is, its bias, {@code kernel_shape}, {@code strides}, {@code dilations}, {@code group = 1}
 *       and the padding of each side resolved ({@code same} included) in {@code pads};</li>
 *   <li>max and average pooling are {@code MaxPool} and {@code AveragePool} (kernel, strides,
 *       pads; {@code count_include_pad = 1}, since chainrule divides by the whole window);
 *       global average pooling is {@code GlobalAveragePool} then {@code Flatten}; flatten is
 *       {@code Flatten} ({@code axis = 1});</li>
 *   <li>batch normalization is {@code BatchNormalization} in its inference form: the running
 *       mean and variance, gamma as {@code scale}, beta as {@code B}, and {@code epsilon};</li>
 *   <li>{@code relu}, {@code sigmoid}, {@code tanh}, {@code leaky_relu} and {@code softmax} are
 *       {@code Relu}, {@code Sigmoid}, {@code Tanh}, {@code LeakyRelu} ({@code alpha} = the slope)
 *       and {@code Softmax} ({@code axis = 1}; on images between a {@code Flatten} and a
 *       {@code Reshape}, since chainrule's softmax runs over all of an example's values);</li>
 *   <li>dropout is the identity when predicting and is left out;</li>
 *   <li>a network whose last layer gives images ends with a {@code Flatten};</li>
 *   <li>the loss's output mapping is a last {@code Softmax} ({@code softmax-ce}) or
 *       {@code Sigmoid} ({@code bce} from logits).</li>
 * </ul>
 *
 * <p><b>Preprocessing.</b> The affine steps ({@link InputAffine}: pixel scaling {@code x / max},
 * z-scores {@code (x - mean) / std}) are folded into the first dense layer, so the graph takes the
 * raw values: {@code sum_j (a_j x_j + b_j) W_jk + c_k = sum_j x_j (a_j W_jk) + (c_k + sum_j b_j
 * W_jk)}, computed in double and rounded to float once. A first convolution takes them likewise
 * when each input channel has one scale and one shift (pixel scaling has): {@code W'[o, c] = a_c
 * W[o, c]}, {@code bias'[o] = bias[o] + sum_c b_c sum W[o, c]}, the shift only when the
 * convolution has no padding (a padded zero is a zero feature, which is not a raw zero). Otherwise,
 * or when neither comes first (only dropout may stand before it), they are a {@code Mul} and an
 * {@code Add} at the input. A z-scored numeric target is undone at the output by a {@code Mul}
 * by its standard deviation and an {@code Add} of its mean. What is not affine stays outside the graph: one-hot encoding of
 * categorical columns (the input holds the indicator columns, as chainrule's features do) and
 * reading CSV text or image files. The model's metadata ({@code input}, {@code class_names}) says
 * what the input holds and what the output columns are.
 *
 * <p>Values are float32; a float64 network's weights are rounded to float32.
 */
public final class OnnxExport {
    /** The ONNX operator set the graph uses. */
    public static final int OPSET = 13;
    /** The ONNX IR version of opset 13. */
    public static final int IR_VERSION = 7;

    private OnnxExport() {
    }

    /**
     * Writes the ONNX file of {@code saved}, atomically.
     *
     * @param file  the file to write
     * @param saved the model, with its preprocessing (folded into the graph)
     * @throws IOException when the file cannot be written
     */
    public static void save(Path file, SavedModel saved) throws IOException {
        AtomicFiles.write(file, toBytes(saved));
    }

    /**
     * The ONNX file's bytes (the same model gives the same bytes).
     *
     * @param saved the model, with its preprocessing
     * @return the bytes of the ONNX file
     */
    public static byte[] toBytes(SavedModel saved) {
        return toModel(saved).toByteArray();
    }

    /**
     * The ONNX model of {@code saved}.
     *
     * @param saved the model, with its preprocessing
     * @return the ONNX graph: raw inputs in, predictions out
     * @throws IllegalArgumentException for a layer that has no ONNX form here, naming it
     */
    public static OnnxMl.ModelProto toModel(SavedModel saved) {
        Sequential model = saved.model();
        Shape input = model.inputShape();
        InputAffine affine = InputAffine.of(saved.preprocessing(), input);
        OnnxGraph g = new OnnxGraph();
        String x = "input";
        List<Layer> layers = model.layers();
        int first = 0;
        while (first < layers.size() && layers.get(first) instanceof Dropout) {
            first++;
        }
        boolean fold = !affine.isIdentity() && first < layers.size() && LayerNodes.canFold(layers.get(first), affine, input);
        if (!affine.isIdentity() && !fold) {
            g.initializer("input_scale", input.toArray(), affine.scale());
            g.initializer("input_shift", input.toArray(), affine.shift());
            x = g.node("Mul", "scale_input", List.of(x, "input_scale"));
            x = g.node("Add", "shift_input", List.of(x, "input_shift"));
        }
        Shape shape = input;
        for (int i = 0; i < layers.size(); i++) {
            Layer layer = layers.get(i);
            x = LayerNodes.add(g, layer, "layer" + (i + 1) + "_" + layer.type(), x, shape, fold && i == first ? affine : null);
            shape = model.outputShape(i);
        }
        if (!shape.isVector()) {
            x = g.node("Flatten", "output_flatten", List.of(x), List.of(OnnxGraph.integer("axis", 1)));
        }
        String mapping = switch (model.loss() == null ? "" : model.loss().name()) {
            case "softmax-ce" -> "Softmax";
            case "bce" -> "Sigmoid";
            default -> null;
        };
        if (mapping != null) {
            x = g.node(mapping, "output_" + mapping.toLowerCase(java.util.Locale.ROOT), List.of(x),
                    mapping.equals("Softmax") ? List.of(OnnxGraph.integer("axis", 1)) : List.of());
        }
        ColumnEncoding.Standardized target = targetScaling(saved);
        if (target != null) {
            // a z-scored target: the graph gives it in its own units, as predict does (y = output * std + mean)
            double[] std = new double[model.outputs()];
            double[] mean = new double[model.outputs()];
            java.util.Arrays.fill(std, target.std());
            java.util.Arrays.fill(mean, target.mean());
            g.initializer("output_scale", new int[] {model.outputs()}, std);
            g.initializer("output_shift", new int[] {model.outputs()}, mean);
            x = g.node("Mul", "unscale_output", List.of(x, "output_scale"));
            x = g.node("Add", "unshift_output", List.of(x, "output_shift"));
        }
        g.graph.addNode(OnnxMl.NodeProto.newBuilder().setOpType("Identity").setName("output").addInput(x).addOutput("output"));
        g.graph.setName("chainrule")
                .addInput(OnnxGraph.valueInfo("input", input.toArray()))
                .addOutput(OnnxGraph.valueInfo("output", new int[] {model.outputs()}));
        OnnxMl.ModelProto.Builder m = OnnxMl.ModelProto.newBuilder()
                .setIrVersion(IR_VERSION)
                .setProducerName("chainrule")
                .setProducerVersion("0.1.0")
                .setModelVersion(1)
                .setDocString("A chainrule network (" + model + "); input: " + affine.rawInput())
                .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
                .setGraph(g.graph);
        m.addMetadataProps(property("input", affine.rawInput()));
        m.addMetadataProps(property("class_names", Json.write(saved.classNames())));
        m.addMetadataProps(property("loss", model.loss() == null ? "none" : model.loss().name()));
        return m.build();
    }

    /** The standardization of a numeric target, or null (classes, or a target used as it is). */
    private static ColumnEncoding.Standardized targetScaling(SavedModel saved) {
        if (saved.preprocessing() instanceof TabularPreprocessing t && t.target() instanceof TargetEncoding.Values v) {
            return v.scaling();
        }
        return null;
    }

    private static OnnxMl.StringStringEntryProto property(String key, String value) {
        return OnnxMl.StringStringEntryProto.newBuilder().setKey(key).setValue(value).build();
    }
}
