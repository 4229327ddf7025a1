package dev.chainrule.cli;

import dev.chainrule.cli.report.RunRecorder;
import dev.chainrule.cli.report.TrainingReport;
import dev.chainrule.data.BuiltinDigits;
import dev.chainrule.data.Dataset;
import dev.chainrule.data.Split;
import dev.chainrule.diagnostics.LayerStatistics;
import dev.chainrule.diagnostics.LayerStatisticsCollector;
import dev.chainrule.loss.Loss;
import dev.chainrule.model.Sequential;
import dev.chainrule.optim.LearningRateSchedule;
import dev.chainrule.optim.Optimizer;
import dev.chainrule.optim.Optimizers;
import dev.chainrule.tensor.DType;
import dev.chainrule.tensor.Tensor;
import dev.chainrule.train.Callback;
import dev.chainrule.train.Checkpoint;
import dev.chainrule.train.Checkpointer;
import dev.chainrule.train.History;
import dev.chainrule.train.Trainer;
import dev.chainrule.train.TrainingConfig;
import dev.chainrule.train.TrainingRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What {@code train} records beside the weights (the report's batch curves and test figures, the
 * per-layer statistics, the regression figures of the log) comes back from a checkpoint: a run
 * crashed inside an epoch or at an epoch's end and resumed records what the uninterrupted run
 * records, value for value (timings aside). The checkpointer is added first, as {@code train}
 * does, and still saves the others' state after their hooks.
 */
class ResumedRecordingsTest {
    static final Dataset DIGITS = BuiltinDigits.load(DType.FLOAT32);
    static final Split SPLIT = Split.of(DIGITS, 0.2, 3);

    /** The recorders of one run. */
    static final class Recorders {
        final Sequential model = Sequential.builder(64).seed(5).dense(20).tanh().dropout(0.2).dense(12).relu().dense(10)
                .loss(Loss.named("softmax-ce")).build();
        final RunRecorder recorder = new RunRecorder(model, SPLIT.heldOut());
        final LayerStatisticsCollector statistics = new LayerStatisticsCollector(4);
        History history;

        Trainer trainer(Checkpointer checkpointer) {
            Optimizer o = Optimizers.named("adam", 0.003, 0.9, 0, 0);
            Trainer t = new Trainer(model, o, config());
            if (checkpointer != null) {
                t.addCallback(checkpointer);
            }
            return t.addCallback(recorder).addCallback(statistics);
        }

        Checkpointer checkpointer(Path dir, long every) {
            return new Checkpointer(dir, every, Checkpointer.settingsOf(model, Optimizers.named("adam", 0.003, 0.9, 0, 0),
                    config()));
        }

        static TrainingConfig config() {
            return TrainingConfig.miniBatch(9, 64, 4).withSchedule(LearningRateSchedule.parse("cosine"))
                    .withValidationFraction(0.15);
        }
    }

    static final class CrashAt implements Callback {
        final long step;

        CrashAt(long step) {
            this.step = step;
        }

        @Override
        public void onBatchEnd(TrainingRun run) {
            if (run.step() == step) {
                throw new IllegalStateException("crash at step " + step);
            }
        }
    }

    static Recorders uninterrupted() {
        Recorders r = new Recorders();
        r.history = r.trainer(null).fit(SPLIT.train());
        return r;
    }

    static Recorders crashedAndResumed(Path dir, long every, long crash) throws Exception {
        Recorders first = new Recorders();
        Trainer t = first.trainer(first.checkpointer(dir, every)).addCallback(new CrashAt(crash));
        assertThrows(IllegalStateException.class, () -> t.fit(SPLIT.train()));
        System.out.println("resuming at " + Checkpoint.read(dir).position());
        Recorders resumed = new Recorders();
        resumed.history = resumed.trainer(resumed.checkpointer(dir, every).resumeFrom(Checkpoint.read(dir)))
                .fit(SPLIT.train());
        return resumed;
    }

