package dev.chainrule.train;

import dev.chainrule.optim.GradientClipping;

/**
 * Clips the gradients by their global norm after the backward pass, before the step
 * ({@link GradientClipping#clipGlobalNorm}), and records the norm before clipping in
 * {@link TrainingRun#gradientNorm()} (the {@link DivergenceGuard} checks it). Reading every
 * gradient turns the one-pass plain SGD step off (the same bits).
 */
public final class GradientClipper implements Callback {
    private final double maxNorm;

    /** @param maxNorm the largest global gradient norm let through, positive */
    public GradientClipper(double maxNorm) {
        if (!(maxNorm > 0) || Double.isInfinite(maxNorm)) {
            throw new IllegalArgumentException("maximum gradient norm must be a positive finite number, got " + maxNorm);
        }
        this.maxNorm = maxNorm;
    }

    @Override
    public void afterBackward(TrainingRun run) {
        run.recordGradientNorm(GradientClipping.clipGlobalNorm(run.parameters(), maxNorm));
    }
}
