package dev.chainrule.optim;

import dev.chainrule.layer.Parameter;
import dev.chainrule.tensor.Kernels;
import dev.chainrule.tensor.Tensor;

import java.util.Map;

/**
 * Stochastic gradient descent, optionally with heavy-ball or Nesterov momentum: the general
 * rule behind {@code sgd}, {@code momentum} and {@code nesterov}. The exact update, as in
 * PyTorch's {@code torch.optim.SGD} with {@code dampening = 0}, per element:
 * <pre>
 *   g = g + l2 * w                      (L2 penalty, see {@link Regularization})
 *   plain:     w = w - lr * g
 *   momentum:  v = mu * v + g;  w = w - lr * v
 *   nesterov:  v = mu * v + g;  w = w - lr * (g + mu * v)
 * </pre>
 * with {@code v} starting at zero (so the first step sets {@code v = g}, as PyTorch does), and
 * decoupled decay, when given, as {@code w = w * (1 - lr * weightDecay)} before the step.
 *
 * <p>Differences from textbook variants: Sutskever et al. write momentum as
 * {@code v = mu v - lr g; w = w + v}, which puts the learning rate inside the buffer, so
 * changing the learning rate mid-run (schedules) takes effect gradually there and at once here.
 * The Nesterov form is the one of PyTorch and Keras (the look-ahead gradient expressed at the
 * current weights), not an evaluation at {@code w + mu v}. There is no dampening.
 *
 * <p>Plain SGD ({@code momentum = 0}, no penalty) is the seeds' rule: the weight step is
 * {@code -lr * dL/dw}, which for the seeds' loss is {@code lr * delta * input}; it runs as one
 * {@link Kernels#axpy} per parameter, or, for a gradient its layer left as a product, as one
 * {@link Kernels#gemmStep} (see {@link Parameter#addScaledGradient}), and keeps no state. With
 * momentum the state is the velocity {@code v}, a float64 tensor per parameter, exported as
 * {@code "<parameter>.momentum_buffer"}; the rule runs as {@link Kernels#sgdUpdate}.
 */
public final class Sgd extends StatefulOptimizer<Sgd.Velocity> {

    private final double momentum;
    private final boolean nesterov;

    /**
     * Plain SGD: {@code w <- w - lr * dL/dw}.
     *
     * @param learningRate the learning rate, positive
     */
    public Sgd(double learningRate) {
        this(learningRate, 0, false, Regularization.none());
    }

    /**
     * @param momentum     {@code mu} in {@code [0, 1)}; 0 for plain SGD
     * @param nesterov     Nesterov momentum (needs {@code momentum > 0})
     * @param regularization L2 penalty and/or decoupled weight decay
     * @param learningRate the learning rate, positive
     */
    public Sgd(double learningRate, double momentum, boolean nesterov, Regularization regularization) {
        super(learningRate, regularization);
        this.momentum = checkUnitInterval("momentum", momentum);
        if (nesterov && momentum == 0) {
            throw new IllegalArgumentException("Nesterov momentum needs a momentum > 0, got " + momentum);
        }
        this.nesterov = nesterov;
    }

    /**
     * Heavy-ball momentum {@code mu} (PyTorch {@code SGD(momentum=mu)}).
     *
     * @param learningRate the learning rate, positive
     * @param momentum the momentum factor, in {@code [0, 1)}
     * @return the sgd
     */
    public static Sgd momentum(double learningRate, double momentum) {
        return new Sgd(learningRate, momentum, false, Regularization.none());
    }

    /**
     * Nesterov momentum {@code mu} (PyTorch {@code SGD(momentum=mu, nesterov=True)}).
     *
     * @param learningRate the learning rate, positive
     * @param momentum the momentum factor, in {@code [0, 1)}
     * @return the sgd
     */
    public static Sgd nesterov(double learningRate, double momentum) {
        return new Sgd(learningRate, momentum, true, Regularization.none());
    }

    /**
     * @return the momentum factor, 0 for plain SGD
     */
    public double momentum() {
        return momentum;
    }

    /**
     * @return whether the step is Nesterov's (looking ahead along the momentum)
     */
    public boolean nesterov() {
        return nesterov;
    }

    /** The state of one parameter: its velocity, or none without momentum. */
    static final class Velocity {
        Tensor v;
    }

    @Override
    protected Velocity newState(Parameter p) {
        Velocity s = new Velocity();
        s.v = momentum == 0 ? null : zerosLike(p);
        return s;
    }

    /**
     * Plain SGD ({@code w - lr * g}: no momentum, penalty or decay) is
     * {@link Parameter#addScaledGradient}: a gradient left as a product by its layer is added in
     * one pass over the weights without being stored.
     */
    @Override
    protected boolean stepDirectly(Parameter p, double lr, double l2, double keep) {
        if (momentum == 0 && l2 == 0 && keep == 1) {
            p.addScaledGradient(-lr);
            return true;
        }
        return false;
    }

    @Override
    protected void update(Parameter p, Velocity s, double lr, double l2, double keep) {
        p.kernels().sgdUpdate(p.value(), p.gradient(), s.v, lr, l2, keep, momentum, nesterov);
    }

    @Override
    protected Map<String, Tensor> tensors(Velocity s) {
        return s.v == null ? Map.of() : Map.of("momentum_buffer", s.v);
    }

    @Override
    protected void load(Velocity s, Map<String, Tensor> tensors) {
        if (s.v != null) {
            s.v = tensors.get("momentum_buffer");
        }
    }

    @Override
    public String toString() {
        if (momentum == 0) {
            return "SGD(lr=" + learningRate() + regularizationSuffix() + ")";
        }
        return (nesterov ? "Nesterov" : "Momentum") + "(lr=" + learningRate() + ", momentum=" + momentum
                + regularizationSuffix() + ")";
    }
}
