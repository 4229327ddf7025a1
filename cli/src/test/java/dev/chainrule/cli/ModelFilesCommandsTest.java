package dev.chainrule.cli;

import dev.chainrule.io.ModelFile;
import dev.chainrule.io.Safetensors;
import dev.chainrule.io.SavedModel;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code summary}, {@code export --safetensors} and {@code train --init-from}, as a person runs them. */
class ModelFilesCommandsTest {
    static final String ADMISSIONS = "core/src/test/resources/admissions/binary.csv";
    @TempDir
    static Path dir;
    static Path digits;

    @BeforeAll
    static void trainOnce() {
        digits = dir.resolve("digits.model");
        Cli.Result r = Cli.run("train", "--epochs", "2", "--hidden", "24", "--dropout", "0.1", "--out", digits.toString());
        assertEquals(0, r.status(), r.toString());
    }

    @Test
    void summaryPrintsLayersShapesCountsPreprocessingClassesTrainingAndVersion() {
        Cli.Result r = Cli.run("summary", digits.toString());
        assertEquals(0, r.status(), r.toString());
        String out = r.out();
        assertTrue(out.contains("chainrule model file, format version " + dev.chainrule.io.ModelFile.VERSION), out);
        assertTrue(out.contains("network 64-24-10, float32, loss softmax-ce, 1,810 parameters"), out);
        assertTrue(out.contains("1 dense 64 -> 24"), out);
        assertTrue(out.contains("weight [64, 24], bias [1, 24]"), out);
        assertTrue(out.contains("1,560"), out);
        assertTrue(out.contains("3 dropout 0.1"), out);
        assertTrue(out.contains("preprocessing: 8x8 images, pixel / 16 (to [0, 1])"), out);
        assertTrue(out.contains("classes (10): 0, 1, 2, 3, 4, 5, 6, 7, 8, 9"), out);
        assertTrue(out.contains("training: sgd, lr 0.1, schedule constant, batch 32, 2 epochs, seed 1"), out);
        assertTrue(out.contains("results: 2 epochs run (completed)"), out);
        Map<String, Object> json = Cli.run("summary", digits.toString(), "--json").json();
        assertEquals((double) dev.chainrule.io.ModelFile.VERSION, json.get("format_version"));
        assertEquals(1810.0, json.get("parameters"));
        assertEquals(4, ((List<?>) json.get("layers")).size());
    }

    @Test
    void exportWritesPyTorchNamesAndLayoutsAndRefusesToOverwriteTheModel() throws Exception {
        Path out = dir.resolve("digits.safetensors");
        Cli.Result r = Cli.run("export", digits.toString(), "--safetensors", out.toString());
        assertEquals(0, r.status(), r.toString());
        Safetensors.Contents c = Safetensors.read(out);
        assertEquals(List.of("0.weight", "0.bias", "3.weight", "3.bias"), List.copyOf(c.tensors().keySet()));
        assertEquals("[24, 64]", java.util.Arrays.toString(c.tensors().get("0.weight").shape()));
        assertEquals("pt", c.metadata().get("format"));
        byte[] model = Files.readAllBytes(digits);
        r = Cli.run("export", digits.toString(), "--safetensors", digits.toString());
        assertEquals(2, r.status(), r.toString());
        assertTrue(r.err().contains("is the MODEL file") && r.err().contains("overwrite the input"), r.err());
        assertTrue(java.util.Arrays.equals(model, Files.readAllBytes(digits)), "the model file is untouched");
        r = Cli.run("export", digits.toString());
        assertEquals(2, r.status(), r.toString());
    }

    @Test
    void exportOnnxWritesAnOpset13GraphThatTakesRawPixels() throws Exception {
        Path out = dir.resolve("digits.onnx");
        Cli.Result r = Cli.run("export", digits.toString(), "--onnx", out.toString());
        assertEquals(0, r.status(), r.toString());
        assertTrue(r.out().contains("input \"input\" [batch, 64], output \"output\" [batch, 10]"), r.out());
        ai.onnx.proto.OnnxMl.ModelProto model = ai.onnx.proto.OnnxMl.ModelProto.parseFrom(Files.readAllBytes(out));
        assertEquals(13, model.getOpsetImport(0).getVersion());
        assertEquals(List.of("Gemm", "Relu", "Gemm", "Softmax", "Identity"),
                model.getGraph().getNodeList().stream().map(ai.onnx.proto.OnnxMl.NodeProto::getOpType).toList());
        assertTrue(model.getMetadataPropsList().stream().anyMatch(p -> p.getValue().startsWith("raw pixels from 0 to 16")));
    }

