package dev.chainrule.io;

import dev.chainrule.data.BuiltinDigits;
import dev.chainrule.data.Dataset;
import dev.chainrule.model.Sequential;
import dev.chainrule.tensor.DType;
import dev.chainrule.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
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
        Map<String, Object> dataset = new java.util.LinkedHashMap<>();
        dataset.put("data", "tiny");
        dataset.put("test_fraction", 0.5);
        dataset.put("seed", 3);
        return new SavedModel(tiny(), List.of("a", "b", "c"), Map.of("kind", "none"), dataset, null);
    }

    @Test
    void savedThenLoadedPredictsBitIdentically(@TempDir Path dir) throws Exception {
        Dataset digits = BuiltinDigits.load(DType.FLOAT32);
        Sequential net = Sequential.builder(64).seed(5).dense(20).tanh().dense(10)
                .loss(dev.chainrule.loss.Loss.named("softmax-ce")).build();
        Path file = dir.resolve("m.model");
        ModelFile.save(file, new SavedModel(net, digits.classNames(), null, Map.of("data", "digits"), Map.of("epochs", 1)));
        SavedModel back = ModelFile.load(file);
        assertTrue(net.predict(digits.features()).sameBits(back.model().predict(digits.features())));
        for (int i = 0; i < net.parameters().size(); i++) {
            assertTrue(net.parameters().get(i).value().sameBits(back.model().parameters().get(i).value()));
        }
        assertEquals(digits.classNames(), back.classNames());
        assertEquals("digits", back.dataset().get("data"));
        assertEquals(1.0, back.training().get("epochs"));
        assertEquals(null, back.preprocessing());
        assertEquals(net.toString(), back.model().toString());
    }

    @Test
    void float64ModelsKeepTheirBits(@TempDir Path dir) throws Exception {
        Sequential net = NetworkFile.parse(NetworkFileTest.SEED004, "seed004").build(DType.FLOAT64, 0);
        Path file = dir.resolve("m.model");
        ModelFile.save(file, new SavedModel(net, List.of(), null, null, null));
        Sequential back = ModelFile.load(file).model();
        assertEquals(DType.FLOAT64, back.dtype());
        Tensor x = Tensor.row(DType.FLOAT64, 0.5, 0.1, -0.2);
        assertTrue(net.predict(x).sameBits(back.predict(x)));
    }

    @Test
    void readsTheFileSavedByFormatVersion1() throws Exception {
        byte[] bytes;
        try (InputStream in = ModelFileTest.class.getResourceAsStream("tiny-v1.model")) {
            bytes = in.readAllBytes();
        }
        SavedModel saved = ModelFile.fromBytes(bytes, "tiny-v1.model");
        assertEquals(List.of("a", "b", "c"), saved.classNames());
        Tensor x = Tensor.of(DType.FLOAT32, new double[][] {{1, 2, 3}, {-1, 0.5, 0}});
        assertTrue(tiny().predict(x).sameBits(saved.model().predict(x)));
        assertEquals(0.5, saved.dataset().get("test_fraction"));
        // the format is stable: today's writer produces the same bytes
        assertArrayEquals(bytes, ModelFile.toBytes(new SavedModel(tiny(), saved.classNames(), saved.preprocessing(),
                saved.dataset(), null)));
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
        SavedModel unwritable = new SavedModel(tiny(), List.of(), Map.of("bad", new Object()), null, null);
        assertThrows(IllegalArgumentException.class, () -> ModelFile.save(file, unwritable));
        assertArrayEquals(before, Files.readAllBytes(file));
        // a move that fails (the target is now a non-empty folder) removes its temporary file
        Path folder = dir.resolve("folder.model");
        Files.createDirectories(folder.resolve("inside"));
        assertThrows(java.io.IOException.class, () -> ModelFile.save(folder, tinySaved()));
        try (var files = Files.list(dir)) {
            assertEquals(List.of("folder.model", "m.model"), files.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }

    /** Writes the resource file; run by hand only when the format version changes on purpose. */
    public static void main(String[] args) throws Exception {
        ModelFile.save(Path.of(args[0]), tinySaved());
    }
}
