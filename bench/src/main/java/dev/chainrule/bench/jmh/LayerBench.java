package dev.chainrule.bench.jmh;

import dev.chainrule.tensor.DType;
import dev.chainrule.tensor.Kernels;
import dev.chainrule.tensor.Tensor;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
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
 * The products of one dense layer for a batch of 128, in microseconds per call, on the calling
 * thread: forward {@code h = x W} ({@code 128 x in} by {@code in x units}), the weight step fused
 * into its gradient's product {@code W += -lr x^T g}, and the input gradient {@code g W^T}.
 * MLP-S's first layer is {@code -p in=784 -p units=50} (25 and 64 show the ragged tile),
 * its output layer {@code -p in=50 -p units=10}.
 *
 * <pre>
 * java -jar bench/target/benchmarks.jar LayerBench -p in=784 -p units=25,50,64
 * java -jar bench/target/benchmarks.jar LayerBench -t 2     (two threads at once, each with its own layer)
 * </pre>
 *
 * With {@code -t 2}, JMH runs the same benchmark on two threads at once: what a core loses while
 * the other one computes too. Add {@code -jvmArgsAppend -XX:UseAVX=2} for the AVX2 level.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Dchainrule.threads=1"})
public class LayerBench {
    @Param({"784"})
    public int in;

    @Param({"50"})
    public int units;

    Kernels kernels;
    Tensor x;
    Tensor w;
    Tensor h;
    Tensor g;
    Tensor dx;

    @Setup
    public void setUp() {
        kernels = Kernels.active();
        Kernels.awaitWarmUp();
        Random random = new Random(1);
        x = random(128, in, 1f, random);
        w = random(in, units, 0.01f, random);
        h = Tensor.zeros(DType.FLOAT32, 128, units);
        g = random(128, units, 0.01f, random);
        dx = Tensor.zeros(DType.FLOAT32, 128, in);
    }

    @Benchmark
    public Tensor forward() {
        kernels.gemm(x, false, w, false, h, false);
        return h;
    }

    @Benchmark
    public Tensor fusedStep() {
        // a tiny rate keeps the weights where they are over millions of calls
        if (!kernels.gemmStep(-1e-9, x, true, g, false, w)) {
            throw new IllegalStateException("these kernels do not fuse the step");
        }
        return w;
    }

    @Benchmark
    public Tensor inputGradient() {
        kernels.gemm(g, false, w, true, dx, false);
        return dx;
    }

    static Tensor random(int rows, int cols, float scale, Random random) {
        Tensor t = Tensor.zeros(DType.FLOAT32, rows, cols);
        float[] f = t.floats();
        for (int i = 0; i < f.length; i++) {
            f[i] = random.nextFloat() * scale;
        }
        return t;
    }
}
