package dev.chainrule.train;

import dev.chainrule.data.BuiltinDigits;
import dev.chainrule.data.Dataset;
import dev.chainrule.io.SafetensorsException;
import dev.chainrule.loss.Loss;
import dev.chainrule.model.Sequential;
import dev.chainrule.optim.LearningRateSchedule;
import dev.chainrule.optim.Optimizer;
import dev.chainrule.optim.Optimizers;
import dev.chainrule.tensor.DType;
import dev.chainrule.tensor.Shape;
import dev.chainrule.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A run stopped anywhere and resumed from its last checkpoint ends with the weights and history
 * of the uninterrupted run, bit for bit: Adam with a cosine schedule and dropout, stopped inside
 * an epoch and at an epoch's end; momentum with a per-step schedule, clipping, validation and
 * early stopping.
 */
class CheckpointerTest {
    static final Dataset DIGITS = BuiltinDigits.load(DType.FLOAT32);
    static final Dataset DIGIT_IMAGES = DIGITS.withExampleShape(Shape.image(1, 8, 8));

    /** The parts of one run; every call gives fresh, identical ones. */
    record Setup(String optimizer, double lr, String schedule, double clip, double validation, EarlyStopping stopping,
                 boolean cnn) {
        Setup(String optimizer, double lr, String schedule, double clip, double validation, EarlyStopping stopping) {
            this(optimizer, lr, schedule, clip, validation, stopping, false);
        }

        Sequential model() {
            if (cnn) {
                // batch norm's running statistics are part of the model: they must come back too
                return Sequential.builder(Shape.image(1, 8, 8)).seed(7).conv2d(6, 3, 1).batchNorm().relu().maxPool2d(2)
                        .conv2d(8, 3, 1).batchNorm().relu().flatten().dropout(0.1).dense(16).batchNorm().relu().dense(10)
                        .loss(Loss.named("softmax-ce")).build();
            }
            return Sequential.builder(64).seed(7).dense(24).relu().dropout(0.25).dense(16).tanh().dropout(0.1).dense(10)
                    .loss(Loss.named("softmax-ce")).build();
        }

        Dataset data() {
            return cnn ? DIGIT_IMAGES : DIGITS;
        }

        Optimizer newOptimizer() {
            return Optimizers.named(optimizer, lr, 0.9, 1e-4, 0);
        }

        TrainingConfig config() {
            return TrainingConfig.miniBatch(4, 48, 3).withSchedule(LearningRateSchedule.parse(schedule)).withClipNorm(clip)
                    .withValidationFraction(validation).withEarlyStopping(stopping);
        }

        Map<String, String> settings(Sequential model, Optimizer o) {
            return Checkpointer.settingsOf(model, o, config());
        }
    }

    static final Setup ADAM = new Setup("adam", 0.003, "cosine", 0, 0, null);
    static final Setup MOMENTUM = new Setup("nesterov", 0.05, "warmup:10+cosine@step", 1.0, 0.15,
            new EarlyStopping(EarlyStopping.Monitor.VAL_LOSS, 2, 0, true));

    /** Stops the run (as a crash would) once {@code step} optimizer steps are taken. */
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

    static final Setup CNN = new Setup("nesterov", 0.05, "warmup:10+cosine@step", 1.0, 0.15,
            new EarlyStopping(EarlyStopping.Monitor.VAL_LOSS, 2, 0, true), true);

    static History uninterrupted(Setup s, Sequential model) {
        return new Trainer(model, s.newOptimizer(), s.config()).fit(s.data());
    }

    /** Trains with checkpoints every {@code every} steps until a crash at {@code crash}, then resumes; returns the history. */
    static History crashedAndResumed(Setup s, Sequential model, Path dir, long every, long crash) throws Exception {
        Sequential first = s.model();
        Optimizer o1 = s.newOptimizer();
        Trainer t1 = new Trainer(first, o1, s.config()).addCallback(new Checkpointer(dir, every, s.settings(first, o1)))
                .addCallback(new CrashAt(crash));
        assertThrows(IllegalStateException.class, () -> t1.fit(s.data()));
        Optimizer o2 = s.newOptimizer();
        Checkpointer resumed = new Checkpointer(dir, every, s.settings(model, o2)).resumeFrom(Checkpoint.read(dir));
        return new Trainer(model, o2, s.config()).addCallback(resumed).fit(s.data());
    }

