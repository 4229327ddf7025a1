/** Metrics computed from predictions and targets: accuracy and its relatives. */
package dev.chainrule.metrics;
