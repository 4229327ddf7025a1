package dev.chainrule.spark;

import dev.chainrule.layer.Parameter;
import dev.chainrule.model.Sequential;
import dev.chainrule.optim.Optimizer;
import dev.chainrule.tensor.Tensor;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

import java.util.List;

/**
 * {@link TrainingMode#SYNCHRONOUS}: for every global mini-batch, one Spark job in which each
 * partition computes its part of the gradient of the batch's mean loss (its rows' gradients
 * divided by the batch's size, the loss gradient of each row being the single-machine one);
 * {@link OrderedSum} adds the parts, in double, by treeAggregate in a tree fixed by the partition indices, and the driver takes the optimizer step (any
 * optimizer: its state never leaves the driver). The new weights are
 * broadcast for the next batch and the old broadcast destroyed.
 *
 * <p>Batch normalization: each partition normalizes its share of a batch over the share's rows
 * (as data-parallel training without synchronized batch norm does), and moves its copy of the
 * running statistics once with the share's statistics; the driver's running statistics become
 * the example-weighted mean of the partitions' ones. For the running mean that is exactly one
 * update with the global batch's mean; for the running variance, one with the mean of the
 * shares' variances. The broadcast carries the running statistics with the weights
 * ({@link FlatParameters#state}).
 *
 * <p>The batches are those of the single-machine {@link dev.chainrule.train.Trainer} with the same
 * seed ({@link RowOrder}), so the weights equal its weights up to the rounding of adding the
 * gradient in another order (for a network with batch norm, only on one partition).
 */
final class SynchronousTraining {
    private SynchronousTraining() {
    }

    /** Trains {@code model} (the driver's copy, updated in place) on {@code data}. */
    static TrainingSummary run(JavaSparkContext spark, JobDescription jobs, DistributedRows data, Sequential model,
                               Optimizer optimizer, TrainingSettings settings) {
        NetworkTemplate template = NetworkTemplate.of(model);
        List<Parameter> parameters = model.parameters();
        RowOrder order = new RowOrder(data.examples, settings.batchSize(), settings.seed());
        EpochRecorder recorder = new EpochRecorder(settings, data);
        long seed = settings.seed();
        boolean classification = settings.classification();
        GradientSetter gradients = new GradientSetter(parameters);
        List<Tensor> state = FlatParameters.state(model);
        List<Tensor> buffers = FlatParameters.buffers(model);
        Broadcast<float[]> weights = spark.broadcast(FlatParameters.values(state));
        try {
            for (int epoch = 1; epoch <= settings.epochs(); epoch++) {
                long start = System.nanoTime();
                EpochPlan plan = EpochPlan.of(order.epoch(epoch), settings.batchSize(), data.offsets, data.sizes);
                Broadcast<EpochPlan> planBroadcast = spark.broadcast(plan);
                PartialSums totals = PartialSums.empty();
                for (int b = 0; b < plan.batches(); b++) {
                    int batch = b;
                    int e = epoch;
                    Broadcast<float[]> current = weights;
                    jobs.training("epoch " + epoch + ", batch " + (b + 1) + " of " + plan.batches() + " (synchronous)");
                    PartialSums sums = OrderedSum.of(data.partitions, rows -> shareGradient(rows,
                            planBroadcast.value(), batch, current.value(), template,
                            Seeds.of(seed, e, rows.partition, batch), classification));
                    gradients.set(sums.values);
                    optimizer.step(parameters);
                    if (!buffers.isEmpty()) {
                        FlatParameters.loadMeans(sums.buffers, sums.examples, buffers);
                    }
                    weights = spark.broadcast(FlatParameters.values(state));
                    current.destroy();
                    totals.merge(sums.countsOnly());
                    recorder.round(1);
                }
                planBroadcast.destroy();
                recorder.epoch(epoch, totals, start);
            }
        } finally {
            weights.destroy();
        }
        return recorder.summary();
    }

    /**
     * On an executor: partition {@code rows}' part of the gradient of batch {@code b}'s mean loss
     * (its rows' gradients divided by the global batch's size, so that the parts add up to the
     * batch's gradient), with the share's loss and counts; empty when the partition holds no row
     * of the batch.
     */
    static PartialSums shareGradient(PartitionRows rows, EpochPlan plan, int b, float[] weights,
                                     NetworkTemplate template, long seed, boolean classification) {
        if (plan.shareSize(rows.partition, b) == 0) {
            return PartialSums.empty();
        }
        PartitionWork work = new PartitionWork(template, seed, weights, rows, classification);
        work.gradients(plan, b, true);
        PartialSums sums = work.counts();
        sums.values = new double[FlatParameters.gradientSize(work.parameters)];
        FlatParameters.addScaledGradients(work.parameters, 1, sums.values);
        if (!work.buffers.isEmpty()) {
            sums.buffers = new double[FlatParameters.size(work.buffers)];
            FlatParameters.addScaledValues(work.buffers, plan.shareSize(rows.partition, b), sums.buffers);
        }
        return sums;
    }
}