    static void assertSameRecordings(Recorders a, Recorders b) {
        TrainingReport.Curves x = a.recorder.curves(a.history, "validation");
        TrainingReport.Curves y = b.recorder.curves(b.history, "validation");
        assertEquals(9, x.epochs().size());
        assertEquals(x.epochs().size(), y.epochs().size());
        assertArrayEquals(x.testLoss(), y.testLoss(), "test loss per epoch");
        assertArrayEquals(x.testAccuracy(), y.testAccuracy(), "test accuracy per epoch");
        assertEquals(9 * x.batchesPerEpoch(), x.batchLoss().length);
        assertArrayEquals(x.batchLoss(), y.batchLoss(), "batch losses");
        assertArrayEquals(x.batchAccuracy(), y.batchAccuracy(), "batch accuracies");
        assertArrayEquals(x.batchRate(), y.batchRate(), "batch learning rates");
        assertEquals(x.examplesPerEpoch(), y.examplesPerEpoch());
        List<LayerStatistics> sx = a.statistics.statistics();
        List<LayerStatistics> sy = b.statistics.statistics();
        assertEquals(9 * a.model.layers().size(), sx.size());
        for (int i = 0; i < sx.size(); i++) {
            assertEquals(sx.get(i), sy.get(i), "layer statistics " + i);
        }
    }

    @Test
    void crashedInsideAnEpochTheResumedRunRecordsTheWholeRun(@TempDir Path dir) throws Exception {
        // about 1,220 training rows, batch 64: 20 batches per epoch; checkpoints every 5 steps, the last before the
        // crash at step 73 is at step 70, inside epoch 4
        Recorders a = uninterrupted();
        Recorders b = crashedAndResumed(dir, 5, 73);
        assertSameRecordings(a, b);
    }

    @Test
    void crashedAtAnEpochsEndTheResumedRunRecordsTheWholeRun(@TempDir Path dir) throws Exception {
        Recorders a = uninterrupted();
        Recorders b = crashedAndResumed(dir, 0, 100); // epoch ends only: the last is epoch 4's (step 80)
        assertTrue(Checkpoint.read(dir).finished());
        assertSameRecordings(a, b);
    }

    @Test
    void theRegressionFiguresOfTheLogComeBack(@TempDir Path dir) throws Exception {
        // a numeric target: pixel 20 of each digit from the others (all 64 in, the target's own column too)
        float[] y = new float[DIGITS.size()];
        for (int i = 0; i < y.length; i++) {
            y[i] = (float) DIGITS.features().get(i, 20);
        }
        Dataset numbers = new Dataset("pixel 20", DIGITS.features(), Tensor.wrap(y, y.length, 1), List.of());
        Split split = Split.of(numbers, 0.25, 3);
        List<EpochMetrics> logs = new ArrayList<>();
        List<RunRecorder> recorders = new ArrayList<>();
        List<History> histories = new ArrayList<>();
        for (int run = 0; run < 3; run++) {
            Sequential model = Sequential.builder(64).seed(5).dense(16).relu().dropout(0.1).dense(1)
                    .loss(Loss.named("mse")).build();
            Optimizer o = Optimizers.named("adam", 0.01, 0.9, 0, 0);
            TrainingConfig config = TrainingConfig.miniBatch(6, 50, 4);
            EpochMetrics metrics = new EpochMetrics(model, split.heldOut(), null);
            Trainer t = new Trainer(model, o, config);
            if (run > 0) {
                Checkpointer c = new Checkpointer(dir, 7, Checkpointer.settingsOf(model, o, config));
                t.addCallback(run == 2 ? c.resumeFrom(Checkpoint.read(dir)) : c);
            }
            t.addListener(metrics);
            RunRecorder recorder = new RunRecorder(model, split.heldOut()); // no batch accuracy for numbers: NaN
            t.addCallback(recorder);
            if (run == 1) {
                t.addCallback(new CrashAt(60)); // 27 batches per epoch: the last checkpoint is at step 56, in epoch 3
                assertThrows(IllegalStateException.class, () -> t.fit(split.train(), split.heldOut()));
            } else {
                histories.add(t.fit(split.train(), split.heldOut()));
                logs.add(metrics);
                recorders.add(recorder);
            }
        }
        for (int e = 1; e <= 6; e++) {
            assertEquals(logs.get(0).epoch(e), logs.get(1).epoch(e), "epoch " + e);
        }
        assertEquals(null, logs.get(1).epoch(7));
        TrainingReport.Curves cx = recorders.get(0).curves(histories.get(0), "validation");
        TrainingReport.Curves cy = recorders.get(1).curves(histories.get(1), "validation");
        assertArrayEquals(cx.batchLoss(), cy.batchLoss());
        assertArrayEquals(cx.batchAccuracy(), cy.batchAccuracy(), "all NaN");
        assertTrue(Double.isNaN(cy.batchAccuracy()[0]));
    }
}
