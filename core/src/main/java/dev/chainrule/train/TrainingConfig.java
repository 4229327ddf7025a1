package dev.chainrule.train;

import dev.chainrule.optim.LearningRateSchedule;

/**
 * The settings of a training run; immutable, checked when constructed. Change one setting with
 * the {@code with...} methods:
 * <pre>{@code
 * TrainingConfig.miniBatch(20, 128, 1)
 *     .withSchedule(LearningRateSchedule.parse("warmup:2+cosine"))
 *     .withValidationFraction(0.1)
 *     .withEarlyStopping(EarlyStopping.onValidationLoss(3));
 * }</pre>
 *
 * @param epochs             passes over the training set, at least 1
 * @param batchSize          records per update, at least 1 (ignored for {@link Batching#FULL})
 * @param batching           how an epoch is cut into batches
 * @param seed               seed of the shuffling or sampling (same seed, same batches) and of the validation split
 * @param schedule           learning-rate schedule applied to the optimizer's starting rate, or null to keep it
 *                           constant
 * @param clipNorm           maximum global gradient norm (clip by global norm), or 0 for no clipping
 * @param validationFraction fraction of the training set held out (stratified, seeded) for validation when
 *                           {@link Trainer#fit(dev.chainrule.data.Dataset)} gets no validation set; 0 for none
 * @param earlyStopping      early stopping, or null for none
 * @param divergenceFactor   the divergence guard also stops training when a batch loss exceeds this factor times
 *                           {@code max(1, first batch loss)} (a loss blown up but still finite, as with a learning
 *                           rate of 1e6 on a ReLU network); {@value #DEFAULT_DIVERGENCE_FACTOR} by default, positive
 *                           infinity to stop only on NaN or infinite values
 */
public record TrainingConfig(int epochs, int batchSize, Batching batching, long seed, LearningRateSchedule schedule,
                             double clipNorm, double validationFraction, EarlyStopping earlyStopping,
                             double divergenceFactor) {
    /** A loss 10,000 times the first batch's (or 10,000 when that is below 1) counts as divergence. */
    public static final double DEFAULT_DIVERGENCE_FACTOR = 1e4;

    /**
     * Checks every setting, with a message naming the one that is wrong.
     *
     * @param epochs passes over the training set, at least 1
     * @param batchSize records per update, at least 1 (ignored for {@link Batching#FULL})
     * @param batching how an epoch is cut into batches
     * @param seed seed of the shuffling or sampling (same seed, same batches) and of the validation split
     * @param schedule learning-rate schedule applied to the optimizer's starting rate, or null to keep it constant
     * @param clipNorm maximum global gradient norm (clip by global norm), or 0 for no clipping
     * @param validationFraction fraction of the training set held out (stratified, seeded) for validation when {@link
     *                           Trainer#fit(dev.chainrule.data.Dataset)} gets no validation set; 0 for none
     * @param earlyStopping early stopping, or null for none
     * @param divergenceFactor the divergence guard also stops training when a batch loss exceeds this factor times
     *                         {@code max(1, first batch loss)} (a loss blown up but still finite, as with a learning
     *                         rate of 1e6 on a ReLU network); {@value #DEFAULT_DIVERGENCE_FACTOR} by default, positive
     *                         infinity to stop only on NaN or infinite values
     */
    public TrainingConfig {
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs must be at least 1, got " + epochs);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
        }
        if (batching == null) {
            throw new IllegalArgumentException("batching must be given");
        }
        if (!(clipNorm >= 0) || Double.isInfinite(clipNorm)) {
            throw new IllegalArgumentException("gradient clip norm must be a finite number >= 0 (0: no clipping), got "
                    + clipNorm);
        }
        if (!(validationFraction >= 0 && validationFraction < 1)) {
            throw new IllegalArgumentException("validation fraction must be in [0, 1), got " + validationFraction);
        }
        if (!(divergenceFactor > 1)) {
            throw new IllegalArgumentException("divergence factor must be greater than 1 (infinity: off), got "
                    + divergenceFactor);
        }
    }

    /**
     * No schedule, clipping, validation split or early stopping.
     *
     * @param epochs the number of epochs, at least 1
     * @param batchSize examples per batch, at least 1
     * @param batching how epochs are cut into batches
     * @param seed seed of the random source (the same seed gives the same result)
     */
    public TrainingConfig(int epochs, int batchSize, Batching batching, long seed) {
        this(epochs, batchSize, batching, seed, null, 0, 0, null, DEFAULT_DIVERGENCE_FACTOR);
    }

    /**
     * Shuffled mini-batches.
     *
     * @param epochs the number of epochs, at least 1
     * @param batchSize examples per batch, at least 1
     * @param seed seed of the random source (the same seed gives the same result)
     * @return the settings
     */
    public static TrainingConfig miniBatch(int epochs, int batchSize, long seed) {
        return new TrainingConfig(epochs, batchSize, Batching.SHUFFLED, seed);
    }

    /**
     * One full-batch update per epoch.
     *
     * @param epochs the number of epochs, at least 1
     * @return the settings
     */
    public static TrainingConfig fullBatch(int epochs) {
        return new TrainingConfig(epochs, 1, Batching.FULL, 0);
    }

    /**
     * These settings with another number of epochs.
     *
     * @param newEpochs the number of epochs, at least 1
     * @return the new settings
     */
    public TrainingConfig withEpochs(int newEpochs) {
        return new TrainingConfig(newEpochs, batchSize, batching, seed, schedule, clipNorm, validationFraction,
                earlyStopping, divergenceFactor);
    }

    /**
     * These settings with a learning-rate schedule.
     *
     * @param newSchedule the schedule, or null for a constant rate
     * @return the new settings
     */
    public TrainingConfig withSchedule(LearningRateSchedule newSchedule) {
        return new TrainingConfig(epochs, batchSize, batching, seed, newSchedule, clipNorm, validationFraction,
                earlyStopping, divergenceFactor);
    }

    /**
     * These settings with gradient clipping by global norm.
     *
     * @param newClipNorm the new clip norm
     * @return the new settings
     */
    public TrainingConfig withClipNorm(double newClipNorm) {
        return new TrainingConfig(epochs, batchSize, batching, seed, schedule, newClipNorm, validationFraction,
                earlyStopping, divergenceFactor);
    }

    /**
     * These settings with a validation fraction.
     *
     * @param fraction the fraction, in {@code [0, 1)}
     * @return the new settings
     */
    public TrainingConfig withValidationFraction(double fraction) {
        return new TrainingConfig(epochs, batchSize, batching, seed, schedule, clipNorm, fraction,
                earlyStopping, divergenceFactor);
    }

    /**
     * These settings with early stopping.
     *
     * @param stopping the early stopping, or null for none
     * @return the new settings
     */
    public TrainingConfig withEarlyStopping(EarlyStopping stopping) {
        return new TrainingConfig(epochs, batchSize, batching, seed, schedule, clipNorm, validationFraction,
                stopping, divergenceFactor);
    }

    /**
     * These settings with another divergence factor.
     *
     * @param factor how many times the first batch loss counts as divergence, above 1 (infinity: off)
     * @return the new settings
     */
    public TrainingConfig withDivergenceFactor(double factor) {
        return new TrainingConfig(epochs, batchSize, batching, seed, schedule, clipNorm, validationFraction, earlyStopping,
                factor);
    }
}
