package dev.chainrule.train;

import dev.chainrule.tensor.Tensor;

import java.util.Map;

/**
 * A built-in callback whose state a {@link Checkpoint} keeps: it writes its values and tensors
 * under its own name and takes them back when a run resumes, so that the resumed run behaves as
 * the uninterrupted one would have.
 */
interface Resumable {

    /** The name its entries go under, e.g. {@code early_stopping}. */
    String stateName();

    /** Its values (JSON types) and tensors, to be saved. */
    void saveState(Map<String, Object> values, Map<String, Tensor> tensors);

    /** Takes back what {@link #saveState} wrote, in {@link Callback#onTrainStart} of the resumed run. */
    void restoreState(Map<String, Object> values, Map<String, Tensor> tensors, TrainingRun run);
}
