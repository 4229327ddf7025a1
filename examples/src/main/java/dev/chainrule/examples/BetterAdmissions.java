package dev.chainrule.examples;

import dev.chainrule.data.CsvTable;
import dev.chainrule.data.Dataset;
import dev.chainrule.data.Split;
import dev.chainrule.data.TabularPreprocessing;
import dev.chainrule.loss.BinaryCrossEntropyWithLogits;
import dev.chainrule.metrics.Accuracy;
import dev.chainrule.model.Sequential;
import dev.chainrule.optim.Sgd;
import dev.chainrule.tensor.DType;
import dev.chainrule.train.Batching;
import dev.chainrule.train.Trainer;
import dev.chainrule.train.TrainingConfig;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * A configuration for the admissions data that learns, and its check by stratified k-fold
 * cross-validation.
 *
 * <p>The seeds' network (see {@link AdmissionsExample}) cannot fit this data as set up: no
 * biases, so a standardized applicant at the mean is pushed to exactly 0.5; learning rate 0.005
 * for 900 full-batch updates, so the weights barely leave their random start. The configuration
 * here changes what the diagnosis points at and keeps the rest:
 *
 * <ul>
 *   <li>biases in both dense layers;</li>
 *   <li>{@value #HIDDEN} tanh hidden units, one output read through the sigmoid by the loss,
 *       binary cross-entropy from logits ({@code bce}), so the output gradient is
 *       {@code (p - y) / batch} and does not vanish when the sigmoid saturates;</li>
 *   <li>learning rate {@value #LEARNING_RATE}, {@value #EPOCHS} epochs of shuffled mini-batches
 *       of {@value #BATCH}: many more and larger steps than 900 steps of 0.005.</li>
 * </ul>
 *
 * The data preparation is the seeds' (one-hot rank, standardized gre and gpa), fitted on each
 * training part. On this data logistic regression reaches about 0.70 in 10-fold CV and the
 * majority class 0.685; the admissions data holds little more than that, so the bar is "as good as
 * logistic regression", and a larger network only overfits.
 */
public final class BetterAdmissions {
    static final int HIDDEN = 4;
    static final double LEARNING_RATE = 0.05;
    static final int EPOCHS = 60;
    static final int BATCH = 32;

    private BetterAdmissions() {
    }

    /** The network: {@code features}-{@value #HIDDEN}-1, tanh, biases, default (Xavier) initial weights, bce from logits. */
    public static Sequential network(int features, long seed) {
        return Sequential.builder(features).dtype(DType.FLOAT64).seed(seed)
                .dense(HIDDEN).tanh()
                .dense(1)
                .loss(new BinaryCrossEntropyWithLogits())
                .build();
    }

    /** Trains the configuration on {@code train} and returns its accuracy on {@code test}. */
    public static double trainAndTest(Dataset train, Dataset test, long seed) {
        Sequential net = network(train.inputs(), seed);
        new Trainer(net, new Sgd(LEARNING_RATE), new TrainingConfig(EPOCHS, BATCH, Batching.SHUFFLED, seed)).fit(train);
        return Accuracy.of(net.predict(test.features()), test.targets());
    }

    /**
     * Mean accuracy of stratified {@code folds}-fold cross-validation: the rows of each class are
     * shuffled (seeded) and dealt to the folds in turn; each fold is tested once by a network
     * trained on the others, with the preprocessing fitted on those others.
     */
    public static double crossValidate(CsvTable table, int folds, long seed) {
        return crossValidate(table, folds, seed, BetterAdmissions::trainAndTest);
    }

    /** What is cross-validated: train on the first set, return the accuracy on the second. */
    @FunctionalInterface
    public interface Experiment {
        double trainAndTest(Dataset train, Dataset test, long seed);
    }

    /** {@link #crossValidate(CsvTable, int, long)} of any experiment. */
    public static double crossValidate(CsvTable table, int folds, long seed, Experiment experiment) {
        int[] fold = folds(table, folds, seed);
        double sum = 0;
        for (int k = 0; k < folds; k++) {
            List<Integer> train = new ArrayList<>();
            List<Integer> test = new ArrayList<>();
            for (int r = 0; r < fold.length; r++) {
                (fold[r] == k ? test : train).add(r);
            }
            int[] trainRows = train.stream().mapToInt(Integer::intValue).toArray();
            int[] testRows = test.stream().mapToInt(Integer::intValue).toArray();
            TabularPreprocessing prep = TabularPreprocessing.fit(table, trainRows, AdmissionsExample.columns());
            sum += experiment.trainAndTest(prep.dataset(table, trainRows, "train", DType.FLOAT64),
                    prep.dataset(table, testRows, "test", DType.FLOAT64), seed + k);
        }
        return sum / folds;
    }

    /** The fold of each row, stratified by the {@code admit} value. */
    static int[] folds(CsvTable table, int folds, long seed) {
        int col = table.indexOf("admit");
        List<List<Integer>> byClass = new ArrayList<>(List.of(new ArrayList<>(), new ArrayList<>()));
        for (int r = 0; r < table.size(); r++) {
            byClass.get(table.field(r, col).strip().equals("1") ? 1 : 0).add(r);
        }
        Random random = new Random(seed);
        int[] fold = new int[table.size()];
        int next = 0;
        for (List<Integer> rows : byClass) {
            Collections.shuffle(rows, random);
            for (int r : rows) {
                fold[r] = next++ % folds;
            }
        }
        return fold;
    }

    /** Prints the 10-fold CV accuracy for seeds 1..5 and their mean, for this configuration and the seeds'. */
    public static void main(String[] args) {
        Path csv = args.length > 0 ? Path.of(args[0]) : AdmissionsExample.DEFAULT_DATA;
        CsvTable table = CsvTable.read(csv);
        int seeds = 5;
        double better = 0;
        double seeds000 = 0;
        for (long seed = 1; seed <= seeds; seed++) {
            double acc = crossValidate(table, 10, seed);
            double seedAcc = crossValidate(table, 10, seed, AdmissionsExample::trainAndTest);
            better += acc;
            seeds000 += seedAcc;
            System.out.printf(Locale.ROOT, "seed %d: 10-fold CV accuracy %.3f (the seeds' configuration: %.3f)%n", seed, acc, seedAcc);
        }
        System.out.printf(Locale.ROOT, "mean over %d seeds: %.3f (the seeds' configuration: %.3f)%n", seeds, better / seeds, seeds000 / seeds);
    }
}
