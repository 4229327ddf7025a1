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
 * Gradients are read, never written. Each rule is written once, over {@code double[]} chunks:
 * this class copies a chunk of weights and gradients into reused double buffers, the rule
 * updates them, and the new weights are rounded back to the parameter's dtype. No allocation
 * per step once every parameter has its state. Not thread-safe.
 *
 * @param <S> the per-parameter state (momentum buffer, moment estimates)
 */
public abstract class StatefulOptimizer<S> implements Optimizer {
    private double learningRate;
    private final Regularization regularization;
    private final Map<Parameter, S> state = new IdentityHashMap<>();
    /** Elements per chunk: the rules run on double copies of this many weights and gradients. */
    private static final int CHUNK = 2048;
    private final double[] wChunk = new double[CHUNK];
    private final double[] gChunk = new double[CHUNK];

    protected StatefulOptimizer(double learningRate, Regularization regularization) {
        this.learningRate = Optimizer.checkLearningRate(learningRate);
        if (regularization == null) {
            throw new IllegalArgumentException("regularization must be given; use Regularization.none()");
        }
        this.regularization = regularization;
    }

    @Override
    public final void step(List<Parameter> parameters) {
        for (int i = 0; i < parameters.size(); i++) {
            Parameter p = parameters.get(i);
            S s = state.get(p);
            if (s == null) {
                s = newState(p);
                state.put(p, s);
            }
            double l2 = l2(p);
            double keep = keep(p);
            if (stepDirectly(p, learningRate, l2, keep)) {
                continue;
            }
            beginStep(s);
            Tensor w = p.value();
            Tensor g = p.gradient();
            int n = w.size();
            for (int offset = 0; offset < n; offset += CHUNK) {
                int length = Math.min(CHUNK, n - offset);
                load(w, offset, length, wChunk);
                load(g, offset, length, gChunk);
                update(wChunk, gChunk, length, s, offset, learningRate, l2, keep);
                store(wChunk, w, offset, length);
            }
        }
    }

    /** The L2 coefficient for {@code p}: 0 when the penalty does not apply to it. */
    private double l2(Parameter p) {
        return regularization.appliesTo(p) ? regularization.l2() : 0;
    }

    /** The decoupled decay factor {@code 1 - lr * weightDecay} for {@code p}: exactly 1 when none applies. */
    private double keep(Parameter p) {
        double wd = regularization.weightDecay();
        return wd != 0 && regularization.appliesTo(p) ? 1 - learningRate * wd : 1;
    }

    /** Creates the state of a parameter on its first step. */
    protected abstract S newState(Parameter p);

    /**
     * A shortcut for settings that need no per-element rule (plain SGD:
     * {@link Parameter#addScaledGradient}, which never needs the gradient stored). Returns true
     * when it updated {@code p} itself; the default does nothing and returns false.
     */
    protected boolean stepDirectly(Parameter p, double lr, double l2, double keep) {
        return false;
    }

    /** Called once per parameter and step before its chunks (Adam counts its steps here). */
    protected void beginStep(S s) {
    }

    /**
     * The update rule on one chunk: elements {@code offset .. offset + length} of the
     * parameter, copied to {@code w[0 .. length)} (to be overwritten with the new weights) and
     * {@code g[0 .. length)} (read only); state arrays are indexed by {@code offset + i}.
     *
     * @param l2   L2 coefficient for this parameter (0 when it does not apply)
     * @param keep the decoupled decay factor {@code 1 - lr * weightDecay} (exactly 1 when none)
     */
    protected abstract void update(double[] w, double[] g, int length, S s, int offset, double lr, double l2,
                                   double keep);

    private static void load(Tensor t, int offset, int length, double[] out) {
        if (t.isFloat32()) {
            float[] f = t.floats();
            for (int i = 0; i < length; i++) {
                out[i] = f[offset + i];
            }
        } else {
            System.arraycopy(t.doubles(), offset, out, 0, length);
        }
    }

    private static void store(double[] in, Tensor t, int offset, int length) {
        if (t.isFloat32()) {
            float[] f = t.floats();
            for (int i = 0; i < length; i++) {
                f[offset + i] = (float) in[i];
            }
        } else {
            System.arraycopy(in, 0, t.doubles(), offset, length);
        }
    }

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
