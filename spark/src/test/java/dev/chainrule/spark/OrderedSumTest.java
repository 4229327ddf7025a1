package dev.chainrule.spark;

import org.apache.spark.api.java.JavaRDD;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * The partitions' sums are added in a shape fixed by their indices, whatever order the tasks finish in: the
 * tasks here finish last partition first (each sleeps longer the lower its index), on local[2],
 * and the result must equal, bit for bit, the sum taken as a binary tree over the partition
 * indices, both where the driver adds every partition (4) and where treeAggregate adds a shuffle
 * level first (11 partitions: blocks of 8, 2 and 1).
 */
class OrderedSumTest {
    @Test
    void fourPartitionsAddAsATreeOverTheirIndices() {
        assertPartitionOrder(4);
    }

    @Test
    void elevenPartitionsAddAsATreeOverTheirIndices() {
        assertPartitionOrder(11);
    }

    @Test
    void blocksGiveTheSameBitsWhateverOrderAndGroupingTheyArriveIn() {
        int n = 13;
        PartialSums expected = null;
        java.util.Random random = new java.util.Random(7);
        for (int trial = 0; trial < 200; trial++) {
            List<Integer> order = new ArrayList<>();
            for (int p = 0; p < n; p++) {
                order.add(p);
            }
            Collections.shuffle(order, random);
            // as treeAggregate may: a few partial aggregates, combined in some order
            List<OrderedSum.Blocks> parts = new ArrayList<>();
            for (int g = 0; g < 1 + random.nextInt(4); g++) {
                parts.add(new OrderedSum.Blocks());
            }
            for (int p : order) {
                parts.get(random.nextInt(parts.size())).add(new OrderedSum.Block(0, p, sums(p)));
            }
            OrderedSum.Blocks all = new OrderedSum.Blocks();
            for (OrderedSum.Blocks part : parts) {
                all.addAll(part);
            }
            PartialSums total = all.total();
            if (expected == null) {
                expected = total;
            }
            assertArrayEquals(expected.values, total.values, "trial " + trial);
            assertEquals(expected.lossSum, total.lossSum, "trial " + trial);
            assertEquals(n * (n + 1L) / 2, total.examples);
        }
    }

    private static void assertPartitionOrder(int n) {
        List<PartitionRows> rows = new ArrayList<>();
        for (int p = 0; p < n; p++) {
            rows.add(new PartitionRows(p, 0, 1, new float[0], new float[0], null, Double.NaN, "test"));
        }
        JavaRDD<PartitionRows> data = LocalSpark.context().parallelize(rows, n);
        PartialSums sum = OrderedSum.of(data, r -> {
            Thread.sleep(20L * (n - r.partition));
            return sums(r.partition);
        });

        // a binary tree over the indices: aligned blocks of 2^level partitions, each left half plus
        // right half; the blocks that remain (one per set bit of n) added left to right
        PartialSums expected = PartialSums.empty();
        int start = 0;
        for (int level = 31; level >= 0; level--) {
            if ((n >> level & 1) != 0) {
                expected.merge(tree(start, 1 << level));
                start += 1 << level;
            }
        }
        assertArrayEquals(expected.values, sum.values, "values, in partition order");
        assertEquals(expected.lossSum, sum.lossSum);
        assertEquals(n * (n + 1L) / 2, sum.examples);

        // the test can fail: these values give other bits when added in another order
        List<Integer> reversed = new ArrayList<>();
        for (int p = 0; p < n; p++) {
            reversed.add(p);
        }
        Collections.reverse(reversed);
        PartialSums backwards = PartialSums.empty();
        PartialSums forwards = PartialSums.empty();
        for (int p : reversed) {
            backwards.merge(sums(p));
            forwards.merge(sums(n - 1 - p));
        }
        assertFalse(java.util.Arrays.equals(expected.values, backwards.values)
                && java.util.Arrays.equals(expected.values, forwards.values), "the values depend on the order");
    }

    /** Partitions {@code [from, from + size)}, size a power of two, as the tree adds them. */
    private static PartialSums tree(int from, int size) {
        if (size == 1) {
            return PartialSums.empty().merge(sums(from));
        }
        return PartialSums.empty().merge(tree(from, size / 2)).merge(tree(from + size / 2, size / 2));
    }

    /** Values of very different magnitudes, so that the order of adding them changes the last bits. */
    private static PartialSums sums(int p) {
        PartialSums s = PartialSums.empty();
        s.values = new double[8];
        for (int i = 0; i < s.values.length; i++) {
            s.values[i] = (p % 2 == 0 ? 1e16 : -1e16) / (p + 1) + 0.1 * (i + 1) * (p + 3) + 1.0 / (7 + p + i);
        }
        s.lossSum = 0.1 * (p + 1) + 1e-3 / (p + 2);
        s.examples = p + 1;
        return s;
    }
}
