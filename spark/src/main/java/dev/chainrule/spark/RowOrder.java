package dev.chainrule.spark;

import dev.chainrule.data.Dataset;
import dev.chainrule.tensor.DType;
import dev.chainrule.tensor.Tensor;
import dev.chainrule.train.Batch;
import dev.chainrule.train.BatchPlan;
import dev.chainrule.train.Batching;

import java.util.List;

/**
 * The order in which each epoch visits the rows: exactly the batches of the single-machine
 * {@link dev.chainrule.train.Trainer} with the same seed and batch size, because it is the
 * Trainer's own {@link BatchPlan} (shuffled) run over a data set whose one feature is each row's
 * index (exact in float64). Rows are numbered in the DataFrame's partition order. Lives on the
 * driver and holds no training data: about {@code 12 n} bytes for {@code n} rows.
 */
final class RowOrder {
    private final BatchPlan plan;
    private final int[] order;

    RowOrder(int examples, int batchSize, long seed) {
        double[] index = new double[examples];
        for (int i = 0; i < examples; i++) {
            index[i] = i;
        }
        Dataset rows = new Dataset("row indices", Tensor.wrap(index, examples, 1),
                Tensor.zeros(DType.FLOAT64, examples, 0), List.of());
        this.plan = BatchPlan.of(Batching.SHUFFLED, rows, batchSize, seed);
        this.order = new int[examples];
    }

    /** Epoch {@code epoch}'s (1-based) order of the row indices, batch after batch (a live array, changed by the next call). */
    int[] epoch(int epoch) {
        plan.startEpoch(epoch);
        int at = 0;
        while (plan.hasNext()) {
            Batch batch = plan.next();
            double[] index = batch.features().doubles();
            for (double i : index) {
                order[at++] = (int) i;
            }
        }
        return order;
    }
}
