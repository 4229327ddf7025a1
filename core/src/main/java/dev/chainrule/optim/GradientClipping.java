package dev.chainrule.optim;

import dev.chainrule.layer.Parameter;

import java.util.List;

/**
 * Clipping by global norm, as PyTorch's {@code clip_grad_norm_}: with
 * {@code norm = sqrt(sum over all parameters and elements of g^2)}, when
 * {@code norm > maxNorm} every gradient is multiplied by {@code maxNorm / (norm + 1e-6)}, which
 * keeps the direction of the whole update and bounds its length. The sum runs in double over the
 * parameters in order and their elements in row-major order; the scaling is in double, rounded
 * to the gradient's dtype.
 */
public final class GradientClipping {
    private GradientClipping() {
    }

    /**
     * The global L2 norm of all gradients (NaN or infinite when any gradient is).
     *
     * @param parameters the parameters, value and gradient pairs
     * @return the global L2 norm of all gradients (NaN or infinite when any gradient is)
     */
    public static double globalNorm(List<Parameter> parameters) {
        double sum = 0;
        for (int p = 0; p < parameters.size(); p++) {
            Parameter parameter = parameters.get(p);
            sum = parameter.kernels().addSquares(sum, parameter.gradient());
        }
        return Math.sqrt(sum);
    }

    /**
     * Scales the gradients in place (writes them) so their global norm is at most
     * {@code maxNorm}; returns the norm before clipping. Non-finite norms are returned and nothing
     * is scaled (the caller decides: the trainer treats it as divergence).
     *
     * @param parameters the parameters, value and gradient pairs
     * @param maxNorm the largest global norm
     * @return the clip global norm
     */
    public static double clipGlobalNorm(List<Parameter> parameters, double maxNorm) {
        if (!(maxNorm > 0)) {
            throw new IllegalArgumentException("maximum gradient norm must be positive, got " + maxNorm);
        }
        double norm = globalNorm(parameters);
        if (!Double.isFinite(norm) || norm <= maxNorm) {
            return norm;
        }
        double scale = maxNorm / (norm + 1e-6);
        for (int p = 0; p < parameters.size(); p++) {
            Parameter parameter = parameters.get(p);
            parameter.kernels().scale(parameter.gradient(), scale);
        }
        return norm;
    }
}
