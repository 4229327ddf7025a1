package dev.chainrule.train;

import dev.chainrule.data.Dataset;
import dev.chainrule.model.Sequential;
import dev.chainrule.optim.Sgd;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link Batching#ORDERED}: the file's order, every epoch, whatever the seed. */
class OrderedBatchingTest {

    private static Sequential trained(Batching batching, int batch, long seed, Dataset data) {
        Sequential net = TrainerTest.blobsNet(9);
        new Trainer(net, new Sgd(0.1), new TrainingConfig(3, batch, batching, seed)).fit(data);
        return net;
    }

    private static boolean sameWeights(Sequential a, Sequential b) {
        for (int i = 0; i < a.parameters().size(); i++) {
            if (!a.parameters().get(i).value().sameBits(b.parameters().get(i).value())) {
                return false;
            }
        }
        return true;
    }

    @Test
    void orderedIgnoresTheSeed() {
        Dataset data = TrainerTest.blobs(90);
        assertTrue(sameWeights(trained(Batching.ORDERED, 16, 1, data), trained(Batching.ORDERED, 16, 2, data)));
        assertFalse(sameWeights(trained(Batching.SHUFFLED, 16, 1, data), trained(Batching.SHUFFLED, 16, 2, data)));
    }

    @Test
    void oneOrderedBatchOfEveryRowIsFullBatch() {
        Dataset data = TrainerTest.blobs(90);
        assertTrue(sameWeights(trained(Batching.ORDERED, 90, 1, data), trained(Batching.FULL, 1, 1, data)));
    }

    @Test
    void orderedFollowsTheRowOrder() {
        Dataset data = TrainerTest.blobs(90);
        int[] reversed = new int[90];
        for (int i = 0; i < 90; i++) {
            reversed[i] = 89 - i;
        }
        Dataset backwards = data.subset("blobs reversed", reversed);
        assertFalse(sameWeights(trained(Batching.ORDERED, 16, 1, data), trained(Batching.ORDERED, 16, 1, backwards)));
    }
}
