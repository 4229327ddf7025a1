package dev.chainrule.cli;

import ai.onnx.proto.OnnxMl;
import dev.chainrule.io.ModelFile;
import dev.chainrule.io.Safetensors;
import dev.chainrule.io.SavedModel;
import dev.chainrule.tensor.Tensor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code export} and {@code train --init-from} with a convolutional network (conv2d, batch
 * normalization, max pooling, flatten, dense on the digits as {@code [1, 8, 8]} images), as a
 * person runs them.
 */
class CnnModelFilesCommandsTest {
    static final String NETWORK = "{\"input\": [1, 8, 8], \"layers\": [{\"conv2d\": 4, \"kernel\": 3, \"padding\": 1},"
            + " {\"batchnorm\": {}}, {\"activation\": \"relu\"}, {\"maxpool2d\": 2}, {\"flatten\": true}, {\"dense\": 10}],"
            + " \"loss\": \"softmax-ce\"}";
    @TempDir
    static Path dir;
    static Path net;
    static Path cnn;

    @BeforeAll
    static void trainOnce() throws Exception {
        net = dir.resolve("cnn.json");
        Files.writeString(net, NETWORK);
        cnn = dir.resolve("cnn.model");
        Cli.Result r = Cli.run("train", "--network", net.toString(), "--epochs", "2", "--out", cnn.toString());
        assertEquals(0, r.status(), r.toString());
    }

    @Test
    void exportOnnxTakesImagesOfRawPixels() throws Exception {
        Path out = dir.resolve("cnn.onnx");
        Cli.Result r = Cli.run("export", cnn.toString(), "--onnx", out.toString());
        assertEquals(0, r.status(), r.toString());
        assertTrue(r.out().contains("input \"input\" [batch, 1, 8, 8], output \"output\" [batch, 10]"), r.out());
        OnnxMl.ModelProto model = OnnxMl.ModelProto.parseFrom(Files.readAllBytes(out));
        assertEquals(List.of("Conv", "BatchNormalization", "Relu", "MaxPool", "Flatten", "Gemm", "Softmax", "Identity"),
                model.getGraph().getNodeList().stream().map(OnnxMl.NodeProto::getOpType).toList());
        assertTrue(model.getMetadataPropsList().stream().anyMatch(p -> p.getValue().startsWith("raw pixels from 0 to 16")));
    }

    @Test
    void exportSafetensorsWritesConvolutionAndBatchNormUnderPyTorchsNames() throws Exception {
        Path out = dir.resolve("cnn.safetensors");
        Cli.Result r = Cli.run("export", cnn.toString(), "--safetensors", out.toString());
        assertEquals(0, r.status(), r.toString());
        assertTrue(r.out().contains("(8 tensors, PyTorch names and layouts)"), r.out());
        Safetensors.Contents c = Safetensors.read(out);
        assertEquals(List.of("0.weight", "0.bias", "1.weight", "1.bias", "1.running_mean", "1.running_var", "5.weight", "5.bias"),
                List.copyOf(c.tensors().keySet()));
        assertEquals("[4, 1, 3, 3]", java.util.Arrays.toString(c.tensors().get("0.weight").shape()));
    }

    @Test
    void initFromTheModelOrItsSafetensorsExportGivesTheSameTrainedBits() throws Exception {
        Path weights = dir.resolve("start.safetensors");
        assertEquals(0, Cli.run("export", cnn.toString(), "--safetensors", weights.toString()).status());
        Path fromModel = dir.resolve("from-model.model");
        Path fromWeights = dir.resolve("from-weights.model");
        Cli.Result a = Cli.run("train", "--init-from", cnn.toString(), "--epochs", "1", "--out", fromModel.toString());
        assertEquals(0, a.status(), a.toString());
        Cli.Result b = Cli.run("train", "--init-from", weights.toString(), "--network", net.toString(), "--epochs", "1",
                "--out", fromWeights.toString());
        assertEquals(0, b.status(), b.toString());
        assertTrue(b.out().contains("layer 1 (conv2d, 4 filters 3x3, padding 1): 0.weight F32 [4, 1, 3, 3], 0.bias F32 [4]"),
                b.out());
        assertTrue(b.out().contains("layer 2 (batchnorm, 4 channels): 1.weight F32 [4], 1.bias F32 [4], 1.running_mean F32 [4],"
                + " 1.running_var F32 [4]"), b.out());
        List<Tensor> x = state(ModelFile.load(fromModel));
        List<Tensor> y = state(ModelFile.load(fromWeights));
        List<Tensor> start = state(ModelFile.load(cnn));
        for (int i = 0; i < x.size(); i++) {
            assertTrue(x.get(i).sameBits(y.get(i)), "tensor " + i);
            assertFalse(x.get(i).sameBits(start.get(i)), "trained further: tensor " + i);
        }
    }

    /** Parameters, then running statistics. */
    private static List<Tensor> state(SavedModel saved) {
        List<Tensor> out = new ArrayList<>();
        saved.model().parameters().forEach(p -> out.add(p.value()));
        out.addAll(saved.model().buffers().values());
        return out;
    }
}
