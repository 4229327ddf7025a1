/** Model files: saving and loading networks with their preprocessing. */
package dev.chainrule.io;
