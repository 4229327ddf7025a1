package dev.chainrule.optim;

import dev.chainrule.layer.Parameter;
import dev.chainrule.tensor.DType;
import dev.chainrule.tensor.ShapeException;
import dev.chainrule.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Optimizer state leaves and enters as named float64 tensors: round trips, averages, bad input. */
class OptimizerStateTest {

    static List<Parameter> parameters() {
        Parameter w = new Parameter("dense_1.weight", Tensor.of(DType.FLOAT32, new double[][] {{0.5, -1}, {2, 0.25}}));
        Parameter b = new Parameter("dense_1.bias", Tensor.row(DType.FLOAT32, 0.1, -0.2));
        return List.of(w, b);
    }

    /** Gradient {@code a * w + b + shift} for every parameter: a fixed function, so two runs see the same gradients. */
    static void gradients(List<Parameter> ps, double shift) {
        for (Parameter p : ps) {
            Tensor g = Tensor.zeros(DType.FLOAT32, p.value().rows(), p.value().cols());
            for (int i = 0; i < g.size(); i++) {
                g.setFlat(i, (1 + i * 0.5) * p.value().getFlat(i) + 0.3 - 0.1 * i + shift);
            }
            p.setGradient(g);
        }
    }

    static void steps(Optimizer o, List<Parameter> ps, int n) {
        for (int s = 0; s < n; s++) {
            gradients(ps, s * 0.01);
            o.step(ps);
        }
    }

    @Test
    void aRoundTripContinuesWithTheSameBits() {
        List<Supplier<Optimizer>> rules = List.of(() -> Sgd.momentum(0.1, 0.9), () -> Sgd.nesterov(0.1, 0.9),
                () -> new Adam(0.01), () -> new AdamW(0.01, 0.1), () -> new RmsProp(0.01),
                () -> new Sgd(0.1, 0, false, Regularization.l2(0.01)), () -> new Sgd(0.1));
        for (Supplier<Optimizer> rule : rules) {
            List<Parameter> straight = parameters();
            Optimizer a = rule.get();
            steps(a, straight, 5);

            List<Parameter> resumed = parameters();
            Optimizer first = rule.get();
            steps(first, resumed, 3);
            Map<String, Tensor> saved = first.exportState(resumed);
            Optimizer second = rule.get();
            second.importState(resumed, saved);
            for (int s = 3; s < 5; s++) {
                gradients(resumed, s * 0.01);
                second.step(resumed);
            }
            for (int i = 0; i < straight.size(); i++) {
                assertTrue(straight.get(i).value().sameBits(resumed.get(i).value()), a + " " + straight.get(i).name());
            }
            for (Tensor t : saved.values()) {
                assertEquals(DType.FLOAT64, t.dtype(), a + ": state is float64");
            }
        }
    }

    @Test
    void namesFollowPyTorchAndTheParameters() {
        List<Parameter> ps = parameters();
        Adam adam = new Adam(0.01);
        steps(adam, ps, 2);
        Map<String, Tensor> state = adam.exportState(ps);
        assertEquals(List.of("dense_1.weight.exp_avg", "dense_1.weight.exp_avg_sq", "dense_1.weight.step",
                "dense_1.bias.exp_avg", "dense_1.bias.exp_avg_sq", "dense_1.bias.step"), List.copyOf(state.keySet()));
        assertEquals(2.0, state.get("dense_1.weight.step").get(0, 0));
        assertEquals(List.of("dense_1.weight.exp_avg_sq", "dense_1.weight.step", "dense_1.bias.exp_avg_sq",
                "dense_1.bias.step"), List.copyOf(exported(new RmsProp(0.01)).keySet()), "RMSProp keeps no first moment");
        assertEquals(List.of("dense_1.weight.momentum_buffer", "dense_1.bias.momentum_buffer"),
                List.copyOf(exported(Sgd.momentum(0.1, 0.9)).keySet()));
        assertTrue(exported(new Sgd(0.1)).isEmpty(), "plain SGD keeps no state");
        // an export is a copy: stepping on does not change it
        Tensor before = state.get("dense_1.weight.exp_avg").copy();
        steps(adam, ps, 1);
        assertTrue(before.sameBits(state.get("dense_1.weight.exp_avg")));
    }

