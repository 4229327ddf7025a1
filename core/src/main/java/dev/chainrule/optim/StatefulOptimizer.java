package dev.chainrule.optim;

import dev.chainrule.layer.Parameter;
import dev.chainrule.tensor.Tensor;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The shared frame of every update rule: the learning rate, the {@link Regularization}, and
 * per-parameter state kept in an {@link IdentityHashMap} keyed by the {@link Parameter} object
 * (PyTorch's {@code self.state[p]}). State is created on a parameter's first step and reused
 * after, so a step allocates nothing in the steady state.
 *
 * <p>A subclass gives one update rule, {@link #update}, applied element by element as
 * <pre>
 *   g' = g + l2 * w                      (L2 penalty, if it applies to this parameter)
 *   w  = w * (1 - lr * weightDecay) - lr * direction(g', state)
 * </pre>
 * where only the {@code direction} differs between rules. With no decay {@code keep} is exactly 1.
 * Gradients are read, never written; the rules compute in double precision and round the new
 * weight to the parameter's dtype.
 *
 * @param <S> the per-parameter state (momentum buffer, moment estimates)
 */
public abstract class StatefulOptimizer<S> implements Optimizer {
    private double learningRate;
    private final Regularization regularization;
    private final Map<Parameter, S> state = new IdentityHashMap<>();

    protected StatefulOptimizer(double learningRate, Regularization regularization) {
        this.learningRate = Optimizer.checkLearningRate(learningRate);
        if (regularization == null) {
            throw new IllegalArgumentException("regularization must be given; use Regularization.none()");
        }
        this.regularization = regularization;
    }

    @Override
    public final void step(List<Parameter> parameters) {
        double wd = regularization.weightDecay();
        for (int i = 0; i < parameters.size(); i++) {
            Parameter p = parameters.get(i);
            S s = state.get(p);
            if (s == null) {
                s = newState(p);
                state.put(p, s);
            }
            boolean penalized = regularization.appliesTo(p);
            double l2 = penalized ? regularization.l2() : 0;
            double keep = penalized && wd != 0 ? 1 - learningRate * wd : 1;
            update(p.value(), p.gradient(), s, learningRate, l2, keep);
        }
    }

    /** Creates the state of a parameter on its first step. */
    protected abstract S newState(Parameter p);

    /**
     * Applies one step to {@code w} (writes it) from {@code g} (read only) and the state (writes it).
     *
     * @param l2   L2 coefficient for this parameter (0 when it does not apply)
     * @param keep the decoupled decay factor {@code 1 - lr * weightDecay} (exactly 1 when none)
     */
    protected abstract void update(Tensor w, Tensor g, S s, double lr, double l2, double keep);

    @Override
    public final double learningRate() {
        return learningRate;
    }

    @Override
    public final void setLearningRate(double learningRate) {
        this.learningRate = Optimizer.checkLearningRate(learningRate);
    }

    public final Regularization regularization() {
        return regularization;
    }

    /** Number of parameters that have state (for tests and memory reports). */
    public final int stateCount() {
        return state.size();
    }

    /** Forgets all per-parameter state (momentum, moments, step counts). */
    public final void resetState() {
        state.clear();
    }

    /** Checks {@code value} is in {@code [0, 1)}; the message names the hyperparameter. */
    protected static double checkUnitInterval(String name, double value) {
        if (!(value >= 0 && value < 1)) {
            throw new IllegalArgumentException(name + " must be in [0, 1), got " + value);
        }
        return value;
    }

    /** Checks {@code value} is finite and positive; the message names the hyperparameter. */
    protected static double checkPositive(String name, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(name + " must be a positive finite number, got " + value);
        }
        return value;
    }

    protected String regularizationSuffix() {
        return regularization.isNone() ? "" : ", " + regularization;
    }
}
