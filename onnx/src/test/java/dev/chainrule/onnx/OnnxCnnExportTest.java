package dev.chainrule.onnx;

import ai.onnx.proto.OnnxMl;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.chainrule.data.ColumnEncoding;
import dev.chainrule.data.Dataset;
import dev.chainrule.data.PixelScaling;
import dev.chainrule.data.TabularPreprocessing;
import dev.chainrule.data.TargetEncoding;
import dev.chainrule.io.SavedModel;
import dev.chainrule.layer.AvgPool2D;
import dev.chainrule.layer.Conv2D;
import dev.chainrule.layer.MaxPool2D;
import dev.chainrule.loss.Loss;
import dev.chainrule.model.Sequential;
import dev.chainrule.optim.Sgd;
import dev.chainrule.tensor.DType;
import dev.chainrule.tensor.Shape;
import dev.chainrule.tensor.Tensor;
import dev.chainrule.train.Trainer;
import dev.chainrule.train.TrainingConfig;
import org.junit.jupiter.api.Test;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Convolutional networks in ONNX Runtime: CNN-S, a variant with batch normalization, stride 2,
 * {@code same} padding, dilation, average and global average pooling, and every image-shaped
 * activation, each on 1,000 examples (Fashion-MNIST's shape, {@code [1, 28, 28]} bytes, for the
 * first two), ONNX Runtime's outputs equal to chainrule's within 1e-5.
 */
class OnnxCnnExportTest {
    static final int N = 1000;
    static final List<String> CLASSES = List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");

