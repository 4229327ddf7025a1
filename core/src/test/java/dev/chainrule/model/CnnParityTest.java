package dev.chainrule.model;

import dev.chainrule.data.Dataset;
import dev.chainrule.io.Json;
import dev.chainrule.layer.Parameter;
import dev.chainrule.loss.SoftmaxCrossEntropy;
import dev.chainrule.optim.Sgd;
import dev.chainrule.tensor.DType;
import dev.chainrule.tensor.Shape;
import dev.chainrule.tensor.Tensor;
import dev.chainrule.train.Callback;
import dev.chainrule.train.Trainer;
import dev.chainrule.train.TrainingConfig;
import dev.chainrule.train.TrainingRun;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * CNN-S against PyTorch 1.13: the same initial weights, the same batch of 128 Fashion-MNIST
 * images, two SGD steps with momentum 0.9 (the first sets the momentum buffer to the gradient,
 * the second uses it); chainrule's weights after each step equal PyTorch's to 1e-5, and each
 * step (the change of the weights) equals PyTorch's to 1e-3 of that tensor's largest change.
 * The PyTorch side is {@code cnn-s-steps.bin.gz}, made once by {@code cnn_s_steps.py} beside it
 * (the file format is described there); this test runs without Python.
 */
class CnnParityTest {

