package dev.chainrule.bench;

import dev.chainrule.layer.Dense;
import dev.chainrule.layer.Layer;
import dev.chainrule.loss.SoftmaxCrossEntropy;
import dev.chainrule.model.Sequential;
import dev.chainrule.tensor.DType;
import dev.chainrule.tensor.Kernels;
import dev.chainrule.tensor.Tensor;

import java.util.Arrays;
import java.util.Locale;
import java.util.Random;
import java.util.function.IntToDoubleFunction;

/**
 * Where a one-example predict of 784-50-10 goes: the whole {@code predict}, then each of its parts
 * alone (the first layer's product and its bias, the rectifier, the output layer, the softmax, the
 * output tensor's allocation), medians of {@code CALLS} calls after as many warm-up calls:
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -cp bench/target/benchmarks.jar dev.chainrule.bench.PredictParts [CALLS]
 * </pre>
 */
public final class PredictParts {
    private PredictParts() {
    }

    public static void main(String[] args) {
        Locale.setDefault(Locale.ROOT);
        int calls = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        Kernels.awaitWarmUp();
        Sequential model = Sequential.builder(784).seed(1).dense(50).relu().dense(10)
                .loss(new SoftmaxCrossEntropy()).build();
        Random random = new Random(1);
        Tensor[] inputs = new Tensor[64];
        for (int i = 0; i < inputs.length; i++) {
            float[] x = new float[784];
            for (int j = 0; j < x.length; j++) {
                x[j] = random.nextFloat();
            }
            inputs[i] = Tensor.wrap(x, 1, 784);
        }
        Kernels kernels = model.kernels();
        Dense first = (Dense) model.layers().get(0);
        Layer relu = model.layers().get(1);
        Dense output = (Dense) model.layers().get(2);
        Tensor hidden = Tensor.zeros(DType.FLOAT32, 1, 50);
        Tensor rectified = Tensor.zeros(DType.FLOAT32, 1, 50);
        Tensor raw = Tensor.zeros(DType.FLOAT32, 1, 10);
        System.out.println(kernels);
        time("predict", calls, i -> model.predict(inputs[i & 63]).floats()[0]);
        time("first layer's product 1x784x50", calls, i -> {
            kernels.gemm(inputs[i & 63], false, first.weight().value(), false, hidden, false);
            return hidden.floats()[0];
        });
        time("first layer with its bias", calls, i -> {
            first.infer(inputs[i & 63], hidden);
            return hidden.floats()[0];
        });
        time("rectifier", calls, i -> {
            relu.infer(hidden, rectified);
            return rectified.floats()[0];
        });
        time("output layer 1x50x10 + bias", calls, i -> {
            output.infer(rectified, raw);
            return raw.floats()[0];
        });
        time("softmax", calls, i -> {
            model.loss().probabilities(kernels, raw, raw);
            return raw.floats()[0];
        });
        time("output tensor 1x10", calls, i -> Tensor.zeros(DType.FLOAT32, 1, 10).size());
    }

    private static void time(String name, int calls, IntToDoubleFunction call) {
        double sink = 0;
        for (int i = 0; i < calls; i++) {
            sink += call.applyAsDouble(i);
        }
        long[] ns = new long[calls];
        for (int i = 0; i < calls; i++) {
            long t = System.nanoTime();
            sink += call.applyAsDouble(i);
            ns[i] = System.nanoTime() - t;
        }
        Arrays.sort(ns);
        System.out.printf("%-32s median %6.3f us  p90 %6.3f us  (checksum %.0f)%n", name, ns[calls / 2] / 1e3,
                ns[calls * 9 / 10] / 1e3, sink % 1000);
    }
}
