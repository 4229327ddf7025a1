package dev.chainrule.optim;

import java.util.List;
import java.util.Locale;

/**
 * Optimizers by command-line name: {@code sgd}, {@code momentum}, {@code nesterov},
 * {@code adam}, {@code adamw}, {@code rmsprop}. Each name is a thin choice of settings over the
 * two general rules, {@link Sgd} and {@link AdaptiveMoments}.
 */
public final class Optimizers {
    /** The names {@link #named} accepts, in the order help texts list them. */
    public static final List<String> NAMES = List.of("sgd", "momentum", "nesterov", "adam", "adamw", "rmsprop");
    /** Momentum used by {@code momentum} and {@code nesterov} when none is given. */
    public static final double DEFAULT_MOMENTUM = 0.9;

    private Optimizers() {
    }

    /**
     * The optimizer {@code name} with learning rate {@code lr}.
     *
     * @param momentum    {@code mu} for {@code momentum} and {@code nesterov}; ignored by the others
     * @param l2          L2 penalty (gradient {@code + l2 * w}), 0 for none
     * @param weightDecay decoupled decay ({@code w *= 1 - lr * weightDecay}), 0 for none; for
     *                    {@code adamw} see {@link #defaultWeightDecay}
     * @param name        {@code sgd}, {@code momentum}, {@code nesterov}, {@code adam}, {@code adamw} or {@code rmsprop}
     * @param lr          the learning rate, positive
     * @return the optimizer {@code name} with learning rate {@code lr}
     */
    public static Optimizer named(String name, double lr, double momentum, double l2, double weightDecay) {
        Regularization reg = new Regularization(l2, weightDecay, Regularization.Scope.ALL);
        return named(name, lr, momentum, reg);
    }

    /**
     * As {@link #named(String, double, double, double, double)} with a ready {@link Regularization}.
     *
     * @param name the optimizer's name
     * @param lr the learning rate, positive
     * @param momentum the momentum factor, in {@code [0, 1)}
     * @param reg the L2 penalty and decoupled weight decay
     * @return the optimizer
     */
    public static Optimizer named(String name, double lr, double momentum, Regularization reg) {
        switch (check(name)) {
            case "sgd":
                return new Sgd(lr, 0, false, reg);
            case "momentum":
                return new Sgd(lr, momentum, false, reg);
            case "nesterov":
                return new Sgd(lr, momentum, true, reg);
            case "adam":
                return new Adam(lr, 0.9, 0.999, 1e-8, reg);
            case "adamw":
                return new AdamW(lr, 0.9, 0.999, 1e-8, reg);
            case "rmsprop":
                return new RmsProp(lr, 0.99, 1e-8, reg);
            default:
                throw new AssertionError(name);
        }
    }

    /**
     * With default momentum, no penalty, and {@code adamw}'s default decay.
     *
     * @param name the optimizer's name
     * @param lr the learning rate, positive
     * @return the optimizer
     */
    public static Optimizer named(String name, double lr) {
        return named(name, lr, DEFAULT_MOMENTUM, 0, defaultWeightDecay(name));
    }

    /**
     * A learning rate that works for the optimizer on the usual problems: 0.1 for the SGD family
     * (the CLI's default), 0.001 for Adam and AdamW, 0.001 for RMSProp (PyTorch's default of
     * 0.01 is too large for most MLPs).
     *
     * @param name the optimizer's name
     * @return a learning rate that works for the optimizer on the usual problems: 0.1 for the SGD family (the CLI's default), 0.001 for Adam and AdamW, 0.001 for RMSProp (PyTorch's default of 0.01 is too large for most MLPs)
     */
    public static double defaultLearningRate(String name) {
        switch (check(name)) {
            case "adam":
            case "adamw":
            case "rmsprop":
                return 1e-3;
            default:
                return 0.1;
        }
    }

    /**
     * Decoupled decay when none is given: {@value AdamW#DEFAULT_WEIGHT_DECAY} for {@code adamw}, 0 otherwise.
     *
     * @param name the optimizer's name
     * @return the default weight decay
     */
    public static double defaultWeightDecay(String name) {
        return check(name).equals("adamw") ? AdamW.DEFAULT_WEIGHT_DECAY : 0;
    }

    private static String check(String name) {
        String n = name == null ? "" : name.toLowerCase(Locale.ROOT);
        if (!NAMES.contains(n)) {
            throw new IllegalArgumentException("unknown optimizer '" + name + "'; expected one of "
                    + String.join(", ", NAMES));
        }
        return n;
    }
}
