package dev.chainrule.io;

import dev.chainrule.layer.BatchNorm;
import dev.chainrule.model.Sequential;
import dev.chainrule.tensor.DType;
import dev.chainrule.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A PyTorch-trained convolutional network in chainrule: the fixture in test resources
 * {@code pytorch-cnn/} ({@code make_fixture.py} made it once) is a small CNN with convolutions
 * (padding 1; stride 2; dilation 2 with {@code same} padding and no bias), batch normalization
 * over channels and over features, max and average pooling, flatten and dense layers, trained two
 * epochs on 4,096 Fashion-MNIST images; its {@code state_dict} as safetensors; 64 test images and
 * PyTorch's outputs for them in float32 and float64.
 */
class PyTorchCnnTest {
    static Path fixture(String name) {
        try {
            return Path.of(PyTorchCnnTest.class.getResource("pytorch-cnn/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static Sequential pytorchCnn(DType dtype) throws Exception {
        return NetworkFile.load(fixture("network.json"), fixture("cnn.safetensors"), dtype);
    }

    /**
     * The fixture's images as the network's input: pixel / 255 in float32, as PyTorch computed them
     * (also for float64, whose PyTorch run took those float32 values).
     */
    static Tensor images(DType dtype) throws Exception {
        SafeTensor pixels = Safetensors.read(fixture("expected.safetensors")).tensors().get("pixels");
        double[] raw = pixels.toDoubles();
        Tensor x = Tensor.zeros(dtype, new int[] {pixels.shape()[0], 1, 28, 28});
        for (int i = 0; i < raw.length; i++) {
            x.setFlat(i, (float) raw[i] / 255f);
        }
        return x;
    }

    /**
     * The largest difference between {@code got} and the fixture's {@code name} tensor, relative
     * to the value's size beyond 1 (absolute up to 1).
     */
    static double worst(Tensor got, String name) throws Exception {
        SafeTensor want = Safetensors.read(fixture("expected.safetensors")).tensors().get(name);
        assertArrayEquals(new int[] {got.rows(), got.cols()}, want.shape(), name);
        double[] w = want.toDoubles();
        double worst = 0;
        for (int i = 0; i < w.length; i++) {
            worst = Math.max(worst, Math.abs(got.get(i / got.cols(), i % got.cols()) - w[i]) / Math.max(1, Math.abs(w[i])));
        }
        return worst;
    }

    @Test
    void aPyTorchTrainedCnnPredictsTheSameInChainrule() throws Exception {
        Sequential model = pytorchCnn(DType.FLOAT32);
        Tensor x = images(DType.FLOAT32);
        double logits = worst(model.predictRaw(x), "logits_f32");
        double p = worst(model.predict(x), "probabilities_f32");
        System.out.printf("PyTorch CNN in chainrule, float32: logits within %.3g, probabilities within %.3g%n", logits, p);
        assertTrue(p <= 1e-6, "probabilities differ from PyTorch's by up to " + p);
        // 1e-5 for the logits, not 1e-6: they are sums of up to 128 products (the convolutions' up to 72) in float32,
        // added in another order than PyTorch's (about 1.3e-6 relative here); in float64 they agree to 1e-14 (below)
        assertTrue(logits <= 1e-5, "logits differ from PyTorch's by up to " + logits + " (relative beyond 1)");
    }

    @Test
    void inFloat64TheMappingIsExactToRounding() throws Exception {
        Sequential model = pytorchCnn(DType.FLOAT64);
        Tensor x = images(DType.FLOAT64);
        double logits = worst(model.predictRaw(x), "logits_f64");
        double p = worst(model.predict(x), "probabilities_f64");
        System.out.printf("PyTorch CNN in chainrule, float64: logits within %.3g, probabilities within %.3g%n", logits, p);
        assertTrue(logits <= 1e-12 && p <= 1e-12, "float64 differs from PyTorch's by up to " + Math.max(logits, p));
    }

    @Test
    void everyTensorFindsItsLayerAndNumBatchesTrackedIsSkipped() throws Exception {
        Sequential model = NetworkFile.load(fixture("network.json"), DType.FLOAT32, 1);
        List<String> report = StateDict.load(model, Safetensors.read(fixture("cnn.safetensors")).tensors());
        assertEquals(List.of(
                "layer 1 (conv2d, 6 filters 3x3, padding 1): 0.weight F32 [6, 1, 3, 3], 0.bias F32 [6]",
                "layer 2 (batchnorm, 6 channels): 1.weight F32 [6], 1.bias F32 [6], 1.running_mean F32 [6], 1.running_var F32 [6],"
                        + " 1.num_batches_tracked skipped",
                "layer 5 (conv2d, 8 filters 3x3, stride 2, padding 1): 4.weight F32 [8, 6, 3, 3], 4.bias F32 [8]",
                "layer 7 (conv2d, 8 filters 3x3, same padding, dilation 2): 6.weight F32 [8, 8, 3, 3]",
                "layer 8 (batchnorm, 8 channels): 7.weight F32 [8], 7.bias F32 [8], 7.running_mean F32 [8], 7.running_var F32 [8],"
                        + " 7.num_batches_tracked skipped",
                "layer 12 (dense 128 -> 32): 11.weight F32 [32, 128] transposed, 11.bias F32 [32]",
                "layer 13 (batchnorm, 32 channels): 12.weight F32 [32], 12.bias F32 [32], 12.running_mean F32 [32],"
                        + " 12.running_var F32 [32], 12.num_batches_tracked skipped",
                "layer 16 (dense 32 -> 10): 15.weight F32 [10, 32] transposed, 15.bias F32 [10]"), report);
        BatchNorm bn = (BatchNorm) model.layers().get(1);
        SafeTensor mean = Safetensors.read(fixture("cnn.safetensors")).tensors().get("1.running_mean");
        assertEquals((float) mean.toDoubles()[5], bn.buffers().values().iterator().next().getFlat(5));
    }

    @Test
    void exportGivesBackThePyTorchTensorsButNumBatchesTracked() throws Exception {
        Map<String, SafeTensor> file = Safetensors.read(fixture("cnn.safetensors")).tensors();
        Map<String, SafeTensor> exported = StateDict.of(pytorchCnn(DType.FLOAT32));
        assertEquals(List.of("0.weight", "0.bias", "1.weight", "1.bias", "1.running_mean", "1.running_var", "4.weight",
                "4.bias", "6.weight", "7.weight", "7.bias", "7.running_mean", "7.running_var", "11.weight", "11.bias",
                "12.weight", "12.bias", "12.running_mean", "12.running_var", "15.weight", "15.bias"),
                List.copyOf(exported.keySet()));
        for (String name : file.keySet()) {
            if (!name.endsWith("num_batches_tracked")) {
                assertEquals(file.get(name), exported.get(name), name);
            }
        }
        // an exported file loads back bit for bit, running statistics included
        Sequential back = NetworkFile.load(fixture("network.json"), DType.FLOAT32, 5);
        StateDict.load(back, Safetensors.fromBytes(Safetensors.toBytes(exported, Map.of()), "exported").tensors());
        Sequential model = pytorchCnn(DType.FLOAT32);
        for (int i = 0; i < model.parameters().size(); i++) {
            assertTrue(model.parameters().get(i).value().sameBits(back.parameters().get(i).value()));
        }
        List<Tensor> buffers = List.copyOf(back.buffers().values());
        List<Tensor> want = List.copyOf(model.buffers().values());
        assertEquals(6, buffers.size());
        for (int i = 0; i < buffers.size(); i++) {
            assertTrue(want.get(i).sameBits(buffers.get(i)));
        }
    }

    @Test
    void namedModulesAreMatchedInOrderOfTheirNames() throws Exception {
        // a module with fields conv1, bn1, conv2, conv3, bn3, fc1, bn4, fc2 holds the same tensors
        Map<String, SafeTensor> file = Safetensors.read(fixture("cnn.safetensors")).tensors();
        String[][] names = {{"0", "a1conv"}, {"1", "a2bn"}, {"4", "a3conv"}, {"6", "a4conv"}, {"7", "a5bn"}, {"11", "b1fc"},
                {"12", "b2bn"}, {"15", "b3fc"}};
        Map<String, SafeTensor> named = new LinkedHashMap<>();
        for (Map.Entry<String, SafeTensor> e : file.entrySet()) {
            for (String[] n : names) {
                if (e.getKey().startsWith(n[0] + ".")) {
                    named.put(n[1] + e.getKey().substring(n[0].length()), e.getValue());
                }
            }
        }
        Sequential a = NetworkFile.load(fixture("network.json"), DType.FLOAT32, 1);
        assertEquals(8, StateDict.load(a, named).size());
        Sequential model = pytorchCnn(DType.FLOAT32);
        for (int i = 0; i < model.parameters().size(); i++) {
            assertTrue(model.parameters().get(i).value().sameBits(a.parameters().get(i).value()));
        }
    }

    @Test
    void filesThatDoNotFitAreRefusedNamingTheLayerAndNothingChanges() throws Exception {
        Map<String, SafeTensor> file = Safetensors.read(fixture("cnn.safetensors")).tensors();
        Sequential model = NetworkFile.load(fixture("network.json"), DType.FLOAT32, 1);
        List<Tensor> before = model.copyWeights();

        Map<String, SafeTensor> kernel = new LinkedHashMap<>(file);
        kernel.put("4.weight", SafeTensor.ofFloats(new int[] {8, 6, 5, 5}, new float[8 * 6 * 25]));
        assertEquals("layer 5 (conv2d, 8 filters 3x3, stride 2, padding 1): 4.weight has shape [8, 6, 5, 5], expected"
                + " [8, 6, 3, 3] (PyTorch's Conv2d layout, [out, in, kH, kW])", refusal(model, kernel));

        Map<String, SafeTensor> noStats = new LinkedHashMap<>(file);
        noStats.remove("7.running_var");
        assertEquals("layer 8 (batchnorm, 8 channels) has running_var, but the file has no 7.running_var",
                refusal(model, noStats));

        Map<String, SafeTensor> bias = new LinkedHashMap<>(file);
        bias.put("6.bias", SafeTensor.ofFloats(new int[] {8}, new float[8]));
        assertEquals("layer 7 (conv2d, 8 filters 3x3, same padding, dilation 2) has no bias, but the file has 6.bias;"
                + " give the layer \"bias\": true", refusal(model, bias));

        Map<String, SafeTensor> channels = new LinkedHashMap<>(file);
        channels.put("12.running_mean", SafeTensor.ofFloats(new int[] {16}, new float[16]));
        assertEquals("layer 13 (batchnorm, 32 channels): 12.running_mean has shape [16], expected [32]",
                refusal(model, channels));

        Map<String, SafeTensor> notFinite = new LinkedHashMap<>(file);
        float[] w = file.get("11.weight").toFloats();
        w[5 * 128 + 7] = Float.NaN;
        notFinite.put("11.weight", SafeTensor.ofFloats(new int[] {32, 128}, w));
        assertEquals("layer 12 (dense 128 -> 32): 11.weight holds NaN at index [5, 7]; weights must be finite numbers",
                refusal(model, notFinite));
        double[] big = file.get("0.bias").toDoubles();
        big[2] = 1e39;
        notFinite.put("11.weight", file.get("11.weight"));
        notFinite.put("0.bias", SafeTensor.ofDoubles(new int[] {6}, big));
        assertEquals("layer 1 (conv2d, 6 filters 3x3, padding 1): 0.bias holds 1.0E39, outside float32, at index [2];"
                + " weights must be finite numbers", refusal(model, notFinite));

        Map<String, SafeTensor> shuffled = new LinkedHashMap<>();
        file.forEach((k, v) -> shuffled.put(k.replace("0.", "z.").replace("11.", "a.").replace("15.", "b."), v));
        assertTrue(refusal(model, shuffled).startsWith("cannot tell which tensors belong to which layer: the network has"
                + " 3 conv2d, 3 batchnorm and 2 dense layers, named 0.weight, 1.weight, 4.weight, 6.weight, 7.weight,"
                + " 11.weight, 12.weight, 15.weight in PyTorch's nn.Sequential, and the file has 8 weights"), refusal(model, shuffled));
        for (int i = 0; i < before.size(); i++) {
            assertTrue(before.get(i).sameBits(model.parameters().get(i).value()), "a refused file changes nothing");
        }
    }

    @Test
    void aNetworkFileWithItsOwnConvolutionWeightsIsRefusedBesideASafetensorsFile() throws Exception {
        Path dir = java.nio.file.Files.createTempDirectory("cnn");
        Path net = dir.resolve("net.json");
        java.nio.file.Files.writeString(net, "{\"input\": [1, 3, 3], \"layers\": [{\"conv2d\": 1, \"kernel\": 2,"
                + " \"weights\": [[[[1, 2], [3, 4]]]]}, {\"flatten\": true}], \"loss\": \"mse\"}");
        Exception e = assertThrows(IllegalArgumentException.class, () -> NetworkFile.load(net, fixture("cnn.safetensors"),
                DType.FLOAT32));
        assertTrue(e.getMessage().endsWith("layer 1 gives its own weights or biases, and " + fixture("cnn.safetensors")
                + " gives them too; leave them out of the network file"), e.getMessage());
    }

    private static String refusal(Sequential model, Map<String, SafeTensor> tensors) {
        return assertThrows(IllegalArgumentException.class, () -> StateDict.load(model, tensors)).getMessage();
    }
}
