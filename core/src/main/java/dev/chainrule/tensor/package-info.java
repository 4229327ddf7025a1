/**
 * Tensors (two-dimensional, row-major, float32 or float64) and the {@link dev.chainrule.tensor.Kernels}
 * seam through which all matrix products, bias broadcasts and row reductions run.
 */
package dev.chainrule.tensor;
