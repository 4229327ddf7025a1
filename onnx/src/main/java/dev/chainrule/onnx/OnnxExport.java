package dev.chainrule.onnx;

import ai.onnx.proto.OnnxMl;
import com.google.protobuf.ByteString;
import dev.chainrule.io.AtomicFiles;
import dev.chainrule.io.Json;
import dev.chainrule.io.SavedModel;
import dev.chainrule.layer.Dense;
import dev.chainrule.layer.Dropout;
import dev.chainrule.layer.Layer;
import dev.chainrule.layer.LeakyReLU;
import dev.chainrule.model.Sequential;
import dev.chainrule.tensor.Tensor;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a saved model as an ONNX graph (opset {@value #OPSET}, IR version {@value #IR_VERSION}),
 * to run it where ONNX runs: ONNX Runtime, browsers, phones, other languages.
 *
 * <p>The graph has one input {@code input}, float {@code [batch, inputs]}, and one output
 * {@code output}, float {@code [batch, outputs]}: what {@link Sequential#predict} returns (class
 * probabilities for {@code softmax-ce} and {@code bce}, the network's outputs otherwise).
 *
 * <ul>
 *   <li>a dense layer is a {@code Gemm} with {@code transB = 1}: {@code y = x B^T + C}, where
 *       {@code B} is the weight in PyTorch's {@code [out, in]} layout and {@code C} the bias (left
 *       out for a layer without bias);</li>
 *   <li>{@code relu}, {@code sigmoid}, {@code tanh}, {@code leaky_relu} and {@code softmax} are
 *       {@code Relu}, {@code Sigmoid}, {@code Tanh}, {@code LeakyRelu} ({@code alpha} = the slope)
 *       and {@code Softmax} ({@code axis = 1});</li>
 *   <li>dropout is the identity when predicting and is left out;</li>
 *   <li>the loss's output mapping is a last {@code Softmax} ({@code softmax-ce}) or
 *       {@code Sigmoid} ({@code bce} from logits).</li>
 * </ul>
 *
 * <p><b>Preprocessing.</b> The affine steps ({@link InputAffine}: pixel scaling {@code x / max},
 * z-scores {@code (x - mean) / std}) are folded into the first dense layer, so the graph takes the
 * raw values: {@code sum_j (a_j x_j + b_j) W_jk + c_k = sum_j x_j (a_j W_jk) + (c_k + sum_j b_j
 * W_jk)}, computed in double and rounded to float once. When no dense layer comes first (only
 * dropout may stand before it), they are a {@code Mul} and an {@code Add} at the input instead.
 * What is not affine stays outside the graph: one-hot encoding of categorical columns (the input
 * holds the indicator columns, as chainrule's features do) and reading CSV text or image files.
 * The model's metadata ({@code input}, {@code class_names}) says what the input holds and what the
 * output columns are.
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
        InputAffine affine = InputAffine.of(saved.preprocessing(), model.inputs());
        Graph g = new Graph();
        String x = "input";
        List<Layer> layers = model.layers();
        int firstDense = -1;
        for (int i = 0; i < layers.size() && firstDense < 0; i++) {
            if (layers.get(i) instanceof Dense) {
                firstDense = i;
            } else if (!(layers.get(i) instanceof Dropout)) {
                break;
            }
        }
        boolean fold = !affine.isIdentity() && firstDense >= 0;
        if (!affine.isIdentity() && !fold) {
            g.initializer("input_scale", new int[] {model.inputs()}, affine.scale());
            g.initializer("input_shift", new int[] {model.inputs()}, affine.shift());
            x = g.node("Mul", "scale_input", List.of(x, "input_scale"));
            x = g.node("Add", "shift_input", List.of(x, "input_shift"));
        }
        for (int i = 0; i < layers.size(); i++) {
            Layer layer = layers.get(i);
            String name = "layer" + (i + 1) + "_" + layer.type();
            if (layer instanceof Dense d) {
                x = dense(g, d, name, x, fold && i == firstDense ? affine : null);
            } else if (layer instanceof Dropout) {
                continue;
            } else {
                x = activation(g, layer, name, x);
            }
        }
        String mapping = switch (model.loss() == null ? "" : model.loss().name()) {
            case "softmax-ce" -> "Softmax";
            case "bce" -> "Sigmoid";
            default -> null;
        };
        if (mapping != null) {
            x = g.node(mapping, "output_" + mapping.toLowerCase(java.util.Locale.ROOT), List.of(x),
                    mapping.equals("Softmax") ? List.of(intAttribute("axis", 1)) : List.of());
        }
        g.graph.addNode(OnnxMl.NodeProto.newBuilder().setOpType("Identity").setName("output").addInput(x).addOutput("output"));
        g.graph.setName("chainrule")
                .addInput(valueInfo("input", model.inputs()))
                .addOutput(valueInfo("output", model.outputs()));
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

    /** A dense layer as {@code Gemm(x, B, C)} with {@code transB = 1}; folds {@code affine} into it when given. */
    private static String dense(Graph g, Dense d, String name, String x, InputAffine affine) {
        int in = d.inFeatures();
        int out = d.outFeatures();
        Tensor w = d.weight().value();
        double[] b = new double[out * in];
        double[] c = new double[out];
        for (int k = 0; k < out; k++) {
            double bias = d.hasBias() ? d.bias().value().get(0, k) : 0;
            for (int j = 0; j < in; j++) {
                double wjk = w.get(j, k);
                b[k * in + j] = affine == null ? wjk : affine.scale()[j] * wjk;
                if (affine != null) {
                    bias += affine.shift()[j] * wjk;
                }
            }
            c[k] = bias;
        }
        g.initializer(name + ".weight", new int[] {out, in}, b);
        List<String> inputs = new ArrayList<>(List.of(x, name + ".weight"));
        if (d.hasBias() || affine != null && !allZero(affine.shift())) {
            g.initializer(name + ".bias", new int[] {out}, c);
            inputs.add(name + ".bias");
        }
        return g.node("Gemm", name, inputs, List.of(intAttribute("transB", 1)));
    }

    private static String activation(Graph g, Layer layer, String name, String x) {
        return switch (layer.type()) {
            case "relu" -> g.node("Relu", name, List.of(x));
            case "sigmoid" -> g.node("Sigmoid", name, List.of(x));
            case "tanh" -> g.node("Tanh", name, List.of(x));
            case "softmax" -> g.node("Softmax", name, List.of(x), List.of(intAttribute("axis", 1)));
            case "leaky_relu" -> g.node("LeakyRelu", name, List.of(x),
                    List.of(OnnxMl.AttributeProto.newBuilder().setName("alpha").setType(OnnxMl.AttributeProto.AttributeType.FLOAT)
                            .setF((float) ((LeakyReLU) layer).slope()).build()));
            default -> throw new IllegalArgumentException("layer " + name + " (" + layer.type() + ") has no ONNX form in"
                    + " chainrule yet");
        };
    }

    private static boolean allZero(double[] v) {
        for (double x : v) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }

    private static OnnxMl.AttributeProto intAttribute(String name, long value) {
        return OnnxMl.AttributeProto.newBuilder().setName(name).setType(OnnxMl.AttributeProto.AttributeType.INT).setI(value)
                .build();
    }

    private static OnnxMl.StringStringEntryProto property(String key, String value) {
        return OnnxMl.StringStringEntryProto.newBuilder().setKey(key).setValue(value).build();
    }

    private static OnnxMl.ValueInfoProto valueInfo(String name, int width) {
        OnnxMl.TensorShapeProto shape = OnnxMl.TensorShapeProto.newBuilder()
                .addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimParam("batch"))
                .addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimValue(width))
                .build();
        OnnxMl.TypeProto type = OnnxMl.TypeProto.newBuilder().setTensorType(OnnxMl.TypeProto.Tensor.newBuilder()
                .setElemType(OnnxMl.TensorProto.DataType.FLOAT_VALUE).setShape(shape)).build();
        return OnnxMl.ValueInfoProto.newBuilder().setName(name).setType(type).build();
    }

    /** The graph being built: nodes in order and their constant inputs. */
    private static final class Graph {
        final OnnxMl.GraphProto.Builder graph = OnnxMl.GraphProto.newBuilder();

        String node(String op, String name, List<String> inputs) {
            return node(op, name, inputs, List.of());
        }

        /** Adds a node whose one output is named after it; returns that output's name. */
        String node(String op, String name, List<String> inputs, List<OnnxMl.AttributeProto> attributes) {
            graph.addNode(OnnxMl.NodeProto.newBuilder().setOpType(op).setName(name).addAllInput(inputs).addOutput(name)
                    .addAllAttribute(attributes));
            return name;
        }

        /** A float constant of the given shape, values row-major (rounded to float32). */
        void initializer(String name, int[] shape, double[] values) {
            ByteBuffer raw = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
            for (double v : values) {
                raw.putFloat((float) v);
            }
            OnnxMl.TensorProto.Builder t = OnnxMl.TensorProto.newBuilder().setName(name)
                    .setDataType(OnnxMl.TensorProto.DataType.FLOAT_VALUE).setRawData(ByteString.copyFrom(raw.array()));
            for (int d : shape) {
                t.addDims(d);
            }
            graph.addInitializer(t);
        }
    }
}
