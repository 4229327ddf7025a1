package dev.chainrule.layer;

import dev.chainrule.tensor.Shape;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An activation's settings: {@code {"activation": "relu"}}, one of {@code sigmoid}, {@code tanh},
 * {@code relu}, {@code leaky_relu} (with {@code "slope"}, default 0.01) and {@code softmax}. An
 * activation keeps the shape of its input, whatever it is (softmax is taken over all the values
 * of an example).
 *
 * @param name  the activation
 * @param slope the slope for negative inputs of {@code leaky_relu} (ignored by the others)
 */
public record ActivationConfig(String name, double slope) implements LayerConfig {
    /** The registered type: the key {@code activation}. */
    public static final LayerType TYPE = new Type();
    /** The slope of {@code leaky_relu} when none is given. */
    public static final double DEFAULT_SLOPE = 0.01;
    private static final List<String> NAMES = List.of("sigmoid", "tanh", "relu", "leaky_relu", "softmax");

    /**
     * Checks the name.
     *
     * @param name  one of sigmoid, tanh, relu, leaky_relu, softmax (leaky-relu is read as leaky_relu)
     * @param slope the slope of leaky_relu
     */
    public ActivationConfig {
        name = name.replace('-', '_');
        if (!NAMES.contains(name)) {
            throw new IllegalArgumentException("unknown activation \"" + name + "\"; expected one of "
                    + String.join(", ", NAMES));
        }
    }

    /**
     * The activation called {@code name}, with the default slope.
     *
     * @param name one of sigmoid, tanh, relu, leaky_relu, softmax
     * @return the config
     */
    public static ActivationConfig of(String name) {
        return new ActivationConfig(name, DEFAULT_SLOPE);
    }

    @Override
    public LayerType type() {
        return TYPE;
    }

    @Override
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("activation", name);
        if (name.equals("leaky_relu")) {
            m.put("slope", slope);
        }
        return m;
    }

    @Override
    public Shape outputShape(Shape input) {
        return input;
    }

    @Override
    public Layer build(Shape input, LayerContext context) {
        return switch (name) {
            case "sigmoid" -> new Sigmoid();
            case "tanh" -> new Tanh();
            case "relu" -> new ReLU();
            case "leaky_relu" -> new LeakyReLU(slope);
            default -> new Softmax();
        };
    }

    private static final class Type implements LayerType {
        @Override
        public String name() {
            return "activation";
        }

        @Override
        public Set<String> keys() {
            return Set.of("activation", "slope");
        }

        @Override
        public LayerConfig fromJson(Map<String, Object> json) {
            Object n = json.get("activation");
            if (!(n instanceof String s)) {
                throw new IllegalArgumentException("\"activation\" must be the name of an activation, one of "
                        + String.join(", ", NAMES) + ", got " + Settings.describe(n));
            }
            String name = s.replace('-', '_');
            if (json.containsKey("slope") && !name.equals("leaky_relu")) {
                throw new IllegalArgumentException("\"slope\" is for leaky_relu only");
            }
            return new ActivationConfig(name, Settings.number(json, "slope", DEFAULT_SLOPE));
        }

        @Override
        public List<LayerSample> samples() {
            return List.of(new LayerSample("sigmoid", of("sigmoid"), Shape.vector(5)),
                    new LayerSample("tanh", of("tanh"), Shape.vector(5)),
                    new LayerSample("relu", of("relu"), Shape.vector(5)),
                    new LayerSample("relu on images", of("relu"), Shape.image(2, 3, 3)),
                    new LayerSample("leaky_relu (0.1)", new ActivationConfig("leaky_relu", 0.1), Shape.vector(5)),
                    new LayerSample("softmax", of("softmax"), Shape.vector(5)));
        }

        @Override
        public String usage() {
            return "{\"activation\": \"sigmoid|tanh|relu|leaky_relu|softmax\", \"slope\": 0.01}: element-wise (softmax: over"
                    + " the example), any shape";
        }
    }
}
