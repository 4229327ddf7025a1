package dev.chainrule.io;

import dev.chainrule.layer.Dense;
import dev.chainrule.layer.Dropout;
import dev.chainrule.layer.Layer;
import dev.chainrule.layer.LeakyReLU;
import dev.chainrule.loss.Loss;
import dev.chainrule.model.Sequential;
import dev.chainrule.tensor.DType;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A network's configuration, as a network file writes it (a fixed format: files and tools depend on it):
 *
 * <pre>{@code
 * {"input": 3,
 *  "layers": [{"dense": 2, "bias": false, "weights": [[0.5,-0.6],[0.1,-0.2],[0.1,0.7]]},
 *             {"activation": "sigmoid"},
 *             {"dense": 1, "bias": false, "weights": [[0.1],[-0.3]]},
 *             {"activation": "sigmoid"}],
 *  "loss": "half-sse"}
 * }</pre>
 *
 * <p>A dense layer's {@code bias} is {@code true} (the default), {@code false}, or an array of
 * initial biases; {@code weights} are input-major ({@code [inputs][units]}); without them the
 * layer is initialized from the seed. An activation is {@code sigmoid}, {@code tanh},
 * {@code relu}, {@code leaky_relu} (optional {@code "slope"}, default 0.01) or {@code softmax}.
 * {@code {"dropout": 0.2}} is a dropout layer (training only, masks seeded from the build seed).
 * Every shape is checked when the file is read, and a message names the layer (1-based, as
 * listed) and both shapes. Model files keep their architecture in the same form, without the
 * weights.
 *
 * @param inputs number of input features
 * @param layers the layers in order
 * @param loss   a loss name for {@link Loss#named}, or null
 */
public record NetworkSpec(int inputs, List<LayerSpec> layers, String loss) {

    /** One entry of {@code layers}. */
    public sealed interface LayerSpec permits DenseSpec, ActivationSpec, DropoutSpec {
    }

    /**
     * A dense layer.
     *
     * @param weights initial weights {@code [inputs][units]}, or null to initialize
     * @param biases  initial biases, or null (zeros when {@code bias})
     */
    public record DenseSpec(int units, boolean bias, double[][] weights, double[] biases) implements LayerSpec {
    }

    /** An activation by name; {@code slope} is used by {@code leaky_relu} only. */
    public record ActivationSpec(String name, double slope) implements LayerSpec {
    }

    /**
     * A dropout layer dropping {@code rate} of its inputs in training (off when predicting); its
     * masks are seeded from the build seed, as {@link Sequential.Builder#dropout}.
     */
    public record DropoutSpec(double rate) implements LayerSpec {
    }

    private static final Set<String> ACTIVATIONS = Set.of("sigmoid", "tanh", "relu", "leaky_relu", "softmax");
    private static final double DEFAULT_SLOPE = 0.01;

    /**
     * Copies the layer list.
     *
     * @param inputs number of input features
     * @param layers the layers in order
     * @param loss a loss name for {@link Loss#named}, or null
     */
    public NetworkSpec {
        layers = List.copyOf(layers);
    }

    /**
     * Reads a network from parsed JSON (see {@link Json#parse}), checking every shape.
     *
     * @param source names the file in messages
     * @param json the parsed JSON value
     * @return the network spec
     */
    public static NetworkSpec fromJson(Object json, String source) {
        try {
            return fromJsonUnchecked(json);
        } catch (Json.JsonException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + ": " + e.getMessage(), e);
        }
    }

    private static NetworkSpec fromJsonUnchecked(Object json) {
        Map<String, Object> root = Json.asObject(json, "the network");
        for (String key : root.keySet()) {
            if (!Set.of("input", "layers", "loss").contains(key)) {
                throw new IllegalArgumentException("unknown key " + Excerpt.quoted(key) + "; a network has input, layers and loss");
            }
        }
        if (!root.containsKey("input")) {
            throw new IllegalArgumentException("\"input\" (the number of input features) is missing");
        }
        int inputs = Json.asInt(root.get("input"), "\"input\"");
        if (inputs < 1) {
            throw new IllegalArgumentException("\"input\" must be at least 1, got " + inputs);
        }
        if (!root.containsKey("layers")) {
            throw new IllegalArgumentException("\"layers\" is missing");
        }
        List<Object> list = Json.asArray(root.get("layers"), "\"layers\"");
        if (list.isEmpty()) {
            throw new IllegalArgumentException("\"layers\" is empty; a network needs at least one layer");
        }
        List<LayerSpec> layers = new ArrayList<>();
        int width = inputs;
        for (int i = 0; i < list.size(); i++) {
            String where = "layer " + (i + 1);
            Map<String, Object> l = Json.asObject(list.get(i), where);
            if (l.containsKey("dense")) {
                DenseSpec d = dense(l, where, width);
                layers.add(d);
                width = d.units();
            } else if (l.containsKey("activation")) {
                layers.add(activation(l, where));
            } else if (l.containsKey("dropout")) {
                layers.add(dropout(l, where));
            } else {
                throw new IllegalArgumentException(where + ": expected a \"dense\", an \"activation\" or a \"dropout\" key,"
                        + " got " + Excerpt.of(l.keySet().toString()));
            }
        }
        String loss = null;
        if (root.containsKey("loss") && root.get("loss") != null) {
            loss = Json.asString(root.get("loss"), "\"loss\"");
            Loss.named(loss);
        }
        return new NetworkSpec(inputs, layers, loss);
    }

    private static DenseSpec dense(Map<String, Object> l, String where, int width) {
        for (String key : l.keySet()) {
            if (!Set.of("dense", "bias", "weights").contains(key)) {
                throw new IllegalArgumentException(where + " (dense): unknown key " + Excerpt.quoted(key)
                        + "; a dense layer has dense, bias and weights");
            }
        }
        int units = Json.asInt(l.get("dense"), where + " \"dense\" (the number of units)");
        if (units < 1) {
            throw new IllegalArgumentException(where + " (dense): needs at least 1 unit, got " + units);
        }
        where = where + " (dense " + width + " -> " + units + ")";
        Limits.checkLayer(where, width, units, Float.BYTES);
        boolean bias = true;
        double[] biases = null;
        Object b = l.get("bias");
        if (b instanceof Boolean flag) {
            bias = flag;
        } else if (b instanceof List<?>) {
            biases = Json.asVector(b, where + " \"bias\"");
            if (biases.length != units) {
                throw new IllegalArgumentException(where + ": \"bias\" has " + biases.length + " values, expected "
                        + units + " (one per unit)");
            }
        } else if (b != null) {
            throw new IllegalArgumentException(where + ": \"bias\" must be true, false or an array of " + units
                    + " numbers, got " + Json.describe(b));
        }
        double[][] weights = null;
        if (l.containsKey("weights")) {
            weights = Json.asMatrix(l.get("weights"), where + " \"weights\"");
            if (weights.length != width) {
                throw new IllegalArgumentException(where + ": \"weights\" has shape [" + weights.length + ", "
                        + (weights.length == 0 ? 0 : weights[0].length) + "], expected [" + width + ", " + units
                        + "] (input-major: one row per input, one column per unit)");
            }
            for (int r = 0; r < weights.length; r++) {
                if (weights[r].length != units) {
                    throw new IllegalArgumentException(where + ": \"weights\" row " + (r + 1) + " has "
                            + weights[r].length + " values, expected " + units + " (one per unit); shape expected ["
                            + width + ", " + units + "]");
                }
            }
        }
        return new DenseSpec(units, bias, weights, biases);
    }

    private static ActivationSpec activation(Map<String, Object> l, String where) {
        for (String key : l.keySet()) {
            if (!Set.of("activation", "slope").contains(key)) {
                throw new IllegalArgumentException(where + " (activation): unknown key " + Excerpt.quoted(key));
            }
        }
        String name = Json.asString(l.get("activation"), where + " \"activation\"").replace('-', '_');
        if (!ACTIVATIONS.contains(name)) {
            throw new IllegalArgumentException(where + ": unknown activation " + Excerpt.quoted(name)
                    + "; expected one of sigmoid, tanh, relu, leaky_relu, softmax");
        }
        double slope = DEFAULT_SLOPE;
        if (l.containsKey("slope")) {
            if (!name.equals("leaky_relu")) {
                throw new IllegalArgumentException(where + ": \"slope\" is for leaky_relu only");
            }
            slope = Json.asNumber(l.get("slope"), where + " \"slope\"");
        }
        return new ActivationSpec(name, slope);
    }

    private static DropoutSpec dropout(Map<String, Object> l, String where) {
        if (l.size() != 1) {
            throw new IllegalArgumentException(where + " (dropout): only the key \"dropout\" (the rate) is allowed, got "
                    + Excerpt.of(l.keySet().toString()));
        }
        double rate = Json.asNumber(l.get("dropout"), where + " \"dropout\" (the rate)");
        if (!(rate >= 0 && rate < 1)) {
            throw new IllegalArgumentException(where + ": dropout rate must be in [0, 1), got " + rate);
        }
        return new DropoutSpec(rate);
    }

    /**
     * The configuration of a built model, with or without its current weights.
     *
     * @param model the model
     * @param withWeights whether to include the current weights
     * @return the configuration of a built model, with or without its current weights
     */
    public static NetworkSpec of(Sequential model, boolean withWeights) {
        List<LayerSpec> layers = new ArrayList<>();
        for (Layer layer : model.layers()) {
            if (layer instanceof Dense d) {
                layers.add(new DenseSpec(d.outFeatures(), d.hasBias(),
                        withWeights ? d.weight().value().toArray() : null,
                        withWeights && d.hasBias() ? d.bias().value().rowAsDoubles(0) : null));
            } else if (layer instanceof LeakyReLU leaky && layer.type().equals("leaky_relu")) {
                layers.add(new ActivationSpec("leaky_relu", leaky.slope()));
            } else if (layer instanceof Dropout dropout) {
                layers.add(new DropoutSpec(dropout.rate()));
            } else if (ACTIVATIONS.contains(layer.type())) {
                layers.add(new ActivationSpec(layer.type(), DEFAULT_SLOPE));
            } else {
                throw new IllegalArgumentException("layer type " + layer.type() + " cannot be written to a network file");
            }
        }
        return new NetworkSpec(model.inputs(), layers, model.loss() == null ? null : model.loss().name());
    }

    /**
     * Builds the model: given weights and biases are used as they are, missing ones are
     * initialized from {@code seed} (He before ReLU, Xavier otherwise).
     *
     * @param dtype the element type of the tensors
     * @param seed seed of the random source (the same seed gives the same result)
     * @return the sequential
     */
    public Sequential build(DType dtype, long seed) {
        return build(dtype, seed, null);
    }

    /**
     * Builds the model as {@link #build(DType, long)} does, initializing the dense layers without
     * weights with {@code initializer} (null: He before ReLU, Xavier otherwise).
     *
     * @param dtype       the element type of the weights
     * @param seed        seed of the initial weights and dropout masks
     * @param initializer the initializer of layers without weights, or null for the default
     * @return the model
     */
    public Sequential build(DType dtype, long seed, dev.chainrule.init.Initializer initializer) {
        if (dtype == DType.FLOAT32) {
            requireFloat32Range();
        }
        Sequential.Builder b = Sequential.builder(inputs).dtype(dtype).seed(seed);
        if (initializer != null) {
            b.initializer(initializer);
        }
        for (LayerSpec spec : layers) {
            if (spec instanceof DenseSpec d) {
                if (d.weights() != null) {
                    b.dense(d.weights(), d.bias() ? (d.biases() != null ? d.biases() : new double[d.units()]) : null);
                } else {
                    b.dense(d.units(), d.bias(), null);
                }
            } else if (spec instanceof DropoutSpec d) {
                b.dropout(d.rate());
            } else if (spec instanceof ActivationSpec a) {
                if (a.name().equals("leaky_relu")) {
                    b.leakyRelu(a.slope());
                } else {
                    b.activation(a.name());
                }
            }
        }
        if (loss != null) {
            b.loss(Loss.named(loss));
        }
        Sequential model = b.build();
        for (int i = 0; i < layers.size(); i++) {
            if (layers.get(i) instanceof DenseSpec d && d.weights() == null && d.biases() != null) {
                Dense layer = (Dense) model.layers().get(i);
                for (int c = 0; c < d.units(); c++) {
                    layer.bias().value().set(0, c, d.biases()[c]);
                }
            }
        }
        return model;
    }

    /** Refuses given weights and biases that a float32 cannot hold (they would become infinite). */
    private void requireFloat32Range() {
        for (int i = 0; i < layers.size(); i++) {
            if (!(layers.get(i) instanceof DenseSpec d)) {
                continue;
            }
            if (d.weights() != null) {
                for (int r = 0; r < d.weights().length; r++) {
                    for (int c = 0; c < d.weights()[r].length; c++) {
                        requireFloat32(d.weights()[r][c], "layer " + (i + 1) + " (dense): weight [" + (r + 1) + "][" + (c + 1) + "]");
                    }
                }
            }
            if (d.biases() != null) {
                for (int c = 0; c < d.biases().length; c++) {
                    requireFloat32(d.biases()[c], "layer " + (i + 1) + " (dense): bias " + (c + 1));
                }
            }
        }
    }

    private static void requireFloat32(double v, String where) {
        if (Math.abs(v) > Float.MAX_VALUE) {
            throw new IllegalArgumentException(where + " is " + v + ", outside the float32 range (largest 3.4028235e38);"
                    + " scale the weights down, or train in float64");
        }
    }

    /**
     * The JSON form (a map for {@link Json#write}), with weights and biases when the spec has them.
     *
     * @return the JSON form (a map for {@link Json#write}), with weights and biases when the spec has them
     */
    public Map<String, Object> toJson() {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("input", inputs);
        List<Object> list = new ArrayList<>();
        for (LayerSpec spec : layers) {
            Map<String, Object> l = new LinkedHashMap<>();
            if (spec instanceof DenseSpec d) {
                l.put("dense", d.units());
                l.put("bias", d.biases() != null ? d.biases() : (Object) d.bias());
                if (d.weights() != null) {
                    l.put("weights", d.weights());
                }
            } else if (spec instanceof DropoutSpec d) {
                l.put("dropout", d.rate());
            } else if (spec instanceof ActivationSpec a) {
                l.put("activation", a.name());
                if (a.name().equals("leaky_relu")) {
                    l.put("slope", a.slope());
                }
            }
            list.add(l);
        }
        root.put("layers", list);
        if (loss != null) {
            root.put("loss", loss);
        }
        return root;
    }

    /**
     * Text such as {@code 64-50-10} (input, then the units of every dense layer).
     *
     * @return text such as {@code 64-50-10} (input, then the units of every dense layer)
     */
    public String sizes() {
        StringBuilder sb = new StringBuilder().append(inputs);
        for (LayerSpec spec : layers) {
            if (spec instanceof DenseSpec d) {
                sb.append('-').append(d.units());
            }
        }
        return sb.toString();
    }
}
