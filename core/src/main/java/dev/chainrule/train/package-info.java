/**
 * The training loop: {@link dev.chainrule.train.Trainer} runs epochs of batches (full batch,
 * shuffled mini-batches, or mini-batches sampled with replacement) and reports to listeners.
 */
package dev.chainrule.train;
