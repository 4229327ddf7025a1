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
 * @param schedule           learning-rate schedule applied to the optimizer's starting rate, or null to keep it constant
 * @param clipNorm           maximum global gradient norm (clip by global norm), or 0 for no clipping
 * @param validationFraction fraction of the training set held out (stratified, seeded) for validation when
 *                           {@link Trainer#fit(dev.chainrule.data.Dataset)} gets no validation set; 0 for none
 * @param earlyStopping      early stopping, or null for none
 */
public record TrainingConfig(int epochs, int batchSize, Batching batching, long seed, LearningRateSchedule schedule,
                             double clipNorm, double validationFraction, EarlyStopping earlyStopping) {
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
    }

    /** No schedule, clipping, validation split or early stopping. */
    public TrainingConfig(int epochs, int batchSize, Batching batching, long seed) {
        this(epochs, batchSize, batching, seed, null, 0, 0, null);
    }

    /** Shuffled mini-batches. */
    public static TrainingConfig miniBatch(int epochs, int batchSize, long seed) {
        return new TrainingConfig(epochs, batchSize, Batching.SHUFFLED, seed);
    }

    /** One full-batch update per epoch. */
    public static TrainingConfig fullBatch(int epochs) {
        return new TrainingConfig(epochs, 1, Batching.FULL, 0);
    }

    public TrainingConfig withEpochs(int newEpochs) {
        return new TrainingConfig(newEpochs, batchSize, batching, seed, schedule, clipNorm, validationFraction, earlyStopping);
    }

    public TrainingConfig withSchedule(LearningRateSchedule newSchedule) {
        return new TrainingConfig(epochs, batchSize, batching, seed, newSchedule, clipNorm, validationFraction, earlyStopping);
    }

    public TrainingConfig withClipNorm(double newClipNorm) {
        return new TrainingConfig(epochs, batchSize, batching, seed, schedule, newClipNorm, validationFraction, earlyStopping);
    }

    public TrainingConfig withValidationFraction(double fraction) {
        return new TrainingConfig(epochs, batchSize, batching, seed, schedule, clipNorm, fraction, earlyStopping);
    }

    public TrainingConfig withEarlyStopping(EarlyStopping stopping) {
        return new TrainingConfig(epochs, batchSize, batching, seed, schedule, clipNorm, validationFraction, stopping);
    }
}
