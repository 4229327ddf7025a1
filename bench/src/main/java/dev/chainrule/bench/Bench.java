package dev.chainrule.bench;

import dev.chainrule.tensor.DType;
import dev.chainrule.tensor.Kernels;
import dev.chainrule.tensor.Tensor;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;

/**
 * Quick timing of the matrix products on the MLP-S and MLP-L shapes, one JSON line per shape
 * and thread count (JMH's {@code GemmBench} is the careful measurement):
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -cp bench/target/benchmarks.jar dev.chainrule.bench.Bench gemm [threads [kernels [dtype]]]
 * </pre>
 *
 * {@code kernels}: {@code vector} (default), {@code blas} (the machine's BLAS through JNI; its
 * threads are {@code OPENBLAS_NUM_THREADS}, the {@code threads} argument only labels the line) or
 * {@code java}; {@code dtype}: {@code float32} (default) or {@code float64}.
 *
 * Training and predict timings are the CLI's {@code chainrule bench train} and
 * {@code chainrule bench predict}, which {@code bench/compare.sh} runs.
 */
public final class Bench {
    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        Locale.setDefault(Locale.ROOT);
        Kernels.active(); // choose the kernels now: their JIT warm-up then overlaps data loading
        if (args.length == 0) {
            System.err.println("usage: Bench gemm [THREADS [vector|blas|java [float32|float64]]]");
            System.exit(2);
        }
        switch (args[0]) {
            case "gemm" -> gemm(args.length > 1 ? Integer.parseInt(args[1]) : 0, args.length > 2 ? args[2] : "vector",
                    args.length > 3 && args[3].equals("float64") ? DType.FLOAT64 : DType.FLOAT32);
            default -> {
                System.err.println("unknown benchmark " + args[0]);
                System.exit(2);
            }
        }
    }

    /**
     * Bytes allocated so far by all live threads (HotSpot's per-thread counters). The arrays this
     * method allocates count in the next reading: a few hundred bytes, left in.
     */
    static long allocated() {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long sum = 0;
        for (long v : mx.getThreadAllocatedBytes(mx.getAllThreadIds())) {
            if (v > 0) {
                sum += v;
            }
        }
        return sum;
    }

    /** The shapes of {@code scripts/blas_gemm.py} and {@code GemmBench}: {@code MxNxK:OP}. */
    static final String[] GEMM_SHAPES = {"128x1024x784:NN", "128x1024x1024:NN", "784x1024x128:TN", "1024x1024x128:TN",
        "128x1024x1024:NT", "128x50x784:NN", "784x50x128:TN"};

    static void gemm(int threadsArg, String kind, DType dtype) {
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
            Tensor a = rand(dtype, ta ? k : m, ta ? m : k, random);
            Tensor b = rand(dtype, tb ? n : k, tb ? k : n, random);
            Tensor c = Tensor.zeros(dtype, m, n);
            for (int threads : threadCounts) {
                Kernels kern = switch (kind) {
                    case "blas" -> new dev.chainrule.blas.BlasKernels();
                    case "java" -> Kernels.plain();
                    default -> Kernels.vector(threads);
                };
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
                long before = allocated();
                long calls = 0;
                for (int r = 0; r < runs.length; r++) {
                    long t = System.nanoTime();
                    for (int i = 0; i < reps / 3 + 1; i++) {
                        kern.gemm(a, ta, b, tb, c, false);
                    }
                    runs[r] = flop * (reps / 3 + 1) / (System.nanoTime() - t);
                    calls += reps / 3 + 1;
                }
                double alloc = (double) (allocated() - before) / calls;
                Arrays.sort(runs);
                System.out.printf("{\"impl\": \"chainrule\", \"shape\": \"%s\", \"threads\": %d, \"dtype\": \"%s\", \"gflops\": %.1f, "
                        + "\"alloc_bytes_per_call\": %.0f, \"kernels\": \"%s\"}%n", shape, threads, dtype.name().toLowerCase(Locale.ROOT),
                        runs[2], alloc, kern);
            }
        }
    }

    static Tensor rand(DType dtype, int rows, int cols, Random random) {
        Tensor t = Tensor.zeros(dtype, rows, cols);
        for (int i = 0; i < t.size(); i++) {
            t.setFlat(i, (float) random.nextGaussian());
        }
        return t;
    }
}
