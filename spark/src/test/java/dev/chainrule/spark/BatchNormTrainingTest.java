package dev.chainrule.spark;

import dev.chainrule.data.Dataset;
import dev.chainrule.io.NetworkFile;
import dev.chainrule.metrics.Accuracy;
import dev.chainrule.model.Sequential;
import dev.chainrule.optim.Optimizers;
import dev.chainrule.tensor.DType;
import dev.chainrule.tensor.Tensor;
import dev.chainrule.train.Trainer;
import dev.chainrule.train.TrainingConfig;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A network with batch normalization trains in both modes, and its running statistics travel:
 * on one partition synchronous mode is the local Trainer, running statistics included; on two,
 * averaging with K = 1 and SGD is synchronous mode, running statistics included; and in both
 * modes the trained model predicts (from its running statistics) about as well as the local
 * Trainer's.
 */
class BatchNormTrainingTest {
    static final String NETWORK = """
            {"input": 64,
             "layers": [{"dense": 16}, {"batchnorm": {}}, {"activation": "relu"}, {"dense": 10}],
             "loss": "softmax-ce"}
            """;
    static final int ROWS = SynchronousTrainingTest.ROWS;
    static final int BATCH = SynchronousTrainingTest.BATCH;
    static final long SEED = SynchronousTrainingTest.SEED;

    @TempDir
    static Path dir;
    static Path network;

    @BeforeAll
    static void writeNetwork() throws IOException {
        network = Files.writeString(dir.resolve("bn.json"), NETWORK);
    }

    static ChainruleClassifier classifier() {
        return new ChainruleClassifier().setNetworkFile(network.toString()).setEpochs(2).setBatchSize(BATCH)
                .setSeed(SEED).setLearningRate(0.1);
    }

    static Sequential trainedLocally(Dataset train, int epochs) throws IOException {
        Sequential local = NetworkFile.read(network).build(DType.FLOAT32, SEED);
        new Trainer(local, Optimizers.named("sgd", 0.1), TrainingConfig.miniBatch(epochs, BATCH, SEED)).fit(train);
        return local;
    }

    @Test
    void synchronousOnOnePartitionIsTheLocalTrainerRunningStatisticsIncluded() throws IOException {
        Dataset train = Digits.train(ROWS);
        ChainruleClassificationModel spark = classifier().setMode("synchronous").fit(LocalSpark.frame(train, 1));
        Sequential local = trainedLocally(train, 2);
        double diff = maxStateDifference(local, spark.savedModel().model());
        System.out.printf("batch norm, synchronous on 1 partition vs local Trainer: largest state difference %.3g%n",
                diff);
        assertTrue(diff <= 1e-6, "largest difference of weights or running statistics " + diff);
        assertMoved(spark.savedModel().model());
    }

    @Test
    void averagingWithOneStepIsSynchronousRunningStatisticsIncluded() {
        org.apache.spark.sql.Dataset<Row> frame = LocalSpark.frame(Digits.train(ROWS), 2);
        Sequential synchronous = classifier().setMode("synchronous").fit(frame).savedModel().model();
        Sequential averaging = classifier().setMode("averaging").setLocalSteps(1).fit(frame).savedModel().model();
        double diff = maxStateDifference(synchronous, averaging);
        System.out.printf("batch norm, averaging (K = 1, SGD) vs synchronous on 2 partitions: largest state"
                + " difference %.3g%n", diff);
        assertTrue(diff <= 1e-6, "largest difference of weights or running statistics " + diff);
        assertMoved(synchronous);
    }

    @Test
    void bothModesPredictFromTheirRunningStatisticsAsWellAsTheLocalTrainer() throws IOException {
        Dataset train = Digits.train(ROWS);
        org.apache.spark.sql.Dataset<Row> frame = LocalSpark.frame(train, 2);
        org.apache.spark.sql.Dataset<Row> test = LocalSpark.frame(Digits.test(), 2);
        Sequential local = trainedLocally(train, 5);
        Dataset testSet = Digits.test().to(DType.FLOAT32);
        double localAccuracy = Accuracy.of(local.predict(testSet.features()), testSet.targets());
        for (ChainruleClassifier c : List.of(classifier().setEpochs(5).setMode("synchronous"),
                classifier().setEpochs(5).setMode("averaging").setLocalSteps(4))) {
            ChainruleClassificationModel model = c.fit(frame);
            double accuracy = new MulticlassClassificationEvaluator().setMetricName("accuracy")
                    .evaluate(model.transform(test));
            System.out.printf("batch norm, %s on 2 partitions: test accuracy %.4f (local Trainer %.4f), training"
                    + " loss %s%n", c.getMode(), accuracy, localAccuracy,
                    java.util.Arrays.toString(model.summary().objectiveHistory()));
            assertMoved(model.savedModel().model());
            assertTrue(accuracy > localAccuracy - 0.03, c.getMode() + ": test accuracy " + accuracy
                    + ", local Trainer " + localAccuracy);
        }
    }

    /** The running statistics left their start (mean 0, variance 1): they were trained, not dropped. */
    static void assertMoved(Sequential model) {
        List<Tensor> buffers = List.copyOf(model.buffers().values());
        assertEquals(2, buffers.size());
        double moved = 0;
        for (int i = 0; i < buffers.size(); i++) {
            for (int k = 0; k < buffers.get(i).size(); k++) {
                moved = Math.max(moved, Math.abs(buffers.get(i).getFlat(k) - (i == 0 ? 0 : 1)));
            }
        }
        assertTrue(moved > 0.1, "running statistics still at their start (largest change " + moved + ")");
    }

    /** The largest absolute difference between two models' weights and buffers ({@link Sequential#copyState}). */
    static double maxStateDifference(Sequential a, Sequential b) {
        List<Tensor> sa = a.copyState();
        List<Tensor> sb = b.copyState();
        assertEquals(sa.size(), sb.size());
        double max = 0;
        for (int i = 0; i < sa.size(); i++) {
            assertEquals(sa.get(i).size(), sb.get(i).size());
            for (int k = 0; k < sa.get(i).size(); k++) {
                max = Math.max(max, Math.abs(sa.get(i).getFlat(k) - sb.get(i).getFlat(k)));
            }
        }
        return max;
    }
}
