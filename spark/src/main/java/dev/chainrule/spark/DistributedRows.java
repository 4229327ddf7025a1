package dev.chainrule.spark;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * The training rows as the training jobs read them: one {@link PartitionRows} per partition,
 * cached by Spark (memory, spilling to disk), never collected to the driver. The driver keeps
 * only the partitions' row counts, from which a row's global position follows.
 *
 * <p>{@link #read} runs one job over the DataFrame that converts and checks every row; a bad
 * value anywhere becomes an {@link InputColumnException} naming the column and the row before
 * any training starts.
 */
final class DistributedRows {
    final JavaRDD<PartitionRows> partitions;
    /** Rows of each partition, in partition order. */
    final int[] sizes;
    /** Global index of each partition's first row. */
    final long[] offsets;
    final int examples;
    final int inputs;
    /** The largest label, NaN without rows. */
    final double maxLabel;
    /** The distinct kernels the executors run, e.g. [VectorKernels]. */
    final List<String> kernels;

    private DistributedRows(JavaRDD<PartitionRows> partitions, int[] sizes, long[] offsets, int examples, int inputs,
                            double maxLabel, List<String> kernels) {
        this.partitions = partitions;
        this.sizes = sizes;
        this.offsets = offsets;
        this.examples = examples;
        this.inputs = inputs;
        this.maxLabel = maxLabel;
        this.kernels = kernels;
    }

    /**
     * Converts and checks the rows of {@code data}'s {@code (featuresCol, labelCol)} columns (label
     * already cast to double) and caches them.
     *
     * @throws InputColumnException naming the column and the row of the first bad value, or when there are no rows
     */
    static DistributedRows read(Dataset<?> data, String featuresCol, String labelCol, int inputs, String inputsSource,
                                LabelRule labels) {
        JavaRDD<Row> rows = data.select(featuresCol, labelCol).toJavaRDD();
        JavaRDD<PartitionRows> partitions = rows
                .mapPartitionsWithIndex(new RowReader(featuresCol, labelCol, inputs, inputsSource, labels), true)
                .persist(StorageLevel.MEMORY_AND_DISK());
        List<PartitionRows.Summary> summaries = partitions.map(PartitionRows::summary).collect();
        int[] sizes = new int[summaries.size()];
        long[] offsets = new long[summaries.size()];
        long total = 0;
        InputColumnException first = null;
        double maxLabel = Double.NaN;
        TreeSet<String> kernels = new TreeSet<>();
        for (PartitionRows.Summary s : summaries) {
            sizes[s.partition()] = s.rows();
            offsets[s.partition()] = total;
            if (first == null && s.problem() != null) {
                InputProblem p = s.problem();
                long row = total + p.index() + 1;
                first = new InputColumnException(p.column(), row, "column \"" + p.column() + "\", row " + row + " "
                        + p.what() + " (rows are counted from 1 in the DataFrame's partition order)");
            }
            total += s.rows();
            if (s.rows() > 0) {
                maxLabel = Double.isNaN(maxLabel) ? s.maxLabel() : Math.max(maxLabel, s.maxLabel());
            }
            kernels.add(s.kernels());
        }
        if (first != null) {
            partitions.unpersist(false);
            throw first;
        }
        if (total == 0) {
            partitions.unpersist(false);
            throw new InputColumnException(featuresCol, 0, "the training DataFrame has no rows");
        }
        if (total > Integer.MAX_VALUE - 8) {
            partitions.unpersist(false);
            throw new InputColumnException(featuresCol, 0, "the training DataFrame has " + total
                    + " rows; chainrule trains on at most " + (Integer.MAX_VALUE - 8) + " per fit");
        }
        return new DistributedRows(partitions, sizes, offsets, (int) total, inputs, maxLabel, new ArrayList<>(kernels));
    }

    int partitionCount() {
        return sizes.length;
    }

    /** Removes the cached rows. */
    void release() {
        partitions.unpersist(false);
    }
}