    /** ONNX Runtime's outputs {@code [rows, outputs]} for the raw inputs of shape {@code [rows, example...]}. */
    static float[][] run(byte[] onnx, float[] raw, Shape example) throws Exception {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        long[] dims = new long[example.rank() + 1];
        dims[0] = raw.length / example.size();
        for (int i = 0; i < example.rank(); i++) {
            dims[i + 1] = example.dim(i);
        }
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            // one thread: a session's thread pools cost more to start than these small graphs take to run
            options.setIntraOpNumThreads(1);
            return run(env, options, onnx, raw, dims);
        }
    }

    private static float[][] run(OrtEnvironment env, OrtSession.SessionOptions options, byte[] onnx, float[] raw, long[] dims)
            throws Exception {
        try (OrtSession session = env.createSession(onnx, options);
             OnnxTensor input = OnnxTensor.createTensor(env, FloatBuffer.wrap(raw), dims);
             OrtSession.Result result = session.run(Map.of("input", input))) {
            return (float[][]) result.get("output").orElseThrow().getValue();
        }
    }

    /**
     * {@code n} Fashion-MNIST-shaped images of bytes 0..255 with something to learn: class {@code k}
     * is a bright block at a place and size that depend on {@code k}, on noise.
     */
    static float[] images(int n, Random random) {
        float[] raw = new float[n * 784];
        for (int i = 0; i < n; i++) {
            int k = i % 10;
            int top = 2 + 2 * k;
            int left = 20 - 2 * k;
            int size = 4 + k % 3 * 2;
            for (int r = 0; r < 28; r++) {
                for (int c = 0; c < 28; c++) {
                    boolean block = r >= top && r < top + size && c >= left && c < left + size;
                    raw[i * 784 + r * 28 + c] = block ? 150 + random.nextInt(106) : random.nextInt(90);
                }
            }
        }
        return raw;
    }

    /** The features chainrule's pixel scaling makes of {@code raw}: {@code [n, 1, 28, 28]}, pixel / 255. */
    static Tensor scaled(float[] raw) {
        Tensor x = Tensor.zeros(DType.FLOAT32, new int[] {raw.length / 784, 1, 28, 28});
        for (int i = 0; i < raw.length; i++) {
            x.setFlat(i, raw[i] / 255.0);
        }
        return x;
    }

    /** Trains {@code net} briefly on 320 images (weights and running statistics move away from their start). */
    static void trainBriefly(Sequential net) {
        float[] raw = images(320, new Random(1));
        Tensor targets = Tensor.zeros(DType.FLOAT32, 320, 10);
        for (int i = 0; i < 320; i++) {
            targets.set(i, i % 10, 1);
        }
        new Trainer(net, new Sgd(0.05), TrainingConfig.miniBatch(2, 32, 1)).fit(new Dataset("blocks", scaled(raw), targets, CLASSES));
    }

    static List<String> ops(OnnxMl.ModelProto model) {
        return model.getGraph().getNodeList().stream().map(OnnxMl.NodeProto::getOpType).toList();
    }

    static OnnxMl.AttributeProto attribute(OnnxMl.NodeProto node, String name) {
        return node.getAttributeList().stream().filter(a -> a.getName().equals(name)).findFirst().orElseThrow();
    }

    static double check(String what, SavedModel saved, float[] raw, Tensor features, Shape example) throws Exception {
        byte[] onnx = OnnxExport.toBytes(saved);
        System.out.print(what + ": ");
        double worst = OnnxExportTest.worst(run(onnx, raw, example), saved.model().predict(features));
        assertTrue(worst <= OnnxExportTest.TOLERANCE, "ONNX Runtime differs from chainrule by up to " + worst);
        assertArrayEquals(onnx, OnnxExport.toBytes(saved), "the same model gives the same bytes");
        return worst;
    }

    @Test
    void cnnSTakesRawPixelsWithTheScalingFoldedIntoTheFirstConvolution() throws Exception {
        Sequential net = Sequential.builder(Shape.image(1, 28, 28)).seed(7)
                .conv2d(16, 3, 1).relu().maxPool2d(2).conv2d(32, 3, 1).relu().maxPool2d(2).flatten()
                .dense(128).relu().dense(10).loss(Loss.named("softmax-ce")).build();
        trainBriefly(net);
        SavedModel saved = SavedModel.builder(net).classNames(CLASSES).preprocessing(new PixelScaling(28, 28, 255, CLASSES)).build();
        OnnxMl.ModelProto model = OnnxExport.toModel(saved);
        assertEquals(List.of("Conv", "Relu", "MaxPool", "Conv", "Relu", "MaxPool", "Flatten", "Gemm", "Relu", "Gemm", "Softmax",
                "Identity"), ops(model));
        OnnxMl.NodeProto conv = model.getGraph().getNode(0);
        assertEquals(List.of(1L, 1L, 1L, 1L), attribute(conv, "pads").getIntsList());
        assertEquals(List.of(3L, 3L), attribute(conv, "kernel_shape").getIntsList());
        assertEquals(1, attribute(conv, "group").getI());
        assertEquals(List.of(2L, 2L), attribute(model.getGraph().getNode(2), "strides").getIntsList());
        assertEquals(List.of("batch", "1", "28", "28"), model.getGraph().getInput(0).getType().getTensorType().getShape()
                .getDimList().stream().map(d -> d.hasDimParam() ? d.getDimParam() : Long.toString(d.getDimValue())).toList());
        float[] raw = images(N, new Random(2));
        check("CNN-S", saved, raw, scaled(raw), Shape.image(1, 28, 28));
    }

    /**
     * Batch normalization after convolutions and after a dense layer, stride 2 with {@code same}
     * padding (one more row and column below and right), average pooling with padding (the window
     * counts the padding), dilation, max pooling with padding, a leaky ReLU, global average pooling
     * and dropout.
     */
    @Test
    void batchNormStrideSamePaddingAndAveragePooling() throws Exception {
        Sequential net = Sequential.builder(Shape.image(1, 28, 28)).seed(5)
                .conv2d(Conv2D.Config.of(8, 3).stride(2).samePadding()).batchNorm().relu()
                .add(new AvgPool2D.Config(3, 3, 2, 2, 1, 1))
                .conv2d(Conv2D.Config.of(16, 3).dilation(2).samePadding().bias(false)).batchNorm().leakyRelu(0.1)
                .add(new MaxPool2D.Config(3, 3, 2, 2, 1, 1)).globalAvgPool2d()
                .dense(32).batchNorm().relu().dropout(0.2).dense(10).loss(Loss.named("softmax-ce")).build();
        trainBriefly(net);
        SavedModel saved = SavedModel.builder(net).classNames(CLASSES).preprocessing(new PixelScaling(28, 28, 255, CLASSES)).build();
        OnnxMl.ModelProto model = OnnxExport.toModel(saved);
        assertEquals(List.of("Conv", "BatchNormalization", "Relu", "AveragePool", "Conv", "BatchNormalization", "LeakyRelu",
                "MaxPool", "GlobalAveragePool", "Flatten", "Gemm", "BatchNormalization", "Relu", "Gemm", "Softmax", "Identity"),
                ops(model));
        List<OnnxMl.NodeProto> nodes = model.getGraph().getNodeList();
        assertEquals(List.of(0L, 0L, 1L, 1L), attribute(nodes.get(0), "pads").getIntsList(), "28 -> 14 at stride 2: one"
                + " padded row below and one column right");
        assertEquals(1e-5f, attribute(nodes.get(1), "epsilon").getF());
        assertEquals(1, attribute(nodes.get(3), "count_include_pad").getI());
        assertEquals(List.of(2L, 2L), attribute(nodes.get(4), "dilations").getIntsList());
        assertEquals(List.of(2L, 2L, 2L, 2L), attribute(nodes.get(4), "pads").getIntsList());
        assertEquals(2, nodes.get(4).getInputCount(), "the convolution without bias has no B");
        assertTrue(net.buffers().values().stream().allMatch(t -> t.getFlat(0) != 0 && t.getFlat(0) != 1),
                "training moved every running statistic");
        float[] raw = images(N, new Random(3));
        check("batch norm, stride 2, same, average pooling", saved, raw, scaled(raw), Shape.image(1, 28, 28));
    }

    /**
     * Activations on images (softmax over all of an example's values, as chainrule's, between a
     * Flatten and a Reshape), z-scores of each pixel as a Mul and an Add of the image's shape (they
     * differ within a channel, so no convolution takes them), and a network that ends on images.
     */
    @Test
    void imageActivationsPerPixelZScoresAndAnImageOutput() throws Exception {
        Shape example = Shape.image(2, 5, 5);
        Random random = new Random(6);
        List<ColumnEncoding> columns = new ArrayList<>();
        double[] mean = new double[50];
        double[] std = new double[50];
        for (int j = 0; j < 50; j++) {
            mean[j] = 10 * random.nextGaussian();
            std[j] = 0.5 + random.nextDouble() * 3;
            columns.add(new ColumnEncoding.Standardized("p" + j, mean[j], std[j]));
        }
        TabularPreprocessing z = new TabularPreprocessing(columns, new TargetEncoding.Values("y"));
        Sequential net = Sequential.builder(example).seed(9)
                .conv2d(Conv2D.Config.of(3, 3).padding(1)).tanh().softmax().conv2d(Conv2D.Config.of(2, 1)).sigmoid()
                .conv2d(Conv2D.Config.of(2, 2)).leakyRelu(0.3).loss(Loss.named("mse")).build();
        SavedModel saved = SavedModel.builder(net).preprocessing(z).build();
        OnnxMl.ModelProto model = OnnxExport.toModel(saved);
        assertEquals(List.of("Mul", "Add", "Conv", "Tanh", "Flatten", "Softmax", "Reshape", "Conv", "Sigmoid", "Conv", "LeakyRelu",
                "Flatten", "Identity"), ops(model));
        assertEquals(List.of(2L, 5L, 5L), model.getGraph().getInitializer(0).getDimsList(), "the scales have the image's shape");
        float[] raw = new float[N * 50];
        Tensor features = Tensor.zeros(DType.FLOAT32, new int[] {N, 2, 5, 5});
        for (int i = 0; i < raw.length; i++) {
            raw[i] = (float) (mean[i % 50] + std[i % 50] * random.nextGaussian());
            features.setFlat(i, (raw[i] - mean[i % 50]) / std[i % 50]);
        }
        assertEquals(32, net.outputs());
        check("image activations, per-pixel z-scores", saved, raw, features, example);
    }

    /**
     * One scale and shift per channel fold into a first convolution without padding, bias
     * included: {@code W' = a_c W}, {@code bias' = bias + b_c sum W}.
     */
    @Test
    void aPerChannelShiftFoldsIntoAnUnpaddedConvolution() throws Exception {
        Shape example = Shape.image(2, 6, 6);
        List<ColumnEncoding> columns = new ArrayList<>();
        for (int j = 0; j < 72; j++) {
            columns.add(j < 36 ? new ColumnEncoding.Standardized("r" + j, 100, 20) : new ColumnEncoding.Standardized("g" + j, -3, 0.5));
        }
        TabularPreprocessing z = new TabularPreprocessing(columns, new TargetEncoding.Classes("y", List.of("a", "b", "c"), false));
        Sequential net = Sequential.builder(example).seed(4).dropout(0.1)
                .conv2d(Conv2D.Config.of(4, 3)).relu().flatten().dense(3).loss(Loss.named("softmax-ce")).build();
        SavedModel saved = SavedModel.builder(net).classNames(List.of("a", "b", "c")).preprocessing(z).build();
        assertEquals(List.of("Conv", "Relu", "Flatten", "Gemm", "Softmax", "Identity"), ops(OnnxExport.toModel(saved)));
        Random random = new Random(10);
        float[] raw = new float[N * 72];
        Tensor features = Tensor.zeros(DType.FLOAT32, new int[] {N, 2, 6, 6});
        for (int i = 0; i < raw.length; i++) {
            boolean red = i % 72 < 36;
            raw[i] = (float) (red ? 100 + 20 * random.nextGaussian() : -3 + 0.5 * random.nextGaussian());
            features.setFlat(i, red ? (raw[i] - 100) / 20.0 : (raw[i] + 3) / 0.5);
        }
        check("per-channel shift folded", saved, raw, features, example);

        // with padding, the shift cannot be folded (a padded zero is not a raw zero): Mul and Add at the input
        Sequential padded = Sequential.builder(example).seed(4).conv2d(Conv2D.Config.of(4, 3).padding(1)).relu().flatten()
                .dense(3).loss(Loss.named("softmax-ce")).build();
        SavedModel paddedSaved = SavedModel.builder(padded).classNames(List.of("a", "b", "c")).preprocessing(z).build();
        assertEquals(List.of("Mul", "Add", "Conv"), ops(OnnxExport.toModel(paddedSaved)).subList(0, 3));
        check("per-channel shift as Mul and Add", paddedSaved, raw, features, example);
    }
}
