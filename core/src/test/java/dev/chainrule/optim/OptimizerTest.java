package dev.chainrule.optim;

import dev.chainrule.layer.Parameter;
import dev.chainrule.tensor.DType;
import dev.chainrule.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Three steps of each optimizer on {@code L(w) = sum a_i w_i^2 / 2 + b_i w_i} (gradient
 * {@code a * w + b}) from {@code w = [0.5, -1, 2]}, against values computed by hand from
 * PyTorch's documented update formulas ({@code torch.optim.SGD/Adam/AdamW/RMSprop}, written
 * out step by step in plain double arithmetic, in the same order as PyTorch's single-tensor code).
 */
class OptimizerTest {
    static final double[] A = {1.0, 0.5, 2.0};
    static final double[] B = {0.3, -0.2, 0.1};

    static double[] threeSteps(Optimizer optimizer) {
        Parameter p = new Parameter("w", Tensor.row(DType.FLOAT64, 0.5, -1.0, 2.0));
        for (int step = 0; step < 3; step++) {
            for (int i = 0; i < 3; i++) {
                p.gradient().setFlat(i, A[i] * p.value().getFlat(i) + B[i]);
            }
            optimizer.step(List.of(p));
        }
        return p.value().rowAsDoubles(0);
    }

    static void check(double[] expected, Supplier<Optimizer> optimizer) {
        assertArrayEquals(expected, threeSteps(optimizer.get()), 1e-6, optimizer.get().toString());
        // And with 1e-12: the formulas are the same, only rounding may differ.
        assertArrayEquals(expected, threeSteps(optimizer.get()), 1e-12, optimizer.get().toString());
    }

    @Test
    void plainSgd() {
        check(new double[] {0.2832, -0.8003250000000001, 0.9996}, () -> new Sgd(0.1));
    }

    @Test
    void heavyBallMomentum() {
        check(new double[] {0.08879999999999999, -0.623925, 0.07709999999999995}, () -> Sgd.momentum(0.1, 0.9));
    }

    @Test
    void nesterovMomentum() {
        check(new double[] {-0.038143200000000016, -0.4840476749999999, -0.27212159999999996},
                () -> Sgd.nesterov(0.1, 0.9));
    }

    @Test
    void momentumWithL2PenaltyIsPyTorchWeightDecay() {
        check(new double[] {0.07784543749999992, -0.598823125, 0.03942950000000012},
                () -> new Sgd(0.1, 0.9, false, Regularization.l2(0.05)));
    }

    @Test
    void sgdWithDecoupledDecay() {
        check(new double[] {0.26110399999999995, -0.748459, 0.9252199999999997},
                () -> new Sgd(0.1, 0, false, Regularization.decoupled(0.2)));
    }

    @Test
    void adam() {
        check(new double[] {0.20222006950529703, -0.7009900289917257, 1.700604452707453}, () -> new Adam(0.1));
    }

    @Test
    void adamWithL2Penalty() {
        check(new double[] {0.20228329099411402, -0.7010258309819939, 1.7006049012949702},
                () -> new Adam(0.1, 0.9, 0.999, 1e-8, Regularization.l2(0.05)));
    }

    @Test
    void adamW() {
        check(new double[] {0.17909356512240737, -0.6484046239279013, 1.5892625403375324}, () -> new AdamW(0.1, 0.2));
    }

    @Test
    void rmsProp() {
        check(new double[] {0.2824439955604004, -0.7772883521691973, 1.7752411658874068}, () -> new RmsProp(0.01));
    }

    @Test
    void rmsPropWithL2Penalty() {
        check(new double[] {0.2826727024468584, -0.7774640473314596, 1.7752437413088709},
                () -> new RmsProp(0.01, 0.99, 1e-8, Regularization.l2(0.05)));
    }

