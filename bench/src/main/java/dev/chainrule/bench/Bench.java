package dev.chainrule.bench;

import dev.chainrule.data.Dataset;
import dev.chainrule.data.IdxFolder;
import dev.chainrule.data.LoadedData;
import dev.chainrule.loss.SoftmaxCrossEntropy;
import dev.chainrule.metrics.Accuracy;
import dev.chainrule.model.Sequential;
import dev.chainrule.optim.Sgd;
import dev.chainrule.tensor.DType;
import dev.chainrule.tensor.Kernels;
import dev.chainrule.tensor.Tensor;
import dev.chainrule.train.EpochResult;
import dev.chainrule.train.History;
import dev.chainrule.train.Trainer;
import dev.chainrule.train.TrainingConfig;
import dev.chainrule.train.TrainingListener;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;

/**
 * End-to-end benchmarks, one JSON line each on stdout.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -cp bench/target/benchmarks.jar dev.chainrule.bench.Bench train DATA_DIR 50 3
 * ... Bench train DATA_DIR 1024,1024 1
 * ... Bench predict            {"network": "784-50-10", "predict_one_us": x}
 * ... Bench gemm [threads]     GFLOP/s of the MLP-L shapes (quick timing; JMH's GemmBench for the careful one)
 * </pre>
 *
 * Training: 784-HIDDEN-10, ReLU, softmax cross-entropy, SGD lr 0.1, batch 128, shuffled, as
 * {@code ../shared/bench/torch_mlp.py}. {@code seconds_per_epoch} is total time over epochs
 * (as the reference scripts), {@code alloc_bytes_per_batch} the bytes all threads allocated
 * during the last epoch divided by its batches (HotSpot's per-thread allocation counters).
 */
