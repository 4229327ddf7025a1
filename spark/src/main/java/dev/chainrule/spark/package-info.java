/**
 * Training chainrule networks on Apache Spark: Spark ML estimators and models written in Java.
 *
 * <p>{@link dev.chainrule.spark.ChainruleClassifier} and {@link dev.chainrule.spark.ChainruleRegressor}
 * read a features vector column and a label column and train a chainrule network on the cluster,
 * in one of two modes: {@code synchronous} (every global mini-batch is split across the partitions,
 * treeAggregate adds the gradient sums in an order fixed by the partitions' indices and the driver takes the optimizer step:
 * the same result as training on one machine with the same batches) or {@code averaging} (each
 * partition takes several optimizer steps on its own rows, then parameters and optimizer state
 * are averaged, weighted by example counts). The models they give,
 * {@link dev.chainrule.spark.ChainruleClassificationModel} and
 * {@link dev.chainrule.spark.ChainruleRegressionModel}, write prediction, probability and
 * rawPrediction columns, work inside a {@code Pipeline}, and save with Spark's ML persistence
 * plus chainrule's own model file, so the {@code chainrule} command reads them too.
 *
 * <p>Spark itself is not bundled: the cluster (or {@code spark-submit}) supplies it.
 */
package dev.chainrule.spark;
