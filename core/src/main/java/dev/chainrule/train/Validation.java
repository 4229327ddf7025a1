package dev.chainrule.train;

import dev.chainrule.data.Dataset;
import dev.chainrule.loss.Loss;
import dev.chainrule.metrics.Accuracy;
import dev.chainrule.model.Sequential;
import dev.chainrule.tensor.Tensor;

/**
 * Measures the model on a validation set at the end of every epoch, on the pure path (dropout
 * off): the loss, and for class targets the accuracy; recorded in the epoch's
 * {@link EpochResult} ({@link TrainingRun#recordValidation}).
 */
public final class Validation implements Callback {
    private final Dataset data;

    /**
     * Validation on {@code data} after each epoch.
     *
     * @param data the validation set
     */
    public Validation(Dataset data) {
        this.data = java.util.Objects.requireNonNull(data, "validation data");
    }

    @Override
    public void onEpochEnd(TrainingRun run) {
        Sequential model = run.model();
        Loss loss = model.loss();
        Tensor raw = model.predictRaw(data.features());
        double value = loss.value(model.kernels(), raw, data.targets(), raw.rows());
        double accuracy = Double.NaN;
        if (data.isClassification()) {
            loss.probabilities(model.kernels(), raw, raw);
            accuracy = Accuracy.of(raw, data.targets());
        }
        run.recordValidation(value, accuracy);
    }
}
