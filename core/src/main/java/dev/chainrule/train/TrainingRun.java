package dev.chainrule.train;

import dev.chainrule.data.Dataset;
import dev.chainrule.layer.Layer;
import dev.chainrule.layer.Parameter;
import dev.chainrule.metrics.Accuracy;
import dev.chainrule.model.Sequential;
import dev.chainrule.optim.Optimizer;
import dev.chainrule.tensor.Tensor;

import java.util.List;

/**
 * The state of one training run, as {@link Callback}s see it: what is trained (model, layers,
 * parameters, optimizer), on what ({@link #plan()}, the training and validation sets), where it
 * is (epoch, batch, optimizer steps taken), the current batch and its loss, the totals of the
 * current epoch, and the {@link History}. A callback may stop the run
 * ({@link #requestStop}), keep gradients after the step ({@link #materializeGradients}), and,
 * before the first batch, move it to a later position ({@link #seek}, to resume).
 *
 * <p>Counters: epochs count from 1; {@link #batch()} is the current batch's number within its
 * epoch, from 1; {@link #step()} counts optimizer steps over the whole run, from 0 (the current
 * batch's step before it is taken, the number taken once it is).
 */
public final class TrainingRun {
    private final Sequential model;
    private final Optimizer optimizer;
    private final BatchPlan plan;
    private final Dataset validation;
    private final int epochs;
    private final History history;
    private final boolean classification;
    private double baseLearningRate;
    private int epoch;
    private long step;
    private boolean started;
    /** Set by {@link #seek}: the next epoch starts at the plan's current position. */
    private boolean resumeInside;
    private boolean keepGradients;
    private boolean stopRequested;
    private Batch batch;
    private double batchLoss = Double.NaN;
    private Tensor probabilities;
    private double gradientNorm = Double.NaN;
    private double lossSum;
    private long correct;
    private long rows;
    private double seconds;
    private double validationLoss = Double.NaN;
    private double validationAccuracy = Double.NaN;
    private List<Callback> callbacks = List.of();

    TrainingRun(Sequential model, Optimizer optimizer, BatchPlan plan, Dataset validation, int epochs, History history) {
        this.model = model;
        this.optimizer = optimizer;
        this.plan = plan;
        this.validation = validation;
        this.epochs = epochs;
        this.history = history;
        this.classification = plan.data().isClassification();
        this.baseLearningRate = optimizer.learningRate();
    }

    /**
     * @return the network being trained
     */
    public Sequential model() {
        return model;
    }

    /**
     * The model's layers, first to last; each keeps its last training forward output.
     *
     * @return the model's layers, first to last; each keeps its last training forward output
     */
    public List<Layer> layers() {
        return model.layers();
    }

    /**
     * @return the network's parameters, layer by layer
     */
    public List<Parameter> parameters() {
        return model.parameters();
    }

    /**
     * @return the optimizer taking the steps
     */
    public Optimizer optimizer() {
        return optimizer;
    }

    /**
     * The optimizer's learning rate now (the schedule sets it before each epoch or step).
     *
     * @return the optimizer's learning rate now (the schedule sets it before each epoch or step)
     */
    public double learningRate() {
        return optimizer.learningRate();
    }

    /**
     * The rate schedules start from: the optimizer's when the run began.
     *
     * @return the rate schedules start from: the optimizer's when the run began
     */
    public double baseLearningRate() {
        return baseLearningRate;
    }

    /**
     * Sets the rate schedules start from (a resumed run: the original run's).
     *
     * @param rate the rate the schedule starts from
     */
    public void setBaseLearningRate(double rate) {
        this.baseLearningRate = Optimizer.checkLearningRate(rate);
    }

    /**
     * @return how the epochs are cut into batches
     */
    public BatchPlan plan() {
        return plan;
    }

    /**
     * @return the training set
     */
    public Dataset trainingData() {
        return plan.data();
    }

    /**
     * The validation set, or null.
     *
     * @return the validation set, or null
     */
    public Dataset validationData() {
        return validation;
    }

    /**
     * @return the results of the epochs so far
     */
    public History history() {
        return history;
    }

    /**
     * Epochs of the whole run.
     *
     * @return the epochs
     */
    public int epochs() {
        return epochs;
    }

    /**
     * @return the number of batches in an epoch
     */
    public int batchesPerEpoch() {
        return plan.batchesPerEpoch();
    }

    /**
     * The current epoch, from 1 (0 before the first).
     *
     * @return the current epoch, from 1 (0 before the first)
     */
    public int epoch() {
        return epoch;
    }

    /**
     * The current batch's number within its epoch, from 1 (after an epoch: its last batch).
     *
     * @return the current batch's number within its epoch, from 1 (after an epoch: its last batch)
     */
    public int batch() {
        return plan.position();
    }

    /**
     * Optimizer steps taken in the whole run (a resumed run counts those before it).
     *
     * @return the step
     */
    public long step() {
        return step;
    }

    /**
     * The current batch (a buffer of the plan).
     *
     * @return the current batch (a buffer of the plan)
     */
    public Batch currentBatch() {
        return batch;
    }

    /**
     * Rows of the current batch.
     *
     * @return rows of the current batch
     */
    public int batchRows() {
        return batch.rows();
    }

    /**
     * The current batch's loss, before its step (NaN before the backward pass).
     *
     * @return the current batch's loss, before its step (NaN before the backward pass)
     */
    public double batchLoss() {
        return batchLoss;
    }

    /**
     * The current batch's predictions ({@code [rows, outputs]}, a buffer), after the backward pass.
     *
     * @return the current batch's predictions ({@code [rows, outputs]}, a buffer), after the backward pass
     */
    public Tensor probabilities() {
        return probabilities;
    }

