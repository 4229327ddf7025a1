package dev.chainrule.train;

/**
 * What one epoch produced.
 *
 * @param epoch              1-based epoch number
 * @param trainLoss          mean of the batch losses over the epoch, weighted by batch size (each
 *                           batch's loss is taken before its update)
 * @param trainAccuracy      accuracy on the training batches as they were seen (NaN for regression)
 * @param validationLoss     loss on the validation set after the epoch (NaN without one)
 * @param validationAccuracy accuracy on the validation set after the epoch (NaN without one or for regression)
 * @param seconds            wall time of the epoch's training steps (validation excluded)
 * @param learningRate       learning rate at the end of the epoch
 */
public record EpochResult(int epoch, double trainLoss, double trainAccuracy, double validationLoss,
                          double validationAccuracy, double seconds, double learningRate) {
}
