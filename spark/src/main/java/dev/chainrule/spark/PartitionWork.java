package dev.chainrule.spark;

import dev.chainrule.layer.Parameter;
import dev.chainrule.metrics.Accuracy;
import dev.chainrule.model.Sequential;
import dev.chainrule.tensor.DType;
import dev.chainrule.tensor.Tensor;
import dev.chainrule.train.Backprop;
import dev.chainrule.train.Batch;

import java.util.List;

/**
 * One task's training work on one partition's rows: its own copy of the network (weights loaded
 * from the broadcast), and the forward and backward pass on the partition's share of a global
 * batch. Runs on an executor.
 *
 * <p>{@link #gradients} leaves in every parameter's gradient ({@link Backprop#computeGradients})
 * either the gradient of the share's mean loss (a local step on the share, averaging mode) or the
 * share's part of the gradient of the global batch's mean loss (synchronous mode: the parts add
 * up to the batch's gradient).
 *
 * <p>The network computes with {@link TaskKernels}: as many threads as the task owns.
 */
final class PartitionWork {
    final Sequential model;
    final List<Parameter> parameters;
    /** The live state tensors: parameter values, then buffers ({@link FlatParameters#state}). */
    final List<Tensor> state;
    /** The live buffers (batch norm's running statistics), empty when the network has none. */
    final List<Tensor> buffers;
    private final Backprop backprop;
    private final PartitionRows rows;
    private final boolean classification;
    private final int outputs;
    /** The share's features and encoded targets, reused while the share size stays the same. */
    private Tensor x;
    private Tensor t;
    /** Sum over the examples seen of their loss (before the step they took part in). */
    double lossSum;
    long correct;
    long examples;

    /**
     * @param seed  the network's build seed here: its dropout masks (derived per partition and batch
     *              by {@link Seeds}); the weights drawn from it are replaced by {@code state}
     * @param state the broadcast state: parameters, then buffers (running statistics)
     */
    PartitionWork(NetworkTemplate template, long seed, float[] state, PartitionRows rows, boolean classification) {
        this.model = template.build(seed, TaskKernels.forTask());
        this.parameters = model.parameters();
        this.state = FlatParameters.state(model);
        this.buffers = FlatParameters.buffers(model);
        this.backprop = new Backprop(model);
        FlatParameters.load(state, this.state);
        this.rows = rows;
        this.classification = classification;
        this.outputs = model.outputs();
    }

    /**
     * Forward and backward on this partition's share of batch {@code b}: writes every parameter's
     * gradient and counts the share's loss and right answers. The loss and its gradient are divided
     * by {@code meanOver} (at least the share's size): the share's own size for the gradient of its
     * mean, the global batch's size for its part of the batch's mean, which then simply adds up
     * across partitions. Returns the share's size; 0 (nothing computed) when the partition holds no
     * row of that batch.
     */
    int gradients(EpochPlan plan, int b, boolean ofWholeBatch) {
        int p = rows.partition;
        int size = plan.shareSize(p, b);
        if (size == 0) {
            return 0;
        }
        if (x == null || x.rows() != size) {
            // a task's shares mostly have one size: the buffers are reused, as the Trainer's batch plan does
            x = Tensor.zeros(DType.FLOAT32, size, rows.inputs);
            t = Tensor.zeros(DType.FLOAT32, size, outputs);
        } else {
            t.fillZero();
        }
        gather(plan.rows(p), plan.shareStart(p, b), size, x, t);
        int meanOver = ofWholeBatch ? plan.batchSize(b) : size;
        double shareLoss = backprop.computeGradients(new Batch(x, t), meanOver);
        lossSum += shareLoss * meanOver;
        examples += size;
        if (classification) {
            Tensor probabilities = backprop.probabilities();
            for (int r = 0; r < size; r++) {
                if (Accuracy.predictedClass(probabilities, r, 0.5) == Accuracy.trueClass(t, r)) {
                    correct++;
                }
            }
        }
        return size;
    }

    /** Copies the features and the encoded targets of local rows {@code local[from .. from + count)}. */
    private void gather(int[] local, int from, int count, Tensor x, Tensor t) {
        int inputs = rows.inputs;
        float[] xs = x.floats();
        float[] ts = t.floats();
        for (int i = 0; i < count; i++) {
            int r = local[from + i];
            System.arraycopy(rows.features, r * inputs, xs, i * inputs, inputs);
            float label = rows.labels[r];
            if (classification && outputs > 1) {
                ts[i * outputs + (int) label] = 1f;
            } else {
                ts[i * outputs] = label;
            }
        }
    }

    /** The counts of this task, to be added on the driver. */
    PartialSums counts() {
        PartialSums s = PartialSums.empty();
        s.lossSum = lossSum;
        s.correct = correct;
        s.examples = examples;
        return s;
    }
}
