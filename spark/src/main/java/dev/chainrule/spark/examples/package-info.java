/**
 * Runnable programs for chainrule on Spark: {@link dev.chainrule.spark.examples.FashionMnistOnSpark}
 * (a newcomer's first run, {@code local[*]} or {@code spark-submit}) and
 * {@link dev.chainrule.spark.examples.IdxFrames}, which reads IDX image files into a DataFrame on
 * the executors.
 */
package dev.chainrule.spark.examples;
