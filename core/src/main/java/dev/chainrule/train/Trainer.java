package dev.chainrule.train;

import dev.chainrule.data.Dataset;
import dev.chainrule.data.Split;
import dev.chainrule.layer.Parameter;
import dev.chainrule.model.Sequential;
import dev.chainrule.optim.Optimizer;
import dev.chainrule.tensor.ShapeException;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * Trains a {@link Sequential} by epochs over a {@link BatchPlan}: for every batch,
 * {@link Backprop#computeGradients} (forward with dropout on, loss, backward), then one
 * {@link Optimizer#step}. Everything else is a {@link Callback}: the {@link TrainingConfig}
 * adds the built-in ones (gradient clipping, the {@link DivergenceGuard}, the learning-rate
 * schedule, {@link Validation}, the {@link History}, early stopping), and
 * {@link #addCallback} adds more; see {@link Callback} for the order of the hooks. With the
 * same seed, data and settings, the weights come out the same bit for bit.
 *
 * <p>The training loss of an epoch is the row-weighted mean of its batch losses, each taken
 * before that batch's update, so every record of the epoch counts; the training accuracy counts
 * the batches' predictions the same way. The "loss increasing" report of seed 000 is the
 * listener {@link LossIncreaseWarning}.
 *
 * <p>Divergence: a NaN or infinite batch loss or gradient norm, weights that became NaN or
 * infinite during an epoch, or a batch loss above {@link TrainingConfig#divergenceFactor()} times
 * {@code max(1, first batch loss)} stop training at once: the model gets back the weights it had
 * at the start of that epoch, and {@code fit} throws a {@link TrainingDivergedException} whose
 * message names the epoch, the batch and the learning rate.
 */
public final class Trainer {
    private final Sequential model;
    private final Optimizer optimizer;
    private final TrainingConfig config;
    private final List<Callback> callbacks = new ArrayList<>();

    /**
     * A trainer of {@code model}.
     *
     * @param model the network, with a loss
     * @param optimizer the optimizer that takes the steps
     * @param config epochs, batches, schedule, clipping, validation, early stopping
     */
    public Trainer(Sequential model, Optimizer optimizer, TrainingConfig config) {
        if (model.loss() == null) {
            throw new IllegalArgumentException("the model has no loss to train with; give one to the builder");
        }
        this.model = model;
        this.optimizer = optimizer;
        this.config = config;
    }

    /**
     * Adds a callback, called after the built-in ones and those added before it (a
     * {@link Checkpointer} after all others, whenever it was added).
     *
     * @param callback the callback, run after the built-in ones
     * @return this trainer
     */
    public Trainer addCallback(Callback callback) {
        callbacks.add(java.util.Objects.requireNonNull(callback, "callback"));
        return this;
    }

    /**
     * {@link #addCallback} for the simple form of callback.
     *
     * @param listener the listener
     * @return this trainer
     */
    public Trainer addListener(TrainingListener listener) {
        return addCallback(listener);
    }

    /**
     * @return the network being trained
     */
    public Sequential model() {
        return model;
    }

    /**
     * @return the optimizer
     */
    public Optimizer optimizer() {
        return optimizer;
    }

    /**
     * @return the training settings
     */
    public TrainingConfig config() {
        return config;
    }

    /**
     * Trains on {@code train}; with a {@linkplain TrainingConfig#validationFraction() validation
     * fraction}, first holds out that part of it (stratified, seeded) as the validation set.
     *
     * @param train the training set
     * @return the epochs' results and why training stopped
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
     * Trains for the configured epochs (or until early stopping or a callback stops it),
     * measuring loss and accuracy on {@code validation} after each epoch when it is not null
     * (null: as {@link #fit(Dataset)}). A validation set together with a configured validation
     * fraction is refused: give one or the other.
     *
     * @param train the training set
     * @param validation the validation set, or null
     * @return the epochs' results and why training stopped
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
        checkSettings(train, validation);
        BatchPlan plan = BatchPlan.of(config.batching(), train, config.batchSize(), config.seed(), model.kernels());
        History history = new History();
        List<Callback> all = builtIns(validation, history);
        for (Callback c : callbacks) {
            if (!(c instanceof Checkpointer)) {
                all.add(c);
            }
        }
        for (Callback c : callbacks) {
            if (c instanceof Checkpointer) {
                all.add(c); // last: a checkpoint holds every callback's state after the hook
            }
        }
        TrainingRun run = new TrainingRun(model, optimizer, plan, validation, config.epochs(), history);
        run.callbacks(all);
        Backprop backprop = new Backprop(model);
        List<Parameter> parameters = model.parameters();
        try {
            fire(all, Callback::onTrainStart, run);
            while (run.nextEpoch()) {
                fire(all, Callback::onEpochStart, run);
                long start = System.nanoTime();
                while (plan.hasNext()) {
                    run.beginBatch(plan.next());
                    fire(all, Callback::onBatchStart, run);
                    double loss = backprop.computeGradients(run.currentBatch());
                    run.recordBatch(loss, backprop.probabilities());
                    fire(all, Callback::afterBackward, run);
                    optimizer.step(parameters);
                    run.stepTaken();
                    fire(all, Callback::onBatchEnd, run);
                }
                run.endEpoch((System.nanoTime() - start) / 1e9);
                fire(all, Callback::onEpochEnd, run);
            }
        } catch (TrainingDivergedException e) {
            fire(all, Callback::onTrainEnd, run);
            throw e;
        }
        fire(all, Callback::onTrainEnd, run);
        return history;
    }

    /** The callbacks the configuration asks for, in the order they run: see {@link Callback}. */
    private List<Callback> builtIns(Dataset validation, History history) {
        List<Callback> list = new ArrayList<>();
        if (config.clipNorm() > 0) {
            list.add(new GradientClipper(config.clipNorm()));
        }
        list.add(new DivergenceGuard(config.divergenceFactor(), config.clipNorm() > 0));
        if (config.schedule() != null) {
            list.add(new LearningRateScheduler(config.schedule()));
        }
        if (validation != null) {
            list.add(new Validation(validation));
        }
        list.add(history);
        if (config.earlyStopping() != null) {
            list.add(new EarlyStopper(config.earlyStopping()));
        }
        return list;
    }

    /** Calls one hook of every callback, in order (indexed: no iterator per batch). */
    private static void fire(List<Callback> callbacks, BiConsumer<Callback, TrainingRun> hook, TrainingRun run) {
        for (int i = 0; i < callbacks.size(); i++) {
            hook.accept(callbacks.get(i), run);
        }
    }

    private void checkSettings(Dataset train, Dataset validation) {
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
}