    static void assertSameRun(Sequential a, History ha, Sequential b, History hb) {
        for (int i = 0; i < a.parameters().size(); i++) {
            assertTrue(a.parameters().get(i).value().sameBits(b.parameters().get(i).value()), a.parameters().get(i).name());
        }
        for (Map.Entry<String, Tensor> e : a.buffers().entrySet()) {
            assertTrue(e.getValue().sameBits(b.buffers().get(e.getKey())), e.getKey());
        }
        assertEquals(ha.epochs().size(), hb.epochs().size());
        for (int e = 0; e < ha.epochs().size(); e++) {
            EpochResult x = ha.epochs().get(e);
            EpochResult y = hb.epochs().get(e);
            assertEquals(x.trainLoss(), y.trainLoss(), "epoch " + (e + 1) + " train loss");
            assertEquals(x.trainAccuracy(), y.trainAccuracy());
            assertEquals(x.validationLoss(), y.validationLoss());
            assertEquals(x.learningRate(), y.learningRate());
        }
        assertEquals(ha.stopReason(), hb.stopReason());
        assertEquals(ha.bestEpoch(), hb.bestEpoch());
    }

    @Test
    void adamCosineDropoutResumedInsideAnEpochEndsWithTheSameBits(@TempDir Path dir) throws Exception {
        Sequential a = ADAM.model();
        History ha = uninterrupted(ADAM, a);
        Sequential b = ADAM.model();
        History hb = crashedAndResumed(ADAM, b, dir, 5, 52); // 38 batches per epoch: the last checkpoint is at step 50, epoch 2
        assertTrue(Checkpoint.read(dir).finished(), "the resumed run went on writing checkpoints to the end");
        assertSameRun(a, ha, b, hb);
    }

    @Test
    void resumedAtAnEpochsEndEndsWithTheSameBits(@TempDir Path dir) throws Exception {
        Sequential a = ADAM.model();
        History ha = uninterrupted(ADAM, a);
        Sequential b = ADAM.model();
        History hb = crashedAndResumed(ADAM, b, dir, 0, 75); // epoch ends only: the last is epoch 1's (step 38)
        assertSameRun(a, ha, b, hb);
    }

    @Test
    void momentumPerStepScheduleClippingValidationAndEarlyStoppingResumeToo(@TempDir Path dir) throws Exception {
        Sequential a = MOMENTUM.model();
        History ha = uninterrupted(MOMENTUM, a);
        Sequential b = MOMENTUM.model();
        History hb = crashedAndResumed(MOMENTUM, b, dir, 4, 47);
        assertSameRun(a, ha, b, hb);
    }

    @Test
    void aConvolutionalNetworkWithBatchNormResumesWithItsRunningStatistics(@TempDir Path dir) throws Exception {
        Sequential a = CNN.model();
        History ha = uninterrupted(CNN, a);
        Sequential b = CNN.model();
        History hb = crashedAndResumed(CNN, b, dir, 7, 40); // 32 batches per epoch: the last checkpoint is at step 35
        assertSameRun(a, ha, b, hb);
        assertTrue(a.buffers().values().stream().allMatch(t -> t.getFlat(0) != 0 && t.getFlat(0) != 1),
                "the running statistics were trained");
    }

    @Test
    void otherSettingsOrDataAreRefusedSayingWhatDiffers(@TempDir Path dir) throws Exception {
        Sequential first = ADAM.model();
        Optimizer o = ADAM.newOptimizer();
        Trainer t = new Trainer(first, o, ADAM.config()).addCallback(new Checkpointer(dir, 10, ADAM.settings(first, o)))
                .addCallback(new CrashAt(25));
        assertThrows(IllegalStateException.class, () -> t.fit(DIGITS));
        Checkpoint saved = Checkpoint.read(dir);
        assertEquals("epoch 1, batch 20 of 38 (step 20)", saved.position());

        Setup fasterAdam = new Setup("adam", 0.004, "cosine", 0, 0, null);
        Sequential m = fasterAdam.model();
        Optimizer o2 = fasterAdam.newOptimizer();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Trainer(m, o2,
                fasterAdam.config()).addCallback(new Checkpointer(dir, 10, fasterAdam.settings(m, o2)).resumeFrom(saved))
                .fit(DIGITS));
        assertTrue(e.getMessage().startsWith("cannot resume: the setting \"optimizer\" differs from the checkpoint's"
                + " (Adam(lr=0.003"),
                e.getMessage());
        assertFalse(e.getMessage().contains("\n"));

