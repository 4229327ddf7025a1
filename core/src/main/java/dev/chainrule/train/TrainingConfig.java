package dev.chainrule.train;

/**
 * The settings of a training run; immutable, checked when constructed.
 *
 * @param epochs    passes over the training set, at least 1
 * @param batchSize records per update, at least 1 (ignored for {@link Batching#FULL})
 * @param batching  how an epoch is cut into batches
 * @param seed      seed of the shuffling or sampling (same seed, same batches)
 */
public record TrainingConfig(int epochs, int batchSize, Batching batching, long seed) {
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
    }

    /** Shuffled mini-batches. */
    public static TrainingConfig miniBatch(int epochs, int batchSize, long seed) {
        return new TrainingConfig(epochs, batchSize, Batching.SHUFFLED, seed);
    }

    /** One full-batch update per epoch. */
    public static TrainingConfig fullBatch(int epochs) {
        return new TrainingConfig(epochs, 1, Batching.FULL, 0);
    }
}
