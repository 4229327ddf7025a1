/**
 * Losses and their gradients: the seeds' half sum of squared errors, mean squared error,
 * softmax cross-entropy fused with its softmax, and binary cross-entropy from logits or from
 * probabilities, each in its numerically stable form.
 */
package dev.chainrule.loss;
