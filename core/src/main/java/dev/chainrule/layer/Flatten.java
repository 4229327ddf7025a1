package dev.chainrule.layer;

import dev.chainrule.tensor.Shape;
import dev.chainrule.tensor.ShapeException;
import dev.chainrule.tensor.Tensor;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Flattens each example to a row, {@code [batch, channels, height, width] -> [batch, channels *
 * height * width]} in storage order (channel, then row, then column: PyTorch's
 * {@code Flatten}), so that a dense layer can follow a convolution. Nothing is copied: the
 * output is the input's storage seen with other dimensions, and the gradient likewise.
 * In a network file: {@code {"flatten": true}}.
 */
public final class Flatten implements Layer {
    /** The registered type: the key {@code flatten}. */
    public static final LayerType TYPE = new Type();
    /** The layer's only config: it has no settings. */
    public static final LayerConfig CONFIG = new Config();

    private final Shape input;
    // views of the two most recent inputs and gradients (the full batch and the last, smaller one)
    private Tensor in1;
    private Tensor out1;
    private Tensor in2;
    private Tensor out2;
    private Tensor g1;
    private Tensor dx1;
    private Tensor g2;
    private Tensor dx2;
    private Tensor last;

    private record Config() implements LayerConfig {
        @Override
        public LayerType type() {
            return TYPE;
        }

        @Override
        public Map<String, Object> toJson() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("flatten", true);
            return m;
        }

        @Override
        public Shape outputShape(Shape input) {
            return Shape.vector(input.size());
        }

        @Override
        public Layer build(Shape input, LayerContext context) {
            return new Flatten(input);
        }
    }

    /**
     * A flatten layer for examples of shape {@code input}.
     *
     * @param input one example's shape
     */
    public Flatten(Shape input) {
        this.input = input;
    }

    @Override
    public String type() {
        return "flatten";
    }

    @Override
    public LayerConfig config() {
        return CONFIG;
    }

    @Override
    public Shape outputShape(Shape in) {
        if (!in.equals(input)) {
            throw new ShapeException("flatten was built for examples of shape " + input + ", got " + in);
        }
        return Shape.vector(input.size());
    }

    @Override
    public int outputSize(int inFeatures) {
        if (inFeatures != input.size()) {
            throw new ShapeException("flatten: expects examples of shape " + input + " (" + input.size()
                    + " values), got " + inFeatures + " values");
        }
        return inFeatures;
    }

    @Override
    public Tensor forward(Tensor x, boolean training) {
        outputSize(x.cols());
        if (x == in1) {
            last = out1;
        } else if (x == in2) {
            last = out2;
        } else {
            in2 = in1;
            out2 = out1;
            in1 = x;
            out1 = x.rank() == 2 ? x : x.reshape(x.rows(), x.cols());
            last = out1;
        }
        return last;
    }

    @Override
    public void infer(Tensor x, Tensor out) {
        outputSize(x.cols());
        out.copyFrom(x);
    }

    @Override
    public Tensor backward(Tensor g, boolean needInputGradient) {
        if (!needInputGradient) {
            return null;
        }
        if (g == g1) {
            return dx1;
        }
        if (g == g2) {
            return dx2;
        }
        g2 = g1;
        dx2 = dx1;
        g1 = g;
        dx1 = g.reshape(input.withBatch(g.rows()));
        return dx1;
    }

    @Override
    public Tensor lastOutput() {
        return last;
    }

    @Override
    public String toString() {
        return "Flatten(" + input + " -> [" + input.size() + "])";
    }

    private static final class Type implements LayerType {
        @Override
        public String name() {
            return "flatten";
        }

        @Override
        public Set<String> keys() {
            return Set.of("flatten");
        }

        @Override
        public LayerConfig fromJson(Map<String, Object> json) {
            if (!Boolean.TRUE.equals(json.get("flatten"))) {
                throw new IllegalArgumentException("\"flatten\" takes no settings: write {\"flatten\": true}");
            }
            return CONFIG;
        }

        @Override
        public List<LayerSample> samples() {
            return List.of(new LayerSample("flatten", CONFIG, Shape.image(2, 3, 2)));
        }

        @Override
        public String usage() {
            return "{\"flatten\": true}: each example as one row of its values, [C, H, W] -> [C*H*W]";
        }
    }
}
