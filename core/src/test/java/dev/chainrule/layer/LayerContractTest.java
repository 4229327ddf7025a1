package dev.chainrule.layer;

import dev.chainrule.tensor.DType;
import dev.chainrule.tensor.Tensor;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One shared check of every layer's contract: shape, parameter count, backward leaves its argument alone, infer == forward. */
class LayerContractTest {

    @TestFactory
    Stream<DynamicTest> everyLayerKeepsTheContract() {
        Dense dense = new Dense("d", 4, 3, true, DType.FLOAT32);
        dense.initialize(dev.chainrule.init.Initializer.he(), new java.util.Random(1));
        List<Object[]> cases = List.of(
                new Object[] {dense, 3, 15},
                new Object[] {new Sigmoid(), 4, 0},
                new Object[] {new Tanh(), 4, 0},
                new Object[] {new ReLU(), 4, 0},
                new Object[] {new LeakyReLU(0.2), 4, 0},
                new Object[] {new Softmax(), 4, 0});
        return cases.stream().map(c -> DynamicTest.dynamicTest(((Layer) c[0]).type(), () -> {
            Layer layer = (Layer) c[0];
            Tensor x = Tensor.of(DType.FLOAT32, new double[][] {{-1, 0.5, 2, -0.2}, {0.3, -2, 0, 1}});
            Tensor y = layer.forward(x, true);
            assertEquals((int) c[1], y.cols());
            assertEquals((int) c[1], layer.outputSize(4));
            int count = layer.parameters().stream().mapToInt(Parameter::size).sum();
            assertEquals((int) c[2], count);
            Tensor inferred = Tensor.zeros(DType.FLOAT32, 2, (int) c[1]);
            layer.infer(x, inferred);
            assertTrue(inferred.sameBits(y), "infer equals forward");
            Tensor g = Tensor.of(DType.FLOAT32, new double[][] {{1, -1, 2}, {0.5, 0.5, -3}});
            if (y.cols() == 4) {
                g = Tensor.of(DType.FLOAT32, new double[][] {{1, -1, 2, 3}, {0.5, 0.5, -3, 1}});
            }
            Tensor before = g.copy();
            layer.backward(g, true);
            assertTrue(before.sameBits(g), "backward must not modify its argument");
        }));
    }
}
