/** Gradient checks: back-propagated gradients against float64 central differences, with a report of the worst entry. */
package dev.chainrule.check;
