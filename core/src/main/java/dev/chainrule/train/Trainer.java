package dev.chainrule.train;

import dev.chainrule.data.Dataset;
import dev.chainrule.data.Split;
import dev.chainrule.layer.Parameter;
import dev.chainrule.loss.Loss;
import dev.chainrule.metrics.Accuracy;
import dev.chainrule.model.Sequential;
import dev.chainrule.optim.GradientClipping;
import dev.chainrule.optim.LearningRateSchedule;
import dev.chainrule.optim.Optimizer;
import dev.chainrule.tensor.ShapeException;
import dev.chainrule.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Trains a {@link Sequential} by epochs: for every batch, forward, loss, loss gradient,
 * backward, one optimizer step. Batches are cut as the {@link TrainingConfig}'s
 * {@link Batching} says; with the same seed, data and settings, the weights come out the same
 * bit for bit.
 *
 * <p>Batch rows are gathered into buffers allocated once per batch shape; the data set is never
 * copied per epoch (only a permutation of row indices is shuffled). After each shuffled batch
 * is gathered, the next one's rows are touched ({@link Dataset#prefetch}) so that memory is
 * already fetching them.
 *
 * <p>The training loss of an epoch is the batch-size-weighted mean of its batch losses, each
 * taken before that batch's update, so every record of the epoch counts. The "loss increasing"
 * report of seed 000 is the listener {@link LossIncreaseWarning}.
 *
 * <p>One step, in order: forward (training mode: dropout on), loss, loss gradient, backward,
 * clip by global norm (when {@link TrainingConfig#clipNorm()} is set), optimizer step. Without
 * clipping, a plain SGD step is taken by the layers inside the backward pass
 * ({@link Parameter#stepInBackward}; the same bits, one pass over the weights). The
 * {@link TrainingConfig#schedule() schedule} sets the optimizer's learning rate before each
 * epoch or step, from the rate the optimizer had when {@code fit} began. After each epoch: a
 * weight check, validation on the pure path (dropout off), then early stopping.
 *
 * <p>Divergence guard: a NaN or infinite batch loss or gradient norm, weights that became
 * NaN or infinite during an epoch, or a batch loss above {@link TrainingConfig#divergenceFactor()}
 * times {@code max(1, first batch loss)} (blown up, though still finite), stop training at once: the model gets back the weights it
 * had at the start of that epoch, and {@code fit} throws a {@link TrainingDivergedException}
 * whose message names the epoch, the batch and the learning rate.
 */
public final class Trainer {
    private final Sequential model;
    private final Optimizer optimizer;
    private final TrainingConfig config;
    private final List<TrainingListener> listeners = new ArrayList<>();
    /** Where {@link Dataset#prefetch}'s result goes, so that its reads stay. */
    @SuppressWarnings("unused")
    private volatile int prefetchSink;

    public Trainer(Sequential model, Optimizer optimizer, TrainingConfig config) {
        if (model.loss() == null) {
            throw new IllegalArgumentException("the model has no loss to train with; give one to the builder");
        }
        this.model = model;
        this.optimizer = optimizer;
        this.config = config;
    }

    public Trainer addListener(TrainingListener listener) {
        listeners.add(listener);
        return this;
    }

    public Sequential model() {
        return model;
    }

    /**
     * Trains on {@code train}; with a {@linkplain TrainingConfig#validationFraction() validation
     * fraction}, first holds out that part of it (stratified, seeded) as the validation set.
     */
    public History fit(Dataset train) {
        if (config.validationFraction() > 0) {
            checkData(train, "training");
            Split split = Split.of(train, config.validationFraction(), config.seed());
            if (split.heldOut().size() == 0 || split.train().size() == 0) {
                throw new IllegalArgumentException("a validation fraction of " + config.validationFraction() + " of "
                        + train.size() + " examples leaves " + split.heldOut().size() + " for validation and "
                        + split.train().size() + " for training; both need at least one");
            }
            return run(split.train(), split.heldOut());
        }
        return run(train, null);
    }

    /**
     * Trains for the configured epochs (or until early stopping or a listener stops it),
     * measuring loss and accuracy on {@code validation} after each epoch when it is not null
     * (null: as {@link #fit(Dataset)}). A validation set together with a configured validation
     * fraction is refused: give one or the other.
     *
     * @throws TrainingDivergedException when the loss, gradient norm or weights become NaN or
     *                                   infinite; the model then holds the last good weights
     */
    public History fit(Dataset train, Dataset validation) {
        if (validation == null) {
            return fit(train);
        }
        if (config.validationFraction() > 0) {
            throw new IllegalArgumentException("give either a validation set or a validation fraction ("
                    + config.validationFraction() + "), not both");
        }
        return run(train, validation);
    }

    private History run(Dataset train, Dataset validation) {
        checkData(train, "training");
        if (validation != null) {
            checkData(validation, "validation");
        }
        EarlyStopping stopping = config.earlyStopping();
        if (stopping != null && stopping.monitor().needsValidation()) {
            if (validation == null) {
                throw new IllegalArgumentException("early stopping on " + stopping.monitor()
                        + " needs a validation set: give one, or a validation fraction");
            }
            if (stopping.monitor() == EarlyStopping.Monitor.VAL_ACCURACY && !validation.isClassification()) {
                throw new IllegalArgumentException("early stopping on val_accuracy needs class targets; "
                        + validation.name() + " is a regression set (monitor val_loss instead)");
            }
        }
        Loss loss = model.loss();
        int n = train.size();
        int batch = config.batching() == Batching.FULL ? n : Math.min(config.batchSize(), n);
        int batches = config.batching() == Batching.FULL ? 1 : (n + batch - 1) / batch;
        Random random = new Random(config.seed());
        int[] order = new int[Math.max(n, batch)];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        BatchBuffers full = new BatchBuffers(train, batch);
        BatchBuffers tail = n % batch == 0 ? full : new BatchBuffers(train, n % batch);
        boolean classification = train.isClassification();
        List<Parameter> parameters = model.parameters();

        LearningRateSchedule schedule = config.schedule();
        double baseRate = optimizer.learningRate();
        boolean perStep = schedule != null && schedule.unit() == LearningRateSchedule.Unit.STEP;
        long scheduleLength = perStep ? (long) config.epochs() * batches : config.epochs();
        long step = 0;
        double lossLimit = Double.POSITIVE_INFINITY;

        List<Tensor> lastGood = model.copyWeights();
        List<Tensor> best = null;
        double bestValue = Double.NaN;
        int sinceBest = 0;

        History history = new History();
        for (TrainingListener l : listeners) {
            l.onTrainStart(config.epochs(), batches);
        }
        for (int epoch = 1; epoch <= config.epochs(); epoch++) {
            if (epoch > 1) {
                copyInto(parameters, lastGood);
            }
            if (schedule != null && !perStep) {
                optimizer.setLearningRate(schedule.rate(baseRate, epoch - 1, scheduleLength));
            }
            for (TrainingListener l : listeners) {
                l.onEpochStart(epoch);
            }
            if (config.batching() == Batching.SHUFFLED) {
                shuffle(order, n, random);
            }
            long start = System.nanoTime();
            double lossSum = 0;
            long correct = 0;
            for (int b = 0; b < batches; b++) {
                if (perStep) {
                    optimizer.setLearningRate(schedule.rate(baseRate, step, scheduleLength));
                }
                int from;
                int to;
                if (config.batching() == Batching.SAMPLED_WITH_REPLACEMENT) {
                    for (int i = 0; i < batch; i++) {
                        order[i] = random.nextInt(n);
                    }
                    from = 0;
                    to = batch;
                } else {
                    from = b * batch;
                    to = Math.min(from + batch, n);
                }
                BatchBuffers buf = to - from == batch ? full : tail;
                Tensor x;
                Tensor t;
                if (config.batching() == Batching.FULL) {
                    x = train.features();
                    t = train.targets();
                } else {
                    train.gather(order, from, to, buf.x, buf.t);
                    x = buf.x;
                    t = buf.t;
                    if (config.batching() == Batching.SHUFFLED && to < n) {
                        prefetchSink = train.prefetch(order, to, Math.min(to + batch, n));
                    }
                }
                Tensor raw = model.forward(x, true);
                double batchLoss = loss.valueAndGradient(raw, t, buf.p, buf.gradient);
                if (!Double.isFinite(batchLoss)) {
                    throw diverged(history, lastGood, epoch, b + 1, "the loss became " + batchLoss);
                }
                if (step == 0) {
                    lossLimit = config.divergenceFactor() * Math.max(1, batchLoss);
                } else if (batchLoss > lossLimit) {
                    throw diverged(history, lastGood, epoch, b + 1, String.format(Locale.ROOT,
                            "the loss became %.4g, more than %.0f times the first batch's loss (or 1)", batchLoss,
                            config.divergenceFactor()));
                }
                lossSum += batchLoss * (to - from);
                if (classification) {
                    correct += countCorrect(buf.p, t);
                }
                backward(buf.gradient, parameters);
                if (config.clipNorm() > 0) {
                    double norm = GradientClipping.clipGlobalNorm(parameters, config.clipNorm());
                    if (!Double.isFinite(norm)) {
                        throw diverged(history, lastGood, epoch, b + 1, "the gradient norm became " + norm);
                    }
                }
                optimizer.step(parameters);
                step++;
                for (int i = 0; i < listeners.size(); i++) { // indexed: no iterator per batch
                    listeners.get(i).onBatchEnd(epoch, b + 1, to - from, batchLoss);
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            for (Parameter p : parameters) {
                if (p.value().hasNonFinite()) {
                    throw diverged(history, lastGood, epoch, batches, "weights of " + p.name() + " became NaN or infinite");
                }
            }
            long seen = config.batching() == Batching.SAMPLED_WITH_REPLACEMENT ? (long) batches * batch : n;
            double valLoss = Double.NaN;
            double valAcc = Double.NaN;
            if (validation != null) {
                Tensor raw = model.predictRaw(validation.features());
                valLoss = loss.value(raw, validation.targets());
                if (validation.isClassification()) {
                    loss.probabilities(raw, raw);
                    valAcc = Accuracy.of(raw, validation.targets());
                }
            }
            EpochResult result = new EpochResult(epoch, lossSum / seen,
                    classification ? (double) correct / seen : Double.NaN, valLoss, valAcc, seconds,
                    optimizer.learningRate());
            history.add(result);
            boolean stopEarly = false;
            if (stopping != null) {
                double value = stopping.monitor().of(result);
                if (stopping.improves(value, bestValue)) {
                    bestValue = value;
                    sinceBest = 0;
                    history.bestEpoch(epoch);
                    if (stopping.restoreBest()) {
                        if (best == null) {
                            best = model.copyWeights();
                        } else {
                            copyInto(parameters, best);
                        }
                    }
                } else {
                    sinceBest++;
                    if (sinceBest >= stopping.patience()) {
                        stopEarly = true;
                        history.stopReason(String.format(Locale.ROOT,
                                "early stopping after epoch %d: %s did not improve on %.6g (epoch %d) for %d epochs",
                                epoch, stopping.monitor(), bestValue, history.bestEpoch(), sinceBest));
                    }
                }
            }
            boolean goOn = true;
            for (TrainingListener l : listeners) {
                goOn &= l.onEpochEnd(result);
            }
            if (stopEarly) {
                break;
            }
            if (!goOn) {
                history.stopReason("stopped by a listener after epoch " + epoch);
                break;
            }
        }
        if (best != null && history.bestEpoch() != history.last().epoch()) {
            model.setWeights(best);
            history.stopReason(history.stopReason() + "; restored the weights of epoch " + history.bestEpoch());
        }
        for (TrainingListener l : listeners) {
            l.onTrainEnd(history);
        }
        return history;
    }

    /**
     * The backward pass; when nothing needs the gradients themselves (no clipping by their
     * norm), a parameter whose step is plain SGD has it taken by its layer inside the pass
     * ({@link Parameter#stepInBackward}: one pass over the weights instead of three, same bits),
     * and the optimizer then skips it.
     */
    private void backward(Tensor gradient, List<Parameter> parameters) {
        boolean fuse = config.clipNorm() <= 0;
        if (fuse) {
            for (int i = 0; i < parameters.size(); i++) {
                Parameter p = parameters.get(i);
                p.stepInBackward(optimizer.plainStepRate(p));
            }
        }
        try {
            model.backward(gradient);
        } finally {
            if (fuse) {
                for (int i = 0; i < parameters.size(); i++) {
                    parameters.get(i).stepInBackward(Double.NaN);
                }
            }
        }
    }

    /** Restores the last good weights, records the reason, tells the listeners, and builds the exception. */
    private TrainingDivergedException diverged(History history, List<Tensor> lastGood, int epoch, int batch, String what) {
        model.setWeights(lastGood);
        String where = batch > 0 ? "at epoch " + epoch + ", batch " + batch : "in epoch " + epoch;
        String message = "training diverged: " + what + " " + where + " (learning rate " + optimizer.learningRate()
                + "); stopped and kept the weights from the start of epoch " + epoch + "; lower the learning rate"
                + (config.clipNorm() > 0 ? "" : " or clip the gradient norm");
        history.diverged(message);
        for (TrainingListener l : listeners) {
            l.onTrainEnd(history);
        }
        return new TrainingDivergedException(message, epoch, batch, history);
    }

    private static void copyInto(List<Parameter> parameters, List<Tensor> target) {
        for (int i = 0; i < parameters.size(); i++) {
            target.get(i).copyFrom(parameters.get(i).value());
        }
    }

    private void checkData(Dataset data, String role) {
        if (data.size() == 0) {
            throw new IllegalArgumentException("the " + role + " set " + data.name() + " has no examples");
        }
        if (data.inputs() != model.inputs()) {
            throw new ShapeException("the " + role + " set " + data.name() + " has " + data.inputs()
                    + " features per example but the network takes " + model.inputs());
        }
        if (data.outputs() != model.outputs()) {
            throw new ShapeException("the " + role + " set " + data.name() + " has " + data.outputs()
                    + " target columns but the network has " + model.outputs() + " outputs");
        }
        if (data.features().dtype() != model.dtype()) {
            throw new IllegalArgumentException("the " + role + " set is " + data.features().dtype()
                    + " but the network is " + model.dtype() + "; convert it with Dataset.to");
        }
        data.checkFinite();
    }

    /** Fisher-Yates over the first {@code n} entries, from the seeded source. */
    private static void shuffle(int[] order, int n, Random random) {
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int tmp = order[i];
            order[i] = order[j];
            order[j] = tmp;
        }
    }

    private static int countCorrect(Tensor p, Tensor t) {
        int correct = 0;
        for (int r = 0; r < p.rows(); r++) {
            if (Accuracy.predictedClass(p, r, 0.5) == Accuracy.trueClass(t, r)) {
                correct++;
            }
        }
        return correct;
    }

    /** The reused tensors for one batch shape. */
    private final class BatchBuffers {
        final Tensor x;
        final Tensor t;
        final Tensor p;
        final Tensor gradient;

        BatchBuffers(Dataset data, int rows) {
            x = Tensor.zeros(model.dtype(), rows, data.inputs());
            t = Tensor.zeros(model.dtype(), rows, data.outputs());
            p = Tensor.zeros(model.dtype(), rows, data.outputs());
            gradient = Tensor.zeros(model.dtype(), rows, data.outputs());
        }
    }
}
