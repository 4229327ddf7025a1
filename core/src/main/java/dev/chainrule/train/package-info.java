/**
 * The training loop: {@link dev.chainrule.train.Trainer} runs epochs of batches (full batch,
 * shuffled mini-batches, or mini-batches sampled with replacement) with the settings of a
 * {@link dev.chainrule.train.TrainingConfig}: learning-rate schedule, gradient clipping,
 * validation split, {@link dev.chainrule.train.EarlyStopping early stopping}; it reports to
 * {@link dev.chainrule.train.TrainingListener listeners}, returns a
 * {@link dev.chainrule.train.History}, and stops with a
 * {@link dev.chainrule.train.TrainingDivergedException} when training diverges.
 */
package dev.chainrule.train;
