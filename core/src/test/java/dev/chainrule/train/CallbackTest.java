package dev.chainrule.train;

import dev.chainrule.data.Dataset;
import dev.chainrule.layer.Layer;
import dev.chainrule.layer.Parameter;
import dev.chainrule.model.Sequential;
import dev.chainrule.optim.Sgd;
import dev.chainrule.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Callbacks are added from outside {@link Trainer}: their hooks, what they see, and what they may change. */
class CallbackTest {

    /** Writes down every hook it gets, with the counters. */
    static final class Recorder implements Callback {
        final List<String> calls = new ArrayList<>();

        @Override
        public void onTrainStart(TrainingRun run) {
            calls.add("trainStart " + run.epochs() + "x" + run.batchesPerEpoch());
        }

        @Override
        public void onEpochStart(TrainingRun run) {
            calls.add("epochStart " + run.epoch());
        }

        @Override
        public void onBatchStart(TrainingRun run) {
            calls.add("batchStart " + run.epoch() + "." + run.batch() + " step " + run.step());
        }

        @Override
        public void afterBackward(TrainingRun run) {
            calls.add("afterBackward " + run.batchRows());
        }

        @Override
        public void onBatchEnd(TrainingRun run) {
            calls.add("batchEnd step " + run.step());
        }

        @Override
        public void onEpochEnd(TrainingRun run) {
            calls.add("epochEnd " + run.epochResult().epoch() + " rows " + run.epochRows());
        }

        @Override
        public void onTrainEnd(TrainingRun run) {
            calls.add("trainEnd " + run.history().epochs().size());
        }
    }

    @Test
    void hooksComeInOrderWithTheCounters() {
        Recorder recorder = new Recorder();
        new Trainer(TrainerTest.blobsNet(1), new Sgd(0.1), TrainingConfig.miniBatch(2, 16, 1)).addCallback(recorder)
                .fit(TrainerTest.blobs(20));
        assertEquals(List.of("trainStart 2x2",
                "epochStart 1",
                "batchStart 1.1 step 0", "afterBackward 16", "batchEnd step 1",
                "batchStart 1.2 step 1", "afterBackward 4", "batchEnd step 2",
                "epochEnd 1 rows 20",
                "epochStart 2",
                "batchStart 2.1 step 2", "afterBackward 16", "batchEnd step 3",
                "batchStart 2.2 step 3", "afterBackward 4", "batchEnd step 4",
                "epochEnd 2 rows 20",
                "trainEnd 2"), recorder.calls);
    }

    @Test
    void afterBackwardSeesGradientsBeforeTheStepAndLayerOutputs() {
        Sequential model = TrainerTest.blobsNet(1);
        List<Double> stepSizes = new ArrayList<>();
        new Trainer(model, new Sgd(0.1), TrainingConfig.miniBatch(1, 16, 1)).addCallback(new Callback() {
            Tensor before;
            Tensor expected;

            @Override
            public void afterBackward(TrainingRun run) {
                Parameter w = run.parameters().get(0);
                before = w.value().copy();
                expected = w.value().copy();
                w.kernels().axpy(-run.learningRate(), w.gradient(), expected); // the step plain SGD will take
                for (Layer layer : run.layers()) {
                    assertNotNull(layer.lastOutput(), layer.type());
                    assertEquals(run.batchRows(), layer.lastOutput().rows());
                }
            }

            @Override
            public void onBatchEnd(TrainingRun run) {
                Tensor after = run.parameters().get(0).value();
                assertTrue(expected.sameBits(after), "the step applied the gradient read before it");
                stepSizes.add(Math.abs(after.get(0, 0) - before.get(0, 0)));
            }
        }).fit(TrainerTest.blobs(40));
        assertEquals(3, stepSizes.size());
    }

