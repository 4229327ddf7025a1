package dev.chainrule.spark;

import java.util.Random;

/**
 * The order in which an epoch visits the rows, the same as the single-machine
 * {@link dev.chainrule.train.Trainer}'s shuffled batches with the same seed: one
 * {@link Random} seeded once, and each epoch a Fisher-Yates shuffle of the previous epoch's order
 * (the first epoch shuffles {@code 0, 1, ..., n-1}). Batch {@code b} of an epoch is the rows at
 * positions {@code b * batchSize ...} of its order. Rows are numbered in the DataFrame's
 * partition order. Lives on the driver: {@code 4 n} bytes.
 */
final class GlobalShuffle {
    private final Random random;
    private final int[] order;

    GlobalShuffle(int examples, long seed) {
        this.random = new Random(seed);
        this.order = new int[examples];
        for (int i = 0; i < examples; i++) {
            order[i] = i;
        }
    }

    /** The next epoch's order (a live array, changed by the next call). */
    int[] nextEpoch() {
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int tmp = order[i];
            order[i] = order[j];
            order[j] = tmp;
        }
        return order;
    }
}
