package dev.chainrule.check;

import dev.chainrule.layer.Dropout;
import dev.chainrule.layer.Layer;
import dev.chainrule.layer.LayerContext;
import dev.chainrule.layer.LayerRegistry;
import dev.chainrule.layer.LayerSample;
import dev.chainrule.layer.LayerType;
import dev.chainrule.layer.Parameter;
import dev.chainrule.init.Initializer;
import dev.chainrule.loss.BinaryCrossEntropy;
import dev.chainrule.loss.BinaryCrossEntropyWithLogits;
import dev.chainrule.loss.HalfSumSquaredError;
import dev.chainrule.loss.Loss;
import dev.chainrule.loss.MeanSquaredError;
import dev.chainrule.loss.SoftmaxCrossEntropy;
import dev.chainrule.model.Sequential;
import dev.chainrule.tensor.DType;
import dev.chainrule.tensor.Shape;
import dev.chainrule.tensor.Tensor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.DoubleSupplier;

/**
 * Compares back-propagated gradients with central differences
 * {@code (f(w + eps) - f(w - eps)) / (2 eps)}, in float64, for a layer, a loss or a whole model.
 *
 * <p>The relative error of one entry is {@code |analytic - numeric| / max(|analytic|,
 * |numeric|, floor)}: the floor ({@value #FLOOR}) keeps near-zero gradients, where both values
 * are noise-sized, from reporting huge relative errors.
 */
public final class GradientCheck {
    /** Step of the central differences. */
    public static final double EPS = 1e-5;
    /** Absolute floor in the relative-error denominator. */
    public static final double FLOOR = 1e-4;
    /** The tolerance the test suite holds every check to. */
    public static final double TOLERANCE = 1e-6;

    private GradientCheck() {
    }

    /** One compared entry. */
    public record Entry(String tensor, int row, int col, double analytic, double numeric, double relativeError) {
    }

    /**
     * The result of checking one subject.
     *
     * @param subject what was checked, e.g. {@code dense(3 -> 4)} or {@code loss softmax-ce}
     * @param checked number of entries compared
     * @param worst   the entry with the largest relative error
     */
    public record Report(String subject, int checked, Entry worst) {
        /**
         * @return the largest relative error over the entries checked (0 when none)
         */
        public double maxRelativeError() {
            return worst == null ? 0 : worst.relativeError();
        }

        /**
         * Whether every entry is within {@code tolerance}.
         *
         * @param tolerance the largest relative error that passes
         * @return whether {@link #maxRelativeError()} is at most {@code tolerance}
         */
        public boolean passed(double tolerance) {
            return maxRelativeError() <= tolerance;
        }
    }

    static double relativeError(double analytic, double numeric) {
        return Math.abs(analytic - numeric) / Math.max(FLOOR, Math.max(Math.abs(analytic), Math.abs(numeric)));
    }

    /**
     * Checks a float64 layer on a random batch {@code [batch, inFeatures]}: the scalar
     * {@code S = sum(G * layer(x))} for a fixed random {@code G}, differentiated with respect to
     * the input and every parameter.
     *
     * @param subject what was checked
     * @param layer the layer to check (its parameters are perturbed and restored)
     * @param batch examples in the random batch
     * @param inFeatures the number of input features
     * @param seed seed of the random source (the same seed gives the same result)
     * @return the report
     */
    public static Report layer(String subject, Layer layer, int batch, int inFeatures, long seed) {
        return layer(subject, layer, batch, Shape.vector(inFeatures), seed);
    }

    /**
     * Checks a float64 layer on a random batch of examples of shape {@code input}: the scalar
     * {@code S = sum(G * layer(x))} for a fixed random {@code G}, differentiated with respect to
     * the input and every parameter, in training mode (batch normalization with the batch's
     * statistics).
     *
     * @param subject names the check in the report
     * @param layer   a float64 layer built for examples of shape {@code input}
     * @param batch   the number of examples
     * @param input   one example's shape
     * @param seed    seed of the random batch and {@code G}
     * @return the report
     */
    public static Report layer(String subject, Layer layer, int batch, Shape input, long seed) {
        Random random = new Random(seed);
        Tensor x = randomTensor(input.withBatch(batch), random);
        Shape outShape = layer.outputShape(input);
        Tensor g = randomTensor(outShape.withBatch(batch), random);
        DoubleSupplier scalar = () -> dot(g, layer.forward(x, true));
        layer.forward(x, true);
        Tensor dx = layer.backward(g, true).copy();
        Map<String, Tensor[]> pairs = new LinkedHashMap<>();
        pairs.put("input", new Tensor[] {x, dx});
        for (Parameter p : layer.parameters()) {
            pairs.put(p.name(), new Tensor[] {p.value(), p.gradient().copy()});
        }
        return compare(subject, pairs, scalar);
    }

    /**
     * Checks one sample of a registered layer type ({@link LayerType#samples()}): the layer is
     * built in float64 with weights from {@code N(0, 0.25)} and checked on a batch of 3.
     *
     * @param sample the sample
     * @param seed   seed of the weights, the batch and {@code G}
     * @return the report, named after the sample
     */
    public static Report sample(LayerSample sample, long seed) {
        Random random = new Random(seed);
        String name = sample.config().type().name() + "_1";
        Layer layer = sample.config().build(sample.input(),
                new LayerContext(name, 1, DType.FLOAT64, random, Initializer.normal(0.5), seed));
        layer = sample.forChecks().apply(layer);
        return layer(sample.description() + " on " + sample.input(), layer, 3, sample.input(), seed);
    }

