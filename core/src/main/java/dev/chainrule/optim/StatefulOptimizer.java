package dev.chainrule.optim;

import dev.chainrule.layer.Parameter;
import dev.chainrule.tensor.DType;
import dev.chainrule.tensor.ShapeException;
import dev.chainrule.tensor.Tensor;

import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The shared frame of every update rule: the learning rate, the {@link Regularization}, and
 * per-parameter state kept in an {@link IdentityHashMap} keyed by the {@link Parameter} object
 * (PyTorch's {@code self.state[p]}). State is created on a parameter's first step and reused
 * after, so a step allocates nothing in the steady state. Its tensors are float64 whatever the
 * parameters' dtype, and leave and enter as named tensors ({@link #exportState},
 * {@link #importState}).
 *
 * <p>A subclass gives one update rule, applied element by element by its kernels
 * ({@link dev.chainrule.tensor.UpdateKernels}, those of the parameter) as
 * <pre>
 *   g' = g + l2 * w                      (L2 penalty, if it applies to this parameter)
 *   w  = w * (1 - lr * weightDecay) - lr * direction(g', state)
 * </pre>
 * where only the {@code direction} differs between rules. With no decay {@code keep} is exactly 1.
 * Gradients are read, never written. Not thread-safe.
 *
 * @param <S> the per-parameter state (momentum buffer, moment estimates)
 */
public abstract class StatefulOptimizer<S> implements Optimizer {
    private double learningRate;
    private final Regularization regularization;
    private final Map<Parameter, S> state = new IdentityHashMap<>();

    /**
     * Checks the learning rate and keeps the penalties.
     *
     * @param learningRate the learning rate, positive
     * @param regularization the L2 penalty and decoupled weight decay
     */
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
            double l2 = l2(p);
            double keep = keep(p);
            if (stepDirectly(p, learningRate, l2, keep)) {
                continue;
            }
            S s = state.get(p);
            if (s == null) {
                s = newState(p);
                state.put(p, s);
            }
            update(p, s, learningRate, l2, keep);
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

    /**
     * Creates the state of a parameter on its first step.
     *
     * @param p the parameter
     * @return its new state (zero buffers)
     */
    protected abstract S newState(Parameter p);

    /**
     * A shortcut for settings that need no per-element rule and no state (plain SGD:
     * {@link Parameter#addScaledGradient}, which never needs the gradient stored). Returns true
     * when it updated {@code p} itself; the default does nothing and returns false.
     *
     * @param p    the parameter
     * @param lr   the learning rate of this step
     * @param l2   the L2 penalty applying to {@code p} (0 when none)
     * @param keep the decoupled decay factor {@code 1 - lr * weightDecay} (exactly 1 when none)
     * @return whether {@code p} was updated here
     */
    protected boolean stepDirectly(Parameter p, double lr, double l2, double keep) {
        return false;
    }

    /**
     * The update rule on one parameter, through {@code p.kernels()}: reads {@code p.gradient()},
     * updates {@code p.value()} and the state {@code s}.
     *
     * @param l2   L2 coefficient for this parameter (0 when it does not apply)
     * @param keep the decoupled decay factor {@code 1 - lr * weightDecay} (exactly 1 when none)
     * @param p  the parameter
     * @param s  its state
     * @param lr the learning rate of this step
     */
    protected abstract void update(Parameter p, S s, double lr, double l2, double keep);

    /**
     * The state's tensors by buffer name (live, float64), e.g. {@code momentum_buffer}; a count is a {@code [1, 1]} tensor.
     *
     * @param s a parameter's state
     * @return its tensors by buffer name
     */
    protected abstract Map<String, Tensor> tensors(S s);

    /**
     * Loads a state's tensors, written by {@link #tensors} and checked for names and shapes, into {@code s}.
     *
     * @param s       a parameter's state
     * @param tensors the tensors to copy in, by buffer name
     */
    protected abstract void load(S s, Map<String, Tensor> tensors);

    /**
     * The state of every parameter of {@code parameters} that has one (after its first step),
     * as copies named {@code "<parameter name>.<buffer>"} (PyTorch's buffer names:
     * {@code momentum_buffer}; {@code exp_avg}, {@code exp_avg_sq}, {@code step}), float64, in
     * the order of {@code parameters}. Averaging the exports of several copies of a model
     * element by element gives a valid state ({@link OptimizerState#average}).
     */
    @Override
    public final Map<String, Tensor> exportState(List<Parameter> parameters) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (Parameter p : parameters) {
            S s = state.get(p);
            if (s != null) {
                for (Map.Entry<String, Tensor> e : tensors(s).entrySet()) {
                    out.put(p.name() + "." + e.getKey(), e.getValue().copy());
                }
            }
        }
        return out;
    }

    /**
     * Replaces the state of {@code parameters} with named tensors as {@link #exportState}
     * writes them (copied in; any dtype, converted to float64): a parameter with entries gets
     * its state from them (all its buffers must be there), one without starts afresh at its next
     * step. A name that belongs to none of the parameters' buffers, or a shape that does not
     * fit, is refused with a message naming it, and nothing is changed.
     */
    @Override
    public final void importState(List<Parameter> parameters, Map<String, Tensor> tensors) {
        Set<String> unused = new LinkedHashSet<>(tensors.keySet());
        Map<Parameter, S> loaded = new IdentityHashMap<>();
        for (Parameter p : parameters) {
            String prefix = p.name() + ".";
            S fresh = newState(p);
            Map<String, Tensor> buffers = tensors(fresh);
            boolean any = false;
            for (String name : buffers.keySet()) {
                any |= tensors.containsKey(prefix + name);
            }
            if (!any) {
                continue;
            }
            Map<String, Tensor> values = new LinkedHashMap<>();
            for (Map.Entry<String, Tensor> e : buffers.entrySet()) {
                String key = prefix + e.getKey();
                Tensor t = tensors.get(key);
                if (t == null) {
                    throw new IllegalArgumentException("optimizer state for " + p.name() + " lacks " + key
                            + "; " + this + " keeps " + buffers.keySet() + " per parameter");
                }
                Tensor like = e.getValue();
                if (t.rows() != like.rows() || t.cols() != like.cols()) {
                    throw new ShapeException("optimizer state " + key + " is " + t.shape() + " but " + p.name()
                            + " needs " + like.shape());
                }
                values.put(e.getKey(), t.to(DType.FLOAT64));
                unused.remove(key);
            }
            load(fresh, values);
            loaded.put(p, fresh);
        }
        if (!unused.isEmpty()) {
            throw new IllegalArgumentException("optimizer state " + unused.iterator().next() + " belongs to no buffer of "
                    + this + " for the given parameters" + (unused.size() > 1 ? " (nor " + (unused.size() - 1)
                    + " more)" : ""));
        }
        for (Parameter p : parameters) {
            state.remove(p);
        }
        state.putAll(loaded);
    }

    @Override
    public final double learningRate() {
        return learningRate;
    }

    @Override
    public final void setLearningRate(double learningRate) {
        this.learningRate = Optimizer.checkLearningRate(learningRate);
    }

    /**
     * @return the L2 penalty and decoupled weight decay
     */
    public final Regularization regularization() {
        return regularization;
    }

    /**
     * Number of parameters that have state (for tests and memory reports).
     *
     * @return number of parameters that have state (for tests and memory reports)
     */
    public final int stateCount() {
        return state.size();
    }

    /** Forgets all per-parameter state (momentum, moments, step counts). */
    public final void resetState() {
        state.clear();
    }

    /**
     * A float64 state tensor of {@code p}'s shape, zero.
     *
     * @param p the parameter
     * @return a float64 state tensor of {@code p}'s shape, zero
     */
    protected static Tensor zerosLike(Parameter p) {
        return Tensor.zeros(DType.FLOAT64, p.value().rows(), p.value().cols());
    }

    /**
     * Checks {@code value} is in {@code [0, 1)}; the message names the hyperparameter.
     *
     * @param name  names the hyperparameter in the message
     * @param value the value
     * @return {@code value}, when it is in {@code [0, 1)}
     */
    protected static double checkUnitInterval(String name, double value) {
        if (!(value >= 0 && value < 1)) {
            throw new IllegalArgumentException(name + " must be in [0, 1), got " + value);
        }
        return value;
    }

    /**
     * Checks {@code value} is finite and positive; the message names the hyperparameter.
     *
     * @param name  names the hyperparameter in the message
     * @param value the value
     * @return {@code value}, when it is positive and finite
     */
    protected static double checkPositive(String name, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(name + " must be a positive finite number, got " + value);
        }
        return value;
    }

    /**
     * @return {@code ", l2=..."} and {@code ", weight_decay=..."} for the penalties in use, for {@code toString}
     */
    protected String regularizationSuffix() {
        return regularization.isNone() ? "" : ", " + regularization;
    }
}
