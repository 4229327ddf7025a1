package dev.chainrule.cli;

import dev.chainrule.io.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code chainrule explain} on the seeds' networks, as shipped in examples/networks. */
class ExplainCommandTest {
    static final String SEED004 = "examples/networks/seed004.json";
    static final String SEED003 = "examples/networks/seed003.json";

    private static Map<String, Object> layer(Map<String, Object> trace, int i) {
        return Json.asObject(Json.asArray(trace.get("layers"), "layers").get(i), "layer");
    }

    @Test
    void theTinyConvolutionalNetworkIsTracedLayerByLayer() {
        String[] args = {"explain", "--network", "examples/networks/tiny-cnn.json", "--input",
            "1,2,0,1,3,1,2,0,0,2,1,3,1,0,2,1", "--target", "1", "--lr", "0.1"};
        Cli.Result r = Cli.run(args);
        assertEquals(0, r.status(), r.toString());
        String text = r.out();
        assertTrue(text.contains("Layer 1: conv2d, 2 filters 2x2, [1, 4, 4] -> [2, 3, 3]"), text);
        assertTrue(text.contains("Layer 2: maxpool2d 2x2, stride 1, [2, 3, 3] -> [2, 2, 2]"), text);
        assertTrue(text.contains("Layer 3: flatten, [2, 2, 2] -> [8]"), text);
        assertTrue(text.contains("conv2d_1.weight [2, 1, 2, 2]"), text);
        // filter 2's second row: weights -1 and 1, steps 0.009 and 0.015, updated -0.991 and 1.015 (worked out by hand
        // in core's TinyCnnExplainTest)
        assertTrue(text.matches("(?s).*row 2\\s+-1\\s+1\\s+0\\.009\\s+0\\.015\\s+-0\\.991\\s+1\\.015.*"), text);
        assertTrue(text.contains("Output (0.7), loss 0.045"), text);
        Cli.Result json = Cli.run(java.util.stream.Stream.concat(java.util.Arrays.stream(args), java.util.stream.Stream.of("--json"))
                .toArray(String[]::new));
        Map<String, Object> first = layer(json.json(), 0);
        assertEquals(List.of(2.0, 3.0, 3.0), first.get("output_shape"));
        Map<String, Object> weight = Json.asObject(Json.asArray(first.get("parameters"), "parameters").get(0), "weight");
        assertEquals(List.of(0.003, 0.018, 0.018, 0.003, 0.003, -0.006, 0.009, 0.015).size(),
                Json.asVector(weight.get("step"), "step").length);
    }

