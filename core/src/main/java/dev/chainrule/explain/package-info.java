/** Explanations: the backprop trace of one example, layer by layer, as the seeds work it by hand. */
package dev.chainrule.explain;