    @Test
    void namedOptimizersAreTheSameRules() {
        assertArrayEquals(threeSteps(Sgd.nesterov(0.1, 0.9)), threeSteps(Optimizers.named("nesterov", 0.1, 0.9, 0, 0)));
        assertArrayEquals(threeSteps(new AdamW(0.1, 0.2)), threeSteps(Optimizers.named("adamw", 0.1, 0.9, 0, 0.2)));
        assertArrayEquals(threeSteps(new RmsProp(0.01)), threeSteps(Optimizers.named("RMSProp", 0.01)));
        assertEquals(0.01, Optimizers.defaultWeightDecay("adamw"));
        assertEquals(1e-3, Optimizers.defaultLearningRate("adam"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Optimizers.named("adagrad", 0.1));
        assertTrue(e.getMessage().contains("adagrad") && e.getMessage().contains("rmsprop"), e.getMessage());
    }

    @Test
    void plainSgdInFloat32IsOneAxpyAsBefore() {
        Parameter p = new Parameter("w", Tensor.row(DType.FLOAT32, 0.5, -1.0, 2.0));
        p.gradient().setFlat(0, 0.1);
        p.gradient().setFlat(1, 0.2);
        p.gradient().setFlat(2, -0.3);
        new Sgd(0.5).step(List.of(p));
        float a = (float) -0.5;
        assertArrayEquals(new float[] {0.5f + a * 0.1f, -1.0f + a * 0.2f, 2.0f + a * -0.3f}, p.value().floats());
    }

    @Test
    void weightsOnlyScopeLeavesBiasesUndecayed() {
        Parameter weight = new Parameter("dense_1.weight", Tensor.row(DType.FLOAT64, 1.0, 2.0));
        Parameter bias = new Parameter("dense_1.bias", Tensor.row(DType.FLOAT64, 1.0, 2.0));
        Sgd sgd = new Sgd(0.1, 0, false, Regularization.decoupled(0.5).appliedTo(Regularization.Scope.WEIGHTS));
        sgd.step(List.of(weight, bias));
        assertArrayEquals(new double[] {0.95, 1.9}, weight.value().doubles(), 1e-15);
        assertArrayEquals(new double[] {1.0, 2.0}, bias.value().doubles());
    }

    @Test
    void stateIsPerParameterAndCreatedOnce() {
        Parameter a = new Parameter("a", Tensor.row(DType.FLOAT64, 1.0));
        Parameter b = new Parameter("b", Tensor.row(DType.FLOAT64, 1.0));
        a.gradient().setFlat(0, 1.0);
        b.gradient().setFlat(0, 1.0);
        Adam adam = new Adam(0.1);
        adam.step(List.of(a));
        adam.step(List.of(a, b));
        assertEquals(2, adam.stateCount());
        // a is at its second step, b at its first: Adam's first step moves by lr exactly (m/sqrt(v) = 1).
        assertEquals(0.9, b.value().getFlat(0), 1e-7);
        assertTrue(a.value().getFlat(0) < 0.81, "a took two steps");
    }

    @Test
    void hyperparametersAreCheckedWithTheirNames() {
        assertMessage(() -> Sgd.momentum(0.1, 1.0), "momentum", "1.0");
        assertMessage(() -> Sgd.momentum(0.1, -0.5), "momentum", "-0.5");
        assertMessage(() -> Sgd.nesterov(0.1, 0), "Nesterov", "0.0");
        assertMessage(() -> new Adam(0.1, 1.2, 0.999, 1e-8, Regularization.none()), "beta1", "1.2");
        assertMessage(() -> new Adam(0.1, 0.9, -0.1, 1e-8, Regularization.none()), "beta2", "-0.1");
        assertMessage(() -> new Adam(0.1, 0.9, 0.999, 0, Regularization.none()), "eps", "0.0");
        assertMessage(() -> new RmsProp(0.01, 1.5, 1e-8, Regularization.none()), "alpha", "1.5");
        assertMessage(() -> new Adam(Double.NaN), "learning rate", "NaN");
        assertMessage(() -> Regularization.l2(-1), "l2", "-1.0");
        assertMessage(() -> new AdamW(0.1, Double.POSITIVE_INFINITY), "weight decay", "Infinity");
        assertMessage(() -> new Sgd(0.1).setLearningRate(0), "learning rate", "0.0");
    }

    static void assertMessage(org.junit.jupiter.api.function.Executable e, String... parts) {
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, e);
        for (String part : parts) {
            assertTrue(ex.getMessage().contains(part), ex.getMessage());
        }
    }

    @Test
    void clippingByGlobalNormScalesEveryGradientAlike() {
        Parameter a = new Parameter("a", Tensor.row(DType.FLOAT64, 0, 0));
        Parameter b = new Parameter("b", Tensor.row(DType.FLOAT64, 0));
        a.gradient().setFlat(0, 3);
        a.gradient().setFlat(1, 0);
        b.gradient().setFlat(0, 4);
        double norm = GradientClipping.clipGlobalNorm(List.of(a, b), 1.0);
        assertEquals(5.0, norm, 1e-12);
        assertEquals(1.0, GradientClipping.globalNorm(List.of(a, b)), 1e-6);
        assertEquals(3.0 / (5 + 1e-6), a.gradient().getFlat(0), 1e-15);
        assertEquals(4.0 / (5 + 1e-6), b.gradient().getFlat(0), 1e-15);
        // Under the bound: untouched.
        assertEquals(1.0, GradientClipping.clipGlobalNorm(List.of(a, b), 2.0), 1e-6);
        assertEquals(3.0 / (5 + 1e-6), a.gradient().getFlat(0), 1e-15);
    }
}
