package dev.chainrule.train;

import dev.chainrule.data.Dataset;
import dev.chainrule.layer.Parameter;
import dev.chainrule.loss.MeanSquaredError;
import dev.chainrule.loss.SoftmaxCrossEntropy;
import dev.chainrule.model.Sequential;
import dev.chainrule.optim.Adam;
import dev.chainrule.optim.LearningRateSchedule;
import dev.chainrule.optim.Sgd;
import dev.chainrule.tensor.DType;
import dev.chainrule.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrainingControlTest {

    /** One weight, no bias: {@code y = w x}, starting at {@code w = 0}, in float64. */
    static Sequential line() {
        return Sequential.builder(1).dtype(DType.FLOAT64).dense(new double[][] {{0}}, null)
                .loss(new MeanSquaredError()).build();
    }

    static Dataset points(String name, double slope) {
        return new Dataset(name, Tensor.of(DType.FLOAT64, new double[][] {{1}}),
                Tensor.of(DType.FLOAT64, new double[][] {{slope}}), List.of());
    }

    /** Records the weights after every epoch. */
    static final class WeightLog implements TrainingListener {
        final Sequential model;
        final List<List<Tensor>> weights = new ArrayList<>();

        WeightLog(Sequential model) {
            this.model = model;
        }

        @Override
        public boolean onEpochEnd(EpochResult result) {
            weights.add(model.copyWeights());
            return true;
        }
    }

    @Test
    void earlyStoppingRestoresTheBestEpochsWeights() {
        // Training pulls w from 0 towards 2 (w_k = 2 - 2 * 0.8^k); the validation target is w = 1,
        // so the validation loss (w - 1)^2 falls until epoch 3 (w = 0.976) and rises after.
        Sequential model = line();
        WeightLog log = new WeightLog(model);
        TrainingConfig config = TrainingConfig.fullBatch(50).withEarlyStopping(EarlyStopping.onValidationLoss(2));
        History h = new Trainer(model, new Sgd(0.1), config).addListener(log).fit(points("train", 2), points("val", 1));
        assertEquals(5, h.epochs().size(), "stops after two epochs without improvement");
        assertEquals(3, h.bestEpoch());
        assertEquals(0.976, model.parameters().get(0).value().get(0, 0), 1e-12);
        assertTrue(model.parameters().get(0).value().sameBits(log.weights.get(2).get(0)), "the weights of epoch 3, bit for bit");
        assertTrue(h.stopReason().contains("val_loss") && h.stopReason().contains("epoch 3"), h.stopReason());
        assertFalse(h.diverged());
        assertTrue(h.epochs().get(3).validationLoss() > h.epochs().get(2).validationLoss());
    }

    @Test
    void bestWeightsAreRestoredAlsoWhenAllEpochsRun() {
        Sequential model = line();
        TrainingConfig config = TrainingConfig.fullBatch(6).withEarlyStopping(EarlyStopping.onValidationLoss(10));
        History h = new Trainer(model, new Sgd(0.1), config).fit(points("train", 2), points("val", 1));
        assertEquals(6, h.epochs().size());
        assertEquals(3, h.bestEpoch());
        assertEquals(0.976, model.parameters().get(0).value().get(0, 0), 1e-12);
    }

    @Test
    void minDeltaAndTrainLossMonitor() {
        // Epoch losses (before each update) are (w - 2)^2: 4, 2.56, 1.64, 1.05, 0.67, 0.43, 0.27: only
        // epochs 2 and 4 beat the best by more than 1.0, so epochs 5, 6, 7 exhaust the patience.
        Sequential model = line();
        TrainingConfig config = TrainingConfig.fullBatch(50)
                .withEarlyStopping(new EarlyStopping(EarlyStopping.Monitor.TRAIN_LOSS, 3, 1.0, false));
        History h = new Trainer(model, new Sgd(0.1), config).fit(points("train", 2));
        assertEquals(4, h.bestEpoch());
        assertEquals(7, h.epochs().size());
        assertEquals(EarlyStopping.Monitor.VAL_ACCURACY, EarlyStopping.Monitor.parse("val-accuracy"));
    }

    @Test
    void earlyStoppingOnValidationNeedsAValidationSet() {
        TrainingConfig config = TrainingConfig.fullBatch(5).withEarlyStopping(EarlyStopping.onValidationLoss(2));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Trainer(line(), new Sgd(0.1), config).fit(points("train", 2)));
        assertTrue(e.getMessage().contains("val_loss") && e.getMessage().contains("validation"), e.getMessage());
        TrainingConfig acc = TrainingConfig.fullBatch(5)
                .withEarlyStopping(new EarlyStopping(EarlyStopping.Monitor.VAL_ACCURACY, 2, 0, true));
        assertThrows(IllegalArgumentException.class,
                () -> new Trainer(line(), new Sgd(0.1), acc).fit(points("train", 2), points("val", 1)));
        assertThrows(IllegalArgumentException.class, () -> new EarlyStopping(EarlyStopping.Monitor.VAL_LOSS, 0, 0, true));
    }

    @Test
    void hugeLearningRateStopsWithTheDivergenceMessageAndFiniteWeights() {
        Sequential model = TrainerTest.blobsNet(1);
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
                () -> new Trainer(model, new Sgd(1e6), TrainingConfig.miniBatch(5, 16, 1)).fit(TrainerTest.blobs(300)));
        assertTrue(e.getMessage().contains("diverged") && e.getMessage().contains("epoch " + e.epoch())
                && e.getMessage().contains("batch " + e.batch()) && e.getMessage().contains("1000000.0"), e.getMessage());
        for (Parameter p : model.parameters()) {
            assertFalse(p.value().hasNonFinite(), p.name() + " must hold the last good weights");
        }
        assertTrue(e.history().diverged());
        assertEquals(e.getMessage(), e.history().stopReason());
        assertEquals(e.epoch() - 1, e.history().epochs().size());
    }

    @Test
    void divergenceKeepsTheWeightsOfTheStartOfTheEpoch() {
        Sequential model = line();
        WeightLog log = new WeightLog(model);
        // w_{k+1} = w_k - lr * 2 (w_k - 2): with lr 1e200 the weights overflow in epoch 2 or 3.
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
                () -> new Trainer(model, new Sgd(1e200), TrainingConfig.fullBatch(10)).addListener(log).fit(points("train", 2)));
        assertTrue(e.epoch() >= 2, e.getMessage());
        assertTrue(model.parameters().get(0).value().sameBits(log.weights.get(e.epoch() - 2).get(0)), e.getMessage());
    }

    @Test
    void aLossBlownUpButFiniteAlsoCountsAsDivergence() {
        // lr 2 on (w - 2)^2: w_{k+1} = 3.6 - 3 w_k, the loss grows 9-fold per epoch from 4 and passes
        // 10,000 * 4 in epoch 6, long before it overflows.
        Sequential model = line();
        WeightLog log = new WeightLog(model);
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
                () -> new Trainer(model, new Sgd(2), TrainingConfig.fullBatch(50)).addListener(log).fit(points("train", 2)));
        assertEquals(6, e.epoch(), e.getMessage());
        assertEquals(1, e.batch());
        assertTrue(e.getMessage().contains("more than 10000 times") && e.getMessage().contains("epoch 6, batch 1"),
                e.getMessage());
        assertTrue(model.parameters().get(0).value().sameBits(log.weights.get(4).get(0)), "the weights after epoch 5");
        // Turned off, the same run goes on.
        History h = new Trainer(line(), new Sgd(2), TrainingConfig.fullBatch(8).withDivergenceFactor(Double.POSITIVE_INFINITY))
                .fit(points("train", 2));
        assertEquals(8, h.epochs().size());
        assertThrows(IllegalArgumentException.class, () -> TrainingConfig.fullBatch(1).withDivergenceFactor(1));
    }

    @Test
    void validationFractionHoldsOutAStratifiedPart() {
        Sequential model = TrainerTest.blobsNet(1);
        int[] trainSize = {0};
        TrainingConfig config = TrainingConfig.miniBatch(2, 32, 1).withValidationFraction(0.2);
        History h = new Trainer(model, new Sgd(0.1), config).addListener(new TrainingListener() {
            @Override
            public void onBatchEnd(int epoch, int batch, int size, double loss) {
                if (epoch == 1) {
                    trainSize[0] += size;
                }
            }
        }).fit(TrainerTest.blobs(300));
        assertEquals(240, trainSize[0]);
        assertTrue(Double.isFinite(h.last().validationLoss()) && h.last().validationAccuracy() > 0.5);
        assertThrows(IllegalArgumentException.class,
                () -> new Trainer(TrainerTest.blobsNet(1), new Sgd(0.1), config).fit(TrainerTest.blobs(300), TrainerTest.blobs(30)));
    }

    @Test
    void schedulesSetTheLearningRatePerEpochOrPerStep() {
        List<Double> perEpoch = new ArrayList<>();
        Sgd sgd = new Sgd(0.1);
        new Trainer(TrainerTest.blobsNet(1), sgd, TrainingConfig.miniBatch(4, 50, 1).withSchedule(LearningRateSchedule.step(2, 0.5)))
                .addListener(new TrainingListener() {
                    @Override
                    public boolean onEpochEnd(EpochResult r) {
                        perEpoch.add(r.learningRate());
                        return true;
                    }
                }).fit(TrainerTest.blobs(100));
        assertEquals(List.of(0.1, 0.1, 0.05, 0.05), perEpoch);

        List<Double> perStep = new ArrayList<>();
        Adam adam = new Adam(0.01);
        new Trainer(TrainerTest.blobsNet(1), adam, TrainingConfig.miniBatch(2, 50, 1)
                .withSchedule(LearningRateSchedule.parse("warmup:4@step")))
                .addListener(new TrainingListener() {
                    @Override
                    public void onBatchEnd(int epoch, int batch, int size, double loss) {
                        perStep.add(adam.learningRate());
                    }
                }).fit(TrainerTest.blobs(100));
        assertEquals(4, perStep.size());
        double[] expected = {0.0025, 0.005, 0.0075, 0.01};
        for (int i = 0; i < 4; i++) {
            assertEquals(expected[i], perStep.get(i), 1e-15);
        }
    }

    @Test
    void clippingKeepsAHugeStepFinite() {
        // Without clipping lr 1e6 diverges (test above); clipped to norm 1e-6 each step moves at most 1.
        Sequential model = TrainerTest.blobsNet(1);
        History h = new Trainer(model, new Sgd(1e6), TrainingConfig.miniBatch(1, 16, 1).withClipNorm(1e-6))
                .fit(TrainerTest.blobs(90));
        assertFalse(h.diverged());
        for (Parameter p : model.parameters()) {
            assertFalse(p.value().hasNonFinite());
        }
    }

    @Test
    void trainingWithDropoutRepeatsBitForBitAndPredictsDeterministically() {
        List<Tensor> first = null;
        for (int run = 0; run < 2; run++) {
            Sequential net = Sequential.builder(2).seed(3).dense(16).relu().add(new dev.chainrule.layer.Dropout(0.3, 5))
                    .dense(3).loss(new SoftmaxCrossEntropy()).build();
            new Trainer(net, new Adam(0.01), TrainingConfig.miniBatch(3, 16, 1)).fit(TrainerTest.blobs(120));
            Tensor x = TrainerTest.blobs(30).features();
            assertTrue(net.predict(x).sameBits(net.predict(x)), "dropout is off when predicting");
            if (first == null) {
                first = net.copyWeights();
            } else {
                for (int i = 0; i < first.size(); i++) {
                    assertTrue(first.get(i).sameBits(net.parameters().get(i).value()));
                }
            }
        }
    }
}
