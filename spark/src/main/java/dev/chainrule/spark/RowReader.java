package dev.chainrule.spark;

import org.apache.spark.api.java.function.Function2;
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.SparseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Reads one partition of {@code (features, label)} rows into a {@link PartitionRows}: every
 * vector checked for size, nulls and non-finite values, every label against the
 * {@link LabelRule}; the first bad value stops the reading and is reported instead of the rows.
 * Runs on the executors, as the first job of {@code fit}, before any training round.
 */
final class RowReader implements Function2<Integer, Iterator<Row>, Iterator<PartitionRows>> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(RowReader.class);
    private static final AtomicBoolean WARNED = new AtomicBoolean();

    private final String featuresCol;
    private final String labelCol;
    private final int inputs;
    private final String inputsSource;
    private final LabelRule labels;

    /**
     * @param inputs       the vector size every row must have
     * @param inputsSource where that size comes from, for messages, e.g. {@code "the network file's inputs"}
     */
    RowReader(String featuresCol, String labelCol, int inputs, String inputsSource, LabelRule labels) {
        this.featuresCol = featuresCol;
        this.labelCol = labelCol;
        this.inputs = inputs;
        this.inputsSource = inputsSource;
        this.labels = labels;
    }

    /** Reads rows of {@code (features vector, label double)}, in that column order. */
    @Override
    public Iterator<PartitionRows> call(Integer partition, Iterator<Row> rows) {
        String kernels = TaskKernels.name();
        warnIfNoVectorApi(ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty());
        // the features go into blocks of about 4 MB, copied once into one array at the end (growing
        // one array by doubling copied every row about twice more, through humongous G1 regions)
        int blockRows = Math.max(1, (1 << 20) / inputs);
        List<float[]> blocks = new ArrayList<>();
        float[] block = null;
        float[] targets = new float[Math.min(blockRows, 1024)];
        int count = 0;
        double maxLabel = Double.NaN;
        while (rows.hasNext()) {
            Row row = rows.next();
            InputProblem problem = check(row, count);
            if (problem != null) {
                PartitionRows bad = new PartitionRows(partition, count, inputs, new float[0], new float[0], problem,
                        maxLabel, kernels);
                return List.of(bad).iterator();
            }
            if ((long) (count + 1) * inputs > Integer.MAX_VALUE - 8) {
                return List.of(new PartitionRows(partition, count, inputs, new float[0], new float[0],
                        new InputProblem(featuresCol, count, "is one row too many for one partition ("
                                + count + " rows of " + inputs + " features fill a Java array); repartition the"
                                + " DataFrame into more partitions"), maxLabel, kernels)).iterator();
            }
            if (count % blockRows == 0) {
                block = new float[blockRows * inputs];
                blocks.add(block);
            }
            if (count == targets.length) {
                targets = Arrays.copyOf(targets, (int) Math.min(Integer.MAX_VALUE - 8, 2L * count));
            }
            copyFeatures((Vector) row.get(0), block, (count % blockRows) * inputs);
            double label = row.getDouble(1);
            targets[count] = (float) label;
            maxLabel = count == 0 ? label : Math.max(maxLabel, label);
            count++;
        }
        float[] features = new float[count * inputs];
        for (int b = 0; b < blocks.size(); b++) {
            int rowsHere = Math.min(blockRows, count - b * blockRows);
            System.arraycopy(blocks.get(b), 0, features, b * blockRows * inputs, rowsHere * inputs);
        }
        return List.of(new PartitionRows(partition, count, inputs, features, Arrays.copyOf(targets, count), null,
                maxLabel, kernels)).iterator();
    }

    /** The problem with row {@code index} of this partition, or null when it can be trained on. */
    private InputProblem check(Row row, int index) {
        if (row.isNullAt(0)) {
            return new InputProblem(featuresCol, index, "is null; every row needs a feature vector");
        }
        Vector v = (Vector) row.get(0);
        if (v.size() != inputs) {
            return new InputProblem(featuresCol, index, "has a vector of " + v.size() + " values, expected " + inputs
                    + " (" + inputsSource + ")");
        }
        double[] values = v instanceof SparseVector s ? s.values() : v.toArray();
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                int at = v instanceof SparseVector s ? s.indices()[i] : i;
                return new InputProblem(featuresCol, index, "holds " + values[i] + " at index " + at
                        + "; every feature must be a finite number");
            }
        }
        if (row.isNullAt(1)) {
            return new InputProblem(labelCol, index, "is null; every row needs a label");
        }
        String problem = labels.problem(row.getDouble(1));
        return problem == null ? null : new InputProblem(labelCol, index, problem);
    }

    private static void copyFeatures(Vector v, float[] out, int offset) {
        if (v instanceof DenseVector d) {
            double[] values = d.values();
            for (int i = 0; i < values.length; i++) {
                out[offset + i] = (float) values[i];
            }
        } else if (v instanceof SparseVector s) {
            int[] indices = s.indices();
            double[] values = s.values();
            for (int i = 0; i < indices.length; i++) {
                out[offset + indices[i]] = (float) values[i];
            }
        } else {
            double[] values = v.toArray();
            for (int i = 0; i < values.length; i++) {
                out[offset + i] = (float) values[i];
            }
        }
    }

    /** The warning an executor logs when it lacks the Vector API. */
    static final String NO_VECTOR_API = "chainrule: this executor has no Vector API (module jdk.incubator.vector),"
            + " so it trains on the plain-loop kernels, about 5-10x slower on large layers: add --add-modules"
            + " jdk.incubator.vector to spark.executor.extraJavaOptions (and to the driver's options in local mode)";

    /**
     * Logs {@link #NO_VECTOR_API} at WARN, once per executor JVM, when {@code vectorApiMissing};
     * true when it logged now.
     */
    static boolean warnIfNoVectorApi(boolean vectorApiMissing) {
        if (vectorApiMissing && WARNED.compareAndSet(false, true)) {
            LOG.warn(NO_VECTOR_API);
            return true;
        }
        return false;
    }
}
