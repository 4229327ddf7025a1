package dev.chainrule.train;

/**
 * Callbacks from {@link Trainer#fit}, in this order: {@link #onTrainStart}; per epoch
 * {@link #onEpochStart}, {@link #onBatchEnd} after every update, {@link #onEpochEnd}; then
 * {@link #onTrainEnd}. A listener asks training to stop by returning false from
 * {@link #onEpochEnd}. All methods default to doing nothing.
 */
public interface TrainingListener {

    default void onTrainStart(int epochs, int batchesPerEpoch) {
    }

    default void onEpochStart(int epoch) {
    }

    /**
     * @param batch     1-based batch number within the epoch
     * @param batchSize records in this batch
     * @param loss      the batch's loss before its update
     */
    default void onBatchEnd(int epoch, int batch, int batchSize, double loss) {
    }

    /** @return false to stop training after this epoch */
    default boolean onEpochEnd(EpochResult result) {
        return true;
    }

    default void onTrainEnd(History history) {
    }
}
