/**
 * Layers: {@link dev.chainrule.layer.Dense} ({@code h = xW + b}) and the activations
 * (sigmoid, tanh, ReLU, leaky ReLU, softmax), each with its forward rule directly above its
 * backward rule. A layer computes gradients; it never updates its own weights.
 */
package dev.chainrule.layer;
