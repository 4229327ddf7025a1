package dev.chainrule.train;

import dev.chainrule.data.BuiltinDigits;
import dev.chainrule.data.Dataset;
import dev.chainrule.loss.Loss;
import dev.chainrule.model.Sequential;
import dev.chainrule.optim.Sgd;
import dev.chainrule.tensor.DType;
import dev.chainrule.tensor.Shape;
import dev.chainrule.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Batch normalization's running statistics are part of what a model predicts with: early
 * stopping that keeps the best epoch restores them with the weights ({@link Sequential#copyState}).
 */
class RunningStatisticsRestoredTest {

    @Test
    void earlyStoppingRestoresTheBestEpochsRunningStatisticsWithItsWeights() {
        Dataset digits = BuiltinDigits.load(DType.FLOAT32).withExampleShape(Shape.image(1, 8, 8));
        Sequential model = Sequential.builder(Shape.image(1, 8, 8)).seed(3).conv2d(4, 3, 1).batchNorm().relu().flatten()
                .dense(10).loss(Loss.named("softmax-ce")).build();
        List<List<Tensor>> states = new ArrayList<>();
        Callback snapshot = new Callback() {
            @Override
            public void onEpochEnd(TrainingRun run) {
                states.add(run.model().copyState());
            }
        };
        // no epoch after the first improves by a million: epoch 1 is the best, the run stops after epoch 2
        TrainingConfig config = TrainingConfig.miniBatch(5, 32, 1).withValidationFraction(0.2)
                .withEarlyStopping(new EarlyStopping(EarlyStopping.Monitor.VAL_LOSS, 1, 1e6, true));
        History history = new Trainer(model, new Sgd(0.05), config).addCallback(snapshot).fit(digits);
        assertEquals(1, history.bestEpoch());
        assertEquals(2, states.size());
        List<Tensor> now = model.copyState();
        assertEquals(model.parameters().size() + 2, now.size());
        for (int i = 0; i < now.size(); i++) {
            assertTrue(states.get(0).get(i).sameBits(now.get(i)), "tensor " + i + " is epoch 1's");
        }
        Tensor mean = model.buffers().values().iterator().next();
        assertFalse(mean.sameBits(states.get(1).get(model.parameters().size())), "epoch 2 moved the running mean");
    }
}
