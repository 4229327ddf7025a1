package dev.chainrule.cli.report;

import dev.chainrule.data.DataOptions;
import dev.chainrule.data.DataSource;
import dev.chainrule.data.LoadedData;
import dev.chainrule.loss.SoftmaxCrossEntropy;
import dev.chainrule.metrics.Accuracy;
import dev.chainrule.model.Sequential;
import dev.chainrule.optim.LearningRateSchedule;
import dev.chainrule.optim.Sgd;
import dev.chainrule.tensor.Tensor;
import dev.chainrule.train.Callback;
import dev.chainrule.train.History;
import dev.chainrule.train.Trainer;
import dev.chainrule.train.TrainingConfig;
import dev.chainrule.train.TrainingRun;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class RunRecorderTest {
    /** Each batch's loss, accuracy (counted from its predictions) and learning rate, taken on the side. */
    static final class Side implements Callback {
        final List<double[]> rows = new ArrayList<>();

        @Override
        public void onBatchEnd(TrainingRun run) {
            Tensor p = run.probabilities();
            Tensor t = run.currentBatch().targets();
            int right = 0;
            for (int r = 0; r < p.rows(); r++) {
                right += Accuracy.predictedClass(p, r, 0.5) == Accuracy.trueClass(t, r) ? 1 : 0;
            }
            rows.add(new double[] {run.batchLoss(), (double) right / p.rows(), run.learningRate()});
        }
    }

    @Test
    void recordsEveryBatchAndTheTestPartAfterEachEpoch() {
        LoadedData d = DataSource.load("digits", DataOptions.defaults().withTestFraction(0.2).withSeed(1));
        Sequential model = Sequential.builder(64).seed(4).dense(20).relu().dense(10)
                .loss(new SoftmaxCrossEntropy()).build();
        RunRecorder recorder = new RunRecorder(model, d.test());
        Side side = new Side();
        Trainer trainer = new Trainer(model, new Sgd(0.2), TrainingConfig.miniBatch(3, 100, 1)
                .withSchedule(LearningRateSchedule.parse("step:1:0.5@step")));
        trainer.addCallback(side);
        trainer.addCallback(recorder);
        History history = trainer.fit(d.train());
        TrainingReport.Curves c = recorder.curves(history, null);
        int batches = 3 * ((d.train().size() + 99) / 100);
        assertEquals(batches, c.batchLoss().length);
        assertEquals(d.train().size(), c.examplesPerEpoch());
        assertEquals((d.train().size() + 99) / 100, c.batchesPerEpoch());
        for (int b = 0; b < batches; b++) {
            double[] expected = side.rows.get(b);
            assertEquals(expected[0], c.batchLoss()[b], "loss of batch " + b);
            assertEquals(expected[1], c.batchAccuracy()[b], 1e-12, "accuracy of batch " + b);
            assertEquals(expected[2], c.batchRate()[b], "rate of batch " + b);
        }
        assertEquals(0.2 * Math.pow(0.5, batches - 1), c.batchRate()[batches - 1], 1e-15, "the schedule per step");
        double[] testLoss = new double[3];
        testLoss[2] = model.evaluateLoss(d.test().features(), d.test().targets());
        assertEquals(3, c.testLoss().length);
        assertEquals(testLoss[2], c.testLoss()[2], "the test loss after the last epoch");
        assertArrayEquals(new double[] {1, 2, 3}, c.epochs().stream().mapToDouble(e -> e.epoch()).toArray());
    }
}
