package dev.chainrule.onnx;

import ai.onnx.proto.OnnxMl;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.chainrule.data.BuiltinDigits;
import dev.chainrule.data.ColumnEncoding;
import dev.chainrule.data.Dataset;
import dev.chainrule.data.PixelScaling;
import dev.chainrule.data.TabularPreprocessing;
import dev.chainrule.data.TargetEncoding;
import dev.chainrule.io.SavedModel;
import dev.chainrule.loss.Loss;
import dev.chainrule.model.Sequential;
import dev.chainrule.optim.Sgd;
import dev.chainrule.tensor.DType;
import dev.chainrule.tensor.Tensor;
import dev.chainrule.train.Trainer;
import dev.chainrule.train.TrainingConfig;
import org.junit.jupiter.api.Test;

import java.nio.FloatBuffer;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** ONNX Runtime runs the exported graphs and gives chainrule's predictions to 1e-5, on 1,000 examples each. */
class OnnxExportTest {
    static final double TOLERANCE = 1e-5;

    /** ONNX Runtime's outputs for the raw inputs {@code [rows, cols]}. */
    static float[][] run(byte[] onnx, float[] raw, int rows, int cols) throws Exception {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession session = env.createSession(onnx, new OrtSession.SessionOptions());
             OnnxTensor input = OnnxTensor.createTensor(env, FloatBuffer.wrap(raw), new long[] {rows, cols});
             OrtSession.Result result = session.run(Map.of("input", input))) {
            return (float[][]) result.get("output").orElseThrow().getValue();
        }
    }

    static double worst(float[][] onnx, Tensor chainrule) {
        assertEquals(chainrule.rows(), onnx.length);
        double worst = 0;
        for (int r = 0; r < onnx.length; r++) {
            assertEquals(chainrule.cols(), onnx[r].length);
            for (int c = 0; c < onnx[r].length; c++) {
                worst = Math.max(worst, Math.abs(onnx[r][c] - chainrule.get(r, c)));
            }
        }
        System.out.printf("ONNX Runtime vs chainrule on %d examples: largest difference %.3g%n", onnx.length, worst);
        return worst;
    }

    @Test
    void aTrainedDigitsMlpTakesRawPixelsAndPredictsAsChainruleDoes() throws Exception {
        Dataset digits = BuiltinDigits.load(DType.FLOAT32);
        Sequential net = Sequential.builder(64).seed(3).dense(32).relu().dropout(0.1).dense(10)
                .loss(Loss.named("softmax-ce")).build();
        new Trainer(net, new Sgd(0.1), TrainingConfig.miniBatch(3, 32, 1)).fit(digits);
        SavedModel saved = SavedModel.builder(net).classNames(digits.classNames())
                .preprocessing(new PixelScaling(8, 8, 16, digits.classNames())).build();
        byte[] onnx = OnnxExport.toBytes(saved);
        int n = 1000;
        float[] raw = new float[n * 64];
        Tensor features = Tensor.zeros(DType.FLOAT32, n, 64);
        for (int r = 0; r < n; r++) {
            for (int c = 0; c < 64; c++) {
                double pixel = digits.features().get(r, c) * 16;
                raw[r * 64 + c] = (float) pixel;
                features.set(r, c, pixel / 16);
            }
        }
        double worst = worst(run(onnx, raw, n, 64), net.predict(features));
        assertTrue(worst <= TOLERANCE, "ONNX Runtime differs from chainrule by up to " + worst);
        assertArrayEquals(onnx, OnnxExport.toBytes(saved), "the same model gives the same bytes");
    }

    /** Every activation, a layer without bias, dropout, and CSV columns: z-scored, one-hot and plain. */
    @Test
    void everyActivationAndTheZScoresFoldedIntoTheFirstGemm() throws Exception {
        TabularPreprocessing columns = new TabularPreprocessing(List.of(
                new ColumnEncoding.Standardized("gre", 587.7, 115.5), new ColumnEncoding.Standardized("gpa", 3.39, 0.38),
                new ColumnEncoding.OneHot("rank", List.of("1", "2", "3", "4")), new ColumnEncoding.Numeric("age")),
                new TargetEncoding.Classes("admit", List.of("no", "yes"), true));
        Sequential net = Sequential.builder(7).seed(11)
                .dense(12).relu().dense(10).sigmoid().dense(8).tanh().dense(8, false, null).leakyRelu(0.2).dropout(0.3)
                .dense(6).softmax().dense(1)
                .loss(Loss.named("bce")).build();
        SavedModel saved = SavedModel.builder(net).classNames(List.of("no", "yes")).preprocessing(columns).build();
        int n = 1000;
        Random random = new Random(4);
        float[] raw = new float[n * 7];
        Tensor features = Tensor.zeros(DType.FLOAT32, n, 7);
        for (int r = 0; r < n; r++) {
            double[] row = new double[7];
            row[0] = 200 + 10 * random.nextInt(61);
            row[1] = Math.round((2 + 2 * random.nextDouble()) * 100) / 100.0;
            row[2 + random.nextInt(4)] = 1;
            row[6] = 18 + random.nextInt(50);
            for (int c = 0; c < 7; c++) {
                raw[r * 7 + c] = (float) row[c];
            }
            features.set(r, 0, (row[0] - 587.7) / 115.5);
            features.set(r, 1, ((float) row[1] - 3.39) / 0.38);
            for (int c = 2; c < 7; c++) {
                features.set(r, c, row[c]);
            }
        }
        OnnxMl.ModelProto model = OnnxExport.toModel(saved);
        assertEquals(List.of("Gemm", "Relu", "Gemm", "Sigmoid", "Gemm", "Tanh", "Gemm", "LeakyRelu", "Gemm", "Softmax",
                "Gemm", "Sigmoid", "Identity"), model.getGraph().getNodeList().stream().map(OnnxMl.NodeProto::getOpType).toList());
        assertEquals(13, model.getOpsetImport(0).getVersion());
        assertEquals(1, model.getGraph().getNode(0).getAttribute(0).getI(), "transB");
        assertEquals(2, model.getGraph().getNode(6).getInputCount(), "the layer without bias has no C");
        double worst = worst(run(model.toByteArray(), raw, n, 7), net.predict(features));
        assertTrue(worst <= TOLERANCE, "ONNX Runtime differs from chainrule by up to " + worst);
    }

    @Test
    void withNoDenseLayerFirstThePreprocessingIsAMulAndAnAdd() throws Exception {
        Sequential net = Sequential.builder(64).seed(2).tanh().dense(16).relu().dense(10).loss(Loss.named("mse")).build();
        SavedModel saved = SavedModel.builder(net).preprocessing(new PixelScaling(8, 8, 255, List.of())).build();
        OnnxMl.ModelProto model = OnnxExport.toModel(saved);
        assertEquals(List.of("Mul", "Add", "Tanh", "Gemm", "Relu", "Gemm", "Identity"),
                model.getGraph().getNodeList().stream().map(OnnxMl.NodeProto::getOpType).toList());
        int n = 1000;
        Random random = new Random(8);
        float[] raw = new float[n * 64];
        Tensor features = Tensor.zeros(DType.FLOAT32, n, 64);
        for (int i = 0; i < raw.length; i++) {
            raw[i] = random.nextInt(256);
            features.set(i / 64, i % 64, raw[i] / 255.0);
        }
        double worst = worst(run(model.toByteArray(), raw, n, 64), net.predict(features));
        assertTrue(worst <= TOLERANCE, "ONNX Runtime differs from chainrule by up to " + worst);
    }

    /** A numeric target that training z-scored: the graph gives it in its own units, as predict does. */
    @Test
    void aZScoredTargetComesOutInItsOwnUnits() throws Exception {
        TabularPreprocessing columns = new TabularPreprocessing(List.of(new ColumnEncoding.Standardized("gpa", 3.39, 0.38),
                new ColumnEncoding.OneHot("rank", List.of("1", "2", "3", "4"))),
                new TargetEncoding.Values("gre", new ColumnEncoding.Standardized("gre", 587.7, 115.5)));
        Sequential net = Sequential.builder(5).seed(3).dense(8).relu().dense(1).loss(Loss.named("mse")).build();
        SavedModel saved = SavedModel.builder(net).preprocessing(columns).build();
        OnnxMl.ModelProto model = OnnxExport.toModel(saved);
        assertEquals(List.of("Gemm", "Relu", "Gemm", "Mul", "Add", "Identity"),
                model.getGraph().getNodeList().stream().map(OnnxMl.NodeProto::getOpType).toList());
        int n = 1000;
        Random random = new Random(5);
        float[] raw = new float[n * 5];
        Tensor features = Tensor.zeros(DType.FLOAT32, n, 5);
        for (int r = 0; r < n; r++) {
            raw[r * 5] = (float) (Math.round((2 + 2 * random.nextDouble()) * 100) / 100.0);
            raw[r * 5 + 1 + random.nextInt(4)] = 1;
            features.set(r, 0, (raw[r * 5] - 3.39) / 0.38);
            for (int c = 1; c < 5; c++) {
                features.set(r, c, raw[r * 5 + c]);
            }
        }
        Tensor gre = columns.targetValues(net.predict(features));
        assertTrue(Math.abs(gre.get(0, 0)) > 100, "GRE points, not standard deviations: " + gre.get(0, 0));
        double worst = 0;
        float[][] onnx = run(model.toByteArray(), raw, n, 5);
        for (int r = 0; r < n; r++) {
            worst = Math.max(worst, Math.abs(onnx[r][0] - gre.get(r, 0)) / Math.abs(gre.get(r, 0)));
        }
        System.out.printf("ONNX Runtime vs chainrule, a z-scored target in its units: largest relative difference %.3g%n",
                worst);
        assertTrue(worst <= TOLERANCE, "ONNX Runtime differs from chainrule by up to " + worst + " of the value");
    }
}
