package dev.chainrule.train;

/**
 * Training stopped because the loss, the gradient norm or the weights became NaN or infinite.
 * When it is thrown the model already holds the last good weights (those at the start of the
 * epoch where it happened), so saving it never writes NaN; {@link #history()} holds the epochs
 * that finished and the stop reason. The message names the epoch, the batch and the learning
 * rate.
 */
public final class TrainingDivergedException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /**
     * The 1-based epoch where training diverged.
     */
    private final int epoch;
    /**
     * The 1-based batch within that epoch, 0 when found by the end-of-epoch weight check.
     */
    private final int batch;
    private final transient History history;

    TrainingDivergedException(String message, int epoch, int batch, History history) {
        super(message);
        this.epoch = epoch;
        this.batch = batch;
        this.history = history;
    }

    /**
     * 1-based epoch where the non-finite value appeared.
     *
     * @return the 1-based epoch
     */
    public int epoch() {
        return epoch;
    }

    /**
     * 1-based batch within the epoch (0 when found by the end-of-epoch weight check).
     *
     * @return the 1-based batch, or 0
     */
    public int batch() {
        return batch;
    }

    /**
     * The finished epochs, with {@link History#diverged()} true.
     *
     * @return the finished epochs, with {@link History#diverged()} true
     */
    public History history() {
        return history;
    }
}