    @Test
    void aCallbackStopsTheRunAndItsReasonIsKept() {
        History h = new Trainer(TrainerTest.blobsNet(1), new Sgd(0.1), TrainingConfig.miniBatch(10, 16, 1))
                .addCallback(new Callback() {
                    @Override
                    public void onBatchEnd(TrainingRun run) {
                        if (run.step() == 5) {
                            run.requestStop("five steps are enough");
                        }
                    }
                }).fit(TrainerTest.blobs(40));
        assertEquals(2, h.epochs().size(), "the epoch of the request is finished");
        assertEquals("five steps are enough", h.stopReason());
    }

    @Test
    void aCallbackCanChangeTheLearningRateEveryStep() {
        List<Double> rates = new ArrayList<>();
        History h = new Trainer(TrainerTest.blobsNet(1), new Sgd(0.1), TrainingConfig.miniBatch(2, 16, 1))
                .addCallback(new Callback() {
                    @Override
                    public void onBatchStart(TrainingRun run) {
                        run.optimizer().setLearningRate(run.baseLearningRate() / (1 + run.step()));
                    }

                    @Override
                    public void afterBackward(TrainingRun run) {
                        rates.add(run.learningRate());
                    }
                }).fit(TrainerTest.blobs(40));
        assertEquals(List.of(0.1, 0.05, 0.1 / 3, 0.025, 0.02, 0.1 / 6), rates);
        assertEquals(0.1 / 6, h.last().learningRate());
    }

    @Test
    void anInterruptedRunResumesWithTheSameBits() {
        for (Batching batching : Batching.values()) {
            TrainingConfig config = new TrainingConfig(3, 16, batching, 5);
            Dataset data = TrainerTest.blobs(90);
            Sequential straight = TrainerTest.blobsNet(2);
            new Trainer(straight, new Sgd(0.1), config).fit(data);

            // stopped by an exception after the 8th step (epoch 2, batch 2 of 6), then resumed there
            Sequential model = TrainerTest.blobsNet(2);
            long[] position = new long[3];
            assertThrows(IllegalStateException.class, () -> new Trainer(model, new Sgd(0.1), config)
                    .addCallback(new Callback() {
                        @Override
                        public void onBatchEnd(TrainingRun run) {
                            if (run.step() == Math.min(8, 3L * run.batchesPerEpoch() - 1)) {
                                position[0] = run.epoch();
                                position[1] = run.batch();
                                throw new IllegalStateException("interrupted");
                            }
                        }
                    }).fit(data));
            List<Tensor> saved = model.copyWeights();
            Sequential resumed = TrainerTest.blobsNet(99);
            resumed.setWeights(saved);
            int perEpoch = BatchPlan.of(batching, data, 16, 5).batchesPerEpoch();
            int epoch = (int) position[0];
            int done = (int) position[1];
            History h = new Trainer(resumed, new Sgd(0.1), config).addCallback(new Callback() {
                @Override
                public void onTrainStart(TrainingRun run) {
                    if (done == perEpoch) {
                        run.seek(epoch + 1, 0);
                    } else {
                        run.seek(epoch, done);
                    }
                }
            }).fit(data);
            for (int i = 0; i < saved.size(); i++) {
                assertTrue(straight.parameters().get(i).value().sameBits(resumed.parameters().get(i).value()),
                        batching + " " + straight.parameters().get(i).name());
            }
            assertEquals(3, h.last().epoch());
        }
    }

    @Test
    void seekingAfterTheFirstBatchIsRefused() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new Trainer(TrainerTest.blobsNet(1), new Sgd(0.1), TrainingConfig.miniBatch(1, 16, 1))
                        .addCallback(new Callback() {
                            @Override
                            public void onBatchEnd(TrainingRun run) {
                                run.seek(1, 0);
                            }
                        }).fit(TrainerTest.blobs(40)));
        assertTrue(e.getMessage().contains("onTrainStart"), e.getMessage());
        assertFalse(e.getMessage().isEmpty());
    }
}
