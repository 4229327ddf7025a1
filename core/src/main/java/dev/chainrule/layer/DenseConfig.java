package dev.chainrule.layer;

import dev.chainrule.init.Initializer;
import dev.chainrule.tensor.Shape;
import dev.chainrule.tensor.ShapeException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A {@link Dense} layer's settings: {@code {"dense": 10}}, with {@code "bias": true | false |
 * [initial biases]} and optional initial {@code "weights"} (input-major, one row per input).
 *
 * @param units   the number of units
 * @param bias    whether the layer adds a bias
 * @param weights initial weights {@code [inputs][units]}, or null to draw them
 * @param biases  initial biases, or null (zeros when {@code bias})
 * @param init    the initializer of the weights, or null for the network's
 */
public record DenseConfig(int units, boolean bias, double[][] weights, double[] biases, Initializer init)
        implements LayerConfig {
    /** The registered type: the key {@code dense}. */
    public static final LayerType TYPE = new Type();

    /**
     * Checks the settings.
     *
     * @param units   the number of units, at least 1
     * @param bias    whether the layer adds a bias
     * @param weights initial weights or null
     * @param biases  initial biases or null
     * @param init    the initializer or null
     */
    public DenseConfig {
        if (units < 1) {
            throw new IllegalArgumentException("a dense layer needs at least 1 unit, got " + units);
        }
        if (biases != null && biases.length != units) {
            throw new IllegalArgumentException("\"bias\" has " + biases.length + " values, expected " + units
                    + " (one per unit)");
        }
        if (biases != null && !bias) {
            throw new IllegalArgumentException("initial biases for a layer without bias");
        }
    }

    /**
     * A dense layer of {@code units} with bias, weights drawn by the network's initializer.
     *
     * @param units the number of units
     * @return the config
     */
    public static DenseConfig of(int units) {
        return new DenseConfig(units, true, null, null, null);
    }

    @Override
    public LayerType type() {
        return TYPE;
    }

    @Override
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("dense", units);
        m.put("bias", biases != null ? biases : (Object) bias);
        if (weights != null) {
            m.put("weights", weights);
        }
        return m;
    }

    @Override
    public Shape outputShape(Shape input) {
        if (!input.isVector()) {
            throw new ShapeException("dense takes examples of shape [features], got " + input
                    + "; put {\"flatten\": true} before it to make them [" + input.size() + "]");
        }
        if (weights != null && weights.length != input.size()) {
            throw new ShapeException("\"weights\" has shape [" + weights.length + ", " + units + "], expected ["
                    + input.size() + ", " + units + "] (input-major: one row per input, one column per unit)");
        }
        return Shape.vector(units);
    }

    @Override
    public String label(Shape input) {
        return "dense " + input.size() + " -> " + units;
    }

    @Override
    public int[] fans(Shape input) {
        return new int[] {input.size(), units};
    }

    @Override
    public Layer build(Shape input, LayerContext context) {
        int in = input.size();
        Dense dense = new Dense(context.name(), in, units, bias, context.dtype());
        if (weights == null) {
            dense.initialize(init != null ? init : context.initializer(), context.random());
        } else {
            for (int r = 0; r < in; r++) {
                if (weights[r].length != units) {
                    throw new ShapeException(context.name() + ": weight row " + (r + 1) + " has " + weights[r].length
                            + " values, expected " + units + " (one per unit)");
                }
                for (int c = 0; c < units; c++) {
                    dense.weight().value().set(r, c, weights[r][c]);
                }
            }
        }
        if (biases != null) {
            for (int c = 0; c < units; c++) {
                dense.bias().value().set(0, c, biases[c]);
            }
        }
        return dense;
    }

    private static final class Type implements LayerType {
        @Override
        public String name() {
            return "dense";
        }

        @Override
        public Set<String> keys() {
            return Set.of("dense", "bias", "weights");
        }

        @Override
        public LayerConfig fromJson(Map<String, Object> json) {
            int units = Settings.whole(json.get("dense"), "dense", 1);
            boolean bias = true;
            double[] biases = null;
            Object b = json.get("bias");
            if (b instanceof Boolean flag) {
                bias = flag;
            } else if (b instanceof List<?> list) {
                biases = Settings.numbers(list, "bias");
            } else if (b != null) {
                throw new IllegalArgumentException("\"bias\" must be true, false or an array of " + units + " numbers, got "
                        + Settings.describe(b));
            }
            double[][] weights = null;
            if (json.containsKey("weights")) {
                if (!(json.get("weights") instanceof List<?> rows)) {
                    throw new IllegalArgumentException("\"weights\" must be an array of rows, one per input, got "
                            + Settings.describe(json.get("weights")));
                }
                List<double[]> out = new ArrayList<>();
                for (Object row : rows) {
                    if (!(row instanceof List<?> values)) {
                        throw new IllegalArgumentException("\"weights\" must be an array of rows, one per input");
                    }
                    out.add(Settings.numbers(values, "weights"));
                }
                weights = out.toArray(new double[0][]);
                for (int r = 0; r < weights.length; r++) {
                    if (weights[r].length != units) {
                        throw new IllegalArgumentException("\"weights\" row " + (r + 1) + " has " + weights[r].length
                                + " values, expected " + units + " (one per unit)");
                    }
                }
            }
            return new DenseConfig(units, bias, weights, biases, null);
        }

        @Override
        public List<LayerSample> samples() {
            return List.of(new LayerSample("dense (5 -> 4, bias)", DenseConfig.of(4), Shape.vector(5)),
                    new LayerSample("dense (4 -> 3, no bias)", new DenseConfig(3, false, null, null, null),
                            Shape.vector(4)));
        }

        @Override
        public String usage() {
            return "{\"dense\": UNITS, \"bias\": true|false|[...], \"weights\": [[...], ...]}: a fully connected layer"
                    + " on [features] (input-major weights, one row per input)";
        }
    }
}
