package dev.chainrule.bench.jmh;

import dev.chainrule.tensor.DType;
import dev.chainrule.tensor.Kernels;
import dev.chainrule.tensor.Tensor;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Matrix products on the shapes of MLP-S (784-50-10) and MLP-L (784-1024-1024-10) training at
 * batch 128, in GFLOP/s: the {@code gflop} counter is reported as kFLOP per microsecond.
 *
 * <pre>
 * java -jar bench/target/benchmarks.jar GemmBench -p threads=2
 * </pre>
 *
 * Shapes are {@code MxNxK:OP}, OP = NN (forward), TN (weight gradient x^T g), NT (input gradient g W^T).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class GemmBench {

    @Param({"128x1024x784:NN", "128x1024x1024:NN", "784x1024x128:TN", "1024x1024x128:TN", "128x1024x1024:NT",
            "128x50x784:NN", "784x50x128:TN"})
    public String shape;

    @Param({"1", "2"})
    public int threads;

    /** {@code vector} (Vector API kernels) or {@code plain} (loops, single thread). */
    @Param({"vector"})
    public String kernels;

    Kernels k;
    Tensor a;
    Tensor b;
    Tensor c;
    boolean ta;
    boolean tb;
    long kflop;

    @AuxCounters(AuxCounters.Type.OPERATIONS)
    @State(Scope.Thread)
    public static class Counters {
        /** FLOPs in thousands; per microsecond that is GFLOP/s. */
        public long gflop;

        @Setup(Level.Iteration)
        public void reset() {
            gflop = 0;
        }
    }

    @Setup
    public void setUp() {
        String[] parts = shape.split(":");
        String[] dims = parts[0].split("x");
        int m = Integer.parseInt(dims[0]);
        int n = Integer.parseInt(dims[1]);
        int kk = Integer.parseInt(dims[2]);
        ta = parts[1].charAt(0) == 'T';
        tb = parts[1].charAt(1) == 'T';
        Random random = new Random(1);
        a = random(ta ? kk : m, ta ? m : kk, random);
        b = random(tb ? n : kk, tb ? kk : n, random);
        c = Tensor.zeros(DType.FLOAT32, m, n);
        k = kernels.equals("plain") ? Kernels.plain() : Kernels.vector(threads);
        if (k == null) {
            throw new IllegalStateException("jdk.incubator.vector is not available; run with --add-modules jdk.incubator.vector");
        }
        kflop = 2L * m * n * kk / 1000;
    }

    @Benchmark
    public Tensor gemm(Counters counters) {
        k.gemm(a, ta, b, tb, c, false);
        counters.gflop += kflop;
        return c;
    }

    static Tensor random(int rows, int cols, Random random) {
        Tensor t = Tensor.zeros(DType.FLOAT32, rows, cols);
        float[] f = t.floats();
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) random.nextGaussian();
        }
        return t;
    }
}
