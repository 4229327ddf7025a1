/** The measurements behind {@code bench/spark.sh}: one run per JVM, one JSON line each. */
package dev.chainrule.spark.bench;
