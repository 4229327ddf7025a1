package dev.chainrule.model;

import dev.chainrule.data.Dataset;
import dev.chainrule.layer.Layer;
import dev.chainrule.layer.Parameter;
import dev.chainrule.loss.SoftmaxCrossEntropy;
import dev.chainrule.optim.Sgd;
import dev.chainrule.tensor.DType;
import dev.chainrule.tensor.JavaKernels;
import dev.chainrule.tensor.Kernels;
import dev.chainrule.tensor.Tensor;
import dev.chainrule.train.Trainer;
import dev.chainrule.train.TrainingConfig;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The kernels are a property of the model: its layers, loss, optimizer steps and batches run on them alone. */
class ModelKernelsTest {

    /** The plain loops, counting the calls that reach them. */
    static final class Counting extends JavaKernels {
        final AtomicInteger calls = new AtomicInteger();

        @Override
        public void gemm(Tensor a, boolean ta, Tensor b, boolean tb, Tensor c, boolean accumulate) {
            calls.incrementAndGet();
            super.gemm(a, ta, b, tb, c, accumulate);
        }

        @Override
        public double softmaxCrossEntropyStep(Tensor z, Tensor t, Tensor p, Tensor g, double scale) {
            calls.incrementAndGet();
            return super.softmaxCrossEntropyStep(z, t, p, g, scale);
        }

        @Override
        public void sgdUpdate(Tensor w, Tensor g, Tensor v, double lr, double l2, double keep, double mu, boolean nesterov) {
            calls.incrementAndGet();
            super.sgdUpdate(w, g, v, lr, l2, keep, mu, nesterov);
        }
    }

    /** Kernels that refuse every computation: installed as the default, they catch any use of the default. */
    static Kernels forbidden() {
        return (Kernels) java.lang.reflect.Proxy.newProxyInstance(Kernels.class.getClassLoader(),
                new Class<?>[] {Kernels.class}, (proxy, method, args) -> {
                    if (method.getName().equals("toString")) {
                        return "forbidden";
                    }
                    throw new AssertionError("the default kernels were used: " + method.getName());
                });
    }

    static Dataset data() {
        Random random = new Random(2);
        Tensor x = Tensor.zeros(DType.FLOAT32, 60, 6);
        Tensor t = Tensor.zeros(DType.FLOAT32, 60, 3);
        for (int i = 0; i < 60; i++) {
            for (int j = 0; j < 6; j++) {
                x.set(i, j, random.nextGaussian() + (j % 3 == i % 3 ? 1 : 0));
            }
            t.set(i, i % 3, 1);
        }
        return new Dataset("three", x, t, List.of("a", "b", "c"));
    }

    @Test
    void aModelComputesOnlyWithItsOwnKernels() {
        Counting counting = new Counting();
        Sequential model = Sequential.builder(6).seed(1).kernels(counting)
                .dense(8).sigmoid().dense(8).tanh().dropout(0.2).dense(8).leakyRelu(0.1).dense(3)
                .loss(new SoftmaxCrossEntropy()).build();
        assertSame(counting, model.kernels());
        for (Parameter p : model.parameters()) {
            assertSame(counting, p.kernels(), p.name());
        }
        Kernels before = Kernels.active();
        Kernels.use(forbidden());
        try {
            Dataset data = data();
            new Trainer(model, Sgd.momentum(0.1, 0.9), TrainingConfig.miniBatch(2, 16, 1).withClipNorm(5))
                    .fit(data, data);
            new Trainer(model, new Sgd(0.1), TrainingConfig.miniBatch(1, 16, 1)).fit(data);
            Tensor p = model.predict(data.features());
            assertEquals(60, p.rows());
            model.evaluateLoss(data.features(), data.targets());
        } finally {
            Kernels.use(before);
        }
        assertTrue(counting.calls.get() > 100, "calls " + counting.calls.get());
    }

    @Test
    void layersBuiltAloneUseTheDefaultUntilAModelTakesThem() {
        Sequential model = Sequential.builder(4).dense(3).relu().dense(2).loss(new SoftmaxCrossEntropy()).build();
        assertSame(Kernels.active(), model.kernels());
        Counting counting = new Counting();
        List<Layer> layers = model.layers();
        Sequential rebuilt = new Sequential(4, layers, new SoftmaxCrossEntropy(), DType.FLOAT32, counting);
        rebuilt.predict(Tensor.zeros(DType.FLOAT32, 2, 4));
        assertTrue(counting.calls.get() >= 2, "the layers compute with the new model's kernels");
        assertEquals(3, rebuilt.width(0));
        assertEquals(2, rebuilt.outputs());
    }
}
