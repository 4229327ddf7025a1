/** Data: {@link dev.chainrule.data.Dataset} (features and targets as tensors) and the loaders that make one. */
package dev.chainrule.data;
