package dev.chainrule.train;

/**
 * Hooks into a {@link Trainer}'s loop, as Keras callbacks and PyTorch Lightning hooks: every
 * method does nothing by default, so a callback overrides only what it needs and costs nothing
 * elsewhere. Each gets the {@link TrainingRun}: the model, its layers and parameters, the
 * optimizer and its learning rate, the batch plan, the counters, the current batch and its loss.
 *
 * <p>The order of one run:
 * <pre>
 * onTrainStart
 * per epoch:   onEpochStart
 *              per batch:  onBatchStart     (the batch is gathered)
 *                          forward, loss, backward
 *                          afterBackward    (gradients readable; weights not yet changed)
 *                          optimizer step
 *                          onBatchEnd       (weights changed)
 *              onEpochEnd   (epoch totals; validation results once Validation has run)
 * onTrainEnd   (also after divergence, before the exception reaches the caller)
 * </pre>
 * A trainer calls its built-in callbacks first, in this order: gradient clipping, the divergence
 * guard, the learning-rate schedule, validation, the {@link History}, early stopping; then the
 * ones added with {@link Trainer#addCallback}, in the order added; a {@link Checkpointer} last,
 * whenever it was added, so that a checkpoint holds every callback's state after the hook (see
 * {@link Resumable}).
 *
 * <p>Reading a parameter's gradient ({@link dev.chainrule.layer.Parameter#gradient()}) in
 * {@link #afterBackward} computes it if its layer left it as a product; after the step it can be
 * read only when {@link TrainingRun#materializeGradients} was asked for. To stop training, call
 * {@link TrainingRun#requestStop}: the run ends after the current epoch. To stop at once,
 * throw (a {@link TrainingDivergedException} is how the divergence guard does it).
 */
public interface Callback {

    /**
     * Before the first epoch.
     *
     * @param run the run's state
     */
    default void onTrainStart(TrainingRun run) {
    }

    /**
     * Before an epoch's first batch.
     *
     * @param run the run's state
     */
    default void onEpochStart(TrainingRun run) {
    }

    /**
     * After a batch is gathered, before its forward pass.
     *
     * @param run the run's state
     */
    default void onBatchStart(TrainingRun run) {
    }

    /**
     * After the backward pass: the gradients are readable and the weights unchanged.
     *
     * @param run the run's state
     */
    default void afterBackward(TrainingRun run) {
    }

    /**
     * After the optimizer step.
     *
     * @param run the run's state
     */
    default void onBatchEnd(TrainingRun run) {
    }

    /**
     * After an epoch's last batch and its validation ({@link TrainingRun#epochResult()} holds the figures).
     *
     * @param run the run's state
     */
    default void onEpochEnd(TrainingRun run) {
    }

    /**
     * After the last epoch, early stopping, or divergence.
     *
     * @param run the run's state
     */
    default void onTrainEnd(TrainingRun run) {
    }
}
