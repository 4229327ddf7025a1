package dev.chainrule.bench;

import dev.chainrule.data.DataOptions;
import dev.chainrule.data.DataSource;
import dev.chainrule.data.Dataset;
import dev.chainrule.layer.Parameter;
import dev.chainrule.loss.SoftmaxCrossEntropy;
import dev.chainrule.model.Sequential;
import dev.chainrule.optim.Sgd;
import dev.chainrule.tensor.DType;
import dev.chainrule.tensor.Kernels;
import dev.chainrule.tensor.Tensor;
import dev.chainrule.train.Backprop;
import dev.chainrule.train.Batch;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * MLP-S (784-50-10, SGD, batches of 128) per batch, three ways, epoch by epoch interleaved on the
 * same shuffled order: as the trainer does it today (one thread, the SGD step fused into the weight
 * gradient's product); and cut into two fixed shards of 64 rows whose gradients are summed in a fixed
 * order ({@code w -= lr (g_0 + g_1)}), on one thread and on two. Each shard gathers its own rows,
 * runs forward and backward on its own copy of the network (the loss divided by the whole batch's
 * 128 rows) and reads its weight gradient; then each thread sums and steps half of every parameter's
 * elements, into both copies. The summation order does not depend on the thread count, so one and
 * two threads give the same bits (checked at the end). A prototype of the design, not the trainer:
 * the helper thread spins between batches.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -cp bench/target/benchmarks.jar dev.chainrule.bench.ShardBench [EPOCHS [DATA]]
 * </pre>
 */
public final class ShardBench {
    private static final int B = 128;
    private static final int HALF = B / 2;
    private static final float LR = 0.1f;

    private final Dataset data;
    private final int[] order;
    private final int batches;
    private final Sequential single = network();
    private final Backprop singleBackprop = new Backprop(single);
    private final Sgd sgd = new Sgd(LR);
    private final Tensor x = Tensor.zeros(DType.FLOAT32, B, 784);
    private final Tensor t = Tensor.zeros(DType.FLOAT32, B, 10);
    private final Shard s0 = new Shard();
    private final Shard s1 = new Shard();
    private final AtomicInteger computeRequest = new AtomicInteger(-1);
    private final AtomicInteger computeDone = new AtomicInteger(-1);
    private final AtomicInteger stepRequest = new AtomicInteger(-1);
    private final AtomicInteger stepDone = new AtomicInteger(-1);
    private volatile int helperBatch;
    private volatile boolean stop;
    private int sequence;

    private ShardBench(Dataset data) {
        this.data = data;
        this.batches = data.size() / B;
        this.order = new int[data.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
    }

    private static Sequential network() {
        return Sequential.builder(784).seed(0).dense(50).relu().dense(10).loss(new SoftmaxCrossEntropy()).build();
    }

    /** One shard: its own copy of the network, batch buffers and the gradients of its last rows. */
    private final class Shard {
        final Sequential model = network();
        final Backprop backprop = new Backprop(model);
        final Tensor x = Tensor.zeros(DType.FLOAT32, HALF, 784);
        final Tensor t = Tensor.zeros(DType.FLOAT32, HALF, 10);
        final List<Parameter> parameters = model.parameters();
        final float[][] gradients = new float[parameters.size()][];
        double loss;

        void compute(int batch, int shard) {
            int from = batch * B + shard * HALF;
            data.gather(order, from, from + HALF, x, t);
            loss = backprop.computeGradients(new Batch(x, t), B);
            for (int i = 0; i < gradients.length; i++) {
                gradients[i] = parameters.get(i).gradient().floats();
            }
        }
    }

    /** {@code w -= lr (g_0 + g_1)} over part {@code part} of {@code parts} of every parameter, into both copies. */
    private void step(int part, int parts) {
        for (int i = 0; i < s0.parameters.size(); i++) {
            float[] w0 = s0.parameters.get(i).value().floats();
            float[] w1 = s1.parameters.get(i).value().floats();
            float[] g0 = s0.gradients[i];
            float[] g1 = s1.gradients[i];
            int lo = (int) ((long) w0.length * part / parts);
            int hi = (int) ((long) w0.length * (part + 1) / parts);
            for (int e = lo; e < hi; e++) {
                float w = w0[e] - LR * (g0[e] + g1[e]);
                w0[e] = w;
                w1[e] = w;
            }
        }
    }

    private double epochSingle() {
        double loss = 0;
        for (int b = 0; b < batches; b++) {
            data.gather(order, b * B, b * B + B, x, t);
            loss += singleBackprop.computeGradients(new Batch(x, t));
            sgd.step(single.parameters());
        }
        return loss / batches;
    }

    private double epochShardsOneThread() {
        double loss = 0;
        for (int b = 0; b < batches; b++) {
            s0.compute(b, 0);
            s1.compute(b, 1);
            step(0, 1);
            loss += s0.loss + s1.loss;
        }
        return loss / batches;
    }

    private double epochShardsTwoThreads() {
        double loss = 0;
        for (int b = 0; b < batches; b++) {
            int q = sequence++;
            helperBatch = b;
            computeRequest.set(q);
            s0.compute(b, 0);
            spinUntil(computeDone, q);
            stepRequest.set(q);
            step(0, 2);
            spinUntil(stepDone, q);
            loss += s0.loss + s1.loss;
        }
        return loss / batches;
    }

    private void helper() {
        for (int q = 0; ; q++) {
            while (computeRequest.get() < q) {
                if (stop) {
                    return;
                }
                Thread.onSpinWait();
            }
            s1.compute(helperBatch, 1);
            computeDone.set(q);
            spinUntil(stepRequest, q);
            step(1, 2);
            stepDone.set(q);
        }
    }

    private static void spinUntil(AtomicInteger counter, int value) {
        while (counter.get() < value) {
            Thread.onSpinWait();
        }
    }

    private void shuffle(Random random) {
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int tmp = order[i];
            order[i] = order[j];
            order[j] = tmp;
        }
    }

    private List<Tensor> shardWeights() {
        return s0.model.copyWeights();
    }

    private void setShardWeights(List<Tensor> weights) {
        s0.model.setWeights(weights);
        s1.model.setWeights(weights);
    }

    public static void main(String[] args) throws Exception {
        Locale.setDefault(Locale.ROOT);
        Kernels.active();
        int epochs = args.length > 0 ? Integer.parseInt(args[0]) : 7;
        String spec = args.length > 1 ? args[1] : "fashion-mnist";
        ShardBench bench = new ShardBench(DataSource.load(spec, DataOptions.defaults()).train());
        Kernels.awaitWarmUp();
        Thread helper = new Thread(bench::helper, "shard-helper");
        helper.setDaemon(true);
        helper.start();
        String[] names = {"one thread, today", "two shards, one thread", "two shards, two threads"};
        double[][] us = new double[3][epochs];
        Random random = new Random(1);
        for (int e = 0; e < epochs; e++) {
            bench.shuffle(random);
            for (int mode = 0; mode < 3; mode++) {
                long start = System.nanoTime();
                double loss = mode == 0 ? bench.epochSingle() : mode == 1 ? bench.epochShardsOneThread()
                        : bench.epochShardsTwoThreads();
                us[mode][e] = (System.nanoTime() - start) / 1e3 / bench.batches;
                System.out.printf("epoch %d  %-24s %7.1f us per batch  (mean batch loss %.5f)%n", e + 1, names[mode],
                        us[mode][e], loss);
            }
        }
        for (int mode = 0; mode < 3; mode++) {
            double[] sorted = us[mode].clone();
            Arrays.sort(sorted);
            System.out.printf("median  %-24s %7.1f us per batch%n", names[mode], sorted[epochs / 2]);
        }
        // same start, same batches: one and two threads must give the same weights, bit for bit
        List<Tensor> start = bench.shardWeights();
        bench.epochShardsOneThread();
        List<Tensor> oneThread = bench.shardWeights();
        bench.setShardWeights(start);
        bench.epochShardsTwoThreads();
        List<Tensor> twoThreads = bench.shardWeights();
        boolean same = true;
        for (int i = 0; i < oneThread.size(); i++) {
            same &= oneThread.get(i).sameBits(twoThreads.get(i));
        }
        System.out.println("one and two threads, same bits after an epoch: " + same);
        bench.stop = true;
    }
}
