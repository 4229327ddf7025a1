package dev.chainrule.io;

import dev.chainrule.data.CsvTable;
import dev.chainrule.model.Sequential;
import dev.chainrule.tensor.DType;
import dev.chainrule.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * PyTorch's names and layouts: the fixture in test resources {@code pytorch-mlp/} is a small MLP
 * trained with PyTorch, its {@code state_dict} saved as safetensors, and PyTorch's outputs on 64
 * new inputs ({@code make_fixture.py} made them once).
 */
class StateDictTest {
    static Path fixture(String name) {
        try {
            return Path.of(StateDictTest.class.getResource("pytorch-mlp/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static Sequential pytorchMlp() throws Exception {
        return NetworkFile.load(fixture("network.json"), fixture("mlp.safetensors"), DType.FLOAT32);
    }

    @Test
    void aPyTorchTrainedMlpPredictsTheSameInChainrule() throws Exception {
        Sequential model = pytorchMlp();
        CsvTable inputs = CsvTable.read(fixture("inputs.csv"));
        CsvTable expected = CsvTable.read(fixture("expected.csv"));
        Tensor x = Tensor.zeros(DType.FLOAT32, inputs.size(), 6);
        for (int r = 0; r < inputs.size(); r++) {
            for (int c = 0; c < 6; c++) {
                x.set(r, c, Double.parseDouble(inputs.field(r, c)));
            }
        }
        Tensor logits = model.predictRaw(x);
        Tensor p = model.predict(x);
        double worstP = 0;
        double worstLogit = 0;
        for (int r = 0; r < x.rows(); r++) {
            for (int c = 0; c < 3; c++) {
                double wantLogit = Double.parseDouble(expected.field(r, c));
                double wantP = Double.parseDouble(expected.field(r, 3 + c));
                worstLogit = Math.max(worstLogit, Math.abs(logits.get(r, c) - wantLogit) / Math.max(1, Math.abs(wantLogit)));
                worstP = Math.max(worstP, Math.abs(p.get(r, c) - wantP));
            }
        }
        assertTrue(worstP <= 1e-6, "probabilities differ from PyTorch's by up to " + worstP);
        assertTrue(worstLogit <= 1e-6, "logits differ from PyTorch's by up to " + worstLogit + " (relative beyond 1)");
    }

    @Test
    void exportGivesBackThePyTorchFileTensorForTensor() throws Exception {
        Safetensors.Contents file = Safetensors.read(fixture("mlp.safetensors"));
        Map<String, SafeTensor> exported = StateDict.of(pytorchMlp());
        assertEquals(List.of("0.weight", "0.bias", "2.weight", "2.bias", "4.weight", "4.bias", "6.weight", "6.bias"),
                List.copyOf(exported.keySet()));
        for (String name : file.tensors().keySet()) {
            assertEquals(file.tensors().get(name), exported.get(name), name);
        }
        // and an exported file loads back bit for bit
        Sequential back = NetworkFile.parse(java.nio.file.Files.readString(fixture("network.json")), "net").build(DType.FLOAT32, 9);
        StateDict.load(back, Safetensors.fromBytes(Safetensors.toBytes(exported, Map.of()), "exported").tensors());
        Sequential model = pytorchMlp();
        for (int i = 0; i < model.parameters().size(); i++) {
            assertTrue(model.parameters().get(i).value().sameBits(back.parameters().get(i).value()));
        }
    }

    @Test
    void namesFromAFieldPrefixOrFromNamedModulesAreMatched() throws Exception {
        Map<String, SafeTensor> file = Safetensors.read(fixture("mlp.safetensors")).tensors();
        Sequential model = pytorchMlp();
        Map<String, SafeTensor> prefixed = new LinkedHashMap<>();
        file.forEach((k, v) -> prefixed.put("model." + k, v));
        Sequential a = fresh();
        List<String> report = StateDict.load(a, prefixed);
        assertEquals("layer 1 (dense 6 -> 16): model.0.weight F32 [16, 6] transposed, model.0.bias F32 [16]", report.get(0));
        assertSameWeights(model, a);

        Map<String, SafeTensor> named = new LinkedHashMap<>();
        String[] names = {"fc10", "fc2", "fc1", "fc3"};  // natural order fc1, fc2, fc3, fc10 = layers 0, 2, 4, 6
        int[] layer = {6, 2, 0, 4};
        for (int k = 0; k < names.length; k++) {
            named.put(names[k] + ".weight", file.get(layer[k] + ".weight"));
            named.put(names[k] + ".bias", file.get(layer[k] + ".bias"));
        }
        Sequential b = fresh();
        assertEquals(4, StateDict.load(b, named).size());
        assertSameWeights(model, b);
    }

    @Test
    void filesThatDoNotFitAreRefusedNamingTheLayerAndNothingChanges() throws Exception {
        Map<String, SafeTensor> file = Safetensors.read(fixture("mlp.safetensors")).tensors();
        Sequential model = fresh();
        List<Tensor> before = model.copyWeights();

        Map<String, SafeTensor> transposed = new LinkedHashMap<>(file);
        transposed.put("2.weight", SafeTensor.ofFloats(new int[] {16, 8}, new float[128]));
        assertEquals("layer 3 (dense 16 -> 8): 2.weight has shape [16, 8], expected [8, 16] (PyTorch's Linear layout,"
                + " [out, in]); it looks input-major: transpose it", refusal(model, transposed));

        Map<String, SafeTensor> noBias = new LinkedHashMap<>(file);
        noBias.remove("4.bias");
        assertEquals("layer 5 (dense 8 -> 8) has a bias, but the file has no 4.bias", refusal(model, noBias));

        Map<String, SafeTensor> extra = new LinkedHashMap<>(file);
        extra.put("8.weight", SafeTensor.ofFloats(new int[] {1}, new float[1]));
        assertEquals("the file holds 1 tensor that no layer of the network takes: 8.weight (the network has 4 dense layers)",
                refusal(model, extra));

        Map<String, SafeTensor> integers = new LinkedHashMap<>(file);
        integers.put("6.bias", SafeTensor.of("I32", new int[] {3}, new byte[12]));
        assertEquals("layer 7 (dense 8 -> 3): 6.bias is I32; weights must be floating point (F32, F64, F16 or BF16)",
                refusal(model, integers));

        Map<String, SafeTensor> unrelated = Map.of("encoder.weight", file.get("0.weight"));
        assertTrue(refusal(model, unrelated).startsWith("cannot tell which tensors belong to which layer: the network has 4"
                + " dense layers, named 0.weight, 2.weight, 4.weight, 6.weight in PyTorch's nn.Sequential, and the file has 1"));
        for (int i = 0; i < before.size(); i++) {
            assertTrue(before.get(i).sameBits(model.parameters().get(i).value()), "a refused file changes nothing");
        }
    }

    @Test
    void naturalOrderComparesDigitRunsAsNumbers() {
        List<String> names = new java.util.ArrayList<>(List.of("layers.10.weight", "layers.2.weight", "fc10", "fc9", "fc",
                "b1"));
        names.sort(StateDict::naturalOrder);
        assertEquals(List.of("b1", "fc", "fc9", "fc10", "layers.2.weight", "layers.10.weight"), names);
    }

    private static Sequential fresh() throws Exception {
        return NetworkFile.load(fixture("network.json"), DType.FLOAT32, 3);
    }

    private static String refusal(Sequential model, Map<String, SafeTensor> tensors) {
        return assertThrows(IllegalArgumentException.class, () -> StateDict.load(model, tensors)).getMessage();
    }

    private static void assertSameWeights(Sequential a, Sequential b) {
        for (int i = 0; i < a.parameters().size(); i++) {
            assertTrue(a.parameters().get(i).value().sameBits(b.parameters().get(i).value()), a.parameters().get(i).name());
        }
    }
}
