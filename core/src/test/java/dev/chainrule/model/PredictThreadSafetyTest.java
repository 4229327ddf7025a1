package dev.chainrule.model;

import dev.chainrule.io.ModelFile;
import dev.chainrule.io.SavedModel;
import dev.chainrule.loss.SoftmaxCrossEntropy;
import dev.chainrule.tensor.DType;
import dev.chainrule.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Predict is safe to call from many threads on one model: a model loaded from a file, large
 * enough that its products go to the kernels' thread pool (784-256-128-10 on batches of 1,500 to
 * 2,048 rows: about 300 million multiply-adds in the first layer, above the pool's 16.8 million),
 * called by many threads released together by a barrier, gives every thread the bits one thread
 * alone computed. Single rows are mixed in, so small and large products run side by side.
 */
class PredictThreadSafetyTest {
    private static final int THREADS = 8;
    private static final int ROUNDS = 2;

    @Test
    void manyThreadsReleasedTogetherGetTheSingleThreadBits(@TempDir Path dir) throws Exception {
        Sequential trained = Sequential.builder(784).seed(17).dense(256).relu().dense(128).tanh().dense(10)
                .loss(new SoftmaxCrossEntropy()).build();
        Path file = dir.resolve("big.model");
        ModelFile.save(file, SavedModel.builder(trained).build());
        Sequential model = ModelFile.load(file).model();

        Random random = new Random(5);
        int batches = THREADS;
        Tensor[] inputs = new Tensor[batches];
        float[][] expected = new float[batches][];
        for (int b = 0; b < batches; b++) {
            int rows = 1500 + random.nextInt(549); // more than 1,024 rows, sizes that differ
            inputs[b] = Tensor.zeros(DType.FLOAT32, rows, 784);
            float[] x = inputs[b].floats();
            for (int i = 0; i < x.length; i++) {
                x[i] = random.nextFloat();
            }
            expected[b] = model.predict(inputs[b]).floats().clone(); // one thread, nothing else running
        }
        Tensor oneRow = Tensor.zeros(DType.FLOAT32, 1, 784);
        System.arraycopy(inputs[0].floats(), 0, oneRow.floats(), 0, 784);
        float[] expectedRow = model.predict(oneRow).floats().clone();
        assertArrayEquals(java.util.Arrays.copyOf(expected[0], 10), expectedRow, "a row alone predicts as in its batch");

        CyclicBarrier start = new CyclicBarrier(THREADS);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int id = t;
                results.add(pool.submit(() -> {
                    int compared = 0;
                    for (int round = 0; round < ROUNDS; round++) {
                        start.await(60, TimeUnit.SECONDS); // every thread starts each round at the same moment
                        int b = (id + round) % batches;
                        assertArrayEquals(expected[b], model.predict(inputs[b]).floats(), "thread " + id + ", batch " + b);
                        assertArrayEquals(expectedRow, model.predict(oneRow).floats(), "thread " + id + ", one row");
                        compared += 2;
                    }
                    return compared;
                }));
            }
            int total = assertTimeoutPreemptively(Duration.ofMinutes(5), () -> {
                int n = 0;
                for (Future<Integer> f : results) {
                    n += f.get();
                }
                return n;
            });
            assertEquals(THREADS * ROUNDS * 2, total);
        } finally {
            pool.shutdownNow();
        }
    }
}