    @Test
    void seed004WeightStepsToEveryPrintedDigit() {
        Cli.Result r = Cli.run("explain", "--network", SEED004, "--input", "0.5,0.1,-0.2", "--target", "0.6",
                "--lr", "0.5", "--json");
        assertEquals(0, r.status(), r.toString());
        Map<String, Object> trace = r.json();
        assertEquals(List.of("dense", "sigmoid", "dense", "sigmoid"),
                Json.asArray(trace.get("layers"), "layers").stream().map(l -> ((Map<?, ?>) l).get("type")).toList());
        double[][] hiddenToOutput = Json.asMatrix(layer(trace, 2).get("weight_step"), "step");
        Cli.assertPrinted("0.00804047", hiddenToOutput[0][0], "hidden 1 -> output");
        Cli.assertPrinted("0.00555918", hiddenToOutput[1][0], "hidden 2 -> output");
        String[][] printed = {{"1.77005547e-04", "-5.11178506e-04"}, {"3.54011093e-05", "-1.02235701e-04"},
            {"-7.08022187e-05", "2.04471402e-04"}};
        double[][] inputToHidden = Json.asMatrix(layer(trace, 0).get("weight_step"), "step");
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 2; j++) {
                Cli.assertPrinted(printed[i][j], inputToHidden[i][j], "input " + i + " -> hidden " + j);
            }
        }
        assertEquals(null, layer(trace, 0).get("bias_step"));
        assertTrue(layer(trace, 1).containsKey("delta"));
        assertTrue(layer(trace, 3).containsKey("output"));
        assertEquals(0.00661556, Json.asNumber(trace.get("loss"), "loss"), 5e-9);
    }

    @Test
    void seed004TablesShowTheSeedsNumbers() {
        Cli.Result r = Cli.run("explain", "--network", SEED004, "--input", "0.5,0.1,-0.2", "--target", "0.6", "--lr", "0.5");
        assertEquals(0, r.status(), r.toString());
        for (String s : List.of("1.77005547e-04", "-5.11178506e-04", "3.54011093e-05", "-1.02235701e-04",
                "-7.08022187e-05", "2.04471402e-04", "0.00804047", "0.00555918", "weighted sum h", "activation f(h)",
                "error term delta")) {
            assertTrue(r.out().contains(s), s + " missing from\n" + r.out());
        }
    }

    @Test
    void seed003DeltasAndUpdatedWeights() {
        Cli.Result r = Cli.run("explain", "--network", SEED003, "--input", "1,0", "--target", "0", "--lr", "1", "--json");
        assertEquals(0, r.status(), r.toString());
        Map<String, Object> trace = r.json();
        Cli.assertPrinted("-0.148", Json.asVector(layer(trace, 2).get("delta"), "d")[0], "output delta");
        double[] hidden = Json.asVector(layer(trace, 0).get("delta"), "d");
        Cli.assertPrinted("-0.047", hidden[0], "hidden delta 1");
        Cli.assertPrinted("0.074", hidden[1], "hidden delta 2");
        // the seed writes each unit's weights with the bias last: (w from s1, w from s2, bias)
        double[][] w2 = Json.asMatrix(layer(trace, 2).get("updated_weights"), "w");
        double[] b2 = Json.asVector(layer(trace, 2).get("updated_bias"), "b");
        Cli.assertPrinted("2.870", w2[0][0], "output w1");
        Cli.assertPrinted("-2.074", w2[1][0], "output w2");
        Cli.assertPrinted("-1.148", b2[0], "output bias");
        double[][] w1 = Json.asMatrix(layer(trace, 0).get("updated_weights"), "w");
        double[] b1 = Json.asVector(layer(trace, 0).get("updated_bias"), "b");
        String[][] units = {{"1.953", "-2", "-0.047"}, {"1.074", "3", "-0.926"}};
        for (int u = 0; u < 2; u++) {
            Cli.assertPrinted(units[u][0], w1[0][u], "unit " + (u + 1) + " w1");
            Cli.assertPrinted(units[u][1], w1[1][u], "unit " + (u + 1) + " w2");
            Cli.assertPrinted(units[u][2], b1[u], "unit " + (u + 1) + " bias");
        }
    }

    @Test
    void badNetworkFilesExitTwoWithOneLineNamingThePlace(@TempDir Path dir) throws Exception {
        String good = Files.readString(Path.of(SEED004));
        Path badJson = dir.resolve("bad.json");
        Files.writeString(badJson, good.replace("{\"activation\": \"sigmoid\"},\n            {\"dense\": 1",
                "{\"activation\": \"sigmoid\"}\n            {\"dense\": 1"));
        Cli.Result r = Cli.run("explain", "--network", badJson.toString(), "--input", "0.5,0.1,-0.2", "--target", "0.6");
        assertEquals(2, r.status(), r.toString());
        assertEquals("chainrule explain: " + badJson + ": line 4, column 13: expected ',' or ']' but found '{'",
                r.err().strip());

        Path badShape = dir.resolve("shape.json");
        Files.writeString(badShape, good.replace("[[0.1],[-0.3]]", "[[0.1, 0.2],[-0.3, 0.4]]"));
        r = Cli.run("explain", "--network", badShape.toString(), "--input", "0.5,0.1,-0.2", "--target", "0.6");
        assertEquals(2, r.status(), r.toString());
        assertTrue(r.err().contains("layer 3 (dense 2 -> 1): \"weights\" row 1 has 2 values, expected 1"), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());

        r = Cli.run("explain", "--network", SEED004, "--input", "0.5,0.1", "--target", "0.6");
        assertEquals(2, r.status(), r.toString());
        assertTrue(r.err().contains("takes 3 inputs, got 2"), r.err());

        r = Cli.run("explain", "--network", dir.resolve("missing.json").toString(), "--input", "1", "--target", "1");
        assertEquals(2, r.status(), r.toString());
        assertTrue(r.err().contains("no such network file"), r.err());
        assertFalse(r.err().contains("at dev.chainrule"), "no stack trace without --verbose");
    }
}
