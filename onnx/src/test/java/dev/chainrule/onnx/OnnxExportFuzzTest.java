package dev.chainrule.onnx;

import dev.chainrule.data.ColumnEncoding;
import dev.chainrule.data.PixelScaling;
import dev.chainrule.data.Preprocessing;
import dev.chainrule.data.TabularPreprocessing;
import dev.chainrule.data.TargetEncoding;
import dev.chainrule.io.SavedModel;
import dev.chainrule.model.Sequential;
import dev.chainrule.tensor.DType;
import dev.chainrule.tensor.Shape;
import dev.chainrule.tensor.Tensor;
import dev.chainrule.testing.RandomNetworks;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The ONNX writer on random networks ({@link RandomNetworks}: convolutions of any kernel, stride,
 * padding, {@code same} and dilation, with and without bias; max and average pooling with and
 * without padding; batch normalization with random statistics over channels and features; every
 * activation on images and rows; dropout; flatten, global average pooling or an image output; dense
 * layers), each with a random preprocessing (none, pixel scaling, or z-scores per value or per
 * channel): ONNX Runtime loads every file and gives chainrule's predictions within 1e-5 (relative
 * beyond 1) on 40 random inputs.
 */
class OnnxExportFuzzTest {

    @Test
    void randomNetworksRunInOnnxRuntimeAsInChainrule() throws Exception {
        Random random = new Random(31);
        double worst = 0;
        for (int n = 0; n < 40; n++) {
            Sequential model = RandomNetworks.draw(new Random(random.nextLong()));
            Shape shape = model.inputShape();
            int inputs = model.inputs();
            double[] scale = new double[inputs];
            double[] shift = new double[inputs];
            Preprocessing pre = preprocessing(random, model, scale, shift);
            SavedModel saved = SavedModel.builder(model).preprocessing(pre).build();
            int rows = 40;
            float[] raw = new float[rows * inputs];
            Tensor features = Tensor.zeros(DType.FLOAT32, shape.withBatch(rows));
            for (int i = 0; i < raw.length; i++) {
                int j = i % inputs;
                raw[i] = pre instanceof PixelScaling ? random.nextInt(256) : (float) (-shift[j] / scale[j] + random.nextGaussian() / scale[j]);
                features.setFlat(i, pre instanceof PixelScaling ? raw[i] / 255.0 : scale[j] * raw[i] + shift[j]);
            }
            float[][] onnx = OnnxCnnExportTest.run(OnnxExport.toBytes(saved), raw, shape);
            Tensor want = model.predict(features);
            assertEquals(want.rows(), onnx.length);
            for (int r = 0; r < rows; r++) {
                assertEquals(want.cols(), onnx[r].length);
                for (int c = 0; c < want.cols(); c++) {
                    double d = Math.abs(onnx[r][c] - want.get(r, c)) / Math.max(1, Math.abs(want.get(r, c)));
                    assertTrue(d <= OnnxExportTest.TOLERANCE, "network " + n + " " + model + " with " + pre + ": row " + r
                            + " column " + c + " ONNX " + onnx[r][c] + ", chainrule " + want.get(r, c));
                    worst = Math.max(worst, d);
                }
            }
        }
        System.out.printf("40 random networks in ONNX Runtime: largest difference %.3g%n", worst);
    }

    /** None, pixel scaling, per-value or per-channel z-scores; fills {@code scale} and {@code shift} (feature = scale raw + shift). */
    private static Preprocessing preprocessing(Random random, Sequential model, double[] scale, double[] shift) {
        int inputs = model.inputs();
        Shape shape = model.inputShape();
        java.util.Arrays.fill(scale, 1);
        int kind = random.nextInt(4);
        if (kind == 0) {
            return null;
        }
        if (kind == 1 && (shape.isVector() || shape.dim(0) == 1)) {
            java.util.Arrays.fill(scale, 1 / 255.0);
            int height = shape.isVector() ? 1 : shape.dim(1);
            return new PixelScaling(height, inputs / height, 255, List.of());
        }
        boolean perChannel = kind == 2 && shape.isImage();
        int plane = shape.isImage() ? shape.dim(1) * shape.dim(2) : 1;
        List<ColumnEncoding> columns = new ArrayList<>();
        double mean = 0;
        double std = 1;
        for (int j = 0; j < inputs; j++) {
            if (!perChannel || j % plane == 0) {
                mean = 5 * random.nextGaussian();
                std = 0.2 + 3 * random.nextDouble();
            }
            columns.add(new ColumnEncoding.Standardized("x" + j, mean, std));
            scale[j] = 1 / std;
            shift[j] = -mean / std;
        }
        return new TabularPreprocessing(columns, new TargetEncoding.Values("y"));
    }
}
