package dev.chainrule.cli;

import dev.chainrule.data.DataOptions;
import dev.chainrule.data.DataSource;
import dev.chainrule.data.LoadedData;
import dev.chainrule.io.Json;
import dev.chainrule.loss.SoftmaxCrossEntropy;
import dev.chainrule.metrics.Accuracy;
import dev.chainrule.model.Sequential;
import dev.chainrule.optim.Sgd;
import dev.chainrule.tensor.Kernels;
import dev.chainrule.tensor.Tensor;
import dev.chainrule.train.EpochResult;
import dev.chainrule.train.History;
import dev.chainrule.train.Trainer;
import dev.chainrule.train.TrainingConfig;
import dev.chainrule.train.TrainingListener;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;

/**
 * {@code chainrule bench}: the end-to-end speed figures of issue 5, from the command a user has.
 * The reference scripts ({@code ../shared/bench}) train the same networks with the same settings;
 * {@code bench/compare.sh} runs both back to back and prints the ratios.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measure speed: one-example predict latency, or seconds per training epoch.",
        subcommands = {BenchCommand.Predict.class, BenchCommand.Train.class})
final class BenchCommand implements Runnable {

    @Override
    public void run() {
        throw new IllegalArgumentException("bench needs a subcommand: predict or train (see chainrule bench --help)");
    }

    /** 784-HIDDEN-10 with ReLU and softmax cross-entropy, as the reference scripts build it. */
    static Sequential network(int[] hidden, long seed) {
        Sequential.Builder b = Sequential.builder(784).seed(seed);
        for (int h : hidden) {
            if (h < 1) {
                throw new IllegalArgumentException("--hidden sizes must be at least 1, got " + h);
            }
            b.dense(h).relu();
        }
        return b.dense(10).loss(new SoftmaxCrossEntropy()).build();
    }

    static String name(int[] hidden) {
        StringBuilder sb = new StringBuilder("784");
        for (int h : hidden) {
            sb.append('-').append(h);
        }
        return sb.append("-10").toString();
    }

    static void print(PrintWriter out, Map<String, Object> figures, boolean json) {
        if (json) {
            out.println(Json.write(figures));
        } else {
            figures.forEach((k, v) -> out.printf(Locale.ROOT, "%-22s %s%n", k, v));
        }
        out.flush();
    }

    /** {@code chainrule bench predict}: median latency of {@code predict} on one example, after warm-up. */
    @Command(name = "predict", mixinStandardHelpOptions = true, showDefaultValues = true,
            description = "Median latency of predicting one example (784 pixels) with an untrained 784-HIDDEN-10 network.")
    static final class Predict implements Callable<Integer> {
        @Option(names = "--hidden", split = ",", defaultValue = "50", description = "hidden layer sizes")
        int[] hidden;

        @Option(names = "--calls", defaultValue = "100000", description = "timed calls (after as many warm-up calls again)")
        int calls;

        @Option(names = "--json", description = "print one JSON object")
        boolean json;

        @Mixin
        VerboseOption verbose;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            if (calls < 10) {
                throw new IllegalArgumentException("--calls must be at least 10, got " + calls);
            }
            Sequential model = network(hidden, 1);
            Random random = new Random(1);
            Tensor[] inputs = new Tensor[64];
            for (int i = 0; i < inputs.length; i++) {
                float[] x = new float[784];
                for (int j = 0; j < x.length; j++) {
                    x[j] = random.nextFloat();
                }
                inputs[i] = Tensor.wrap(x, 1, 784);
            }
            double sink = 0;
            for (int i = 0; i < 2 * calls; i++) {
                sink += model.predict(inputs[i & 63]).floats()[0];
            }
            long[] ns = new long[calls];
            for (int i = 0; i < calls; i++) {
                long t = System.nanoTime();
                Tensor p = model.predict(inputs[i & 63]);
                ns[i] = System.nanoTime() - t;
                sink += p.floats()[0];
            }
            Arrays.sort(ns);
            Map<String, Object> figures = new LinkedHashMap<>();
            figures.put("network", name(hidden));
            figures.put("predict_one_us", Math.round(ns[calls / 2] / 10.0) / 100.0);
            figures.put("p90_us", Math.round(ns[calls * 9 / 10] / 10.0) / 100.0);
            figures.put("calls", calls);
            figures.put("kernels", Kernels.active().toString());
            figures.put("checksum", Math.round(sink % 1000));
            print(spec.commandLine().getOut(), figures, json);
            return 0;
        }
    }

    /** {@code chainrule bench train}: seconds per epoch and test accuracy of the reference scripts' training run. */
    @Command(name = "train", mixinStandardHelpOptions = true, showDefaultValues = true,
            description = "Train 784-HIDDEN-10 (ReLU, softmax-ce, SGD lr 0.1, shuffled batches of 128), or a --network file,"
                + " as the reference"
                + " scripts do, and report seconds per epoch (data loading excluded) and test accuracy.")
    static final class Train implements Callable<Integer> {
        @Option(names = "--data", defaultValue = "fashion-mnist", description = "an image data set of 784 pixels")
        String data;

        @Option(names = "--hidden", split = ",", defaultValue = "50", description = "hidden layer sizes")
        int[] hidden;

        @Option(names = "--network", paramLabel = "FILE",
                description = "train this network file instead of 784-HIDDEN-10 (e.g. examples/networks/fashion-cnn.json,"
                        + " CNN-S of the reference script torch_cnn.py)")
        java.nio.file.Path network;

        @Option(names = "--lr", defaultValue = "0.1", description = "learning rate")
        double lr;

        @Option(names = "--momentum", defaultValue = "0", description = "SGD momentum (0.9 for CNN-S)")
        double momentum;

        @Option(names = "--epochs", defaultValue = "3", description = "epochs to time")
        int epochs;

        @Option(names = "--json", description = "print one JSON object")
        boolean json;

        @Mixin
        VerboseOption verbose;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws java.io.IOException {
            Kernels.active(); // start the kernels' warm-up while the data loads
            Sequential model = network == null ? network(hidden, 0)
                    : dev.chainrule.io.NetworkFile.load(network, dev.chainrule.tensor.DType.FLOAT32, 0);
            LoadedData loaded = DataSource.load(data, DataOptions.defaults());
            if (loaded.train().inputs() != model.inputs() || loaded.train().outputs() != model.outputs()) {
                throw new IllegalArgumentException("bench train needs " + model.inputs() + " inputs and " + model.outputs()
                        + " classes, " + loaded.name() + " has " + loaded.train().inputs() + " and "
                        + loaded.train().outputs());
            }
            AllocationMeter meter = new AllocationMeter();
            TrainingWarmUp.stop(); // the timed run starts: the warm-up gives the cores back
            long start = System.nanoTime();
            Sgd sgd = momentum == 0 ? new Sgd(lr) : Sgd.momentum(lr, momentum);
            History history = new Trainer(model, sgd, TrainingConfig.miniBatch(epochs, 128, 0))
                    .addListener(meter).fit(loaded.train());
            double seconds = (System.nanoTime() - start) / 1e9;
            double[] epochSeconds = history.epochs().stream().mapToDouble(EpochResult::seconds).toArray();
            double[] sorted = epochSeconds.clone();
            Arrays.sort(sorted);
            double accuracy = Accuracy.of(model.predict(loaded.test().features()), loaded.test().targets());
            Map<String, Object> figures = new LinkedHashMap<>();
            figures.put("impl", "chainrule");
            figures.put("network", network == null ? name(hidden)
                    : dev.chainrule.io.NetworkSpec.of(model, false).sizes());
            figures.put("dataset", loaded.name());
            figures.put("epochs", epochs);
            figures.put("seconds", round4(seconds));
            figures.put("seconds_per_epoch", round4(seconds / epochs));
            figures.put("median_epoch_seconds", round4(sorted[sorted.length / 2]));
            figures.put("epoch_seconds", Arrays.stream(epochSeconds).map(Train::round4).boxed().toList());
            figures.put("final_train_loss", round4(history.last().trainLoss()));
            figures.put("test_accuracy", round4(accuracy));
            figures.put("alloc_bytes_per_batch", Math.round(meter.bytesPerBatch * 10) / 10.0);
            figures.put("kernels", Kernels.active().toString());
            print(spec.commandLine().getOut(), figures, json);
            return 0;
        }

        private static double round4(double v) {
            return Math.round(v * 1e4) / 1e4;
        }
    }

    /**
     * Bytes allocated per batch in the steady state: from the end of each epoch's first batch to
     * the end of its last full batch, by the threads alive through all of it (HotSpot's
     * per-thread counters), divided by the batches in between; the last epoch's figure is kept.
     * The first batch and a short last one are left out because each sizes the buffers of a new
     * batch shape, once per run, so a one-epoch run measures its steady state too. A thread that
     * starts or ends in between (the kernels' warm-up) is left out, so the figure is never
     * negative.
     */
    static final class AllocationMeter implements TrainingListener {
        private final com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        private int batches;
        private long[] ids;
        private long[] startBytes;
        private int fullSize;
        double bytesPerBatch = Double.NaN;

        @Override
        public void onTrainStart(int epochs, int batchesPerEpoch) {
            batches = batchesPerEpoch;
        }

        @Override
        public void onBatchEnd(int epoch, int batch, int batchSize, double loss) {
            if (batch == 1) {
                ids = threads.getAllThreadIds();
                startBytes = threads.getThreadAllocatedBytes(ids);
                fullSize = batchSize;
            } else if (batch == batches - 1 || (batch == batches && batchSize == fullSize)) {
                long[] endBytes = threads.getThreadAllocatedBytes(ids);
                long sum = 0;
                for (int i = 0; i < ids.length; i++) {
                    if (startBytes[i] >= 0 && endBytes[i] >= 0) {
                        sum += endBytes[i] - startBytes[i];
                    }
                }
                bytesPerBatch = (double) sum / (batch - 1);
            }
        }
    }
}
