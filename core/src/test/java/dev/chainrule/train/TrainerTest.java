package dev.chainrule.train;

import dev.chainrule.data.Dataset;
import dev.chainrule.layer.Parameter;
import dev.chainrule.loss.BinaryCrossEntropyWithLogits;
import dev.chainrule.loss.SoftmaxCrossEntropy;
import dev.chainrule.metrics.Accuracy;
import dev.chainrule.model.Sequential;
import dev.chainrule.optim.Sgd;
import dev.chainrule.tensor.DType;
import dev.chainrule.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrainerTest {

    static Dataset xor() {
        Tensor x = Tensor.of(DType.FLOAT32, new double[][] {{0, 0}, {0, 1}, {1, 0}, {1, 1}});
        Tensor t = Tensor.of(DType.FLOAT32, new double[][] {{0}, {1}, {1}, {0}});
        return new Dataset("xor", x, t, List.of("0", "1"));
    }

    static Sequential xorNet(long seed) {
        return Sequential.builder(2).seed(seed).dense(8).tanh().dense(1)
                .loss(new BinaryCrossEntropyWithLogits()).build();
    }

    @Test
    void learnsXorToFullAccuracy() {
        Sequential net = xorNet(42);
        History h = new Trainer(net, new Sgd(0.5), TrainingConfig.fullBatch(2000)).fit(xor());
        assertEquals(1.0, Accuracy.of(net.predict(xor().features()), xor().targets()));
        assertEquals(1.0, h.last().trainAccuracy());
        assertTrue(h.last().trainLoss() < 0.05, "loss " + h.last().trainLoss());
    }

    @Test
    void sameSeedSameWeightsBitForBit() {
        for (Batching batching : Batching.values()) {
            Sequential a = blobsNet(9);
            Sequential b = blobsNet(9);
            TrainingConfig cfg = new TrainingConfig(3, 16, batching, 11);
            new Trainer(a, new Sgd(0.1), cfg).fit(blobs(200));
            new Trainer(b, new Sgd(0.1), cfg).fit(blobs(200));
            for (int i = 0; i < a.parameters().size(); i++) {
                Parameter pa = a.parameters().get(i);
                assertTrue(pa.value().sameBits(b.parameters().get(i).value()), batching + " " + pa.name());
            }
        }
    }

    @Test
    void differentSeedsGiveDifferentBatches() {
        Sequential a = blobsNet(9);
        Sequential b = blobsNet(9);
        new Trainer(a, new Sgd(0.1), TrainingConfig.miniBatch(1, 16, 1)).fit(blobs(200));
        new Trainer(b, new Sgd(0.1), TrainingConfig.miniBatch(1, 16, 2)).fit(blobs(200));
        assertFalse(a.parameters().get(0).value().sameBits(b.parameters().get(0).value()));
    }

    @Test
    void miniBatchTrainingLearnsThreeBlobs() {
        Sequential net = blobsNet(1);
        Dataset train = blobs(600);
        History h = new Trainer(net, new Sgd(0.1), TrainingConfig.miniBatch(20, 32, 3)).fit(train, blobs(300));
        assertTrue(h.last().validationAccuracy() > 0.95, "validation accuracy " + h.last().validationAccuracy());
        assertTrue(h.epochs().get(0).trainLoss() > h.last().trainLoss());
    }

    @Test
    void sampledWithReplacementRunsCeilNOverBatchBatches() {
        int[] batches = {0};
        new Trainer(blobsNet(1), new Sgd(0.1), new TrainingConfig(1, 64, Batching.SAMPLED_WITH_REPLACEMENT, 1))
                .addListener(new TrainingListener() {
                    @Override
                    public void onBatchEnd(int epoch, int batch, int size, double loss) {
                        batches[0]++;
                        assertEquals(64, size);
                    }
                }).fit(blobs(200));
        assertEquals(4, batches[0]);
    }

    @Test
    void lossIncreaseWarningPrintsTenLinesAndWarns() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        Sequential net = blobsNet(1);
        Dataset train = blobs(100);
        // Reported losses 5, 4, 6, 3, ...: the third report must carry the warning, the others not.
        double[] losses = {5, 4, 6, 3, 2, 1, 0.9, 0.8, 0.7, 0.6};
        int[] calls = {0};
        new Trainer(net, new Sgd(0.1), TrainingConfig.fullBatch(100))
                .addListener(new LossIncreaseWarning(out, 10, net, m -> losses[calls[0]++]))
                .fit(train);
        String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n");
        assertEquals(10, lines.length);
        assertEquals("Train loss: 5.000000000000", lines[0]);
        assertEquals("Train loss: 6.000000000000  WARNING - Loss Increasing", lines[2]);
        assertFalse(lines[1].contains("WARNING") || lines[3].contains("WARNING"));
    }

    @Test
    void badSettingsAndDataAreRefusedWithNames() {
        IllegalArgumentException lr = assertThrows(IllegalArgumentException.class, () -> new Sgd(0));
        assertTrue(lr.getMessage().contains("learning rate") && lr.getMessage().contains("0.0"), lr.getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new Sgd(-1)).getMessage().contains("-1"));
        IllegalArgumentException batch = assertThrows(IllegalArgumentException.class,
                () -> TrainingConfig.miniBatch(1, 0, 1));
        assertTrue(batch.getMessage().contains("batch size") && batch.getMessage().contains("0"), batch.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TrainingConfig.miniBatch(0, 10, 1));

        Dataset withNaN = blobs(10);
        withNaN.features().set(3, 1, Double.NaN);
        IllegalArgumentException nan = assertThrows(IllegalArgumentException.class,
                () -> new Trainer(blobsNet(1), new Sgd(0.1), TrainingConfig.miniBatch(1, 4, 1)).fit(withNaN));
        assertTrue(nan.getMessage().contains("row 4") && nan.getMessage().contains("column 2")
                && nan.getMessage().contains("NaN"), nan.getMessage());

        Dataset wide = new Dataset("wide", Tensor.zeros(DType.FLOAT32, 4, 5), Tensor.zeros(DType.FLOAT32, 4, 3),
                List.of("a", "b", "c"));
        IllegalArgumentException shape = assertThrows(IllegalArgumentException.class,
                () -> new Trainer(blobsNet(1), new Sgd(0.1), TrainingConfig.miniBatch(1, 4, 1)).fit(wide));
        assertTrue(shape.getMessage().contains("5") && shape.getMessage().contains("2"), shape.getMessage());
    }

    static Sequential blobsNet(long seed) {
        return Sequential.builder(2).seed(seed).dense(16).relu().dense(3).loss(new SoftmaxCrossEntropy()).build();
    }

    /** Three Gaussian blobs in the plane, one-hot targets. */
    static Dataset blobs(int n) {
        Random random = new Random(n);
        double[][] centers = {{-2, 0}, {2, 0}, {0, 2.5}};
        Tensor x = Tensor.zeros(DType.FLOAT32, n, 2);
        Tensor t = Tensor.zeros(DType.FLOAT32, n, 3);
        for (int i = 0; i < n; i++) {
            int c = i % 3;
            x.set(i, 0, centers[c][0] + 0.5 * random.nextGaussian());
            x.set(i, 1, centers[c][1] + 0.5 * random.nextGaussian());
            t.set(i, c, 1);
        }
        return new Dataset("blobs", x, t, List.of("a", "b", "c"));
    }
}
