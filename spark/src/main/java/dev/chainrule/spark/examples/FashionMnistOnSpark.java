package dev.chainrule.spark.examples;

import dev.chainrule.data.BuiltinDataSets;
import dev.chainrule.data.DataLocator;
import dev.chainrule.data.DataOptions;
import dev.chainrule.data.IdxFolder;
import dev.chainrule.spark.ChainruleClassificationModel;
import dev.chainrule.spark.ChainruleClassifier;
import dev.chainrule.spark.TrainingSummary;
import org.apache.spark.SparkConf;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * A first run of chainrule on Spark: Fashion-MNIST read into DataFrames, a 784-50-10 network
 * trained with {@link ChainruleClassifier} in averaging mode, evaluated on the test images, and
 * saved (Spark's ML persistence, with chainrule's model file inside).
 *
 * <p>Started with no master it runs {@code local[*]} itself; under {@code spark-submit} it uses
 * the master it is given. Arguments (all optional): the folder to save the model in (default
 * {@code fashion-spark-model}), the epochs (default 5). Fashion-MNIST is found or downloaded as
 * {@code chainrule train --data fashion-mnist} finds it ({@code $CHAINRULE_DATA},
 * {@code /usr/share/datasets}, the user cache); executors read it at the same path.
 */
public final class FashionMnistOnSpark {
    private FashionMnistOnSpark() {
    }

    public static void main(String[] args) throws IOException {
        String out = args.length > 0 ? args[0] : "fashion-spark-model";
        int epochs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        SparkSession.Builder builder = SparkSession.builder().appName("chainrule: Fashion-MNIST on Spark");
        if (!new SparkConf().contains("spark.master")) {
            builder.master("local[*]").config("spark.ui.enabled", "false");
        }
        SparkSession spark = builder.getOrCreate();
        spark.sparkContext().setLogLevel("WARN");
        try {
            Path folder = DataLocator.locate(BuiltinDataSets.FASHION_MNIST, DataOptions.defaults());
            List<String> classes = BuiltinDataSets.FASHION_MNIST.classNames();
            int partitions = spark.sparkContext().defaultParallelism();
            Dataset<Row> train = IdxFrames.read(spark, IdxFolder.find(folder, IdxFolder.FILES.get(0)),
                    IdxFolder.find(folder, IdxFolder.FILES.get(1)), classes, partitions);
            Dataset<Row> test = IdxFrames.read(spark, IdxFolder.find(folder, IdxFolder.FILES.get(2)),
                    IdxFolder.find(folder, IdxFolder.FILES.get(3)), classes, partitions);
            System.out.printf(Locale.ROOT, "Fashion-MNIST from %s: training on %d partitions (%s)%n", folder, partitions,
                    spark.sparkContext().master());

            ChainruleClassifier classifier = new ChainruleClassifier()
                    .setHiddenLayers(50)
                    .setOptimizer("sgd").setLearningRate(0.1)
                    .setBatchSize(128).setEpochs(epochs).setSeed(1)
                    .setMode("averaging").setLocalSteps(50);
            ChainruleClassificationModel model = classifier.fit(train);

            TrainingSummary summary = model.summary();
            for (int e = 0; e < summary.epochs(); e++) {
                System.out.printf(Locale.ROOT, "epoch %d: train loss %.4f, accuracy %.4f, %.2f s%n", e + 1,
                        summary.objectiveHistory()[e], summary.accuracyHistory()[e], summary.secondsHistory()[e]);
            }
            double accuracy = new MulticlassClassificationEvaluator().setMetricName("accuracy")
                    .evaluate(model.transform(test));
            System.out.printf(Locale.ROOT, "test accuracy %.4f (%d test images)%n", accuracy, test.count());
            model.transform(test).select("label", "prediction", "probability").show(3, 60);

            model.write().overwrite().save(out);
            System.out.printf("saved the model in %s/ (Spark ML); chainrule's model file is %s/data/model.chainrule:%n"
                    + "  ./chainrule evaluate --model %s/data/model.chainrule --data fashion-mnist%n", out, out, out);
        } finally {
            spark.stop();
        }
    }
}
