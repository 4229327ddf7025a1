package dev.chainrule.train;

import dev.chainrule.data.Dataset;
import dev.chainrule.loss.Loss;
import dev.chainrule.metrics.Accuracy;
import dev.chainrule.model.Sequential;
import dev.chainrule.optim.Optimizer;
import dev.chainrule.tensor.ShapeException;
import dev.chainrule.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Trains a {@link Sequential} by epochs: for every batch, forward, loss, loss gradient,
 * backward, one optimizer step. Batches are cut as the {@link TrainingConfig}'s
 * {@link Batching} says; with the same seed, data and settings, the weights come out the same
 * bit for bit.
 *
 * <p>Batch rows are gathered into buffers allocated once per batch shape; the data set is never
 * copied per epoch (only a permutation of row indices is shuffled).
 *
 * <p>The training loss of an epoch is the batch-size-weighted mean of its batch losses, each
 * taken before that batch's update, so every record of the epoch counts. The "loss increasing"
 * report of seed 000 is the listener {@link LossIncreaseWarning}.
 */
public final class Trainer {
    private final Sequential model;
    private final Optimizer optimizer;
    private final TrainingConfig config;
    private final List<TrainingListener> listeners = new ArrayList<>();

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

    /** Trains on {@code train} with no validation set. */
    public History fit(Dataset train) {
        return fit(train, null);
    }

    /**
     * Trains for the configured epochs (or until a listener stops it), measuring loss and
     * accuracy on {@code validation} after each epoch when it is not null.
     */
    public History fit(Dataset train, Dataset validation) {
        checkData(train, "training");
        if (validation != null) {
            checkData(validation, "validation");
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

        History history = new History();
        for (TrainingListener l : listeners) {
            l.onTrainStart(config.epochs(), batches);
        }
        for (int epoch = 1; epoch <= config.epochs(); epoch++) {
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
                }
                Tensor raw = model.forward(x, true);
                double batchLoss = loss.value(raw, t);
                if (!Double.isFinite(batchLoss)) {
                    throw new IllegalStateException("training diverged: the loss became " + batchLoss + " at epoch "
                            + epoch + ", batch " + (b + 1) + " (learning rate " + optimizer.learningRate()
                            + "); lower the learning rate");
                }
                lossSum += batchLoss * (to - from);
                if (classification) {
                    loss.probabilities(raw, buf.p);
                    correct += countCorrect(buf.p, t);
                }
                loss.gradient(raw, t, buf.gradient);
                model.backward(buf.gradient);
                optimizer.step(model.parameters());
                for (TrainingListener l : listeners) {
                    l.onBatchEnd(epoch, b + 1, to - from, batchLoss);
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
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
            boolean goOn = true;
            for (TrainingListener l : listeners) {
                goOn &= l.onEpochEnd(result);
            }
            if (!goOn) {
                history.stopReason("stopped by a listener after epoch " + epoch);
                break;
            }
        }
        for (TrainingListener l : listeners) {
            l.onTrainEnd(history);
        }
        return history;
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
