package dev.chainrule.train;

import dev.chainrule.layer.Parameter;
import dev.chainrule.tensor.Tensor;

import java.util.List;
import java.util.Map;
import java.util.Locale;

/**
 * Stops training at once when it diverges: a NaN or infinite batch loss, a NaN or infinite
 * gradient norm (when clipping measured it), weights that became NaN or infinite during an
 * epoch, or a batch loss above {@code factor * max(1, first batch loss)} (blown up, though still
 * finite). The model then gets back the weights (and running statistics) it had at the start of that epoch, the
 * {@link History} records why, and a {@link TrainingDivergedException} naming the epoch, the
 * batch and the learning rate ends the run. The guard keeps a copy of the weights, refreshed
 * at the start of every epoch.
 */
public final class DivergenceGuard implements Callback, Resumable {
    private final double factor;
    private final boolean clipping;
    private List<Tensor> lastGood;
    private double lossLimit = Double.NaN;
    /** A resumed run's epoch-start weights, for the epoch it resumes inside. */
    private List<Tensor> resumedEpochStart;

    /**
     * @param factor   a batch loss above {@code factor * max(1, first batch loss)} counts as
     *                 divergence; positive infinity to stop only on NaN or infinite values
     * @param clipping whether gradients are clipped (the message then does not advise it)
     */
    public DivergenceGuard(double factor, boolean clipping) {
        if (!(factor > 1)) {
            throw new IllegalArgumentException("divergence factor must be greater than 1 (infinity: off), got " + factor);
        }
        this.factor = factor;
        this.clipping = clipping;
    }

    @Override
    public void onEpochStart(TrainingRun run) {
        if (resumedEpochStart != null) {
            lastGood = resumedEpochStart;
            resumedEpochStart = null;
            if (run.batch() > 0) {
                return; // resumed inside the epoch: the weights of its start are the saved ones
            }
        }
        if (lastGood == null) {
            lastGood = run.model().copyState();
        } else {
            run.model().copyStateInto(lastGood);
        }
    }

    @Override
    public void afterBackward(TrainingRun run) {
        double loss = run.batchLoss();
        if (!Double.isFinite(loss)) {
            throw diverged(run, run.batch(), "the loss became " + loss);
        }
        if (Double.isNaN(lossLimit)) {
            lossLimit = factor * Math.max(1, loss);
        } else if (loss > lossLimit) {
            throw diverged(run, run.batch(), String.format(Locale.ROOT,
                    "the loss became %.4g, more than %.0f times the first batch's loss (or 1)", loss, factor));
        }
        if (clipping && !Double.isFinite(run.gradientNorm())) {
            throw diverged(run, run.batch(), "the gradient norm became " + run.gradientNorm());
        }
    }

    @Override
    public void onEpochEnd(TrainingRun run) {
        for (Parameter p : run.parameters()) {
            if (p.value().hasNonFinite()) {
                throw diverged(run, run.batch(), "weights of " + p.name() + " became NaN or infinite");
            }
        }
    }

    @Override
    public String stateName() {
        return "divergence_guard";
    }

    /** The loss limit set by the first batch, and the weights of the current epoch's start. */
    @Override
    public void saveState(Map<String, Object> values, Map<String, Tensor> tensors) {
        values.put("loss_limit", lossLimit);
        if (lastGood != null) {
            for (int i = 0; i < lastGood.size(); i++) {
                tensors.put(Integer.toString(i), lastGood.get(i));
            }
        }
    }

    @Override
    public void restoreState(Map<String, Object> values, Map<String, Tensor> tensors, TrainingRun run) {
        Object limit = values.get("loss_limit");
        lossLimit = limit == null ? Double.NaN : ((Number) limit).doubleValue();
        resumedEpochStart = tensors.isEmpty() ? null : new java.util.ArrayList<>(tensors.values());
    }

    /** Restores the weights of the epoch's start, records the reason, and builds the exception. */
    private TrainingDivergedException diverged(TrainingRun run, int batch, String what) {
        run.model().setState(lastGood);
        int epoch = run.epoch();
        String where = batch > 0 ? "at epoch " + epoch + ", batch " + batch : "in epoch " + epoch;
        String message = "training diverged: " + what + " " + where + " (learning rate " + run.learningRate()
                + "); stopped and kept the weights from the start of epoch " + epoch + "; lower the learning rate"
                + (clipping ? "" : " or clip the gradient norm");
        run.history().diverged(message);
        return new TrainingDivergedException(message, epoch, batch, run.history());
    }
}
