/** The network: {@link dev.chainrule.model.Sequential}, an ordered list of layers with its loss, checked when built. */
package dev.chainrule.model;
