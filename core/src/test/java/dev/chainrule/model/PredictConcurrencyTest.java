package dev.chainrule.model;

import dev.chainrule.loss.SoftmaxCrossEntropy;
import dev.chainrule.tensor.DType;
import dev.chainrule.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The pure predict path from many threads at once gives the single-thread results, bit for bit. */
class PredictConcurrencyTest {

    @Test
    void manyThreadsPredictingOnOneModelAgreeWithOneThread() throws Exception {
        Sequential net = Sequential.builder(64).seed(3).dense(96).relu().dense(40).tanh().dense(10)
                .loss(new SoftmaxCrossEntropy()).build();
        Random random = new Random(4);
        int examples = 40;
        Tensor batch = Tensor.zeros(DType.FLOAT32, examples, 64);
        for (int i = 0; i < batch.size(); i++) {
            batch.setFlat(i, random.nextGaussian());
        }
        Tensor[] rows = new Tensor[examples];
        float[][] expected = new float[examples][];
        for (int r = 0; r < examples; r++) {
            rows[r] = Tensor.zeros(DType.FLOAT32, 1, 64);
            System.arraycopy(batch.floats(), r * 64, rows[r].floats(), 0, 64);
            expected[r] = net.predict(rows[r]).floats().clone();
        }
        float[] expectedBatch = net.predict(batch).floats().clone();

        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int id = t;
                Callable<Integer> job = () -> {
                    int checked = 0;
                    for (int rep = 0; rep < 200; rep++) {
                        int r = (rep * 7 + id) % examples;
                        assertArrayEquals(expected[r], net.predict(rows[r]).floats(), "thread " + id + " row " + r);
                        checked++;
                        if (rep % 20 == id) {
                            assertArrayEquals(expectedBatch, net.predict(batch).floats(), "thread " + id + " batch");
                        }
                    }
                    return checked;
                };
                results.add(pool.submit(job));
            }
            for (Future<Integer> f : results) {
                assertTrue(f.get() == 200);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aFewRowsPredictedAloneEqualThoseRowsOfABatch() {
        // 784-50-10 (the predict benchmark's network) and widths around it: a predict of up to four
        // rows takes the small-row kernels, a batch the blocked product; the rows agree bit for bit
        for (int hidden : new int[] {50, 49, 56, 64}) {
            Sequential net = Sequential.builder(784).seed(5).dense(hidden).relu().dense(10)
                    .loss(new SoftmaxCrossEntropy()).build();
            Random random = new Random(hidden);
            int examples = 24;
            Tensor batch = Tensor.zeros(DType.FLOAT32, examples, 784);
            for (int i = 0; i < batch.size(); i++) {
                batch.setFlat(i, random.nextFloat());
            }
            float[] all = net.predict(batch).floats();
            for (int rows = 1; rows <= 4; rows++) {
                for (int r = 0; r + rows <= examples; r += 5) {
                    Tensor few = Tensor.zeros(DType.FLOAT32, rows, 784);
                    System.arraycopy(batch.floats(), r * 784, few.floats(), 0, rows * 784);
                    float[] expected = new float[rows * 10];
                    System.arraycopy(all, r * 10, expected, 0, rows * 10);
                    assertArrayEquals(expected, net.predict(few).floats(), "784-" + hidden + "-10, rows " + r + "+" + rows);
                }
            }
        }
    }
}
