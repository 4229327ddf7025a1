package dev.chainrule.spark;

import dev.chainrule.layer.Parameter;
import dev.chainrule.model.Sequential;
import dev.chainrule.optim.Optimizer;
import dev.chainrule.tensor.Tensor;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

import java.util.List;

/**
 * {@link TrainingMode#AVERAGING}: rounds of K ({@code localSteps}) consecutive global batches. In
 * a round each partition starts from the broadcast weights and optimizer state, and takes one
 * optimizer step on its share of each of the K batches (the batches and shares of
 * {@link EpochPlan}, as in synchronous mode), with the gradient of the share's mean loss. Then
 * {@link OrderedSum} adds up every partition's weights, buffers (batch norm's running
 * statistics) and optimizer state (momentum buffers,
 * moment estimates, step counts), each weighted by the examples the partition used, and the driver
 * divides by the total: the new weights and state, broadcast for the next round (Deeplearning4j's
 * parameter averaging, with the optimizer state averaged too).
 *
 * <p>With K = 1 and plain SGD a round is one synchronous step: the example-weighted mean of
 * {@code w - lr g_p} is {@code w - lr} times the batch's mean gradient.
 */
final class AveragingTraining {
    private AveragingTraining() {
    }

    /** What a round starts from: the weights (and buffers) and the optimizer state, broadcast together. */
    record RoundStart(float[] weights, FlatState state) implements java.io.Serializable {
    }

    /** Trains {@code model} (the driver's copy, updated in place) on {@code data}; its optimizer ends with the averaged state. */
    static TrainingSummary run(JavaSparkContext spark, JobDescription jobs, DistributedRows data, Sequential model,
                               Optimizer optimizer, TrainingSettings settings) {
        NetworkTemplate template = NetworkTemplate.of(model);
        List<Parameter> parameters = model.parameters();
        RowOrder order = new RowOrder(data.examples, settings.batchSize(), settings.seed());
        EpochRecorder recorder = new EpochRecorder(settings, data);
        List<Tensor> state = FlatParameters.state(model);
        FlatState optimizerState = FlatState.of(optimizer.exportState(parameters), 1);
        int k = settings.localSteps();
        for (int epoch = 1; epoch <= settings.epochs(); epoch++) {
            long start = System.nanoTime();
            EpochPlan plan = EpochPlan.of(order.epoch(epoch), settings.batchSize(), data.offsets, data.sizes);
            Broadcast<EpochPlan> planBroadcast = spark.broadcast(plan);
            PartialSums totals = PartialSums.empty();
            for (int first = 0; first < plan.batches(); first += k) {
                int from = first;
                int to = Math.min(first + k, plan.batches());
                int e = epoch;
                jobs.training("epoch " + epoch + ", batches " + (from + 1) + " to " + to + " of " + plan.batches()
                        + " (averaging)");
                // one broadcast of weights and state: a broadcast and its destroy cost the driver
                // some milliseconds each, paid once per round however many executors share the work
                Broadcast<RoundStart> round = spark.broadcast(new RoundStart(FlatParameters.values(state),
                        optimizerState));
                PartialSums sums = OrderedSum.of(data.partitions, rows -> localSteps(rows, planBroadcast.value(),
                        from, to, round.value().weights(), round.value().state(), template, settings, e));
                round.destroy();
                FlatParameters.loadMeans(sums.values, sums.examples, state);
                optimizerState = FlatState.of(sums.state.divided(sums.examples), 1);
                totals.merge(sums.countsOnly());
                recorder.round(to - from);
            }
            planBroadcast.destroy();
            recorder.epoch(epoch, totals, start);
        }
        optimizer.importState(parameters, optimizerState.tensors());
        return recorder.summary();
    }

    /**
     * On an executor: partition {@code rows} takes one optimizer step on its share of each batch
     * {@code from .. to - 1} (skipping batches it holds no row of), starting from {@code weights}
     * and optimizer {@code state}; returns its weights and state times the examples it used, and
     * its counts. Empty when it held no row of these batches.
     */
    static PartialSums localSteps(PartitionRows rows, EpochPlan plan, int from, int to, float[] weights,
                                  FlatState state, NetworkTemplate template, TrainingSettings settings, int epoch) {
        int used = 0;
        for (int b = from; b < to; b++) {
            used += plan.shareSize(rows.partition, b);
        }
        if (used == 0) {
            return PartialSums.empty();
        }
        PartitionWork work = new PartitionWork(template, Seeds.of(settings.seed(), epoch, rows.partition, from),
                weights, rows, settings.classification());
        Optimizer optimizer = settings.newOptimizer();
        optimizer.importState(work.parameters, state.tensors());
        for (int b = from; b < to; b++) {
            if (work.gradients(plan, b, false) > 0) {
                optimizer.step(work.parameters);
            }
        }
        PartialSums sums = work.counts();
        sums.values = new double[FlatParameters.size(work.state)];
        FlatParameters.addScaledValues(work.state, used, sums.values);
        sums.state = FlatState.of(optimizer.exportState(work.parameters), used);
        return sums;
    }
}
