package dev.chainrule.io;

import dev.chainrule.data.BuiltinDigits;
import dev.chainrule.data.ColumnEncoding;
import dev.chainrule.data.Dataset;
import dev.chainrule.data.TabularPreprocessing;
import dev.chainrule.data.TargetEncoding;
import dev.chainrule.model.Sequential;
import dev.chainrule.tensor.DType;
import dev.chainrule.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelFileTest {

    /** The model kept as {@code tiny-v1.model} under test resources: fixed weights, so it can be rebuilt. */
    static Sequential tiny() {
        return Sequential.builder(3)
                .dense(new double[][] {{0.5, -0.25}, {0.125, 1.5}, {-2, 0.75}}, new double[] {0.1, -0.2}).relu()
                .dense(new double[][] {{1, -1, 0.5}, {0.25, 2, -0.5}}, new double[] {0, 0.3, -0.3})
                .loss(dev.chainrule.loss.Loss.named("softmax-ce"))
                .build();
    }

    static SavedModel tinySaved() {
        TabularPreprocessing columns = new TabularPreprocessing(List.of(new ColumnEncoding.Numeric("x1"),
                new ColumnEncoding.Standardized("x2", 0.5, 2), new ColumnEncoding.Numeric("x3")),
                new TargetEncoding.Classes("y", List.of("a", "b", "c"), false));
        TrainingRecord training = new TrainingRecord(
                new TrainingRecord.Settings("adam", 0.001, Double.NaN, 0, 1e-4, "warmup:2+cosine", 1.5, 16, 30, 3,
                        "val_loss", 0.1, 7, null),
                new TrainingRecord.Results(90, 10, 12, 0.25, 0.5, Double.NaN, "early stopping after epoch 12", 9));
        return new SavedModel(tiny(), List.of("a", "b", "c"), columns, DatasetRecord.of("tiny.csv", 0.5, 3), training);
    }

    @Test
    void savedThenLoadedPredictsBitIdentically(@TempDir Path dir) throws Exception {
        Dataset digits = BuiltinDigits.load(DType.FLOAT32);
        Sequential net = Sequential.builder(64).seed(5).dense(20).tanh().dense(10)
                .loss(dev.chainrule.loss.Loss.named("softmax-ce")).build();
        Path file = dir.resolve("m.model");
        ModelFile.save(file, new SavedModel(net, digits.classNames(), null, DatasetRecord.of("digits", 0.2, 1), null));
        SavedModel back = ModelFile.load(file);
        assertTrue(net.predict(digits.features()).sameBits(back.model().predict(digits.features())));
        for (int i = 0; i < net.parameters().size(); i++) {
            assertTrue(net.parameters().get(i).value().sameBits(back.model().parameters().get(i).value()));
        }
        assertEquals(digits.classNames(), back.classNames());
        assertEquals("digits", back.dataset().data());
        assertEquals(null, back.training());
        assertEquals(null, back.preprocessing());
        assertEquals(net.toString(), back.model().toString());
    }

    @Test
    void float64ModelsKeepTheirBits(@TempDir Path dir) throws Exception {
        Sequential net = NetworkFile.parse(NetworkFileTest.SEED004, "seed004").build(DType.FLOAT64, 0);
        Path file = dir.resolve("m.model");
        ModelFile.save(file, SavedModel.builder(net).build());
        Sequential back = ModelFile.load(file).model();
        assertEquals(DType.FLOAT64, back.dtype());
        Tensor x = Tensor.row(DType.FLOAT64, 0.5, 0.1, -0.2);
        assertTrue(net.predict(x).sameBits(back.predict(x)));
    }

    @Test
    void everySectionComesBackAsTheTypedValueSaved() throws Exception {
        SavedModel saved = tinySaved();
        SavedModel back = ModelFile.fromBytes(ModelFile.toBytes(saved), "tiny");
        assertEquals(saved.classNames(), back.classNames());
        assertEquals(saved.preprocessing(), back.preprocessing());
        assertEquals(saved.dataset(), back.dataset());
        assertEquals(saved.training(), back.training());
        Tensor x = Tensor.of(DType.FLOAT32, new double[][] {{1, 2, 3}, {-1, 0.5, 0}});
        assertTrue(saved.model().predict(x).sameBits(back.model().predict(x)));
        // and the bytes are a function of the contents alone
        assertArrayEquals(ModelFile.toBytes(saved), ModelFile.toBytes(back));
    }

    @Test
    void aVersion1FileWithAPlaceholderPreprocessingIsRefusedInOneLine() throws Exception {
        byte[] bytes;
        try (InputStream in = ModelFileTest.class.getResourceAsStream("tiny-v1.model")) {
            bytes = in.readAllBytes();
        }
        ModelFileException e = assertThrows(ModelFileException.class, () -> ModelFile.fromBytes(bytes, "tiny-v1.model"));
        assertEquals("tiny-v1.model is not a valid chainrule model file: preprocessing: missing \"format\" in [kind]",
                e.getMessage());
    }

    /**
     * {@code digits-v1.model} was saved by chainrule at format version 1 ({@code train --data
     * digits --hidden 12 --activation tanh --dropout 0.1 --epochs 2 --seed 3}); the
     * probabilities below are what that chainrule's {@code predict} printed for the first two
     * rows of the digits (pixels / 16), which must come out bit for bit from every later reader.
     */
    @Test
    void readsAModelWithPreprocessingAndDropoutSavedByFormatVersion1() throws Exception {
        byte[] bytes;
        try (InputStream in = ModelFileTest.class.getResourceAsStream("digits-v1.model")) {
            bytes = in.readAllBytes();
        }
        SavedModel saved = ModelFile.fromBytes(bytes, "digits-v1.model");
        assertEquals(List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"), saved.classNames());
        assertTrue(saved.preprocessing() instanceof dev.chainrule.data.PixelScaling, String.valueOf(saved.preprocessing()));
        assertEquals(List.of("dense", "tanh", "dropout", "dense"),
                saved.model().layers().stream().map(dev.chainrule.layer.Layer::type).toList());
        double[][] pixels = {
                {0, 0, 5, 13, 9, 1, 0, 0, 0, 0, 13, 15, 10, 15, 5, 0, 0, 3, 15, 2, 0, 11, 8, 0, 0, 4, 12, 0, 0, 8, 8, 0,
                        0, 5, 8, 0, 0, 9, 8, 0, 0, 4, 11, 0, 1, 12, 7, 0, 0, 2, 14, 5, 10, 12, 0, 0, 0, 0, 6, 13, 10, 0, 0, 0},
                {0, 0, 0, 12, 13, 5, 0, 0, 0, 0, 0, 11, 16, 9, 0, 0, 0, 0, 3, 15, 16, 6, 0, 0, 0, 7, 15, 16, 16, 2, 0, 0,
                        0, 0, 1, 16, 16, 3, 0, 0, 0, 0, 1, 16, 16, 6, 0, 0, 0, 0, 1, 16, 16, 6, 0, 0, 0, 0, 0, 11, 16, 10, 0, 0}};
        Tensor x = Tensor.zeros(DType.FLOAT32, 2, 64);
        for (int r = 0; r < 2; r++) {
            for (int c = 0; c < 64; c++) {
                x.set(r, c, pixels[r][c] / 16.0);
            }
        }
        double[][] expected = {
                {0.5895249843597412, 0.006237679161131382, 0.09448891133069992, 0.04537989944219589,
                        0.04175884276628494, 0.06282761693000793, 0.03961436077952385, 0.02216794714331627,
                        0.04971540719270706, 0.04828432574868202},
                {0.007511692587286234, 0.5382066965103149, 0.032386619597673416, 0.07050073891878128,
                        0.030915865674614906, 0.022630833089351654, 0.026507912203669548, 0.048561420291662216,
                        0.12968115508556366, 0.09309706836938858}};
        Tensor p = saved.model().predict(x);
        for (int r = 0; r < 2; r++) {
            for (int c = 0; c < 10; c++) {
                assertEquals((float) expected[r][c], (float) p.get(r, c), "row " + r + " class " + c);
            }
        }
    }

    @Test
    void truncatedFlippedAndForeignFilesAreRefusedInOneLine() throws Exception {
        byte[] good = ModelFile.toBytes(tinySaved());
        byte[] half = java.util.Arrays.copyOf(good, good.length / 2);
        byte[] flipped = good.clone();
        flipped[good.length / 2] ^= 0x10;
        byte[] random = new byte[good.length];
        new Random(1).nextBytes(random);
        byte[] newer = good.clone();
        for (byte[] bad : List.of(half, flipped, random, new byte[0], newer)) {
            if (bad == newer) {
                continue;
            }
            ModelFileException e = assertThrows(ModelFileException.class, () -> ModelFile.fromBytes(bad, "m.model"));
            assertFalse(e.getMessage().contains("\n"), e.getMessage());
            assertTrue(e.getMessage().startsWith("m.model "), e.getMessage());
        }
        assertTrue(assertThrows(ModelFileException.class, () -> ModelFile.fromBytes(half, "m")).getMessage()
                .contains("damaged or truncated"));
        assertTrue(assertThrows(ModelFileException.class, () -> ModelFile.fromBytes(random, "m")).getMessage()
                .contains("not a chainrule model file"));
    }

    @Test
    void aFailedSaveLeavesThePreviousFileAndNoTemporaryFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("m.model");
        ModelFile.save(file, tinySaved());
        byte[] before = Files.readAllBytes(file);
        SavedModel notANetworkFileLayer = SavedModel.builder(Sequential.builder(3).add(new UnwritableLayer()).build())
                .build();
        assertThrows(IllegalArgumentException.class, () -> ModelFile.save(file, notANetworkFileLayer));
        assertArrayEquals(before, Files.readAllBytes(file));
        // a move that fails (the target is now a non-empty folder) removes its temporary file
        Path folder = dir.resolve("folder.model");
        Files.createDirectories(folder.resolve("inside"));
        assertThrows(java.io.IOException.class, () -> ModelFile.save(folder, tinySaved()));
        try (var files = Files.list(dir)) {
            assertEquals(List.of("folder.model", "m.model"), files.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }

    /** A layer that network files cannot describe, so a model holding it cannot be saved. */
    private static final class UnwritableLayer implements dev.chainrule.layer.Layer {
        @Override
        public String type() {
            return "identity";
        }

        @Override
        public int outputSize(int inFeatures) {
            return inFeatures;
        }

        @Override
        public Tensor forward(Tensor input, boolean training) {
            return input;
        }

        @Override
        public Tensor backward(Tensor gradOutput, boolean needInputGradient) {
            return gradOutput;
        }

        @Override
        public void infer(Tensor input, Tensor output) {
            output.copyFrom(input);
        }
    }
}