    @Test
    void initFromAModelOrItsSafetensorsExportGivesTheSameTrainedBits() throws Exception {
        Path weights = dir.resolve("start.safetensors");
        assertEquals(0, Cli.run("export", digits.toString(), "--safetensors", weights.toString()).status());
        Path fromModel = dir.resolve("from-model.model");
        Path fromWeights = dir.resolve("from-weights.model");
        Cli.Result a = Cli.run("train", "--init-from", digits.toString(), "--epochs", "1", "--out", fromModel.toString());
        assertEquals(0, a.status(), a.toString());
        assertTrue(a.out().contains("starting from " + digits + ": its network, weights and preprocessing"), a.out());
        Cli.Result b = Cli.run("train", "--init-from", weights.toString(), "--hidden", "24", "--dropout", "0.1", "--epochs",
                "1", "--out", fromWeights.toString());
        assertEquals(0, b.status(), b.toString());
        assertTrue(b.out().contains("layer 1 (dense 64 -> 24): 0.weight F32 [24, 64] transposed, 0.bias F32 [24]"), b.out());
        SavedModel x = ModelFile.load(fromModel);
        SavedModel y = ModelFile.load(fromWeights);
        SavedModel start = ModelFile.load(digits);
        for (int i = 0; i < x.model().parameters().size(); i++) {
            assertTrue(x.model().parameters().get(i).value().sameBits(y.model().parameters().get(i).value()));
            assertFalse(x.model().parameters().get(i).value().sameBits(start.model().parameters().get(i).value()),
                    "trained further");
        }
        assertEquals(digits.toString(), x.training().settings().initFrom());
        assertEquals(weights.toString(), y.training().settings().initFrom());
    }

    @Test
    void initFromASafetensorsFileWithANetworkFile() throws Exception {
        Path weights = dir.resolve("net.safetensors");
        assertEquals(0, Cli.run("export", digits.toString(), "--safetensors", weights.toString()).status());
        Path net = dir.resolve("net.json");
        Files.writeString(net, "{\"input\": 64, \"layers\": [{\"dense\": 24}, {\"activation\": \"relu\"}, {\"dropout\": 0.1},"
                + " {\"dense\": 10}], \"loss\": \"softmax-ce\"}");
        Cli.Result r = Cli.run("train", "--init-from", weights.toString(), "--network", net.toString(), "--epochs", "1",
                "--json");
        assertEquals(0, r.status(), r.toString());
        Path wrong = dir.resolve("wrong.json");
        Files.writeString(wrong, "{\"input\": 64, \"layers\": [{\"dense\": 20}, {\"activation\": \"relu\"}, {\"dense\": 10}]}");
        r = Cli.run("train", "--init-from", weights.toString(), "--network", wrong.toString(), "--epochs", "1");
        assertEquals(2, r.status(), r.toString());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains(weights + ": cannot tell which tensors belong to which layer")
                || r.err().contains("0.weight has shape [24, 64], expected [20, 64]"), r.err());
    }

    @Test
    void initFromAModelKeepsItsPreprocessingOnNewDataAndRefusesNetworkOptions() throws Exception {
        Path first = dir.resolve("admissions.model");
        Cli.Result r = Cli.run("train", "--data", ADMISSIONS, "--target", "admit", "--categorical", "rank", "--standardize",
                "gre,gpa", "--epochs", "3", "--out", first.toString());
        assertEquals(0, r.status(), r.toString());
        // new data: the first 120 rows only; their means and stds differ from the first fit's
        List<String> lines = Files.readAllLines(Path.of(ADMISSIONS));
        Path fewer = dir.resolve("fewer.csv");
        Files.write(fewer, lines.subList(0, 121));
        Path second = dir.resolve("again.model");
        r = Cli.run("train", "--init-from", first.toString(), "--data", fewer.toString(), "--epochs", "2", "--out",
                second.toString());
        assertEquals(0, r.status(), r.toString());
        SavedModel a = ModelFile.load(first);
        SavedModel b = ModelFile.load(second);
        assertEquals(a.preprocessing(), b.preprocessing());
        assertEquals("admit", b.dataset().target());
        Cli.Result refit = Cli.run("train", "--data", fewer.toString(), "--target", "admit", "--categorical", "rank",
                "--standardize", "gre,gpa", "--epochs", "1", "--out", dir.resolve("refit.model").toString());
        assertEquals(0, refit.status(), refit.toString());
        assertNotEquals(a.preprocessing(), ModelFile.load(dir.resolve("refit.model")).preprocessing());
        // evaluate applies the saved preprocessing to the recorded data
        Cli.Result e = Cli.run("evaluate", "--model", second.toString(), "--json");
        assertEquals(0, e.status(), e.toString());

        r = Cli.run("train", "--init-from", first.toString(), "--hidden", "10", "--epochs", "1");
        assertEquals(2, r.status(), r.toString());
        assertTrue(r.err().contains("--init-from " + first + " gives the network; leave out --hidden"), r.err());
        r = Cli.run("train", "--init-from", first.toString(), "--data", "digits", "--epochs", "1");
        assertEquals(2, r.status(), r.toString());
        assertTrue(r.err().contains("digits is not a CSV file, but the preprocessing reads CSV columns"), r.err());
        r = Cli.run("train", "--init-from", first.toString(), "--epochs", "1", "--out", first.toString());
        assertEquals(2, r.status(), r.toString());
        assertTrue(r.err().contains("is the --init-from file"), r.err());
        r = Cli.run("train", "--init-from", dir.resolve("absent.model").toString(), "--epochs", "1");
        assertEquals(2, r.status(), r.toString());
        assertTrue(r.err().contains("no such model or weights file"), r.err());
    }
}