        int[] rows = new int[DIGITS.size() - 1];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = i;
        }
        Dataset fewer = DIGITS.subset("digits less one", rows);
        Sequential m3 = ADAM.model();
        Optimizer o3 = ADAM.newOptimizer();
        e = assertThrows(IllegalArgumentException.class, () -> new Trainer(m3, o3, ADAM.config())
                .addCallback(new Checkpointer(dir, 10, ADAM.settings(m3, o3)).resumeFrom(saved)).fit(fewer));
        assertTrue(e.getMessage().startsWith("cannot resume: the training data differ from the checkpoint's (1,797 rows"
                + " then, 1,796 now"), e.getMessage());
    }

    /** A callback of a user's with state: the batches it saw and the sum of their losses. */
    static final class LossTally implements Callback, Resumable {
        final String name;
        long batches;
        double sum;

        LossTally(String name) {
            this.name = name;
        }

        @Override
        public void onBatchEnd(TrainingRun run) {
            batches++;
            sum += run.batchLoss();
        }

        @Override
        public String stateName() {
            return name;
        }

        @Override
        public void saveState(Map<String, Object> values, Map<String, Tensor> tensors) {
            values.put("batches", batches);
            values.put("sum", sum);
        }

        @Override
        public void restoreState(Map<String, Object> values, Map<String, Tensor> tensors, TrainingRun run) {
            batches = ((Number) values.get("batches")).longValue();
            sum = ((Number) values.get("sum")).doubleValue();
        }
    }

    @Test
    void aResumableCallbackOfTheUsersComesBackEvenWhenAddedAfterTheCheckpointer(@TempDir Path dir) throws Exception {
        Sequential a = ADAM.model();
        LossTally whole = new LossTally("loss_tally");
        new Trainer(a, ADAM.newOptimizer(), ADAM.config()).addCallback(whole).fit(DIGITS);

        Sequential first = ADAM.model();
        Optimizer o1 = ADAM.newOptimizer();
        Trainer t1 = new Trainer(first, o1, ADAM.config()).addCallback(new Checkpointer(dir, 5, ADAM.settings(first, o1)))
                .addCallback(new LossTally("loss_tally")).addCallback(new CrashAt(52));
        assertThrows(IllegalStateException.class, () -> t1.fit(DIGITS));
        Checkpoint saved = Checkpoint.read(dir);
        assertEquals(50, saved.step());
        assertTrue(saved.hasState("loss_tally") && !saved.hasState("other"));

        Sequential b = ADAM.model();
        Optimizer o2 = ADAM.newOptimizer();
        LossTally resumed = new LossTally("loss_tally");
        new Trainer(b, o2, ADAM.config()).addCallback(new Checkpointer(dir, 5, ADAM.settings(b, o2)).resumeFrom(saved))
                .addCallback(resumed).fit(DIGITS);
        assertEquals(whole.batches, resumed.batches, "the batches before the checkpoint are counted (saved after the hook)");
        assertEquals(whole.sum, resumed.sum, "the same sum, bit for bit");

        Sequential c = ADAM.model();
        Optimizer o3 = ADAM.newOptimizer();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Trainer(c, o3, ADAM.config())
                .addCallback(new Checkpointer(dir, 5, ADAM.settings(c, o3)).resumeFrom(saved))
                .addCallback(new LossTally("loss_tally")).addCallback(new LossTally("other")).fit(DIGITS));
        assertEquals("cannot resume: the checkpoint has no state for other: the interrupted run did not have that callback"
                + " (resume with the callbacks it had)", e.getMessage());
    }

    @Test
    void aFinishedRunOrADamagedFileIsRefused(@TempDir Path dir) throws Exception {
        Sequential m = ADAM.model();
        Optimizer o = ADAM.newOptimizer();
        new Trainer(m, o, ADAM.config()).addCallback(new Checkpointer(dir, 0, ADAM.settings(m, o))).fit(DIGITS);
        Checkpoint done = Checkpoint.read(dir);
        assertTrue(done.finished());
        Sequential m2 = ADAM.model();
        Optimizer o2 = ADAM.newOptimizer();
        Trainer again = new Trainer(m2, o2, ADAM.config())
                .addCallback(new Checkpointer(dir, 0, ADAM.settings(m2, o2)).resumeFrom(done));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> again.fit(DIGITS)).getMessage()
                .contains("holds a finished run"));

        Path file = Checkpoint.file(dir);
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length - 3] ^= 1; // a weight of the last tensor
        Files.write(file, bytes);
        assertTrue(assertThrows(SafetensorsException.class, () -> Checkpoint.read(dir)).getMessage()
                .endsWith("is damaged: its SHA-256 does not match its contents"));
        assertTrue(assertThrows(java.nio.file.NoSuchFileException.class, () -> Checkpoint.read(dir.resolve("none")))
                .getReason().contains("no such checkpoint folder"));
    }

    @Test
    void requestStopWritesALastCheckpointAfterTheBatchInProgress(@TempDir Path dir) throws Exception {
        Sequential m = ADAM.model();
        Optimizer o = ADAM.newOptimizer();
        Checkpointer checkpointer = new Checkpointer(dir, 0, ADAM.settings(m, o));
        Callback pressCtrlC = new Callback() {
            @Override
            public void onBatchStart(TrainingRun run) {
                if (run.step() == 41) {
                    checkpointer.requestStop();
                }
            }
        };
        Trainer t = new Trainer(m, o, ADAM.config()).addCallback(pressCtrlC).addCallback(checkpointer);
        TrainingInterruptedException e = assertThrows(TrainingInterruptedException.class, () -> t.fit(DIGITS));
        assertEquals("stopped at epoch 2, batch 4 of 38 (step 42); wrote a last checkpoint to " + dir, e.getMessage());
        assertEquals(42, Checkpoint.read(dir).step());
        Sequential a = ADAM.model();
        History ha = uninterrupted(ADAM, a);
        Sequential b = ADAM.model();
        Optimizer o2 = ADAM.newOptimizer();
        History hb = new Trainer(b, o2, ADAM.config())
                .addCallback(new Checkpointer(dir, 0, ADAM.settings(b, o2)).resumeFrom(Checkpoint.read(dir))).fit(DIGITS);
        assertSameRun(a, ha, b, hb);
    }

    @Test
    void aCheckpointEditedWithAValidChecksumIsRefusedNamingTheFile(@TempDir Path dir) throws Exception {
        Sequential m = ADAM.model();
        Optimizer o = ADAM.newOptimizer();
        Trainer t = new Trainer(m, o, ADAM.config()).addCallback(new Checkpointer(dir, 10, ADAM.settings(m, o)))
                .addCallback(new CrashAt(25));
        assertThrows(IllegalStateException.class, () -> t.fit(DIGITS));
        Checkpoint saved = Checkpoint.read(dir);
        // the write recomputes the checksum: only the reader's own checks stand between these and a resumed run
        java.util.function.BiFunction<String, Object, Path> edited = (key, value) -> {
            Map<String, Object> values = new java.util.LinkedHashMap<>(saved.values);
            values.put(key, value);
            Path d = dir.resolve(key);
            try {
                new Checkpoint(values, allTensors(saved)).write(d);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return d;
        };
        for (Map.Entry<String, Object> bad : Map.<String, Object>of("step", -5.0, "batch", 1e6, "epoch", 1e12).entrySet()) {
            Path d = edited.apply(bad.getKey(), bad.getValue());
            Exception e = assertThrows(Exception.class, () -> Checkpoint.read(d));
            assertTrue(e.getMessage().contains(Checkpoint.file(d).toString()), e.getMessage());
        }
        Path history = edited.apply("history", Map.of("epochs", "not a list"));
        Sequential m2 = ADAM.model();
        Optimizer o2 = ADAM.newOptimizer();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Trainer(m2, o2, ADAM.config())
                .addCallback(new Checkpointer(history, 10, ADAM.settings(m2, o2)).resumeFrom(Checkpoint.read(history)))
                .fit(DIGITS));
        assertTrue(e.getMessage().contains("not in the form chainrule writes"), e.getMessage());

        Map<String, Tensor> tensors = allTensors(saved);
        String first = tensors.keySet().iterator().next();
        Tensor nan = tensors.get(first).copy();
        nan.setFlat(0, Double.NaN);
        tensors.put(first, nan);
        Path d = dir.resolve("nan");
        new Checkpoint(saved.values, tensors).write(d);
        assertTrue(assertThrows(SafetensorsException.class, () -> Checkpoint.read(d)).getMessage().contains("finite"));
    }

    private static Map<String, Tensor> allTensors(Checkpoint c) {
        return new java.util.LinkedHashMap<>(c.tensors);
    }
}
