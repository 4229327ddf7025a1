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
 * The partitions' sums are added in partition order, whatever order the tasks finish in: the
 * tasks here finish last partition first (each sleeps longer the lower its index), on local[2],
 * and the result must equal, bit for bit, the sum taken left to right in partition order, both
 * where the driver adds every partition (4) and where a shuffle level adds groups of consecutive
 * partitions first (11: groups of 4, 4 and 3).
 */
class OrderedSumTest {
    @Test
    void fourPartitionsAddInPartitionOrder() {
        assertPartitionOrder(4);
    }

    @Test
    void elevenPartitionsAddInPartitionOrderThroughGroups() {
        assertPartitionOrder(11);
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

        // the driver adds the partitions left to right; with more than s + ceil(n / s) of them
        // (s = max(2, ceil(sqrt n))), first each group of s consecutive partitions, then the groups
        int scale = Math.max(2, (int) Math.ceil(Math.sqrt(n)));
        int groups = (n + scale - 1) / scale;
        boolean grouped = n > scale + groups;
        assertEquals(n > 4, grouped);
        PartialSums expected = PartialSums.empty();
        for (int g = 0; g < (grouped ? groups : n); g++) {
            PartialSums group = PartialSums.empty();
            for (int p = grouped ? g * scale : g; p < (grouped ? Math.min(n, (g + 1) * scale) : g + 1); p++) {
                group.merge(sums(p));
            }
            expected.merge(group);
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
        PartialSums other = PartialSums.empty();
        for (int p : reversed) {
            other.merge(sums(p));
        }
        assertFalse(java.util.Arrays.equals(expected.values, other.values), "the values depend on the order");
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
