package dev.chainrule.cli.report;

import dev.chainrule.data.Dataset;
import dev.chainrule.metrics.Accuracy;
import dev.chainrule.model.Sequential;
import dev.chainrule.tensor.Tensor;
import dev.chainrule.train.Callback;
import dev.chainrule.train.History;
import dev.chainrule.train.Resumable;
import dev.chainrule.train.TrainingRun;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Records what a report draws beyond the {@link History}: every batch's loss, accuracy and learning rate,
 * and, when the epochs validate on a part of the training set, the test loss and accuracy after
 * each epoch. Attached only when a report is asked for. It reads the model on its pure inference
 * path only, so training gives the same weights with it as without. A checkpoint keeps what it
 * recorded ({@link Resumable}), so the report of a resumed run draws the whole run.
 */
public final class RunRecorder implements Callback, Resumable {
    /** Its name in a checkpoint. */
    public static final String STATE_NAME = "report_recorder";

    private final Sequential model;
    private final Dataset test;
    private double[] batchLoss = new double[256];
    private double[] batchRate = new double[256];
    private double[] batchAccuracy = new double[256];
    private int batches;
    private int batchesPerEpoch;
    private double[] testLoss = new double[16];
    private double[] testAccuracy = new double[16];
    private int epochs;
    private long firstEpochExamples;
    /** Rows counted right so far in the current epoch, as the trainer's epoch accuracy gives them. */
    private long correctSoFar;

    /**
     * @param test the test part to measure after each epoch, or null when the epochs' validation
     *             already is the test part (or nothing is held out)
     */
    public RunRecorder(Sequential model, Dataset test) {
        this.model = model;
        this.test = test;
    }

    @Override
    public void onTrainStart(TrainingRun run) {
        this.batchesPerEpoch = run.batchesPerEpoch();
    }

    @Override
    public void onBatchEnd(TrainingRun run) {
        if (batches == batchLoss.length) {
            batchLoss = Arrays.copyOf(batchLoss, 2 * batches);
            batchRate = Arrays.copyOf(batchRate, 2 * batches);
            batchAccuracy = Arrays.copyOf(batchAccuracy, 2 * batches);
        }
        if (run.epoch() == 1) {
            firstEpochExamples += run.batchRows();
        }
        batchLoss[batches] = run.batchLoss();
        batchRate[batches] = run.learningRate();
        batchAccuracy[batches] = batchAccuracy(run);
        batches++;
    }

    @Override
    public void onEpochEnd(TrainingRun run) {
        if (test != null) {
            if (epochs == testLoss.length) {
                testLoss = Arrays.copyOf(testLoss, 2 * epochs);
                testAccuracy = Arrays.copyOf(testAccuracy, 2 * epochs);
            }
            Tensor raw = model.predictRaw(test.features());
            testLoss[epochs] = model.loss().value(raw, test.targets());
            if (test.isClassification()) {
                model.loss().probabilities(raw, raw);
                testAccuracy[epochs] = Accuracy.of(raw, test.targets());
            } else {
                testAccuracy[epochs] = Double.NaN;
            }
        }
        epochs++;
    }

    /**
     * The share of the batch's rows whose predicted class is the true one (NaN for numeric
     * targets), from the trainer's running count for the epoch: no second pass over the predictions.
     */
    private double batchAccuracy(TrainingRun run) {
        double epochAccuracy = run.epochAccuracy();
        if (Double.isNaN(epochAccuracy)) {
            return Double.NaN;
        }
        if (run.batch() == 1) {
            correctSoFar = 0;
        }
        long correct = Math.round(epochAccuracy * run.epochRows());
        double accuracy = (double) (correct - correctSoFar) / run.batchRows();
        correctSoFar = correct;
        return accuracy;
    }

    @Override
    public String stateName() {
        return STATE_NAME;
    }

