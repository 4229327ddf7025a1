/**
 * Files: model files ({@link dev.chainrule.io.ModelFile}: architecture, exact weights,
 * preprocessing, class names, checksummed and written atomically), network files
 * ({@link dev.chainrule.io.NetworkFile}, the JSON form of {@link dev.chainrule.io.NetworkSpec}),
 * and the small JSON reader and writer ({@link dev.chainrule.io.Json}) both use, so that core
 * needs no runtime dependency.
 */
package dev.chainrule.io;