    static Map<String, Tensor> exported(Optimizer o) {
        List<Parameter> ps = parameters();
        steps(o, ps, 2);
        return o.exportState(ps);
    }

    @Test
    void averagingTakesTheMeanOfEachElement() {
        List<Parameter> a = parameters();
        List<Parameter> b = parameters();
        Adam adamA = new Adam(0.01);
        Adam adamB = new Adam(0.01);
        steps(adamA, a, 2);
        gradients(b, 0.5); // different gradients on the other copy
        adamB.step(b);
        gradients(b, 0.7);
        adamB.step(b);
        Map<String, Tensor> sa = adamA.exportState(a);
        Map<String, Tensor> sb = adamB.exportState(b);
        Map<String, Tensor> mean = OptimizerState.average(List.of(sa, sb));
        assertEquals(sa.keySet(), mean.keySet());
        for (String name : mean.keySet()) {
            for (int i = 0; i < mean.get(name).size(); i++) {
                assertEquals((sa.get(name).getFlat(i) + sb.get(name).getFlat(i)) / 2, mean.get(name).getFlat(i), 1e-15,
                        name);
            }
        }
        assertEquals(2.0, mean.get("dense_1.bias.step").get(0, 0));
        // the average is a state an optimizer takes
        Adam averaged = new Adam(0.01);
        averaged.importState(a, mean);
        steps(averaged, a, 1);
        assertEquals(3.0, averaged.exportState(a).get("dense_1.weight.step").get(0, 0));
        // identical states average to themselves
        Map<String, Tensor> same = OptimizerState.average(List.of(sa, sa, sa, sa));
        for (String name : sa.keySet()) {
            assertTrue(sa.get(name).sameBits(same.get(name)), name);
        }
    }

    @Test
    void badStateIsRefusedWithItsName() {
        List<Parameter> ps = parameters();
        Adam adam = new Adam(0.01);
        steps(adam, ps, 1);
        Map<String, Tensor> state = new LinkedHashMap<>(adam.exportState(ps));

        Map<String, Tensor> missing = new LinkedHashMap<>(state);
        missing.remove("dense_1.bias.exp_avg_sq");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Adam(0.01).importState(ps, missing));
        assertTrue(e.getMessage().contains("dense_1.bias.exp_avg_sq"), e.getMessage());

        Map<String, Tensor> extra = new LinkedHashMap<>(state);
        extra.put("dense_2.weight.exp_avg", Tensor.zeros(DType.FLOAT64, 1, 1));
        e = assertThrows(IllegalArgumentException.class, () -> new Adam(0.01).importState(ps, extra));
        assertTrue(e.getMessage().contains("dense_2.weight.exp_avg"), e.getMessage());

        Map<String, Tensor> wrong = new LinkedHashMap<>(state);
        wrong.put("dense_1.weight.exp_avg", Tensor.zeros(DType.FLOAT64, 3, 2));
        ShapeException s = assertThrows(ShapeException.class, () -> new Adam(0.01).importState(ps, wrong));
        assertTrue(s.getMessage().contains("dense_1.weight.exp_avg") && s.getMessage().contains("[3, 2]"), s.getMessage());

        e = assertThrows(IllegalArgumentException.class, () -> Sgd.momentum(0.1, 0.9).importState(ps, state));
        assertTrue(e.getMessage().contains("dense_1.weight.exp_avg"), e.getMessage());

        e = assertThrows(IllegalArgumentException.class, () -> OptimizerState.average(List.of(state, Map.of())));
        assertTrue(e.getMessage().contains("state 2"), e.getMessage());
        Optimizer stateless = new Optimizer() {
            double lr = 0.1;

            @Override
            public void step(List<Parameter> parameters) {
            }

            @Override
            public double learningRate() {
                return lr;
            }

            @Override
            public void setLearningRate(double learningRate) {
                lr = learningRate;
            }
        };
        assertThrows(IllegalArgumentException.class, () -> stateless.importState(ps, state));
    }
}
