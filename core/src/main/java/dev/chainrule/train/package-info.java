/**
 * The training loop: {@link dev.chainrule.train.Trainer} runs epochs over a
 * {@link dev.chainrule.train.BatchPlan} (full batch, shuffled, sampled with replacement, or in
 * order), each batch one {@link dev.chainrule.train.Backprop#computeGradients} and one optimizer
 * step. What is optional is a {@link dev.chainrule.train.Callback}: the divergence guard, the
 * learning-rate schedule, gradient clipping, validation, the {@link dev.chainrule.train.History},
 * {@link dev.chainrule.train.EarlyStopping early stopping}, progress reports; the
 * {@link dev.chainrule.train.TrainingConfig} adds the built-in ones. Training stops with a
 * {@link dev.chainrule.train.TrainingDivergedException} when it diverges.
 */
package dev.chainrule.train;
