package dev.chainrule.spark;

import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Averaging mode: with one local step and plain SGD it is synchronous mode. */
class AveragingTrainingTest {

    @Test
    void oneLocalStepOfSgdEqualsSynchronous() {
        org.apache.spark.sql.Dataset<Row> frame = LocalSpark.frame(Digits.train(SynchronousTrainingTest.ROWS), 2);
        ChainruleClassifier classifier = new ChainruleClassifier().setHiddenLayers(16).setEpochs(2)
                .setBatchSize(SynchronousTrainingTest.BATCH).setSeed(SynchronousTrainingTest.SEED);
        ChainruleClassificationModel synchronous = classifier.copy(new org.apache.spark.ml.param.ParamMap())
                .setMode("synchronous").fit(frame);
        ChainruleClassificationModel averaging = classifier.copy(new org.apache.spark.ml.param.ParamMap())
                .setMode("averaging").setLocalSteps(1).fit(frame);
        double diff = SynchronousTrainingTest.maxDifference(synchronous.savedModel().model(),
                averaging.savedModel().model());
        System.out.printf("averaging (K = 1, SGD) vs synchronous: largest weight difference %.3g%n", diff);
        assertTrue(diff <= 1e-6, "largest weight difference " + diff);
        for (int e = 0; e < 2; e++) {
            assertEquals(synchronous.summary().objectiveHistory()[e], averaging.summary().objectiveHistory()[e], 1e-6);
        }
        assertEquals(26, averaging.summary().rounds());
    }
}