    /**
     * The global gradient norm of the current batch before clipping, when clipping measured it; NaN otherwise.
     *
     * @return the global gradient norm of the current batch before clipping, when clipping measured it; NaN otherwise
     */
    public double gradientNorm() {
        return gradientNorm;
    }

    void recordGradientNorm(double norm) {
        this.gradientNorm = norm;
    }

    /**
     * Mean loss over the rows of the current epoch so far.
     *
     * @return the epoch loss
     */
    public double epochLoss() {
        return lossSum / rows;
    }

    /**
     * Accuracy over the rows of the current epoch so far (NaN for regression).
     *
     * @return the epoch accuracy
     */
    public double epochAccuracy() {
        return classification ? (double) correct / rows : Double.NaN;
    }

    /**
     * Rows trained on in the current epoch so far.
     *
     * @return rows trained on in the current epoch so far
     */
    public long epochRows() {
        return rows;
    }

    /**
     * Records the validation results of the current epoch (the {@link Validation} callback does).
     *
     * @param loss the validation loss
     * @param accuracy the validation accuracy, NaN for regression
     */
    public void recordValidation(double loss, double accuracy) {
        this.validationLoss = loss;
        this.validationAccuracy = accuracy;
    }

    /**
     * The current epoch's results: its totals, and its validation results when recorded; complete in {@link Callback#onEpochEnd}.
     *
     * @return the current epoch's results: its totals, and its validation results when recorded; complete in {@link
     *         Callback#onEpochEnd}
     */
    public EpochResult epochResult() {
        return new EpochResult(epoch, epochLoss(), epochAccuracy(), validationLoss, validationAccuracy, seconds,
                optimizer.learningRate());
    }

    /**
     * From the next batch on, every parameter's gradient is computed and stored after the
     * backward pass, so that callbacks can read it after the step too (the one-pass plain SGD
     * step is then off: slower, the same bits); {@code false} turns that off again.
     *
     * @param keep what to keep
     */
    public void materializeGradients(boolean keep) {
        this.keepGradients = keep;
    }

    /**
     * Asks the run to end after the current epoch; the first reason given is recorded in the history.
     *
     * @param reason why
     */
    public void requestStop(String reason) {
        if (!stopRequested) {
            stopRequested = true;
            history.stopReason(reason);
        }
    }

    /**
     * @return whether a callback asked training to stop after this epoch
     */
    public boolean stopRequested() {
        return stopRequested;
    }

    /**
     * Resumes at {@code batch} (0-based: batches already done) of {@code epoch}: the run goes on
     * from there with the row order an uninterrupted run has there, and the step counter at
     * {@code (epoch - 1) * batchesPerEpoch + batch}. Only before the first batch (in
     * {@link Callback#onTrainStart}); the weights, optimizer state and other callbacks' state
     * are the caller's to restore.
     *
     * @param epoch the 1-based epoch
     * @param batch batches of that epoch already done
     */
    public void seek(int epoch, int batch) {
        if (started) {
            throw new IllegalStateException("a run can only be moved before its first batch (in onTrainStart)");
        }
        if (epoch > epochs) {
            throw new IllegalArgumentException("cannot resume at epoch " + epoch + " of a " + epochs + "-epoch run");
        }
        plan.seek(epoch, batch);
        this.epoch = epoch - 1;
        this.step = (long) (epoch - 1) * plan.batchesPerEpoch() + batch;
        this.resumeInside = true;
    }

    /** Moves to the next epoch, or returns false when the run is over (all epochs done, or a stop asked for). */
    boolean nextEpoch() {
        if (epoch >= epochs || stopRequested) {
            return false;
        }
        epoch++;
        if (resumeInside) {
            resumeInside = false; // the totals of the batches done before are the restored ones
        } else {
            plan.startEpoch(epoch);
            lossSum = 0;
            correct = 0;
            rows = 0;
        }
        seconds = 0;
        validationLoss = Double.NaN;
        validationAccuracy = Double.NaN;
        return true;
    }

    void beginBatch(Batch next) {
        started = true;
        batch = next;
        batchLoss = Double.NaN;
        gradientNorm = Double.NaN;
    }

    /** After the backward pass: the batch's loss and predictions enter the epoch totals. */
    void recordBatch(double loss, Tensor predictions) {
        batchLoss = loss;
        probabilities = predictions;
        lossSum += loss * batch.rows();
        rows += batch.rows();
        if (classification) {
            correct += Accuracy.countCorrect(predictions, batch.targets());
        }
        if (keepGradients) {
            List<Parameter> ps = model.parameters();
            for (int i = 0; i < ps.size(); i++) {
                ps.get(i).gradient();
            }
        }
    }

    /**
     * The run's callbacks in calling order, built-in ones first (a checkpoint saves and restores their state).
     *
     * @return the run's callbacks in calling order, built-in ones first (a checkpoint saves and restores their state)
     */
    public List<Callback> callbacks() {
        return java.util.Collections.unmodifiableList(callbacks);
    }

    void callbacks(List<Callback> all) {
        this.callbacks = all;
    }

    /** The current epoch's running totals {@code {loss sum, correct, rows}}, for a checkpoint. */
    double[] epochTotals() {
        return new double[] {lossSum, correct, rows};
    }

    /** Sets the current epoch's running totals (a run resumed inside an epoch: the saved ones). */
    void restoreEpochTotals(double savedLossSum, long savedCorrect, long savedRows) {
        this.lossSum = savedLossSum;
        this.correct = savedCorrect;
        this.rows = savedRows;
    }

    void stepTaken() {
        step++;
    }

    void endEpoch(double epochSeconds) {
        seconds = epochSeconds;
    }
}
