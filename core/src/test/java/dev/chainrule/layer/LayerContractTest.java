package dev.chainrule.layer;

import dev.chainrule.init.Initializer;
import dev.chainrule.tensor.DType;
import dev.chainrule.tensor.Shape;
import dev.chainrule.tensor.Tensor;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One shared check of every registered layer type's contract, on each of its samples (no layer
 * is listed here): the output has the config's shape, infer equals the evaluation forward pass,
 * backward gives an input gradient of the input's shape and leaves its argument alone, the
 * settings survive a trip through their JSON form, and the layer describes itself with the
 * config it was built from.
 */
class LayerContractTest {

    @TestFactory
    Stream<DynamicTest> everyRegisteredLayerKeepsTheContract() {
        return LayerRegistry.all().stream().flatMap(type -> type.samples().stream())
                .map(sample -> DynamicTest.dynamicTest(sample.description(), () -> check(sample)));
    }

    private static void check(LayerSample sample) {
        Random random = new Random(1);
        Shape in = sample.input();
        Shape out = sample.config().outputShape(in);
        Layer layer = sample.config().build(in,
                new LayerContext(sample.config().type().name() + "_1", 1, DType.FLOAT32, random, Initializer.he(), 7));
        layer = sample.forChecks().apply(layer);
        assertEquals(out, layer.outputShape(in));
        assertEquals(out.size(), layer.outputSize(in.size()));

        int batch = 3;
        Tensor x = Tensor.zeros(DType.FLOAT32, batch, in);
        for (int i = 0; i < x.size(); i++) {
            x.setFlat(i, random.nextGaussian());
        }
        Tensor y = layer.forward(x, true);
        assertArrayEquals(out.withBatch(batch), y.dims(), "the output has the batch in front of the example's shape");
        assertSame(y, layer.lastOutput());

        Tensor g = Tensor.zeros(DType.FLOAT32, batch, out);
        for (int i = 0; i < g.size(); i++) {
            g.setFlat(i, random.nextGaussian());
        }
        Tensor before = g.copy();
        Tensor dx = layer.backward(g, true);
        assertTrue(before.sameBits(g), "backward must not modify its argument");
        assertNotNull(dx);
        assertArrayEquals(x.dims(), dx.dims(), "the input gradient has the input's shape");
        assertNull(layer.backward(g, false), "no input gradient when none is needed");

        Tensor evaluated = layer.forward(x, false).copy();
        Tensor inferred = Tensor.zeros(DType.FLOAT32, batch, out.size());
        layer.infer(x, inferred);
        assertTrue(inferred.reshape(evaluated.dims()).sameBits(evaluated), "infer equals the evaluation forward pass");

        Map<String, Object> json = sample.config().toJson();
        assertEquals(sample.config().type().name(), json.keySet().iterator().next(), "the type's key comes first");
        LayerConfig back = LayerRegistry.fromJson(json);
        assertEquals(json, back.toJson(), "the settings read back from their JSON form");
        assertEquals(json, layer.config().toJson(), "the layer describes itself with the config it was built from");
    }

    @Test
    void everyTypeHasSamplesAndAUsageLine() {
        for (LayerType type : LayerRegistry.all()) {
            assertTrue(!type.samples().isEmpty(), type.name());
            assertTrue(type.usage().contains(type.name()), type.name());
            assertSame(type, LayerRegistry.named(type.name()));
        }
    }
}
