package dev.chainrule.spark;

import dev.chainrule.data.Dataset;
import dev.chainrule.loss.SoftmaxCrossEntropy;
import dev.chainrule.model.Sequential;
import dev.chainrule.optim.Optimizers;
import dev.chainrule.train.Trainer;
import dev.chainrule.train.TrainingConfig;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Averaging mode: with one local step and plain SGD it is synchronous mode; on one partition its
 * rounds hand the optimizer's state on (exported, averaged over one, imported), so Adam over
 * rounds of 4 steps is the single-machine Trainer's Adam; over two partitions Adam's averaged
 * state trains.
 */
class AveragingTrainingTest {

    static ChainruleClassifier classifier() {
        return new ChainruleClassifier().setHiddenLayers(16).setEpochs(2)
                .setBatchSize(SynchronousTrainingTest.BATCH).setSeed(SynchronousTrainingTest.SEED);
    }

    @Test
    void oneLocalStepOfSgdEqualsSynchronous() {
        org.apache.spark.sql.Dataset<Row> frame = LocalSpark.frame(Digits.train(SynchronousTrainingTest.ROWS), 2);
        ChainruleClassificationModel synchronous = classifier().setMode("synchronous").fit(frame);
        ChainruleClassificationModel averaging = classifier().setMode("averaging").setLocalSteps(1).fit(frame);
        double diff = SynchronousTrainingTest.maxDifference(synchronous.savedModel().model(),
                averaging.savedModel().model());
        System.out.printf("averaging (K = 1, SGD) vs synchronous: largest weight difference %.3g%n", diff);
        assertTrue(diff <= 1e-6, "largest weight difference " + diff);
        for (int e = 0; e < 2; e++) {
            assertEquals(synchronous.summary().objectiveHistory()[e], averaging.summary().objectiveHistory()[e], 1e-6);
        }
        assertEquals(26, averaging.summary().rounds());
    }

    @Test
    void adamStateCarriesOverRoundsOnOnePartition() {
        Dataset train = Digits.train(SynchronousTrainingTest.ROWS);
        ChainruleClassificationModel averaging = classifier().setOptimizer("adam").setMode("averaging")
                .setLocalSteps(4).fit(LocalSpark.frame(train, 1));
        Sequential local = Sequential.builder(64).seed(SynchronousTrainingTest.SEED).dense(16).relu().dense(10)
                .loss(new SoftmaxCrossEntropy()).build();
        new Trainer(local, Optimizers.named("adam", 0.001),
                TrainingConfig.miniBatch(2, SynchronousTrainingTest.BATCH, SynchronousTrainingTest.SEED)).fit(train);
        double diff = SynchronousTrainingTest.maxDifference(local, averaging.savedModel().model());
        System.out.printf("averaging (K = 4, Adam, 1 partition) vs local Trainer: largest weight difference %.3g%n",
                diff);
        assertTrue(diff <= 1e-6, "largest weight difference " + diff);
        assertEquals(8, averaging.summary().rounds()); // 13 batches an epoch: rounds of 4, 4, 4 and 1
    }

    @Test
    void adamAveragedOverTwoPartitionsLearns() {
        ChainruleClassificationModel model = classifier().setOptimizer("adam").setLearningRate(0.01)
                .setMode("averaging").setLocalSteps(3).setEpochs(3)
                .fit(LocalSpark.frame(Digits.train(SynchronousTrainingTest.ROWS), 2));
        double[] loss = model.summary().objectiveHistory();
        assertTrue(loss[2] < loss[0] * 0.7, "loss per epoch " + Arrays.toString(loss));
        assertTrue(model.summary().accuracyHistory()[2] > 0.7, "accuracy " + model.summary().accuracyHistory()[2]);
    }
}
