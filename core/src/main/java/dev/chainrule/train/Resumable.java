package dev.chainrule.train;

import dev.chainrule.tensor.Tensor;

import java.util.Map;

/**
 * A callback whose state a {@link Checkpoint} keeps, so that a resumed run reports and behaves
 * as the uninterrupted one would have (as PyTorch Lightning's callback {@code state_dict}): the
 * {@link History}, early stopping and the divergence guard are; a callback that records
 * something per batch or per epoch (a log, a report's curves) should be too, or after a resume it
 * holds only the part of the run after it.
 *
 * <p>When: a {@link Checkpointer} runs after every other callback, so {@link #saveState} sees the
 * state after that batch's {@link Callback#onBatchEnd} or that epoch's {@link Callback#onEpochEnd}.
 * In the resumed run, {@link #restoreState} is called after every callback's
 * {@link Callback#onTrainStart} and before the first {@link Callback#onEpochStart}. A run resumed
 * inside an epoch still calls that epoch's {@code onEpochStart}, with {@link TrainingRun#batch()}
 * at the batches already done (0 for every epoch that starts afresh): a callback keeps the epoch's
 * restored running state then, instead of clearing it.
 *
 * <p>A resumed run must have the same resumable callbacks as the run that wrote the checkpoint:
 * one whose state the checkpoint lacks is refused ({@link Checkpoint#hasState}); state that no
 * callback takes is ignored.
 */
public interface Resumable {

    /**
     * The name its entries go under, unique in a run, e.g. {@code early_stopping}.
     *
     * @return the name its entries go under
     */
    String stateName();

    /**
     * Puts its state into {@code values} (JSON types: numbers, strings, booleans, lists, maps;
     * NaN and infinities come back as null) and {@code tensors} (any shape of two or more
     * dimensions, float32 or float64: long series belong here rather than in the values).
     *
     * @param values  where to put its values, by name
     * @param tensors where to put its tensors, by name
     */
    void saveState(Map<String, Object> values, Map<String, Tensor> tensors);

    /**
     * Takes back what {@link #saveState} wrote.
     *
     * @param values  the values it saved (numbers come back as {@link Number}, NaN as null)
     * @param tensors the tensors it saved, by name, in order
     * @param run     the resumed run, already at the checkpoint's position
     */
    void restoreState(Map<String, Object> values, Map<String, Tensor> tensors, TrainingRun run);
}
