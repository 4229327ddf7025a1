package dev.chainrule.spark;

import java.io.Serializable;
import java.util.Arrays;

/**
 * One epoch's global mini-batches, split across the partitions by a fixed rule: batch {@code b}
 * is the rows at positions {@code [b * batchSize, (b + 1) * batchSize)} of the epoch's order
 * (the last batch may be smaller), and each partition takes the rows of the batch that it holds,
 * in the order they come in the batch. Broadcast once per epoch; a task reads its partition's
 * share of a batch as local row indices.
 *
 * <p>Size: one int per row, plus one per batch and partition.
 */
final class EpochPlan implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Per partition: its rows' local indices, batch after batch. */
    private final int[][] rows;
    /** Per partition: where each batch's share starts in {@link #rows}, {@code batches + 1} entries. */
    private final int[][] starts;
    /** Examples in each global batch. */
    private final int[] batchSizes;

    private EpochPlan(int[][] rows, int[][] starts, int[] batchSizes) {
        this.rows = rows;
        this.starts = starts;
        this.batchSizes = batchSizes;
    }

    /**
     * Splits the epoch's {@code order} (global row indices) into batches of {@code batchSize} and
     * those into the partitions' shares; {@code offsets[p]} is partition {@code p}'s first global row,
     * {@code sizes[p]} its row count.
     */
    static EpochPlan of(int[] order, int batchSize, long[] offsets, int[] sizes) {
        int n = order.length;
        int partitions = sizes.length;
        int batches = (n + batchSize - 1) / batchSize;
        int[] batchSizes = new int[batches];
        int[][] counts = new int[partitions][batches + 1];
        int[] partitionOf = new int[n];
        for (int i = 0; i < n; i++) {
            int p = partitionOf(order[i], offsets);
            partitionOf[i] = p;
            counts[p][i / batchSize + 1]++;
            batchSizes[i / batchSize]++;
        }
        int[][] rows = new int[partitions][];
        int[][] starts = new int[partitions][];
        for (int p = 0; p < partitions; p++) {
            int[] s = counts[p];
            for (int b = 1; b <= batches; b++) {
                s[b] += s[b - 1];
            }
            starts[p] = s;
            rows[p] = new int[sizes[p]];
        }
        int[][] fill = new int[partitions][];
        for (int p = 0; p < partitions; p++) {
            fill[p] = Arrays.copyOf(starts[p], batches);
        }
        for (int i = 0; i < n; i++) {
            int p = partitionOf[i];
            rows[p][fill[p][i / batchSize]++] = (int) (order[i] - offsets[p]);
        }
        return new EpochPlan(rows, starts, batchSizes);
    }

    private static int partitionOf(int row, long[] offsets) {
        int p = Arrays.binarySearch(offsets, row);
        if (p >= 0) {
            while (p + 1 < offsets.length && offsets[p + 1] == row) {
                p++; // empty partitions share their offset with the next one
            }
            return p;
        }
        return -p - 2;
    }

    int batches() {
        return batchSizes.length;
    }

    /** Examples in global batch {@code b}. */
    int batchSize(int b) {
        return batchSizes[b];
    }

    /** How many rows of batch {@code b} partition {@code p} holds. */
    int shareSize(int p, int b) {
        return starts[p][b + 1] - starts[p][b];
    }

    /** Partition {@code p}'s local row indices, with its share of batch {@code b} at {@code [shareStart(p, b), shareStart(p, b + 1))}. */
    int[] rows(int p) {
        return rows[p];
    }

    int shareStart(int p, int b) {
        return starts[p][b];
    }
}
