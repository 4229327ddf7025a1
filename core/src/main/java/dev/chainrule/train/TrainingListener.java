package dev.chainrule.train;

/**
 * The simple form of a {@link Callback}, with plain arguments instead of the
 * {@link TrainingRun}, in this order: {@link #onTrainStart}; per epoch {@link #onEpochStart},
 * {@link #onBatchEnd} after every update, {@link #onEpochEnd}; then {@link #onTrainEnd}. A
 * listener asks training to stop by returning false from {@link #onEpochEnd}. All methods
 * default to doing nothing.
 */
public interface TrainingListener extends Callback {

    /**
     * Before the first epoch.
     *
     * @param epochs the number of epochs, at least 1
     * @param batchesPerEpoch the batches per epoch
     */
    default void onTrainStart(int epochs, int batchesPerEpoch) {
    }

    /**
     * Before an epoch's first batch.
     *
     * @param epoch the 1-based epoch
     */
    default void onEpochStart(int epoch) {
    }

    /**
     * @param batch     1-based batch number within the epoch
     * @param batchSize records in this batch
     * @param loss      the batch's loss before its update
     * @param epoch the 1-based epoch
     */
    default void onBatchEnd(int epoch, int batch, int batchSize, double loss) {
    }

    /**
     * @param result the epoch's figures
     * @return false to stop training after this epoch
     */
    default boolean onEpochEnd(EpochResult result) {
        return true;
    }

    /**
     * After training ended, however it ended.
     *
     * @param history the epochs' results
     */
    default void onTrainEnd(History history) {
    }

    @Override
    default void onTrainStart(TrainingRun run) {
        onTrainStart(run.epochs(), run.batchesPerEpoch());
    }

    @Override
    default void onEpochStart(TrainingRun run) {
        onEpochStart(run.epoch());
    }

    @Override
    default void onBatchEnd(TrainingRun run) {
        onBatchEnd(run.epoch(), run.batch(), run.batchRows(), run.batchLoss());
    }

    @Override
    default void onEpochEnd(TrainingRun run) {
        if (!onEpochEnd(run.epochResult())) {
            run.requestStop("stopped by a listener after epoch " + run.epoch());
        }
    }

    @Override
    default void onTrainEnd(TrainingRun run) {
        onTrainEnd(run.history());
    }
}
