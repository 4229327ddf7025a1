package dev.chainrule.train;

import dev.chainrule.data.Dataset;
import dev.chainrule.layer.Parameter;
import dev.chainrule.loss.SoftmaxCrossEntropy;
import dev.chainrule.model.Sequential;
import dev.chainrule.optim.Optimizer;
import dev.chainrule.optim.Regularization;
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
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The plain SGD step taken inside the backward pass ({@link Parameter#stepInBackward}) gives the
 * weights, bit for bit, of computing the gradient and then stepping; clipping by the gradient
 * norm (here with a norm no gradient reaches, so it changes nothing) turns the fusion off, which
 * gives the reference.
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
    void theVectorKernelsTakeTheStepInTheBackwardPass() {
        // so that the comparison above compares two different paths
        org.junit.jupiter.api.Assumptions.assumeTrue(dev.chainrule.tensor.Kernels.active().toString().startsWith("VectorKernels"),
                "the plain-loop kernels never fuse");
        Sequential model = net();
        Dataset d = data(64, 70, 10);
        Tensor raw = model.forward(d.features(), true);
        Tensor p = Tensor.zeros(DType.FLOAT32, 64, 10);
        Tensor g = Tensor.zeros(DType.FLOAT32, 64, 10);
        model.loss().valueAndGradient(raw, d.targets(), p, g);
        Parameter w = model.parameters().get(0);
        float before = w.value().floats()[0];
        w.stepInBackward(0.5);
        model.backward(g);
        w.stepInBackward(Double.NaN);
        assertTrue(w.consumeSteppedInBackward());
        assertFalse(w.consumeSteppedInBackward(), "the mark is consumed once");
        assertTrue(before != w.value().floats()[0], "the weights moved in the backward pass");
    }

    @Test
    void onlyPlainSgdStepsInBackward() {
        Sequential model = net();
        Parameter w = model.parameters().get(0);
        assertEquals(0.1, new Sgd(0.1).plainStepRate(w));
        assertTrue(Double.isNaN(Sgd.momentum(0.1, 0.9).plainStepRate(w)));
        assertTrue(Double.isNaN(new Sgd(0.1, 0, false, Regularization.l2(1e-4)).plainStepRate(w)));
        assertTrue(Double.isNaN(new dev.chainrule.optim.Adam(0.01).plainStepRate(w)));
    }

    @Test
    void trainerClearsTheRequestAfterEachBackwardPass() {
        Sequential model = net();
        new Trainer(model, new Sgd(0.1), TrainingConfig.miniBatch(1, 64, 1)).fit(data(128, 70, 10));
        for (Parameter p : model.parameters()) {
            assertTrue(Double.isNaN(p.backwardStepRate()), p.name());
            assertFalse(p.consumeSteppedInBackward(), p.name());
        }
    }
}
