package dev.chainrule.bench;

import dev.chainrule.io.NetworkFile;
import dev.chainrule.layer.Layer;
import dev.chainrule.model.Sequential;
import dev.chainrule.tensor.DType;
import dev.chainrule.tensor.Kernels;
import dev.chainrule.tensor.Tensor;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Where a training batch of a convolutional network goes: each layer's forward (training mode) and
 * backward, timed one by one inside one JVM, on a batch of random images in [0, 1) and a random
 * output gradient, after warm-up batches. Prints one line per layer with the median of the
 * measured batches in milliseconds, and the whole batch. The kernels' level is the JVM's
 * ({@code -XX:UseAVX=2} for AVX2), the threads {@link Kernels#active()}'s.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -cp bench/target/benchmarks.jar dev.chainrule.bench.CnnLayerTimes \
 *     [NETWORK (examples/networks/fashion-cnn.json) [BATCH (128) [WARM_UP (200) [BATCHES (200)]]]]
 * </pre>
 */
public final class CnnLayerTimes {
    private CnnLayerTimes() {
    }

    /**
     * Runs the measurement.
     *
     * @param args network file, batch size, warm-up batches, measured batches
     * @throws IOException when the network file cannot be read
     */
    public static void main(String[] args) throws IOException {
        Path network = Path.of(args.length > 0 ? args[0] : "examples/networks/fashion-cnn.json");
        int batch = args.length > 1 ? Integer.parseInt(args[1]) : 128;
        int warmUp = args.length > 2 ? Integer.parseInt(args[2]) : 200;
        int measured = args.length > 3 ? Integer.parseInt(args[3]) : 200;
        Sequential model = NetworkFile.load(network, DType.FLOAT32, 1);
        List<Layer> layers = model.layers();
        Random random = new Random(7);
        Tensor x = Tensor.zeros(DType.FLOAT32, batch, model.inputShape());
        float[] xs = x.floats();
        for (int i = 0; i < xs.length; i++) {
            xs[i] = random.nextFloat();
        }
        Tensor g = Tensor.zeros(DType.FLOAT32, batch, model.outputs());
        float[] gs = g.floats();
        for (int i = 0; i < gs.length; i++) {
            gs[i] = (random.nextFloat() - 0.5f) / batch;
        }
        int n = layers.size();
        long[][] fwd = new long[n][measured];
        long[][] bwd = new long[n][measured];
        long[] whole = new long[measured];
        for (int it = -warmUp; it < measured; it++) {
            long start = System.nanoTime();
            Tensor a = x;
            for (int i = 0; i < n; i++) {
                long t0 = System.nanoTime();
                a = layers.get(i).forward(a, true);
                if (it >= 0) {
                    fwd[i][it] = System.nanoTime() - t0;
                }
            }
            Tensor d = g;
            for (int i = n - 1; i >= 0; i--) {
                long t0 = System.nanoTime();
                d = layers.get(i).backward(d, i > 0);
                if (it >= 0) {
                    bwd[i][it] = System.nanoTime() - t0;
                }
            }
            if (it >= 0) {
                whole[it] = System.nanoTime() - start;
            }
        }
        System.out.println("kernels: " + Kernels.active() + "; batch " + batch + ", medians of " + measured
                + " batches after " + warmUp + ", ms forward + backward");
        for (int i = 0; i < n; i++) {
            System.out.printf(Locale.ROOT, "%2d %-60s %6.3f + %6.3f%n", i + 1, layers.get(i), median(fwd[i]), median(bwd[i]));
        }
        System.out.printf(Locale.ROOT, "whole batch %.3f ms%n", median(whole));
    }

    private static double median(long[] nanos) {
        long[] s = nanos.clone();
        Arrays.sort(s);
        return s[s.length / 2] / 1e6;
    }
}
