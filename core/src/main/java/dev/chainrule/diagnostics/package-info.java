/**
 * Diagnostics of a training run, per layer and per epoch, in the spirit of Deeplearning4j's
 * training UI: the update-to-weight ratio of each step, the mean and spread of each layer's
 * outputs and weight gradients, the share of ReLU units that never fire and of sigmoid or tanh
 * outputs stuck in the flat ends, and {@link dev.chainrule.diagnostics.Diagnosis findings} that
 * say in words what looks wrong. {@link dev.chainrule.diagnostics.LayerStatisticsCollector} is a
 * training callback: added, it measures on a few sampled steps per epoch; not added, it costs
 * nothing.
 */
package dev.chainrule.diagnostics;
