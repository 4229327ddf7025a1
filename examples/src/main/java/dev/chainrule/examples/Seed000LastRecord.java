package dev.chainrule.examples;

import dev.chainrule.data.CsvOptions;
import dev.chainrule.data.CsvTable;
import dev.chainrule.data.DataOptions;
import dev.chainrule.data.DataSource;
import dev.chainrule.data.Dataset;
import dev.chainrule.data.LoadedData;
import dev.chainrule.data.TabularPreprocessing;
import dev.chainrule.io.NetworkFile;
import dev.chainrule.metrics.Accuracy;
import dev.chainrule.model.Sequential;
import dev.chainrule.optim.Sgd;
import dev.chainrule.tensor.DType;
import dev.chainrule.train.LossIncreaseWarning;
import dev.chainrule.train.Trainer;
import dev.chainrule.train.TrainingConfig;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Seed 000's program, its printed lines digit for digit. From numpy's own split and initial
 * weights (prepared once by the seeds' {@code data_prep.py} steps and {@code np.random.seed(21)};
 * the folder holds them as {@code train.csv}, {@code test.csv} and {@code network.json}), 900
 * full-batch epochs in float64 at learning rate 0.005 print:
 *
 * <pre>
 * Train loss:  0.251357252426
 * Train loss:  0.249965407188
 * ...
 * Train loss:  0.240400679325
 * Prediction accuracy: 0.725
 * </pre>
 *
 * <p>The losses are the seed's "last record" figure, slip included: the seed measures the
 * network's output for the last training record against every target
 * ({@link LossIncreaseWarning#lastRecord}). The same run from the command line:
 * <pre>
 * chainrule train --data train.csv --target admit --test-data test.csv --network network.json \
 *     --batching full --dtype float64 --loss half-sse --lr 0.005 --epochs 900
 * </pre>
 *
 * <p>Run from the repository root: {@code java -cp core/target/classes:examples/target/classes
 * dev.chainrule.examples.Seed000LastRecord [fixture-folder]}.
 */
public final class Seed000LastRecord {
    /** The fixture folder, relative to the repository root. */
    public static final Path FIXTURE = Path.of("core/src/test/resources/admissions/seed000");
    static final int EPOCHS = 900;
    static final double LEARNING_RATE = 0.005;

    private Seed000LastRecord() {
    }

    /**
     * Trains the seed's network on the fixture in {@code folder}, printing the seed's eleven lines.
     *
     * @param folder the fixture folder
     * @param out    where the lines go
     * @return the trained network
     * @throws IOException when a fixture file cannot be read
     */
    public static Sequential run(Path folder, PrintStream out) throws IOException {
        LoadedData data = DataSource.load(folder.resolve("train.csv").toString(), DataOptions.defaults()
                .withTestFraction(0).withDtype(DType.FLOAT64)
                .withCsv(CsvOptions.target("admit").withTwoClassesAsOneColumn(true)));
        Dataset train = data.train();
        Dataset test = ((TabularPreprocessing) data.preprocessing())
                .dataset(CsvTable.read(folder.resolve("test.csv")), "test.csv", DType.FLOAT64);
        Sequential net = NetworkFile.load(folder.resolve("network.json"), DType.FLOAT64, 0);
        Trainer trainer = new Trainer(net, new Sgd(LEARNING_RATE), TrainingConfig.fullBatch(EPOCHS));
        trainer.addListener(LossIncreaseWarning.lastRecord(out, EPOCHS / 10, net, train));
        trainer.fit(train);
        double accuracy = Accuracy.of(net.predict(test.features()), test.targets());
        out.printf(Locale.ROOT, "Prediction accuracy: %.3f%n", accuracy);
        return net;
    }

    public static void main(String[] args) throws IOException {
        run(args.length > 0 ? Path.of(args[0]) : FIXTURE, System.out);
    }
}