    /**
     * Checks {@code dL/dPrediction} of a loss on random predictions and random valid targets.
     *
     * @param loss the loss to check
     * @param batch examples in the random batch
     * @param outputs the number of outputs
     * @param seed seed of the random source (the same seed gives the same result)
     * @return the report
     */
    public static Report loss(Loss loss, int batch, int outputs, long seed) {
        Random random = new Random(seed);
        Tensor prediction = randomTensor(batch, outputs, random);
        Tensor target = Tensor.zeros(DType.FLOAT64, batch, outputs);
        boolean probabilities = loss instanceof BinaryCrossEntropy;
        for (int r = 0; r < batch; r++) {
            if (loss instanceof SoftmaxCrossEntropy) {
                target.set(r, random.nextInt(outputs), 1.0);
            } else {
                for (int c = 0; c < outputs; c++) {
                    target.set(r, c, probabilities || loss instanceof BinaryCrossEntropyWithLogits
                            ? random.nextInt(2) : random.nextGaussian());
                }
            }
            if (probabilities) {
                for (int c = 0; c < outputs; c++) {
                    prediction.set(r, c, 0.1 + 0.8 * random.nextDouble());
                }
            }
        }
        Tensor analytic = Tensor.zeros(DType.FLOAT64, batch, outputs);
        loss.gradient(prediction, target, analytic);
        Map<String, Tensor[]> pairs = new LinkedHashMap<>();
        pairs.put("prediction", new Tensor[] {prediction, analytic});
        return compare("loss " + loss.name(), pairs, () -> loss.value(prediction, target));
    }

    /**
     * Checks every parameter of a float64 model with its loss on the batch {@code (x, t)}. The
     * model is run in training mode, so any {@link Dropout} layer must have a
     * {@linkplain Dropout#freezeMask frozen mask} (otherwise each evaluation draws a new one).
     *
     * @param model the model
     * @param x a batch of inputs, {@code [batch, inputs]}
     * @param t its targets, {@code [batch, outputs]}
     * @return the report
     */
    public static Report model(Sequential model, Tensor x, Tensor t) {
        if (model.dtype() != DType.FLOAT64) {
            throw new IllegalArgumentException("a gradient check needs a FLOAT64 model, got " + model.dtype());
        }
        Tensor raw = model.forward(x, true);
        Tensor g = Tensor.zeros(DType.FLOAT64, raw.rows(), raw.cols());
        model.loss().gradient(model.kernels(), raw, t, g, raw.rows());
        model.backward(g);
        Map<String, Tensor[]> pairs = new LinkedHashMap<>();
        for (Parameter p : model.parameters()) {
            pairs.put(p.name(), new Tensor[] {p.value(), p.gradient().copy()});
        }
        return compare("model " + model, pairs, () -> model.loss().value(model.kernels(), model.forward(x, true), t, x.rows()));
    }

    /**
     * The standard suite: every sample of every registered layer type ({@link LayerRegistry},
     * {@link LayerType#samples()}: none is listed here) and every loss, as run by
     * {@code chainrule gradcheck}.
     *
     * @param seed seed of the random source (the same seed gives the same result)
     * @return the standard suite: every layer type and every loss, as run by {@code chainrule gradcheck}
     */
    public static List<Report> all(long seed) {
        List<Report> reports = new ArrayList<>();
        for (LayerType type : LayerRegistry.all()) {
            for (LayerSample sample : type.samples()) {
                reports.add(sample(sample, seed));
            }
        }
        for (Loss loss : List.of(new HalfSumSquaredError(), new MeanSquaredError(), new SoftmaxCrossEntropy(),
                new BinaryCrossEntropyWithLogits(), new BinaryCrossEntropy())) {
            reports.add(loss(loss, 4, 3, seed));
        }
        return reports;
    }

    private static Report compare(String subject, Map<String, Tensor[]> pairs, DoubleSupplier scalar) {
        Entry worst = null;
        int checked = 0;
        for (Map.Entry<String, Tensor[]> e : pairs.entrySet()) {
            Tensor value = e.getValue()[0];
            Tensor analytic = e.getValue()[1];
            for (int i = 0; i < value.size(); i++) {
                double original = value.getFlat(i);
                value.setFlat(i, original + EPS);
                double plus = scalar.getAsDouble();
                value.setFlat(i, original - EPS);
                double minus = scalar.getAsDouble();
                value.setFlat(i, original);
                double numeric = (plus - minus) / (2 * EPS);
                double a = analytic.getFlat(i);
                Entry entry = new Entry(e.getKey(), i / value.cols(), i % value.cols(), a, numeric, relativeError(a, numeric));
                if (worst == null || entry.relativeError() > worst.relativeError()) {
                    worst = entry;
                }
                checked++;
            }
        }
        return new Report(subject, checked, worst);
    }

    /** Uniform in [-2, -0.1] or [0.1, 2]: away from ReLU's kink, where a central difference straddles it. */
    private static Tensor randomTensor(int rows, int cols, Random random) {
        return randomTensor(new int[] {rows, cols}, random);
    }

    private static Tensor randomTensor(int[] dims, Random random) {
        Tensor t = Tensor.zeros(DType.FLOAT64, dims);
        for (int i = 0; i < t.size(); i++) {
            double v = 0.1 + 1.9 * random.nextDouble();
            t.setFlat(i, random.nextBoolean() ? v : -v);
        }
        return t;
    }

    private static double dot(Tensor a, Tensor b) {
        double s = 0;
        for (int i = 0; i < a.size(); i++) {
            s += a.getFlat(i) * b.getFlat(i);
        }
        return s;
    }
}
