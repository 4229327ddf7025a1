package dev.chainrule.spark.bench;

import dev.chainrule.data.BuiltinDataSets;
import dev.chainrule.data.DataLocator;
import dev.chainrule.data.DataOptions;
import dev.chainrule.data.DataSource;
import dev.chainrule.data.Dataset;
import dev.chainrule.data.IdxFolder;
import dev.chainrule.io.Json;
import dev.chainrule.layer.Parameter;
import dev.chainrule.loss.SoftmaxCrossEntropy;
import dev.chainrule.model.Sequential;
import dev.chainrule.optim.Optimizers;
import dev.chainrule.spark.ChainruleClassificationModel;
import dev.chainrule.spark.ChainruleClassifier;
import dev.chainrule.spark.examples.IdxFrames;
import dev.chainrule.train.Trainer;
import dev.chainrule.train.TrainingConfig;
import org.apache.spark.ml.classification.MultilayerPerceptronClassifier;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.Model;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One measurement of {@code bench/spark.sh} on Fashion-MNIST read into DataFrames
 * ({@link IdxFrames}, 2 partitions), printed as one JSON line on standard output:
 *
 * <ul>
 *   <li>{@code chainrule MASTER}: {@link ChainruleClassifier} in averaging mode; test accuracy and
 *       the seconds of {@code fit};</li>
 *   <li>{@code mlpc MASTER}: Spark's MultilayerPerceptronClassifier, layers [784, 50, 10], its
 *       defaults (L-BFGS, 100 iterations, block size 128), seed 1; the same figures;</li>
 *   <li>{@code sync MASTER ROWS EPOCHS}: synchronous mode against the single-machine Trainer on
 *       the same batches of the first ROWS training images, SGD and Adam; the largest weight
 *       difference.</li>
 * </ul>
 *
 * The chainrule settings come from system properties: {@code hidden} (50), {@code epochs} (20),
 * {@code optimizer} (adam), {@code lr} (the optimizer's default), {@code batch} (128),
 * {@code localSteps} (469: one averaging per epoch), {@code seed} (1).
 *
 * <p>Both classifiers are timed on the same cached DataFrames (read from the IDX files and
 * counted before the clock starts), so {@code seconds} is {@code fit} alone: for chainrule,
 * converting the rows into its cached float partitions, checking them, and training. With
 * {@code -Dwarmup=true} each measurement first runs an untimed short fit ({@link #WARM_UP}).
 */
public final class SparkBench {
    private static final int PARTITIONS = 2;
    /**
     * {@code -Dwarmup=true}: before the timed {@code fit}, one untimed short fit of the same
     * estimator on the same cached DataFrame (chainrule: 1 epoch; MLPC: 1 iteration), so that the
     * JIT has compiled the reading and training code: {@code seconds} is then the steady state of a
     * long-lived application's later fits.
     */
    private static final boolean WARM_UP = Boolean.getBoolean("warmup");

    private SparkBench() {
    }

    public static void main(String[] args) {
        if (args.length < 2) {
            System.err.println("usage: SparkBench chainrule|mlpc MASTER | sync MASTER ROWS EPOCHS");
            System.exit(2);
        }
        SparkSession spark = SparkSession.builder().master(args[1]).appName("chainrule bench: " + args[0])
                .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.ui.enabled", "false").getOrCreate();
        try {
            Map<String, Object> result = switch (args[0]) {
                case "chainrule" -> chainrule(spark);
                case "mlpc" -> mlpc(spark);
                case "sync" -> sync(spark, Integer.parseInt(args[2]), Integer.parseInt(args[3]));
                default -> throw new IllegalArgumentException("unknown measurement " + args[0]);
            };
            result.put("master", args[1]);
            System.out.println(Json.write(result));
        } finally {
            spark.stop();
        }
    }

    private static ChainruleClassifier classifier() {
        String optimizer = System.getProperty("optimizer", "adam");
        return new ChainruleClassifier()
                .setHiddenLayers(Integer.getInteger("hidden", 50))
                .setOptimizer(optimizer)
                .setLearningRate(Double.parseDouble(System.getProperty("lr",
                        Double.toString(Optimizers.defaultLearningRate(optimizer)))))
                .setBatchSize(Integer.getInteger("batch", 128))
                .setEpochs(Integer.getInteger("epochs", 20))
                .setSeed(Long.getLong("seed", 1L))
                .setMode("averaging").setLocalSteps(Integer.getInteger("localSteps", 469));
    }

    private static Map<String, Object> chainrule(SparkSession spark) {
        org.apache.spark.sql.Dataset<Row>[] data = cached(fashion(spark, Integer.MAX_VALUE));
        ChainruleClassifier classifier = classifier();
        if (WARM_UP) {
            classifier().setEpochs(1).fit(data[0]);
        }
        long start = System.nanoTime();
        ChainruleClassificationModel model = classifier.fit(data[0]);
        double seconds = (System.nanoTime() - start) / 1e9;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("what", "chainrule");
        m.put("warm_up", WARM_UP);
        m.put("accuracy", accuracy(model, data[1]));
        m.put("seconds", seconds);
        m.put("network", "784-" + classifier.getHiddenLayers()[0] + "-10 relu, softmax-ce");
        m.put("settings", classifier.getOptimizer() + " lr " + classifier.getLearningRate() + ", batch "
                + classifier.getBatchSize() + ", " + classifier.getEpochs() + " epochs, averaging every "
                + classifier.getLocalSteps() + " steps");
        m.put("final_train_loss", model.summary().objectiveHistory()[classifier.getEpochs() - 1]);
        return m;
    }

    private static Map<String, Object> mlpc(SparkSession spark) {
        org.apache.spark.sql.Dataset<Row>[] data = cached(fashion(spark, Integer.MAX_VALUE));
        MultilayerPerceptronClassifier mlpc = new MultilayerPerceptronClassifier()
                .setLayers(new int[] {784, 50, 10}).setSeed(1L);
        if (WARM_UP) {
            new MultilayerPerceptronClassifier().setLayers(new int[] {784, 50, 10}).setSeed(1L).setMaxIter(1)
                    .fit(data[0]);
        }
        long start = System.nanoTime();
        Model<?> model = mlpc.fit(data[0]);
        double seconds = (System.nanoTime() - start) / 1e9;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("what", "mlpc");
        m.put("warm_up", WARM_UP);
        m.put("accuracy", accuracy(model, data[1]));
        m.put("seconds", seconds);
        m.put("settings", "layers [784, 50, 10], " + mlpc.getSolver() + ", maxIter " + mlpc.getMaxIter()
                + ", blockSize " + mlpc.getBlockSize());
        return m;
    }

    private static Map<String, Object> sync(SparkSession spark, int rows, int epochs) {
        org.apache.spark.sql.Dataset<Row> frame = fashion(spark, rows)[0];
        int[] first = new int[rows];
        for (int i = 0; i < rows; i++) {
            first[i] = i;
        }
        Dataset local = DataSource.load("fashion-mnist", DataOptions.defaults()).train().subset("first", first);
        double max = 0;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("what", "sync");
        for (String optimizer : List.of("sgd", "adam")) {
            double lr = Optimizers.defaultLearningRate(optimizer);
            ChainruleClassificationModel distributed = new ChainruleClassifier().setHiddenLayers(50)
                    .setOptimizer(optimizer).setLearningRate(lr).setBatchSize(128).setEpochs(epochs).setSeed(1)
                    .setMode("synchronous").fit(frame);
            Sequential single = Sequential.builder(784).seed(1).dense(50).relu().dense(10)
                    .loss(new SoftmaxCrossEntropy()).build();
            new Trainer(single, Optimizers.named(optimizer, lr), TrainingConfig.miniBatch(epochs, 128, 1)).fit(local);
            double diff = maxDifference(single, distributed.savedModel().model());
            m.put(optimizer + "_max_diff", diff);
            max = Math.max(max, diff);
        }
        m.put("sync_max_diff", max);
        m.put("rows", rows);
        m.put("epochs", epochs);
        return m;
    }

    /** Fashion-MNIST's training (first {@code rows}) and test images as DataFrames of 2 partitions. */
    @SuppressWarnings("unchecked")
    private static org.apache.spark.sql.Dataset<Row>[] fashion(SparkSession spark, int rows) {
        Path folder = DataLocator.locate(BuiltinDataSets.FASHION_MNIST, DataOptions.defaults());
        List<String> classes = BuiltinDataSets.FASHION_MNIST.classNames();
        return new org.apache.spark.sql.Dataset[] {
            IdxFrames.read(spark, IdxFolder.find(folder, IdxFolder.FILES.get(0)),
                    IdxFolder.find(folder, IdxFolder.FILES.get(1)), classes, PARTITIONS, rows),
            IdxFrames.read(spark, IdxFolder.find(folder, IdxFolder.FILES.get(2)),
                    IdxFolder.find(folder, IdxFolder.FILES.get(3)), classes, PARTITIONS)};
    }

    /** The frames cached and counted (read from the files once, before any timing). */
    private static org.apache.spark.sql.Dataset<Row>[] cached(org.apache.spark.sql.Dataset<Row>[] frames) {
        for (int i = 0; i < frames.length; i++) {
            frames[i] = frames[i].cache();
            frames[i].count();
        }
        return frames;
    }

    private static double accuracy(Model<?> model, org.apache.spark.sql.Dataset<Row> test) {
        return new MulticlassClassificationEvaluator().setMetricName("accuracy").evaluate(model.transform(test));
    }

    private static double maxDifference(Sequential a, Sequential b) {
        List<Parameter> pa = a.parameters();
        List<Parameter> pb = b.parameters();
        double max = 0;
        for (int i = 0; i < pa.size(); i++) {
            float[] x = pa.get(i).value().floats();
            float[] y = pb.get(i).value().floats();
            for (int k = 0; k < x.length; k++) {
                max = Math.max(max, Math.abs((double) x[k] - y[k]));
            }
        }
        return max;
    }
}
