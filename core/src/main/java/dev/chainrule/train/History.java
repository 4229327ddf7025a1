package dev.chainrule.train;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The per-epoch results of a training run, in order, and why it stopped. */
public final class History {
    private final List<EpochResult> epochs = new ArrayList<>();
    private String stopReason = "completed";

    void add(EpochResult result) {
        epochs.add(result);
    }

    void stopReason(String reason) {
        this.stopReason = reason;
    }

    public List<EpochResult> epochs() {
        return Collections.unmodifiableList(epochs);
    }

    /** The last epoch's result; fails when no epoch finished. */
    public EpochResult last() {
        if (epochs.isEmpty()) {
            throw new IllegalStateException("no epoch finished");
        }
        return epochs.get(epochs.size() - 1);
    }

    /** "completed", or why training stopped early. */
    public String stopReason() {
        return stopReason;
    }

    /** Total training seconds, validation excluded. */
    public double seconds() {
        double s = 0;
        for (EpochResult e : epochs) {
            s += e.seconds();
        }
        return s;
    }
}