    @Override
    public void saveState(Map<String, Object> values, Map<String, Tensor> tensors) {
        values.put("batches", batches);
        values.put("epochs", epochs);
        values.put("first_epoch_examples", firstEpochExamples);
        values.put("correct_so_far", correctSoFar);
        if (batches > 0) {
            tensors.put("batch_loss", Tensor.wrap(Arrays.copyOf(batchLoss, batches), new int[] {1, batches}));
            tensors.put("batch_rate", Tensor.wrap(Arrays.copyOf(batchRate, batches), new int[] {1, batches}));
            if (!Double.isNaN(batchAccuracy[0])) { // numeric targets have none, and a checkpoint holds finite numbers
                tensors.put("batch_accuracy", Tensor.wrap(Arrays.copyOf(batchAccuracy, batches), new int[] {1, batches}));
            }
        }
        if (test != null) {
            values.put("test_loss", list(testLoss, epochs));
            values.put("test_accuracy", list(testAccuracy, epochs));
        }
    }

    @Override
    public void restoreState(Map<String, Object> values, Map<String, Tensor> tensors, TrainingRun run) {
        batches = ((Number) values.get("batches")).intValue();
        epochs = ((Number) values.get("epochs")).intValue();
        firstEpochExamples = ((Number) values.get("first_epoch_examples")).longValue();
        correctSoFar = ((Number) values.get("correct_so_far")).longValue();
        int capacity = Math.max(256, batches);
        batchLoss = Arrays.copyOf(doubles(tensors.get("batch_loss"), batches), capacity);
        batchRate = Arrays.copyOf(doubles(tensors.get("batch_rate"), batches), capacity);
        batchAccuracy = new double[capacity];
        if (tensors.containsKey("batch_accuracy")) {
            System.arraycopy(doubles(tensors.get("batch_accuracy"), batches), 0, batchAccuracy, 0, batches);
        } else {
            Arrays.fill(batchAccuracy, 0, batches, Double.NaN);
        }
        testLoss = new double[Math.max(16, epochs)];
        testAccuracy = new double[Math.max(16, epochs)];
        if (test != null) {
            List<?> loss = (List<?>) values.get("test_loss");
            List<?> accuracy = (List<?>) values.get("test_accuracy");
            if (loss == null || loss.size() != epochs || accuracy == null || accuracy.size() != epochs) {
                throw new IllegalArgumentException("cannot resume: the checkpoint's report has no test figures per epoch"
                        + " (the interrupted run measured its epochs on another part)");
            }
            for (int e = 0; e < epochs; e++) {
                testLoss[e] = number(loss.get(e));
                testAccuracy[e] = number(accuracy.get(e));
            }
        }
    }

    private static List<Object> list(double[] values, int n) {
        List<Object> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(values[i]);
        }
        return out;
    }

    private static double[] doubles(Tensor t, int n) {
        double[] out = new double[n];
        if (n > 0 && (t == null || t.size() != n)) {
            throw new IllegalArgumentException("cannot resume: the checkpoint's report lacks the curve of its " + n
                    + " batches");
        }
        for (int i = 0; i < n; i++) {
            out[i] = t.getFlat(i);
        }
        return out;
    }

    /** A JSON number, or NaN for the null that JSON writes for NaN. */
    private static double number(Object o) {
        return o == null ? Double.NaN : ((Number) o).doubleValue();
    }

    /**
     * The curves of the run so far.
     *
     * @param validationName what the epochs' validation columns measured ("validation" or "test"),
     *                       or null when nothing was validated
     */
    public TrainingReport.Curves curves(History history, String validationName) {
        int n = history.epochs().size();
        double[] tl = test == null ? null : Arrays.copyOf(testLoss, Math.min(n, epochs));
        double[] ta = test == null || !test.isClassification() ? null : Arrays.copyOf(testAccuracy, Math.min(n, epochs));
        return new TrainingReport.Curves(history.epochs(), validationName, tl, ta, Arrays.copyOf(batchLoss, batches),
                Arrays.copyOf(batchAccuracy, batches), Arrays.copyOf(batchRate, batches), batchesPerEpoch,
                firstEpochExamples);
    }

    /** Training examples in the first epoch (a full pass, or the sampled batches). */
    public long examplesPerEpoch() {
        return firstEpochExamples;
    }
}
