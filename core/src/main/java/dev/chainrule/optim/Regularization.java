package dev.chainrule.optim;

import dev.chainrule.layer.Parameter;

/**
 * Weight penalties an optimizer applies while it updates, as two distinct options:
 *
 * <ul>
 *   <li>{@code l2}: an L2 penalty {@code l2/2 * ||w||^2} added to the loss, that is {@code l2 * w}
 *       added to the gradient before the update rule sees it. This is PyTorch's
 *       {@code weight_decay} in {@code SGD}, {@code Adam} and {@code RMSprop}. In adaptive
 *       optimizers the penalty's gradient is rescaled like any other gradient, so it shrinks
 *       weights with large gradient history less.</li>
 *   <li>{@code weightDecay}: decoupled weight decay (Loshchilov and Hutter, AdamW):
 *       {@code w <- w * (1 - lr * weightDecay)} beside the update, never entering the moment
 *       estimates. This is PyTorch's {@code weight_decay} in {@code AdamW}.</li>
 * </ul>
 *
 * <p>Scope: {@link Scope#ALL} parameters (PyTorch's default, biases included) or
 * {@link Scope#WEIGHTS} only, which skips every parameter whose name ends in {@code ".bias"}
 * (the usual advice: biases do not overfit). Immutable; checked when constructed.
 *
 * @param l2          coefficient of the L2 penalty, finite and {@code >= 0}
 * @param weightDecay decoupled decay per unit learning rate, finite and {@code >= 0}
 * @param scope       which parameters the penalties apply to
 */
public record Regularization(double l2, double weightDecay, Scope scope) {

    /** Which parameters a penalty applies to. */
    public enum Scope {
        /** Every parameter, biases included (PyTorch's default). */
        ALL,
        /** Only parameters whose name does not end in {@code ".bias"}. */
        WEIGHTS
    }

    private static final Regularization NONE = new Regularization(0, 0, Scope.ALL);

    /**
     * Checks that both coefficients are finite numbers >= 0 and that there is a scope.
     *
     * @param l2          the L2 penalty factor, at least 0
     * @param weightDecay the decoupled weight decay factor, at least 0
     * @param scope       the parameters the penalties apply to
     */
    public Regularization {
        if (!(l2 >= 0) || Double.isInfinite(l2)) {
            throw new IllegalArgumentException("l2 must be a finite number >= 0, got " + l2);
        }
        if (!(weightDecay >= 0) || Double.isInfinite(weightDecay)) {
            throw new IllegalArgumentException("weight decay must be a finite number >= 0, got " + weightDecay);
        }
        if (scope == null) {
            throw new IllegalArgumentException("regularization scope must be given (ALL or WEIGHTS)");
        }
    }

    /**
     * No penalty.
     *
     * @return the regularization
     */
    public static Regularization none() {
        return NONE;
    }

    /**
     * An L2 penalty (gradient {@code + l2 * w}) on every parameter.
     *
     * @param l2 the L2 penalty factor, at least 0
     * @return an L2 penalty (gradient {@code + l2 * w}) on every parameter
     */
    public static Regularization l2(double l2) {
        return new Regularization(l2, 0, Scope.ALL);
    }

    /**
     * Decoupled weight decay ({@code w *= 1 - lr * weightDecay}) on every parameter.
     *
     * @param weightDecay the decoupled weight decay factor, at least 0
     * @return the regularization
     */
    public static Regularization decoupled(double weightDecay) {
        return new Regularization(0, weightDecay, Scope.ALL);
    }

    /**
     * The same penalties restricted to {@code scope}.
     *
     * @param newScope the new scope
     * @return the same penalties restricted to {@code scope}
     */
    public Regularization appliedTo(Scope newScope) {
        return new Regularization(l2, weightDecay, newScope);
    }

    /**
     * True when this regularization touches {@code p}.
     *
     * @param p a parameter
     * @return true when this regularization touches {@code p}
     */
    public boolean appliesTo(Parameter p) {
        return scope == Scope.ALL || !p.name().endsWith(".bias");
    }

    /**
     * True when both coefficients are zero.
     *
     * @return true when both coefficients are zero
     */
    public boolean isNone() {
        return l2 == 0 && weightDecay == 0;
    }

    @Override
    public String toString() {
        if (isNone()) {
            return "none";
        }
        String s = (l2 != 0 ? "l2=" + l2 : "") + (l2 != 0 && weightDecay != 0 ? ", " : "")
                + (weightDecay != 0 ? "weight_decay=" + weightDecay : "");
        return scope == Scope.ALL ? s : s + " (weights only)";
    }
}
