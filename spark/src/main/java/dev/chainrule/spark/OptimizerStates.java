package dev.chainrule.spark;

import dev.chainrule.layer.Parameter;
import dev.chainrule.optim.Optimizer;
import dev.chainrule.optim.Sgd;

import java.util.List;

/**
 * An optimizer's per-parameter state (momentum buffers, moment estimates, step counts) as one flat
 * array, so that averaging mode can average it across partitions and send it back out.
 */
final class OptimizerStates {
    private OptimizerStates() {
    }

    /** Whether {@code optimizer} keeps no state, so that averaging needs only the weights. */
    static boolean stateless(Optimizer optimizer) {
        return optimizer instanceof Sgd sgd && sgd.momentum() == 0;
    }

    /** The state of {@code optimizer} for {@code parameters}, flattened; null when it keeps none. */
    static double[] export(Optimizer optimizer, List<Parameter> parameters) {
        if (stateless(optimizer)) {
            return null;
        }
        throw unsupported(optimizer);
    }

    /** Replaces the state of {@code optimizer} for {@code parameters} with {@code flat} (from {@link #export}). */
    static void load(Optimizer optimizer, List<Parameter> parameters, double[] flat) {
        if (flat == null && stateless(optimizer)) {
            return;
        }
        throw unsupported(optimizer);
    }

    static UnsupportedOperationException unsupported(Optimizer optimizer) {
        return new UnsupportedOperationException("averaging mode averages optimizer state, which " + optimizer
                + " cannot export yet; use mode synchronous, or optimizer sgd");
    }
}
