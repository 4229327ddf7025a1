package dev.chainrule.train;

import dev.chainrule.data.Dataset;
import dev.chainrule.layer.Parameter;
import dev.chainrule.loss.SoftmaxCrossEntropy;
import dev.chainrule.model.Sequential;
import dev.chainrule.optim.Optimizer;
import dev.chainrule.optim.Sgd;
import dev.chainrule.tensor.DType;
import dev.chainrule.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The plain SGD step that adds a gradient left as a product in one pass
 * ({@link Parameter#addScaledGradient}) gives the weights, bit for bit, of computing the gradient
 * and then stepping; clipping by the gradient norm (here with a norm no gradient reaches, so it
 * changes nothing) reads every gradient first, which gives the reference.
 */
class FusedWeightStepTest {

    static Dataset data(int n, int inputs, int classes) {
        Random random = new Random(11);
        Tensor x = Tensor.zeros(DType.FLOAT32, n, inputs);
        Tensor t = Tensor.zeros(DType.FLOAT32, n, classes);
        List<String> names = new ArrayList<>();
        for (int c = 0; c < classes; c++) {
            names.add("c" + c);
        }
        for (int i = 0; i < n; i++) {
            int c = i % classes;
            for (int j = 0; j < inputs; j++) {
                x.set(i, j, random.nextGaussian() + (j % classes == c ? 1 : 0));
            }
            t.set(i, c, 1);
        }
        return new Dataset("fused", x, t, names);
    }

    static Sequential net() {
        // widths that reach the ragged panels and the in-place op(a) path of the vector kernels
        return Sequential.builder(70).seed(3).dense(130).relu().dense(50).relu().dense(10)
                .loss(new SoftmaxCrossEntropy()).build();
    }

    static List<Tensor> train(int batch, double clipNorm, Optimizer optimizer) {
        Sequential model = net();
        TrainingConfig config = TrainingConfig.miniBatch(3, batch, 5);
        if (clipNorm > 0) {
            config = config.withClipNorm(clipNorm);
        }
        new Trainer(model, optimizer, config).fit(data(600, 70, 10));
        return model.copyWeights();
    }

    static void assertSameBits(List<Tensor> expected, List<Tensor> actual) {
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            assertArrayEquals(expected.get(i).floats(), actual.get(i).floats(), 0f, "parameter " + i);
        }
    }

    @Test
    void fusedStepGivesTheBitsOfGradientThenStep() {
        for (int batch : new int[] {32, 128, 300}) { // 300: deeper than one slice, so not fused
            List<Tensor> fused = train(batch, 0, new Sgd(0.1));
            List<Tensor> twoSteps = train(batch, 1e30, new Sgd(0.1));
            assertSameBits(twoSteps, fused);
        }
    }

    @Test
    void keepingTheGradientsGivesTheSameBits() {
        Sequential model = net();
        new Trainer(model, new Sgd(0.1), TrainingConfig.miniBatch(3, 128, 5)).addCallback(new Callback() {
            @Override
            public void onTrainStart(TrainingRun run) {
                run.materializeGradients(true);
            }

            @Override
            public void onBatchEnd(TrainingRun run) {
                assertFalse(run.parameters().get(0).gradientDeferred());
                run.parameters().get(0).gradient(); // readable after the step
            }
        }).fit(data(600, 70, 10));
        assertSameBits(train(128, 0, new Sgd(0.1)), model.copyWeights());
    }

    @Test
    void plainSgdAddsTheDeferredProductInOnePass() {
        Dataset d = data(64, 70, 10);
        Batch batch = new Batch(d.features(), d.targets());
        Sequential twoPasses = net();
        new Backprop(twoPasses).computeGradients(batch);
        Parameter reference = twoPasses.parameters().get(0);
        reference.kernels().axpy(-0.5, reference.gradient(), reference.value()); // gradient, then step
        Sequential model = net();
        new Backprop(model).computeGradients(batch);
        Parameter w = model.parameters().get(0);
        assertTrue(w.gradientDeferred(), "Dense leaves x^T g as a product");
        new Sgd(0.5).step(model.parameters());
        assertArrayEquals(reference.value().floats(), w.value().floats(), 0f);
        assertFalse(w.gradientDeferred());
        if (w.kernels().toString().startsWith("VectorKernels")) {
            // the one-pass step never stored the gradient: reading it now is an error, not stale values
            IllegalStateException e = assertThrows(IllegalStateException.class, w::gradient);
            assertTrue(e.getMessage().contains("dense_1.weight"), e.getMessage());
        }
    }

    @Test
    void aNarrowLayersWeightGradientIsComputedInBackward() {
        // the 10-unit output layer stores x^T g in backward (its x is still in cache there); the
        // 130-unit layer leaves it as a product for the step. The same bits either way (the
        // fingerprint tests); here which of the two each layer does
        Sequential model = net();
        Dataset d = data(64, 70, 10);
        new Backprop(model).computeGradients(new Batch(d.features(), d.targets()));
        List<Parameter> ps = model.parameters();
        assertTrue(ps.get(0).gradientDeferred(), ps.get(0).name());
        Parameter out = ps.get(ps.size() - 2);
        assertEquals("dense_3.weight", out.name());
        assertFalse(out.gradientDeferred(), out.name());
    }

    @Test
    void otherRulesReadTheGradient() {
        Sequential model = net();
        Dataset d = data(64, 70, 10);
        new Backprop(model).computeGradients(new Batch(d.features(), d.targets()));
        Parameter w = model.parameters().get(0);
        Tensor gradient = w.gradient().copy();
        Sgd.momentum(0.1, 0.9).step(model.parameters());
        assertTrue(gradient.sameBits(w.gradient()), "momentum computed and kept the gradient");
    }

    @Test
    void aForwardPassDropsADeferredGradient() {
        Sequential model = net();
        Dataset d = data(64, 70, 10);
        new Backprop(model).computeGradients(new Batch(d.features(), d.targets()));
        model.forward(d.features(), true);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> model.parameters().get(0).gradient());
        assertTrue(e.getMessage().contains("forward pass"), e.getMessage());
        assertTrue(model.parameters().get(1).gradient() != null, "a stored gradient (the bias) stays readable");
    }

    @Test
    void noGradientIsLeftDeferredAfterTraining() {
        Sequential model = net();
        new Trainer(model, new Sgd(0.1), TrainingConfig.miniBatch(1, 64, 1)).fit(data(128, 70, 10));
        for (Parameter p : model.parameters()) {
            assertFalse(p.gradientDeferred(), p.name());
        }
    }
}
