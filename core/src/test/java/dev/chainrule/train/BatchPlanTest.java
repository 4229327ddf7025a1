package dev.chainrule.train;

import dev.chainrule.data.Dataset;
import dev.chainrule.tensor.DType;
import dev.chainrule.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BatchPlanTest {

    /** Row {@code i} holds features {@code (i, -i)} and target {@code i}: a batch names its rows. */
    static Dataset numbered(int n) {
        Tensor x = Tensor.zeros(DType.FLOAT32, n, 2);
        Tensor t = Tensor.zeros(DType.FLOAT32, n, 1);
        for (int i = 0; i < n; i++) {
            x.set(i, 0, i);
            x.set(i, 1, -i);
            t.set(i, 0, i);
        }
        return new Dataset("numbered", x, t, List.of());
    }

    static int[] rows(Batch batch) {
        int[] rows = new int[batch.rows()];
        for (int r = 0; r < rows.length; r++) {
            rows[r] = (int) batch.targets().get(r, 0);
            assertEquals(-rows[r], batch.features().get(r, 1), "features and targets travel together");
        }
        return rows;
    }

    /** The rows of every batch of epochs 1..epochs, read straight through. */
    static List<int[]> straight(BatchPlan plan, int epochs) {
        List<int[]> all = new ArrayList<>();
        for (int e = 1; e <= epochs; e++) {
            plan.startEpoch(e);
            while (plan.hasNext()) {
                all.add(rows(plan.next()));
            }
        }
        return all;
    }

    @ParameterizedTest
    @EnumSource(Batching.class)
    void seekingGivesTheBatchesOfAnUninterruptedRun(Batching batching) {
        Dataset data = numbered(23);
        List<int[]> expected = straight(BatchPlan.of(batching, data, 5, 7), 4);
        int perEpoch = BatchPlan.of(batching, data, 5, 7).batchesPerEpoch();
        for (int epoch = 1; epoch <= 4; epoch++) {
            for (int batch = 0; batch < perEpoch; batch++) {
                BatchPlan plan = BatchPlan.of(batching, data, 5, 7);
                plan.seek(epoch, batch);
                int index = (epoch - 1) * perEpoch + batch;
                assertArrayEquals(expected.get(index), rows(plan.next()), batching + " epoch " + epoch + " batch " + batch);
                // and on to the following epochs
                while (plan.hasNext()) {
                    index++;
                    assertArrayEquals(expected.get(index), rows(plan.next()));
                }
                if (epoch < 4) {
                    plan.startEpoch(epoch + 1);
                    assertArrayEquals(expected.get(epoch * perEpoch), rows(plan.next()));
                }
            }
        }
        // backwards too: a plan positioned late can go back to an early batch
        BatchPlan plan = BatchPlan.of(batching, data, 5, 7);
        plan.seek(4, perEpoch - 1);
        plan.seek(2, 0);
        assertArrayEquals(expected.get(perEpoch), rows(plan.next()));
    }

    @Test
    void shuffledAndOrderedSeeEveryRowOncePerEpoch() {
        Dataset data = numbered(23);
        for (Batching batching : new Batching[] {Batching.SHUFFLED, Batching.ORDERED}) {
            BatchPlan plan = BatchPlan.of(batching, data, 5, 3);
            assertEquals(5, plan.batchesPerEpoch());
            List<int[]> epochs = new ArrayList<>();
            for (int e = 1; e <= 2; e++) {
                plan.startEpoch(e);
                int[] seen = new int[23];
                int at = 0;
                List<Integer> sizes = new ArrayList<>();
                while (plan.hasNext()) {
                    int[] rows = rows(plan.next());
                    sizes.add(rows.length);
                    for (int r : rows) {
                        seen[at++] = r;
                    }
                }
                assertEquals(List.of(5, 5, 5, 5, 3), sizes, "the last batch holds the rest");
                int[] sorted = seen.clone();
                java.util.Arrays.sort(sorted);
                for (int i = 0; i < 23; i++) {
                    assertEquals(i, sorted[i], batching + ": every row once");
                }
                epochs.add(seen);
            }
            if (batching == Batching.ORDERED) {
                for (int i = 0; i < 23; i++) {
                    assertEquals(i, epochs.get(0)[i], "file order");
                }
                assertArrayEquals(epochs.get(0), epochs.get(1), "the same every epoch");
            } else {
                assertFalse(java.util.Arrays.equals(epochs.get(0), epochs.get(1)), "a new order every epoch");
            }
        }
    }

    @Test
    void sampledDrawsFullBatchesWithReplacementAndFullIsTheWholeSet() {
        Dataset data = numbered(23);
        BatchPlan sampled = BatchPlan.of(Batching.SAMPLED_WITH_REPLACEMENT, data, 5, 3);
        assertEquals(5, sampled.batchesPerEpoch());
        assertEquals(25, sampled.rowsPerEpoch());
        for (int[] rows : straight(sampled, 1)) {
            assertEquals(5, rows.length);
        }
        BatchPlan full = BatchPlan.of(Batching.FULL, data, 5, 3);
        full.startEpoch(1);
        Batch batch = full.next();
        assertSame(data.features(), batch.features(), "the data set itself, not a copy");
        assertFalse(full.hasNext());
        assertEquals(1, full.batchesPerEpoch());
    }

    @Test
    void differentSeedsGiveDifferentOrders() {
        Dataset data = numbered(50);
        assertNotEquals(java.util.Arrays.toString(straight(BatchPlan.of(Batching.SHUFFLED, data, 50, 1), 1).get(0)),
                java.util.Arrays.toString(straight(BatchPlan.of(Batching.SHUFFLED, data, 50, 2), 1).get(0)));
    }

    @Test
    void badPositionsAndNamesAreRefused() {
        BatchPlan plan = BatchPlan.of(Batching.SHUFFLED, numbered(10), 4, 1);
        assertThrows(java.util.NoSuchElementException.class, plan::next);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> plan.seek(1, 3));
        assertTrue(e.getMessage().contains("batch 3") && e.getMessage().contains("0 to 2"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> plan.seek(0, 0));
        assertEquals(Batching.SAMPLED_WITH_REPLACEMENT, Batching.parse("Sampled"));
        assertEquals(Batching.ORDERED, Batching.parse("ordered"));
        IllegalArgumentException name = assertThrows(IllegalArgumentException.class, () -> Batching.parse("random"));
        assertTrue(name.getMessage().contains("random") && name.getMessage().contains("ordered"), name.getMessage());
    }
}
