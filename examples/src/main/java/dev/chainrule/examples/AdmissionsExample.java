package dev.chainrule.examples;

import dev.chainrule.data.CsvOptions;
import dev.chainrule.data.DataOptions;
import dev.chainrule.data.DataSource;
import dev.chainrule.data.Dataset;
import dev.chainrule.data.LoadedData;
import dev.chainrule.init.Initializer;
import dev.chainrule.loss.HalfSumSquaredError;
import dev.chainrule.metrics.Accuracy;
import dev.chainrule.model.Sequential;
import dev.chainrule.optim.Sgd;
import dev.chainrule.tensor.DType;
import dev.chainrule.train.LossIncreaseWarning;
import dev.chainrule.train.Trainer;
import dev.chainrule.train.TrainingConfig;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Seeds 000, 002 and 004: graduate admissions ({@code binary.csv}) by a network trained with
 * backpropagation, full batch.
 *
 * <p>Data as the seeds' {@code data_prep.py}: {@code rank} one-hot ({@code rank_1..rank_4}),
 * {@code gre} and {@code gpa} standardized with the training part's mean and sample std, 10% held
 * out (stratified, seeded). Network: 6 inputs, 2 sigmoid hidden units, 1 sigmoid output, no
 * biases, all weights drawn from {@code N(0, (1/sqrt(n_features))^2)} with {@code n_features = 6}
 * (the seed uses this scale for both layers). Loss {@code 1/2 * sum (y - y_hat)^2} averaged over
 * the records (the seeds' error term {@code (y - y_hat) * y_hat * (1 - y_hat)}), one update per
 * epoch, 900 epochs, learning rate 0.005. Every 90 epochs it prints the training set's mean
 * squared error, with {@code WARNING - Loss Increasing} when it went up; then the held-out
 * accuracy with the seed's {@code out > 0.5}.
 *
 * <p>Run from the repository root: {@code java -cp core/target/classes:examples/target/classes
 * dev.chainrule.examples.AdmissionsExample [path/to/binary.csv] [seed]}.
 *
 * <p>With this small a learning rate and only 900 full-batch updates the network barely moves
 * from its start (the seed's own loss goes from 0.251 to 0.240), so its accuracy is mostly the
 * luck of the initial weights; {@link BetterAdmissions} is a configuration that learns.
 */
public final class AdmissionsExample {
    /** The admissions data kept in the repository (core's test resources), relative to the repository root. */
    public static final Path DEFAULT_DATA = Path.of("core/src/test/resources/admissions/binary.csv");
    /** The seeds' {@code np.random.seed(21)}. */
    public static final long SEED = 21;
    static final int HIDDEN = 2;
    static final int EPOCHS = 900;
    static final double LEARNING_RATE = 0.005;

    private AdmissionsExample() {
    }

    /** The seeds' columns: target {@code admit}, one-hot {@code rank}, standardized {@code gre} and {@code gpa}, one 0/1 target column. */
    public static CsvOptions columns() {
        return CsvOptions.target("admit").withCategorical(List.of("rank")).withStandardize(List.of("gre", "gpa"))
                .withTwoClassesAsOneColumn(true);
    }

    /** binary.csv with 10% held out, as the seeds' {@code data_prep.py}. */
    public static LoadedData load(Path csv, long seed) {
        return DataSource.load(csv.toString(), DataOptions.defaults().withTestFraction(0.1).withSeed(seed)
                .withDtype(DType.FLOAT64).withCsv(columns()));
    }

    /** The seeds' network: {@code features}-2-1, sigmoid, no biases, weights {@code N(0, 1/n_features)}. */
    public static Sequential network(int features, long seed) {
        Initializer init = Initializer.normal(1 / Math.sqrt(features));
        return Sequential.builder(features).dtype(DType.FLOAT64).seed(seed)
                .dense(HIDDEN, false, init).sigmoid()
                .dense(1, false, init).sigmoid()
                .loss(new HalfSumSquaredError())
                .build();
    }

    /** Trains the seeds' way on {@code data}, printing ten loss lines and the accuracy; returns the test accuracy. */
    public static double run(LoadedData data, long seed, PrintStream out) {
        Sequential net = network(data.train().inputs(), seed);
        Trainer trainer = new Trainer(net, new Sgd(LEARNING_RATE), TrainingConfig.fullBatch(EPOCHS));
        trainer.addListener(LossIncreaseWarning.meanSquaredError(out, EPOCHS / 10, net, data.train()));
        trainer.fit(data.train());
        double accuracy = Accuracy.of(net.predict(data.test().features()), data.test().targets());
        out.printf(Locale.ROOT, "Prediction accuracy: %.3f%n", accuracy);
        return accuracy;
    }

    /** Trains the seeds' way without printing; returns the accuracy on {@code test}. */
    public static double trainAndTest(Dataset train, Dataset test, long seed) {
        Sequential net = network(train.inputs(), seed);
        new Trainer(net, new Sgd(LEARNING_RATE), TrainingConfig.fullBatch(EPOCHS)).fit(train);
        return Accuracy.of(net.predict(test.features()), test.targets());
    }

    public static void main(String[] args) {
        Path csv = args.length > 0 ? Path.of(args[0]) : DEFAULT_DATA;
        long seed = args.length > 1 ? Long.parseLong(args[1]) : SEED;
        run(load(csv, seed), seed, System.out);
    }
}
