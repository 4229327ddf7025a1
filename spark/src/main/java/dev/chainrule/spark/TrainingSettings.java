package dev.chainrule.spark;

import dev.chainrule.optim.Optimizer;
import dev.chainrule.optim.Optimizers;

import java.io.Serializable;

/**
 * The settings of one distributed training run, read from the estimator's Params once; sent to
 * the executors in averaging mode, where each partition builds its own optimizer from them.
 *
 * @param epochs         passes over the rows
 * @param batchSize      examples per global mini-batch
 * @param seed           initial weights, the batches' order, dropout masks
 * @param mode           synchronous or averaging
 * @param localSteps     averaging: batches between two averagings (K)
 * @param optimizer      optimizer name, as {@link Optimizers#named} takes it
 * @param learningRate   the optimizer's learning rate
 * @param momentum       for momentum and nesterov
 * @param l2             L2 penalty
 * @param weightDecay    decoupled weight decay
 * @param classification class labels (count right answers) or regression targets
 */
record TrainingSettings(int epochs, int batchSize, long seed, TrainingMode mode, int localSteps, String optimizer,
                        double learningRate, double momentum, double l2, double weightDecay,
                        boolean classification) implements Serializable {

    /** The settings the Params of {@code params} hold. */
    static TrainingSettings of(ChainruleParams<?> params, boolean classification) {
        return new TrainingSettings(params.getEpochs(), params.getBatchSize(), params.getSeed(),
                TrainingMode.of(params.getMode()), params.getLocalSteps(), params.getOptimizer(),
                params.getLearningRate(), params.getMomentum(), params.getL2(), params.getWeightDecay(), classification);
    }

    /** A new optimizer with these settings and no state. */
    Optimizer newOptimizer() {
        return Optimizers.named(optimizer, learningRate, momentum, l2, weightDecay);
    }
}
