/** Optimizers: the update rules that turn gradients into weight steps, each keeping its own per-parameter state. */
package dev.chainrule.optim;
