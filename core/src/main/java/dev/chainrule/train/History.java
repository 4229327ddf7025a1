package dev.chainrule.train;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The per-epoch results of a training run, in order, why it stopped, and which epoch's weights
 * the model holds. It records them as a {@link Callback} (as Keras' {@code History}): each
 * {@link EpochResult} is added at the end of its epoch, after validation.
 */
public final class History implements Callback {
    private final List<EpochResult> epochs = new ArrayList<>();
    private String stopReason = "completed";
    private boolean diverged;
    private int bestEpoch;

    void add(EpochResult result) {
        epochs.add(result);
    }

    @Override
    public void onEpochEnd(TrainingRun run) {
        add(run.epochResult());
    }

    void stopReason(String reason) {
        this.stopReason = reason;
    }

    void diverged(String reason) {
        this.diverged = true;
        this.stopReason = reason;
    }

    void bestEpoch(int epoch) {
        this.bestEpoch = epoch;
    }

    /**
     * @return the epochs' results in order (read-only)
     */
    public List<EpochResult> epochs() {
        return Collections.unmodifiableList(epochs);
    }

    /**
     * The last epoch's result; fails when no epoch finished.
     *
     * @return the last epoch's result; fails when no epoch finished
     */
    public EpochResult last() {
        if (epochs.isEmpty()) {
            throw new IllegalStateException("no epoch finished");
        }
        return epochs.get(epochs.size() - 1);
    }

    /**
     * "completed", or why training stopped early (early stopping, a listener, divergence).
     *
     * @return the stop reason
     */
    public String stopReason() {
        return stopReason;
    }

    /**
     * True when training stopped on a NaN or infinite loss, gradient or weight.
     *
     * @return true when training stopped on a NaN or infinite loss, gradient or weight
     */
    public boolean diverged() {
        return diverged;
    }

    /**
     * The best epoch by the early-stopping monitor (1-based), or 0 without early stopping. With
     * {@link EarlyStopping#restoreBest()} the model holds this epoch's weights after fit.
     *
     * @return the best epoch by the early-stopping monitor (1-based), or 0 without early stopping
     */
    public int bestEpoch() {
        return bestEpoch;
    }

    /**
     * The result of the best epoch, or the last one without early stopping.
     *
     * @return the result of the best epoch, or the last one without early stopping
     */
    public EpochResult best() {
        return bestEpoch > 0 ? epochs.get(bestEpoch - 1) : last();
    }

    /**
     * Total training seconds, validation excluded.
     *
     * @return total training seconds, validation excluded
     */
    public double seconds() {
        double s = 0;
        for (EpochResult e : epochs) {
            s += e.seconds();
        }
        return s;
    }
}
