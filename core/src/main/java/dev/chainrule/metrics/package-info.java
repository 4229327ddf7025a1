/**
 * Metrics computed from predictions and targets: {@link dev.chainrule.metrics.Accuracy},
 * {@link dev.chainrule.metrics.TopKAccuracy}, {@link dev.chainrule.metrics.ConfusionMatrix} (with
 * per-class precision, recall, F1 and their macro and weighted averages) and
 * {@link dev.chainrule.metrics.RegressionMetrics} (mean squared and absolute error).
 */
package dev.chainrule.metrics;
