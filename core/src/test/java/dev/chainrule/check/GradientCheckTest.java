package dev.chainrule.check;

import dev.chainrule.loss.Loss;
import dev.chainrule.model.Sequential;
import dev.chainrule.tensor.DType;
import dev.chainrule.tensor.Kernels;
import dev.chainrule.tensor.Tensor;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import dev.chainrule.layer.LayerRegistry;
import dev.chainrule.layer.LayerSample;
import dev.chainrule.layer.LayerType;

import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GradientCheckTest {

    @TestFactory
    Stream<DynamicTest> everyLayerAndLossPasses() {
        return GradientCheck.all(7).stream().map(r -> DynamicTest.dynamicTest(r.subject(), () ->
                assertTrue(r.passed(GradientCheck.TOLERANCE), r.subject() + ": worst " + r.worst())));
    }

    @Test
    void suiteCoversEveryRegisteredLayerTypeAndEveryLoss() {
        List<GradientCheck.Report> reports = GradientCheck.all(1);
        for (LayerType type : LayerRegistry.all()) {
            for (LayerSample sample : type.samples()) {
                assertTrue(reports.stream().anyMatch(r -> r.subject().startsWith(sample.description() + " on ")),
                        sample.description());
            }
        }
        assertEquals(5, reports.stream().filter(r -> r.subject().startsWith("loss ")).count());
        assertTrue(reports.stream().anyMatch(r -> r.subject().startsWith("conv2d stride 2")));
        assertTrue(reports.stream().anyMatch(r -> r.subject().startsWith("conv2d dilation 2")));
        assertTrue(reports.stream().anyMatch(r -> r.subject().startsWith("batchnorm over channels (training)")));
    }

    @TestFactory
    Stream<DynamicTest> wholeModelsPass() {
        return Stream.of("softmax-ce", "half-sse", "mse", "bce").map(lossName -> DynamicTest.dynamicTest(lossName, () -> {
            int outputs = lossName.equals("bce") ? 1 : 3;
            Sequential.Builder b = Sequential.builder(4).dtype(DType.FLOAT64).seed(3)
                    .dense(5).tanh().dense(4).leakyRelu(0.1).dense(outputs);
            if (lossName.equals("half-sse")) {
                b.sigmoid();
            }
            Sequential model = b.loss(Loss.named(lossName)).build();
            Random random = new Random(5);
            Tensor x = Tensor.zeros(DType.FLOAT64, 6, 4);
            Tensor t = Tensor.zeros(DType.FLOAT64, 6, outputs);
            for (int i = 0; i < x.size(); i++) {
                x.setFlat(i, random.nextGaussian());
            }
            for (int r = 0; r < 6; r++) {
                t.set(r, outputs == 1 ? 0 : random.nextInt(outputs), 1.0);
            }
            GradientCheck.Report report = GradientCheck.model(model, x, t);
            assertTrue(report.passed(GradientCheck.TOLERANCE), report.toString());
        }));
    }

    @Test
    void aSmallConvolutionalNetworkPasses() {
        Sequential model = Sequential.builder(dev.chainrule.tensor.Shape.image(2, 7, 6)).dtype(DType.FLOAT64).seed(3)
                .conv2d(dev.chainrule.layer.Conv2D.Config.of(3, 3).stride(2).padding(1)).batchNorm().tanh()
                .conv2d(dev.chainrule.layer.Conv2D.Config.of(4, 2).samePadding()).tanh().maxPool2d(2)
                .flatten().dense(5).tanh().dense(3)
                .loss(Loss.named("softmax-ce")).build();
        Random random = new Random(5);
        Tensor x = Tensor.zeros(DType.FLOAT64, 4, 84);
        Tensor t = Tensor.zeros(DType.FLOAT64, 4, 3);
        for (int i = 0; i < x.size(); i++) {
            x.setFlat(i, random.nextGaussian());
        }
        for (int r = 0; r < 4; r++) {
            t.set(r, random.nextInt(3), 1.0);
        }
        GradientCheck.Report report = GradientCheck.model(model, x, t);
        assertTrue(report.passed(GradientCheck.TOLERANCE), report.toString());
        assertTrue(report.checked() > 100, report.toString());
    }

    @Test
    void aModelWithAFrozenDropoutMaskPasses() {
        Sequential model = Sequential.builder(4).dtype(DType.FLOAT64).seed(3)
                .dense(6).tanh().add(new dev.chainrule.layer.Dropout(0.3, 9).freezeMask(true)).dense(3)
                .loss(Loss.named("softmax-ce")).build();
        Random random = new Random(5);
        Tensor x = Tensor.zeros(DType.FLOAT64, 5, 4);
        Tensor t = Tensor.zeros(DType.FLOAT64, 5, 3);
        for (int i = 0; i < x.size(); i++) {
            x.setFlat(i, random.nextGaussian());
        }
        for (int r = 0; r < 5; r++) {
            t.set(r, random.nextInt(3), 1.0);
        }
        GradientCheck.Report report = GradientCheck.model(model, x, t);
        assertTrue(report.passed(GradientCheck.TOLERANCE), report.toString());
    }

    @Test
    void aWrongGradientIsCaught() {
        // A loss whose gradient is off by a factor 2 must fail the check: the check can fail.
        Loss wrong = new Loss() {
            final Loss inner = Loss.named("mse");

            public String name() {
                return "wrong";
            }

            public double value(Kernels kernels, Tensor p, Tensor t, int meanOver) {
                return inner.value(kernels, p, t, meanOver);
            }

            public void gradient(Kernels kernels, Tensor p, Tensor t, Tensor g, int meanOver) {
                inner.gradient(kernels, p, t, g, meanOver);
                for (int i = 0; i < g.size(); i++) {
                    g.setFlat(i, 2 * g.getFlat(i));
                }
            }
        };
        GradientCheck.Report report = GradientCheck.loss(wrong, 3, 2, 1);
        assertTrue(report.maxRelativeError() > 0.4, report.toString());
    }
}
