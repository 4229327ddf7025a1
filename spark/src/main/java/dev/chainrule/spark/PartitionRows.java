package dev.chainrule.spark;

import java.io.Serializable;

/**
 * One partition's training rows in compact float form, as the training jobs read them from
 * Spark's cache: features {@code [rows, inputs]} row-major in one float array, and one float label
 * per row (the class index, or the regression target). Built once by {@link RowReader}; never
 * written after.
 *
 * <p>Besides the rows it records what the driver checks before training: the first bad value
 * ({@link #problem}, then the rows are not kept), the largest label, and which kernels the
 * executor runs.
 */
final class PartitionRows implements Serializable {
    private static final long serialVersionUID = 1L;

    final int partition;
    final int rows;
    final int inputs;
    /** {@code [rows * inputs]}, row-major; empty when a problem was found. */
    final float[] features;
    /** {@code [rows]}; empty when a problem was found. */
    final float[] labels;
    /** The first bad value, or null. */
    final InputProblem problem;
    /** The largest label read (NaN when there are no rows). */
    final double maxLabel;
    /** The simple class name of the executor's active kernels, e.g. {@code VectorKernels}. */
    final String kernels;

    PartitionRows(int partition, int rows, int inputs, float[] features, float[] labels, InputProblem problem,
                  double maxLabel, String kernels) {
        this.partition = partition;
        this.rows = rows;
        this.inputs = inputs;
        this.features = features;
        this.labels = labels;
        this.problem = problem;
        this.maxLabel = maxLabel;
        this.kernels = kernels;
    }

    /** What the driver needs to know of this partition, without its rows. */
    Summary summary() {
        return new Summary(partition, rows, problem, maxLabel, kernels);
    }

    /** {@link PartitionRows} less the rows: collected to the driver, one per partition. */
    record Summary(int partition, int rows, InputProblem problem, double maxLabel, String kernels)
            implements Serializable {
    }
}
