package dev.chainrule.spark;

import dev.chainrule.data.Dataset;
import dev.chainrule.layer.Parameter;
import dev.chainrule.loss.SoftmaxCrossEntropy;
import dev.chainrule.model.Sequential;
import dev.chainrule.optim.Optimizers;
import dev.chainrule.train.History;
import dev.chainrule.train.Trainer;
import dev.chainrule.train.TrainingConfig;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Synchronous mode on local[2] against the single-machine Trainer on the same batches: the same
 * weights to 1e-6 after two epochs, for plain SGD and for Adam (whose state stays on the driver).
 */
class SynchronousTrainingTest {
    /** 610 rows in batches of 50: 13 batches, the last one of 10, split unevenly over 2 partitions. */
    static final int ROWS = 610;
    static final int BATCH = 50;
    static final long SEED = 7;

    @Test
    void sgdEqualsTheLocalTrainer() {
        assertSameAsLocal("sgd");
    }

    @Test
    void adamEqualsTheLocalTrainer() {
        assertSameAsLocal("adam");
    }

    /** Five partitions on two cores finish in varying order; their sums are added in partition order. */
    @Test
    void fivePartitionsRepeatBitForBit() {
        org.apache.spark.sql.Dataset<Row> frame = LocalSpark.frame(Digits.train(ROWS), 5);
        ChainruleClassifier classifier = new ChainruleClassifier().setHiddenLayers(16).setEpochs(1)
                .setBatchSize(BATCH).setSeed(SEED).setOptimizer("adam");
        Sequential first = classifier.fit(frame).savedModel().model();
        Sequential second = classifier.fit(frame).savedModel().model();
        for (int i = 0; i < first.parameters().size(); i++) {
            assertArrayEquals(first.parameters().get(i).value().floats(), second.parameters().get(i).value().floats(),
                    "parameter " + i);
        }
    }

    private static void assertSameAsLocal(String optimizer) {
        Dataset train = Digits.train(ROWS);
        org.apache.spark.sql.Dataset<Row> frame = LocalSpark.frame(train, 2);
        ChainruleClassificationModel spark = new ChainruleClassifier().setHiddenLayers(16).setEpochs(2)
                .setBatchSize(BATCH).setSeed(SEED).setOptimizer(optimizer).fit(frame);

        Sequential local = Sequential.builder(64).seed(SEED).dense(16).relu().dense(10)
                .loss(new SoftmaxCrossEntropy()).build();
        History history = new Trainer(local, Optimizers.named(optimizer, Optimizers.defaultLearningRate(optimizer)),
                TrainingConfig.miniBatch(2, BATCH, SEED)).fit(train);

        double diff = maxDifference(local, spark.savedModel().model());
        System.out.printf("synchronous %s vs local Trainer: largest weight difference %.3g%n", optimizer, diff);
        assertTrue(diff <= 1e-6, optimizer + ": largest weight difference " + diff);
        double[] loss = spark.summary().objectiveHistory();
        assertEquals(2, loss.length);
        for (int e = 0; e < 2; e++) {
            assertEquals(history.epochs().get(e).trainLoss(), loss[e], 1e-6, "training loss of epoch " + (e + 1));
            assertEquals(history.epochs().get(e).trainAccuracy(), spark.summary().accuracyHistory()[e], 1e-12,
                    "training accuracy of epoch " + (e + 1));
        }
        assertEquals(2 * 13, spark.summary().totalIterations());
    }

    /** The largest absolute difference between two models' weights. */
    static double maxDifference(Sequential a, Sequential b) {
        List<Parameter> pa = a.parameters();
        List<Parameter> pb = b.parameters();
        assertEquals(pa.size(), pb.size());
        double max = 0;
        for (int i = 0; i < pa.size(); i++) {
            float[] x = pa.get(i).value().floats();
            float[] y = pb.get(i).value().floats();
            assertEquals(x.length, y.length);
            for (int k = 0; k < x.length; k++) {
                max = Math.max(max, Math.abs((double) x[k] - y[k]));
            }
        }
        return max;
    }
}
