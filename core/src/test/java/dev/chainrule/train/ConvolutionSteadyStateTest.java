package dev.chainrule.train;

import dev.chainrule.data.Dataset;
import dev.chainrule.layer.Conv2D;
import dev.chainrule.loss.SoftmaxCrossEntropy;
import dev.chainrule.model.Sequential;
import dev.chainrule.optim.Sgd;
import dev.chainrule.tensor.DType;
import dev.chainrule.tensor.Shape;
import dev.chainrule.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Training a convolutional network allocates nothing per batch once every buffer has its size:
 * convolutions (stride 2, same padding, several example groups per batch), batch norm, max and
 * average pooling, dropout, flatten and dense, with SGD and momentum. Bytes allocated by every
 * thread (the caller and the kernels' pools) are counted over windows of 50 batches in epochs 2
 * to 5, and the quietest window must stay under 1 KB per batch; a single [32, 8, 8, 8] float
 * buffer per batch would be 64 KB. The training runs in a JVM
 * of its own, as a user's does: in this test JVM, other tests' float64 and other-width kernels
 * would have shaped the JIT's profiles first.
 */
class ConvolutionSteadyStateTest {

    @Test
    void noAllocationPerBatchOnceWarm(@TempDir Path dir) throws Exception {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules", "jdk.incubator.vector", "-cp", classPath, ConvolutionSteadyStateTest.class.getName())
                .redirectErrorStream(true).redirectOutput(dir.resolve("out").toFile()).start();
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "the training ended");
        String out = Files.readString(dir.resolve("out"));
        assertEquals(0, p.exitValue(), out);
        String line = out.lines().filter(l -> l.startsWith("bytes per batch ")).findFirst().orElseThrow(() ->
                new AssertionError(out));
        double perBatch = Double.parseDouble(line.substring("bytes per batch ".length()));
        assertTrue(perBatch < 1024, line);
    }

    /**
     * Trains the network and prints {@code bytes per batch N}.
     *
     * @param args none
     */
    public static void main(String[] args) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        if (!threads.isThreadAllocatedMemorySupported()) {
            System.out.println("bytes per batch 0");
            return;
        }
        threads.setThreadAllocatedMemoryEnabled(true);
        Sequential model = Sequential.builder(Shape.image(2, 12, 12)).seed(4)
                .conv2d(Conv2D.Config.of(8, 3).samePadding()).batchNorm().relu().maxPool2d(2)
                .conv2d(Conv2D.Config.of(8, 3).stride(2).padding(1)).relu().dropout(0.2).avgPool2d(3)
                .flatten().dense(16).relu().dense(4)
                .loss(new SoftmaxCrossEntropy()).build();
        Random random = new Random(6);
        int rows = 32 * 200;
        Tensor x = Tensor.zeros(DType.FLOAT32, rows, Shape.image(2, 12, 12));
        Tensor y = Tensor.zeros(DType.FLOAT32, rows, 4);
        for (int r = 0; r < rows; r++) {
            int c = random.nextInt(4);
            y.set(r, c, 1);
            for (int i = 0; i < 288; i++) {
                x.set(r, i, random.nextGaussian() + (i % 4 == c ? 1 : 0));
            }
        }
        Dataset data = new Dataset("images", x, y, List.of("a", "b", "c", "d"));
        // windows of 50 batches through epochs 2 to 5: a loaded machine can keep the JIT's
        // compiles (until which Vector API code runs boxed) going for a while, a buffer made
        // per batch would show in every window
        long[][] ids = new long[1][];
        long[] start = new long[1];
        double[] best = {Double.MAX_VALUE};
        Trainer trainer = new Trainer(model, Sgd.momentum(0.05, 0.9), TrainingConfig.miniBatch(5, 32, 1));
        trainer.addCallback(new Callback() {
            @Override
            public void onBatchEnd(TrainingRun run) {
                if (run.epoch() < 2 || run.batch() % 50 != 0) {
                    return;
                }
                if (ids[0] != null && run.batch() > 50) {
                    best[0] = Math.min(best[0], (total(threads, ids[0]) - start[0]) / 50.0);
                }
                ids[0] = threads.getAllThreadIds();
                start[0] = total(threads, ids[0]);
            }
        });
        trainer.fit(data);
        System.out.println("bytes per batch " + best[0]);
    }

    private static long total(com.sun.management.ThreadMXBean threads, long[] ids) {
        long sum = 0;
        for (long b : threads.getThreadAllocatedBytes(ids)) {
            sum += Math.max(0, b);
        }
        return sum;
    }
}