    @Test
    void twoMomentumStepsOfCnnSEqualPyTorchs() throws IOException {
        Fixture f = Fixture.read();
        Sequential model = Sequential.builder(Shape.image(1, 28, 28)).seed(1)
                .conv2d(16, 3, 1).relu().maxPool2d(2)
                .conv2d(32, 3, 1).relu().maxPool2d(2)
                .flatten().dense(128).relu().dense(10)
                .loss(new SoftmaxCrossEntropy()).build();
        List<Parameter> params = model.parameters();
        assertEquals(f.names.size(), params.size());
        for (int t = 0; t < params.size(); t++) {
            put(f.initial(t), f.shapes.get(t), params.get(t).value());
        }

        Tensor x = Tensor.zeros(DType.FLOAT32, 128, Shape.image(1, 28, 28));
        Tensor y = Tensor.zeros(DType.FLOAT32, 128, 10);
        for (int i = 0; i < x.size(); i++) {
            x.setFlat(i, (f.images[i] & 0xff) / 255.0);
        }
        for (int r = 0; r < 128; r++) {
            y.set(r, f.labels[r], 1);
        }
        Dataset batch = new Dataset("fixture", x, y, List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"));
        List<List<Tensor>> after = new ArrayList<>();
        List<Double> losses = new ArrayList<>();
        Trainer trainer = new Trainer(model, Sgd.momentum(0.05, 0.9), TrainingConfig.miniBatch(2, 128, 1));
        trainer.addCallback(new Callback() {
            @Override
            public void onBatchEnd(TrainingRun run) {
                losses.add(run.batchLoss());
                after.add(model.copyWeights());
            }
        });
        trainer.fit(batch);

        assertEquals(2, after.size());
        for (int step = 0; step < 2; step++) {
            assertEquals(f.losses.get(step), losses.get(step), 1e-5, "loss of step " + (step + 1));
            for (int t = 0; t < params.size(); t++) {
                float[] torch = f.after(step, t);
                float[] before = step == 0 ? f.initial(t) : f.after(0, t);
                float[] ours = pyTorchLayout(after.get(step).get(t), f.shapes.get(t));
                float[] oursBefore = step == 0 ? before : pyTorchLayout(after.get(0).get(t), f.shapes.get(t));
                double largestStep = 0;
                for (int i = 0; i < torch.length; i++) {
                    largestStep = Math.max(largestStep, Math.abs(torch[i] - before[i]));
                }
                assertTrue(largestStep > 1e-4, "the fixture moves " + f.names.get(t));
                for (int i = 0; i < torch.length; i++) {
                    String where = f.names.get(t) + "[" + i + "] after step " + (step + 1);
                    assertEquals(torch[i], ours[i], 1e-5, where);
                    assertEquals(torch[i] - before[i], ours[i] - oursBefore[i], 1e-3 * largestStep, where + ": the step");
                }
            }
        }
    }

    /** Writes PyTorch-layout values into a parameter: dense weights {@code [out, in]} transposed to {@code [in, out]}. */
    private static void put(float[] values, int[] shape, Tensor target) {
        if (shape.length == 2) { // a dense weight
            int out = shape[0];
            int in = shape[1];
            for (int o = 0; o < out; o++) {
                for (int i = 0; i < in; i++) {
                    target.set(i, o, values[o * in + i]);
                }
            }
        } else {
            assertEquals(values.length, target.size());
            for (int i = 0; i < values.length; i++) {
                target.setFlat(i, values[i]);
            }
        }
    }

    private static float[] pyTorchLayout(Tensor t, int[] shape) {
        float[] out = new float[t.size()];
        if (shape.length == 2) {
            int o = shape[0];
            int in = shape[1];
            for (int r = 0; r < o; r++) {
                for (int c = 0; c < in; c++) {
                    out[r * in + c] = (float) t.get(c, r);
                }
            }
        } else {
            for (int i = 0; i < out.length; i++) {
                out[i] = (float) t.getFlat(i);
            }
        }
        return out;
    }

    /** The PyTorch side: header, batch, and every parameter after each step; initial weights by the shared rule. */
    private static final class Fixture {
        final List<String> names = new ArrayList<>();
        final List<int[]> shapes = new ArrayList<>();
        final List<Integer> fanIns = new ArrayList<>();
        final List<Double> losses = new ArrayList<>();
        byte[] images;
        byte[] labels;
        final List<List<float[]>> steps = new ArrayList<>();

        @SuppressWarnings("unchecked")
        static Fixture read() throws IOException {
            Fixture f = new Fixture();
            try (InputStream raw = CnnParityTest.class.getResourceAsStream("cnn-s-steps.bin.gz");
                 DataInputStream in = new DataInputStream(new GZIPInputStream(raw))) {
                ByteArrayOutputStream line = new ByteArrayOutputStream();
                for (int b = in.read(); b != '\n'; b = in.read()) {
                    line.write(b);
                }
                Map<String, Object> header = Json.asObject(Json.parse(line.toString(StandardCharsets.UTF_8)), "header");
                for (Object p : Json.asArray(header.get("parameters"), "parameters")) {
                    Map<String, Object> m = (Map<String, Object>) p;
                    f.names.add((String) m.get("name"));
                    List<Object> dims = (List<Object>) m.get("shape");
                    f.shapes.add(dims.stream().mapToInt(d -> ((Number) d).intValue()).toArray());
                    f.fanIns.add(((Number) m.get("fan_in")).intValue());
                }
                for (Object l : Json.asArray(header.get("loss"), "loss")) {
                    f.losses.add(((Number) l).doubleValue());
                }
                f.images = in.readNBytes(128 * 784);
                f.labels = in.readNBytes(128);
                for (int step = 0; step < 2; step++) {
                    List<float[]> values = new ArrayList<>();
                    for (int[] shape : f.shapes) {
                        float[] v = new float[size(shape)];
                        for (int i = 0; i < v.length; i++) {
                            v[i] = in.readFloat();
                        }
                        values.add(v);
                    }
                    f.steps.add(values);
                }
                assertEquals(-1, in.read(), "the fixture ends after the second step");
            }
            return f;
        }

        float[] after(int step, int t) {
            return steps.get(step).get(t);
        }

        /**
         * Parameter {@code t}'s initial values, the rule of {@code cnn_s_steps.py}: element i is
         * {@code float32((2u - 1) / sqrt(fanIn))}, {@code u = (splitmix64(t * 2^32 + i) >>> 40) / 2^24}.
         */
        float[] initial(int t) {
            float[] v = new float[size(shapes.get(t))];
            double root = Math.sqrt(fanIns.get(t));
            for (int i = 0; i < v.length; i++) {
                double u = (splitmix64(((long) t << 32) + i) >>> 40) / (double) (1 << 24);
                v[i] = (float) ((2 * u - 1) / root);
            }
            return v;
        }

        static long splitmix64(long x) {
            long z = x + 0x9E3779B97F4A7C15L;
            z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
            z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
            return z ^ (z >>> 31);
        }

        static int size(int[] shape) {
            int n = 1;
            for (int d : shape) {
                n *= d;
            }
            return n;
        }
    }
}
