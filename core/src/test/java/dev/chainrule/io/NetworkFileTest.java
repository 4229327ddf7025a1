package dev.chainrule.io;

import dev.chainrule.model.Sequential;
import dev.chainrule.tensor.DType;
import dev.chainrule.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NetworkFileTest {
    static final String SEED004 = "{\"input\": 3,\n"
            + " \"layers\": [{\"dense\": 2, \"bias\": false, \"weights\": [[0.5,-0.6],[0.1,-0.2],[0.1,0.7]]},\n"
            + "            {\"activation\": \"sigmoid\"},\n"
            + "            {\"dense\": 1, \"bias\": false, \"weights\": [[0.1],[-0.3]]},\n"
            + "            {\"activation\": \"sigmoid\"}],\n"
            + " \"loss\": \"half-sse\"}";

    @Test
    void readsTheDesignExample() {
        NetworkSpec spec = NetworkFile.parse(SEED004, "seed004.json");
        assertEquals("3-2-1", spec.sizes());
        Sequential net = spec.build(DType.FLOAT64, 0);
        assertEquals("half-sse", net.loss().name());
        Tensor out = net.predict(Tensor.row(DType.FLOAT64, 0.5, 0.1, -0.2));
        // sigmoid(0.1 * sigmoid(0.24) - 0.3 * sigmoid(-0.46)), as the seed computes it
        assertEquals(0.48497343, out.get(0, 0), 1e-8);
    }

    @Test
    void biasArraysAndInitializedLayers() {
        NetworkSpec spec = NetworkFile.parse("{\"input\": 2, \"layers\": [{\"dense\": 3, \"bias\": [1, 2, 3]},"
                + " {\"activation\": \"leaky_relu\", \"slope\": 0.2}, {\"dense\": 2}], \"loss\": \"softmax-ce\"}", "n");
        Sequential net = spec.build(DType.FLOAT32, 7);
        assertEquals(3.0, net.parameters().get(1).value().get(0, 2));
        assertEquals(0.2, ((dev.chainrule.layer.LeakyReLU) net.layers().get(1)).slope(), 1e-12);
        NetworkSpec back = NetworkSpec.of(net, true);
        assertEquals(Json.write(back.toJson()), Json.write(NetworkFile.parse(Json.write(back.toJson()), "again").toJson()));
    }

    @Test
    void badFilesNameTheProblemAndThePlace() {
        String msg = assertThrows(IllegalArgumentException.class,
                () -> NetworkFile.parse(SEED004.replace("[0.1],[-0.3]", "[0.1],[-0.3],[0.2]"), "net.json")).getMessage();
        assertEquals("net.json: layer 3 (dense 2 -> 1): \"weights\" has shape [3, 1], expected [2, 1]"
                + " (input-major: one row per input, one column per unit)", msg);
        msg = assertThrows(IllegalArgumentException.class,
                () -> NetworkFile.parse(SEED004.replace("[0.1,-0.2]", "[0.1]"), "net.json")).getMessage();
        assertTrue(msg.startsWith("net.json: layer 1 (dense 3 -> 2): \"weights\" row 2 has 1 values, expected 2"), msg);
        msg = assertThrows(IllegalArgumentException.class,
                () -> NetworkFile.parse(SEED004.replace("\"sigmoid\"}],", "\"sigmoid\"}]"), "net.json")).getMessage();
        assertEquals("net.json: line 6, column 2: expected ',' or '}' but found '\"'", msg);
        msg = assertThrows(IllegalArgumentException.class,
                () -> NetworkFile.parse(SEED004.replace("half-sse", "hinge"), "net.json")).getMessage();
        assertTrue(msg.startsWith("net.json: unknown loss 'hinge'"), msg);
        msg = assertThrows(IllegalArgumentException.class,
                () -> NetworkFile.parse(SEED004.replace("\"sigmoid\"}],", "\"sigmod\"}],"), "net.json")).getMessage();
        assertTrue(msg.startsWith("net.json: layer 4 (activation): unknown activation \"sigmod\""), msg);
        msg = assertThrows(IllegalArgumentException.class,
                () -> NetworkFile.parse("{\"input\": 2, \"layers\": [{\"dense\": 2, \"bias\": [1]}]}", "n.json")).getMessage();
        assertEquals("n.json: layer 1 (dense 2 -> 2): \"bias\" has 1 values, expected 2 (one per unit)", msg);
    }

    @Test
    void writeThenReadGivesTheSameNetwork(@TempDir Path dir) throws Exception {
        NetworkSpec spec = NetworkFile.parse(SEED004, "seed004.json");
        Path file = dir.resolve("copy.json");
        NetworkFile.write(spec, file);
        assertEquals(Json.write(spec.toJson()), Json.write(NetworkFile.read(file).toJson()));
    }

    @Test
    void dropoutLayersRoundTripAndAreCheckedWhenRead() {
        NetworkSpec spec = NetworkFile.parse("{\"input\": 4, \"layers\": [{\"dense\": 8}, {\"activation\": \"relu\"},"
                + " {\"dropout\": 0.25}, {\"dense\": 3}], \"loss\": \"softmax-ce\"}", "drop.json");
        Sequential model = spec.build(DType.FLOAT32, 3);
        assertEquals("dropout", model.layers().get(2).type());
        NetworkSpec back = NetworkSpec.of(model, false);
        assertEquals(Json.write(spec.toJson()), Json.write(back.toJson()));
        assertTrue(Json.write(back.toJson()).contains("{\"dropout\": 0.25}"), Json.write(back.toJson()));
        Tensor x = Tensor.of(DType.FLOAT32, new double[][] {{1, -2, 3, 0.5}});
        assertTrue(model.predict(x).sameBits(model.predict(x)), "dropout is off when predicting");
        String bad = assertThrows(IllegalArgumentException.class, () -> NetworkFile.parse(
                "{\"input\": 4, \"layers\": [{\"dense\": 3}, {\"dropout\": 1.5}]}", "drop.json")).getMessage();
        assertTrue(bad.contains("drop.json") && bad.contains("layer 2") && bad.contains("1.5"), bad);
    }

    @Test
    void aNetworkFileNamesTheInitializerOfItsLayers() {
        String text = "{\"input\": [1, 6, 6], \"layers\": [{\"conv2d\": 4, \"kernel\": 3}, {\"activation\": \"relu\"},"
                + " {\"flatten\": true}, {\"dense\": 3}], \"loss\": \"softmax-ce\", \"init\": \"pytorch\"}";
        NetworkSpec spec = NetworkFile.parse(text, "net.json");
        assertEquals("pytorch", spec.init());
        Sequential model = spec.build(DType.FLOAT64, 3);
        // PyTorch's default: U(-1/sqrt(fanIn), 1/sqrt(fanIn)); the convolution's fanIn is 1 * 3 * 3
        double largest = 0;
        for (int i = 0; i < model.parameters().get(0).size(); i++) {
            largest = Math.max(largest, Math.abs(model.parameters().get(0).value().getFlat(i)));
        }
        assertTrue(largest <= 1 / 3.0 && largest > 0.2, "largest " + largest);
        assertEquals(Json.write(spec.toJson()), Json.write(NetworkFile.parse(Json.write(spec.toJson()), "again").toJson()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NetworkFile.parse(text.replace("pytorch", "kaiming"), "net.json"));
        assertTrue(e.getMessage().contains("unknown initializer 'kaiming'"), e.getMessage());
    }
}