public final class Bench {
    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        Locale.setDefault(Locale.ROOT);
        Kernels.active(); // choose the kernels now: their JIT warm-up then overlaps data loading
        if (args.length == 0) {
            System.err.println("usage: Bench train DATA_DIR HIDDEN EPOCHS | predict [HIDDEN] | gemm [THREADS]");
            System.exit(2);
        }
        switch (args[0]) {
            case "train" -> train(Path.of(args[1]), args[2], Integer.parseInt(args[3]));
            case "predict" -> predict(args.length > 1 ? args[1] : "50");
            case "gemm" -> gemm(args.length > 1 ? Integer.parseInt(args[1]) : 0);
            default -> {
                System.err.println("unknown benchmark " + args[0]);
                System.exit(2);
            }
        }
    }

    static Sequential mlp(String hidden, long seed) {
        Sequential.Builder b = Sequential.builder(784).seed(seed);
        for (String h : hidden.split(",")) {
            b.dense(Integer.parseInt(h.trim())).relu();
        }
        return b.dense(10).loss(new SoftmaxCrossEntropy()).build();
    }

    static String network(String hidden) {
        return "784-" + hidden.replace(',', '-') + "-10";
    }

    static void train(Path dir, String hidden, int epochs) throws Exception {
        LoadedData data = IdxFolder.load(dir, dir.getFileName().toString(), null, DType.FLOAT32);
        Dataset train = data.train();
        Dataset test = data.test();
        Sequential model = mlp(hidden, 0);
        Trainer trainer = new Trainer(model, new Sgd(0.1), TrainingConfig.miniBatch(epochs, 128, 0));
        AllocationMeter meter = new AllocationMeter();
        trainer.addListener(meter);
        long t0 = System.nanoTime();
        History history = trainer.fit(train);
        double seconds = (System.nanoTime() - t0) / 1e9;
        Tensor p = model.predict(test.features());
        double acc = Accuracy.of(p, test.targets());
        double[] epochSeconds = history.epochs().stream().mapToDouble(EpochResult::seconds).toArray();
        double[] perEpoch = epochSeconds.clone();
        Arrays.sort(perEpoch);
        StringBuilder list = new StringBuilder();
        for (double e : epochSeconds) {
            list.append(list.length() == 0 ? "" : ", ").append(String.format("%.3f", e));
        }
        System.out.printf("{\"impl\": \"chainrule\", \"kernels\": \"%s\", \"network\": \"%s\", \"epochs\": %d, "
                        + "\"seconds\": %.4f, \"seconds_per_epoch\": %.4f, \"median_epoch_seconds\": %.4f, "
                        + "\"final_train_loss\": %.4f, \"test_accuracy\": %.4f, \"alloc_bytes_per_batch\": %.1f, \"epoch_seconds\": [%s]}%n",
                Kernels.active(), network(hidden), epochs, seconds, seconds / epochs, perEpoch[perEpoch.length / 2],
                history.last().trainLoss(), acc, meter.bytesPerBatch, list);
    }

    /** Bytes allocated by all live threads during each epoch, per batch (the last epoch's figure is kept). */
    static final class AllocationMeter implements TrainingListener {
        final com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        int batches;
        long start;
        double bytesPerBatch = Double.NaN;

        @Override
        public void onTrainStart(int epochs, int batchesPerEpoch) {
            batches = batchesPerEpoch;
        }

        long[] startIds = new long[0];
        long[] startBytes = new long[0];

        @Override
        public void onEpochStart(int epoch) {
            startIds = mx.getAllThreadIds();
            startBytes = mx.getThreadAllocatedBytes(startIds);
        }

        /**
         * Bytes allocated during the epoch by the threads alive at its start and its end (a thread
         * that ends during the epoch, such as the kernels' warm-up thread, would otherwise take
         * everything it ever allocated out of the sum and make it negative).
         */
        @Override
        public boolean onEpochEnd(EpochResult result) {
            long[] endBytes = mx.getThreadAllocatedBytes(startIds);
            long sum = 0;
            for (int i = 0; i < startIds.length; i++) {
                if (startBytes[i] >= 0 && endBytes[i] >= 0) {
                    sum += endBytes[i] - startBytes[i];
                }
            }
            bytesPerBatch = (double) sum / batches;
            return true;
        }

        long allocated() {
            long[] ids = mx.getAllThreadIds();
            long sum = 0;
            for (long v : mx.getThreadAllocatedBytes(ids)) {
                if (v > 0) {
                    sum += v;
                }
            }
            // The arrays this method allocates count in the next reading; subtract a fixed estimate
            // would be guesswork, so they are left in (a few hundred bytes per epoch).
            return sum;
        }
    }

    static void predict(String hidden) {
        Sequential model = mlp(hidden, 1);
        Random random = new Random(1);
        Tensor[] inputs = new Tensor[64];
        for (int i = 0; i < inputs.length; i++) {
            float[] x = new float[784];
            for (int j = 0; j < x.length; j++) {
                x[j] = random.nextFloat();
            }
            inputs[i] = Tensor.wrap(x, 1, 784);
        }
        double sink = 0;
        for (int i = 0; i < 200_000; i++) {
            sink += model.predict(inputs[i & 63]).floats()[0];
        }
        int calls = 100_000;
        long[] ns = new long[calls];
        for (int i = 0; i < calls; i++) {
            long t = System.nanoTime();
            Tensor p = model.predict(inputs[i & 63]);
            ns[i] = System.nanoTime() - t;
            sink += p.floats()[0];
        }
        Arrays.sort(ns);
        System.out.printf("{\"network\": \"%s\", \"predict_one_us\": %.3f, \"p90_us\": %.3f, \"calls\": %d, \"kernels\": \"%s\", \"sink\": %.1f}%n",
                network(hidden), ns[calls / 2] / 1e3, ns[calls * 9 / 10] / 1e3, calls, Kernels.active(), sink % 1);
    }

    /** The shapes of {@code scripts/blas_gemm.py} and {@code GemmBench}: {@code MxNxK:OP}. */
    static final String[] GEMM_SHAPES = {"128x1024x784:NN", "128x1024x1024:NN", "784x1024x128:TN", "1024x1024x128:TN",
        "128x1024x1024:NT", "128x50x784:NN", "784x50x128:TN"};

    static void gemm(int threadsArg) {
        int[] threadCounts = threadsArg > 0 ? new int[] {threadsArg} : new int[] {1, 2};
        Random random = new Random(1);
        for (String shape : GEMM_SHAPES) {
            String[] parts = shape.split(":");
            String[] dims = parts[0].split("x");
            int m = Integer.parseInt(dims[0]);
            int n = Integer.parseInt(dims[1]);
            int k = Integer.parseInt(dims[2]);
            boolean ta = parts[1].charAt(0) == 'T';
            boolean tb = parts[1].charAt(1) == 'T';
            Tensor a = rand(ta ? k : m, ta ? m : k, random);
            Tensor b = rand(tb ? n : k, tb ? k : n, random);
            Tensor c = Tensor.zeros(DType.FLOAT32, m, n);
            for (int threads : threadCounts) {
                Kernels kern = Kernels.vector(threads);
                if (kern == null) {
                    kern = Kernels.plain();
                }
                double flop = 2.0 * m * n * k;
                int reps = (int) Math.max(5, 3e9 / flop);
                // warm-up by time as well as by count: the first calls of a shape run C2's
                // allocating, boxed Vector API fallbacks (hundreds of KB per call) and gave
                // 65-90 GFLOP/s where the compiled kernel sustains 200-320
                long warmEnd = System.nanoTime() + 2_000_000_000L;
                for (int i = 0; i < reps || System.nanoTime() < warmEnd; i++) {
                    kern.gemm(a, ta, b, tb, c, false);
                }
                double[] runs = new double[5];
                AllocationMeter meter = new AllocationMeter();
                long before = meter.allocated();
                long calls = 0;
                for (int r = 0; r < runs.length; r++) {
                    long t = System.nanoTime();
                    for (int i = 0; i < reps / 3 + 1; i++) {
                        kern.gemm(a, ta, b, tb, c, false);
                    }
                    runs[r] = flop * (reps / 3 + 1) / (System.nanoTime() - t);
                    calls += reps / 3 + 1;
                }
                double alloc = (double) (meter.allocated() - before) / calls;
                Arrays.sort(runs);
                System.out.printf("{\"impl\": \"chainrule\", \"shape\": \"%s\", \"threads\": %d, \"gflops\": %.1f, "
                        + "\"alloc_bytes_per_call\": %.0f, \"kernels\": \"%s\"}%n", shape, threads, runs[2], alloc, kern);
            }
        }
    }

    static Tensor rand(int rows, int cols, Random random) {
        Tensor t = Tensor.zeros(DType.FLOAT32, rows, cols);
        float[] f = t.floats();
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) random.nextGaussian();
        }
        return t;
    }
}
