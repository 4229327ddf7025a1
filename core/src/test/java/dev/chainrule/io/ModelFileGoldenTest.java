package dev.chainrule.io;

import dev.chainrule.data.ColumnEncoding;
import dev.chainrule.data.CsvTable;
import dev.chainrule.data.PixelScaling;
import dev.chainrule.data.TabularPreprocessing;
import dev.chainrule.data.TargetEncoding;
import dev.chainrule.model.Sequential;
import dev.chainrule.tensor.DType;
import dev.chainrule.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The model files written by earlier builds (test resources {@code golden/}, one set per format
 * version) load, predict what they predicted when they were written, and come back with every
 * section typed.
 */
class ModelFileGoldenTest {

    @Test
    void version1DigitsModelLoadsWithItsPixelScalingAndTrainingRecord() throws Exception {
        SavedModel saved = load("v1-digits.model");
        assertEquals("64-8-10", NetworkSpec.of(saved.model(), false).sizes());
        assertEquals(new PixelScaling(8, 8, 16, List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9")),
                saved.preprocessing());
        assertEquals(DatasetRecord.of("digits", 0.2, 1), saved.dataset());
        TrainingRecord.Settings s = saved.training().settings();
        assertEquals(new TrainingRecord.Settings("nesterov", 0.05, 0.9, 0, 0, "cosine", 0, 32, 4, 2, "val_loss", 0.1, 1,
                null), s);
        TrainingRecord.Results r = saved.training().results();
        assertEquals(new TrainingRecord.Results(1438, 359, 4, 0.8518382003136137, 0.6572454244667012,
                0.8161559888579387, "completed", 4), r);
        assertPredicts(saved, "v1-digits-input.csv", false, "v1-digits-expected.csv");
    }

    @Test
    void version1AdmissionsModelsLoadWithTheirColumnEncodings() throws Exception {
        SavedModel classes = load("v1-admissions.model");
        TabularPreprocessing columns = assertInstanceOf(TabularPreprocessing.class, classes.preprocessing());
        assertEquals(List.of("gre", "gpa", "rank_1", "rank_2", "rank_3", "rank_4"), columns.featureNames());
        assertEquals(new ColumnEncoding.Standardized("gre", 591.125, 115.424730186204), columns.columns().get(0));
        assertEquals(new TargetEncoding.Classes("admit", List.of("0", "1"), false), columns.target());
        assertEquals(new DatasetRecord("../shared/data/binary.csv", "admit", List.of("rank"), List.of("gre", "gpa"), 0.2, 1),
                classes.dataset());
        assertEquals("adam", classes.training().settings().optimizer());
        assertTrue(Double.isNaN(classes.training().settings().momentum()));
        assertPredicts(classes, "v1-admissions-input.csv", true, "v1-admissions-expected.csv");

        SavedModel values = load("v1-gpa.model");
        assertEquals(List.of(), values.classNames());
        assertTrue(Double.isNaN(values.training().results().testAccuracy()), "regression: no accuracy (null in the file)");
        assertNull(values.training().settings().monitor());
        assertPredicts(values, "v1-admissions-input.csv", true, "v1-gpa-expected.csv");
    }

    @Test
    void version2ConvolutionalModelLoadsWithItsShapesAndRunningStatistics() throws Exception {
        SavedModel saved = load("v2-cnn.model");
        assertEquals("[1, 8, 8]", saved.model().inputShape().toString());
        assertEquals("8x8 -> 1x8x8-c4-c8-10", "8x8 -> " + NetworkSpec.of(saved.model(), false).sizes());
        assertEquals(List.of("batchnorm_1.running_mean", "batchnorm_1.running_var"),
                List.copyOf(saved.model().buffers().keySet()));
        assertTrue(saved.model().buffers().get("batchnorm_1.running_var").getFlat(0) != 1,
                "the running variance moved in training and was saved");
        assertEquals("[4, 1, 3, 3]", saved.model().parameters().get(0).value().shape());
        assertPredicts(saved, "v1-digits-input.csv", false, "v2-cnn-expected.csv");
        byte[] again = ModelFile.toBytes(saved);
        assertArrayEquals(again, ModelFile.toBytes(ModelFile.fromBytes(again, "again")));
        try (InputStream in = resource("v2-cnn.model")) {
            assertArrayEquals(in.readAllBytes(), again, "today's writer writes version 2 byte for byte");
        }
    }

    @Test
    void aVersion1FileSavedAgainKeepsItsWeightsAndSections() throws Exception {
        for (String name : List.of("v1-digits.model", "v1-admissions.model", "v1-gpa.model")) {
            SavedModel saved = load(name);
            byte[] again = ModelFile.toBytes(saved);
            SavedModel back = ModelFile.fromBytes(again, name + " saved again");
            for (int i = 0; i < saved.model().parameters().size(); i++) {
                assertTrue(saved.model().parameters().get(i).value().sameBits(back.model().parameters().get(i).value()));
            }
            assertEquals(saved.preprocessing(), back.preprocessing());
            assertEquals(saved.dataset(), back.dataset());
            assertEquals(saved.training(), back.training());
            assertArrayEquals(again, ModelFile.toBytes(back), name);
        }
    }

    @Test
    void version2ConvolutionalModelLoadsWithShapesAndRunningStatistics() throws Exception {
        SavedModel saved = load("v2-digits-cnn.model");
        Sequential model = saved.model();
        assertEquals(dev.chainrule.tensor.Shape.image(1, 8, 8), model.inputShape());
        assertEquals(List.of("conv2d", "batchnorm", "relu", "maxpool2d", "flatten", "dense"),
                model.layers().stream().map(dev.chainrule.layer.Layer::type).toList());
        assertArrayEquals(new int[] {4, 1, 3, 3}, model.parameters().get(0).value().dims());
        assertEquals(List.of("batchnorm_1.running_mean", "batchnorm_1.running_var"), List.copyOf(model.buffers().keySet()));
        for (Tensor t : model.buffers().values()) {
            for (int c = 0; c < 4; c++) {
                assertTrue(t.getFlat(c) != 0 && t.getFlat(c) != 1, "the running statistics were trained: " + t);
            }
        }
        assertEquals(new PixelScaling(8, 8, 16, List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9")),
                saved.preprocessing());
        assertEquals("adam", saved.training().settings().optimizer());
        assertEquals(3, saved.training().results().epochsRun());
        assertPredicts(saved, "v1-digits-input.csv", false, "v2-digits-cnn-expected.csv");
    }

    @Test
    void version2DenseModelWithBatchNormOverFeaturesLoads() throws Exception {
        SavedModel saved = load("v2-admissions-bn.model");
        assertEquals(List.of("dense", "batchnorm", "relu", "dropout", "dense"),
                saved.model().layers().stream().map(dev.chainrule.layer.Layer::type).toList());
        assertEquals(List.of(8), saved.model().buffers().values().stream().map(Tensor::size).distinct().toList());
        TabularPreprocessing columns = assertInstanceOf(TabularPreprocessing.class, saved.preprocessing());
        assertEquals(List.of("gre", "gpa", "rank_1", "rank_2", "rank_3", "rank_4"), columns.featureNames());
        assertPredicts(saved, "v1-admissions-input.csv", true, "v2-admissions-bn-expected.csv");
    }

    @Test
    void aVersion2FileSavedAgainIsTheSameFile() throws Exception {
        for (String name : List.of("v2-digits-cnn.model", "v2-admissions-bn.model")) {
            try (InputStream in = resource(name)) {
                byte[] bytes = in.readAllBytes();
                assertArrayEquals(bytes, ModelFile.toBytes(ModelFile.fromBytes(bytes, name)), name);
            }
        }
    }

    private static SavedModel load(String name) throws IOException {
        try (InputStream in = resource(name)) {
            return ModelFile.fromBytes(in.readAllBytes(), name);
        }
    }

    private static InputStream resource(String name) {
        InputStream in = ModelFileGoldenTest.class.getResourceAsStream("golden/" + name);
        if (in == null) {
            throw new AssertionError("test resource golden/" + name + " is missing");
        }
        return in;
    }

    private static CsvTable csv(String name, boolean header) throws IOException {
        try (Reader r = new InputStreamReader(resource(name), StandardCharsets.UTF_8)) {
            return CsvTable.read(r, name, header);
        }
    }

    /**
     * The model's outputs on the input rows equal the {@code p_...} or {@code prediction} columns
     * that {@code chainrule predict} wrote when the file was made (floats printed exactly, so equal
     * within a float's rounding; 1e-6 leaves room for the plain-loop kernels).
     */
    private static void assertPredicts(SavedModel saved, String input, boolean header, String expected) throws IOException {
        Sequential model = saved.model();
        Tensor p = model.predict(saved.preprocessing().features(csv(input, header), DType.FLOAT32));
        CsvTable want = csv(expected, true);
        assertEquals(want.size(), p.rows());
        int first = want.header().size() - p.cols();
        for (int r = 0; r < p.rows(); r++) {
            for (int c = 0; c < p.cols(); c++) {
                double w = Double.parseDouble(want.field(r, first + c));
                assertEquals(w, p.get(r, c), 1e-6, expected + " row " + (r + 1) + " column " + want.header().get(first + c));
            }
        }
    }
}
