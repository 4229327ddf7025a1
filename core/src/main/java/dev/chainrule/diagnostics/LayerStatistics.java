package dev.chainrule.diagnostics;

/**
 * One layer's statistics for one epoch.
 *
 * <p>The update-to-weight ratio is measured on real training steps: for a step that changes the
 * layer's parameters {@code theta} by {@code dtheta}, {@code ratio = mean|dtheta| / mean|theta|}
 * over all of the layer's parameters (weights and bias), the parameters taken before the step;
 * the epoch's value is the mean of {@code log10(ratio)} over the steps sampled in the epoch. A
 * rule of thumb puts a healthy value near {@code -3} (an update of about a thousandth of the
 * weights): much higher, the learning rate is too large; much lower, too small.
 *
 * <p>The other figures pool the same sampled steps: the layer's outputs for the examples of
 * those batches (as training computed them: dropout on), and the gradient {@code dLoss/dtheta}
 * of each of those batches' mean loss (as the optimizer gets it: after clipping, when the run
 * clips gradients).
 *
 * @param epoch             1-based epoch
 * @param layer             1-based position of the layer in the model
 * @param type              the layer's type ({@code dense}, {@code relu}, {@code sigmoid}, ...)
 * @param units             the layer's output width
 * @param updateRatioLog10  mean over the sampled steps of {@code log10(mean|dtheta| / mean|theta|)};
 *                          NaN for a layer without parameters, or when no step was sampled
 * @param outputMean        mean of the layer's outputs over the sampled batches' examples and units
 * @param outputStd         standard deviation of the same values (population)
 * @param gradientMean      mean of {@code dLoss/dtheta} over the layer's parameters and the sampled
 *                          steps; NaN without parameters
 * @param gradientStd       standard deviation of the same values; NaN without parameters
 * @param inactiveFraction  ReLU: the fraction of units whose output is 0 for every example of the
 *                          sampled batches
 *                          (units that receive no gradient and so do not learn); NaN for other types
 * @param saturatedFraction sigmoid: the fraction of outputs below 0.05 or above 0.95; tanh: of
 *                          outputs beyond +-0.95 (where the derivative is under a fifth, for
 *                          tanh a tenth, of its peak, so the unit barely learns); NaN for other types
 */
public record LayerStatistics(int epoch, int layer, String type, int units, double updateRatioLog10,
                              double outputMean, double outputStd, double gradientMean, double gradientStd,
                              double inactiveFraction, double saturatedFraction) {
    /** Sigmoid outputs closer than this to 0 or 1, or tanh outputs closer to -1 or 1, count as saturated. */
    public static final double SATURATION_MARGIN = 0.05;

    /**
     * Whether the layer has parameters (and so an update ratio and gradients).
     *
     * @return whether the layer has parameters (and so an update ratio and gradients)
     */
    public boolean hasParameters() {
        return !Double.isNaN(gradientStd) || !Double.isNaN(updateRatioLog10);
    }
}
