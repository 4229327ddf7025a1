package dev.chainrule.io;

import dev.chainrule.layer.Conv2D;
import dev.chainrule.layer.Dense;
import dev.chainrule.layer.DenseConfig;
import dev.chainrule.layer.Layer;
import dev.chainrule.layer.LayerConfig;
import dev.chainrule.layer.LayerRegistry;
import dev.chainrule.loss.Loss;
import dev.chainrule.model.Sequential;
import dev.chainrule.tensor.DType;
import dev.chainrule.tensor.Shape;

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
 *
 * {"input": [1, 28, 28],
 *  "layers": [{"conv2d": 16, "kernel": 3, "padding": 1}, {"activation": "relu"}, {"maxpool2d": 2},
 *             {"flatten": true}, {"dense": 10}],
 *  "loss": "softmax-ce"}
 * }</pre>
 *
 * <p>{@code input} is the number of input features, or the shape of one example
 * ({@code [channels, height, width]} for images). Each entry of {@code layers} is named by the key
 * of a registered layer type ({@link LayerRegistry}: {@code dense}, {@code activation},
 * {@code dropout}, {@code conv2d}, {@code maxpool2d}, {@code avgpool2d}, {@code globalavgpool2d},
 * {@code flatten}, {@code batchnorm}, and any a program registers), whose
 * {@link dev.chainrule.layer.LayerType} reads its settings. A dense layer's {@code bias} is
 * {@code true} (the default), {@code false}, or an array of initial biases; {@code weights} are
 * input-major ({@code [inputs][units]}); without them the layer is initialized from the seed.
 * Every shape is checked when the file is read, and a message names the layer (1-based, as
 * listed), the shapes and the fix. Model files keep their architecture in the same form, without
 * the weights.
 *
 * <p>An optional top-level {@code "init"} names the initializer of every layer whose weights the
 * file does not give ({@link dev.chainrule.init.Initializer#named}: {@code he}, {@code xavier},
 * {@code lecun}, {@code pytorch}, ...); without it, He before a ReLU and Xavier otherwise.
 *
 * @param input  the shape of one input example ({@code [features]} or {@code [channels, height, width]})
 * @param layers the layers in order
 * @param loss   a loss name for {@link Loss#named}, or null
 * @param init   an initializer name for {@link dev.chainrule.init.Initializer#named}, or null
 */
public record NetworkSpec(Shape input, List<LayerConfig> layers, String loss, String init) {

    /**
     * Checks nothing but copies the list (a spec is checked when read, and when built).
     *
     * @param input  one input example's shape
     * @param layers the layers in order
     * @param loss   the loss name, or null
     * @param init   the initializer name, or null
     */
    public NetworkSpec {
        layers = List.copyOf(layers);
    }

    /**
     * A network with the default initializers.
     *
     * @param input  one input example's shape
     * @param layers the layers in order
     * @param loss   the loss name, or null
     */
    public NetworkSpec(Shape input, List<LayerConfig> layers, String loss) {
        this(input, layers, loss, null);
    }

    /**
     * A network on feature rows.
     *
     * @param inputs the number of input features
     * @param layers the layers in order
     * @param loss   the loss name, or null
     */
    public NetworkSpec(int inputs, List<LayerConfig> layers, String loss) {
        this(Shape.vector(inputs), layers, loss);
    }

    /**
     * @return the number of values of one input example
     */
    public int inputs() {
        return input.size();
    }

    /**
     * Reads a network from parsed JSON (see {@link Json#parse}), checking every shape.
     *
     * @param json   the parsed file
     * @param source names the file in messages
     * @return the spec
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
            if (!Set.of("input", "layers", "loss", "init").contains(key)) {
                throw new IllegalArgumentException("unknown key " + Excerpt.quoted(key)
                        + "; a network has input, layers, loss and init");
            }
        }
        if (!root.containsKey("input")) {
            throw new IllegalArgumentException("\"input\" (the number of input features, or an example's shape such as"
                    + " [1, 28, 28]) is missing");
        }
        Shape input = input(root.get("input"));
        if (!root.containsKey("layers")) {
            throw new IllegalArgumentException("\"layers\" is missing");
        }
        List<Object> list = Json.asArray(root.get("layers"), "\"layers\"");
        if (list.isEmpty()) {
            throw new IllegalArgumentException("\"layers\" is empty; a network needs at least one layer");
        }
        List<LayerConfig> layers = new ArrayList<>();
        Shape shape = input;
        for (int i = 0; i < list.size(); i++) {
            String where = "layer " + (i + 1);
            Map<String, Object> l = Json.asObject(list.get(i), where);
            LayerConfig c;
            try {
                c = LayerRegistry.fromJson(l);
            } catch (Json.JsonException e) {
                throw e;
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + label(l, shape) + ": " + e.getMessage(), e);
            }
            shape = next(i, c, shape);
            layers.add(c);
        }
        String loss = null;
        if (root.containsKey("loss") && root.get("loss") != null) {
            loss = Json.asString(root.get("loss"), "\"loss\"");
            Loss.named(loss);
        }
        String init = null;
        if (root.get("init") != null) {
            init = Json.asString(root.get("init"), "\"init\"");
            dev.chainrule.init.Initializer.named(init);
        }
        NetworkSpec spec = new NetworkSpec(input, layers, loss, init);
        // every layer fits on its own; all of them, with their gradients, must fit together too
        Limits.checkHeap("the network (" + spec.sizes() + ")", Limits.multiply(spec.weightCount(), 2L * Float.BYTES));
        return spec;
    }

    /**
     * The number of weights, from the description alone (nothing is built): a lower bound of the
     * parameters, which also hold biases and, for some layers, statistics.
     *
     * @return {@code fan-in * outputs} summed over the layers that have weights
     */
    public long weightCount() {
        long n = 0;
        Shape shape = input;
        for (LayerConfig c : layers) {
            Shape next = c.outputShape(shape);
            int[] fans = c.fans(shape);
            if (fans != null) {
                n = Math.addExact(n, Limits.multiply(fans[0], next.isVector() ? next.size() : next.dim(0)));
            }
            shape = next;
        }
        return n;
    }

    /** How a message names an entry that did not read: {@code " (dense 3 -> 2)"}, {@code " (conv2d)"}, or nothing. */
    private static String label(Map<String, Object> l, Shape input) {
        if (l.get("dense") instanceof Number units && units.doubleValue() == Math.rint(units.doubleValue())) {
            return " (dense " + input.size() + " -> " + units.longValue() + ")";
        }
        for (var t : LayerRegistry.all()) {
            if (l.containsKey(t.name())) {
                return " (" + t.name() + ")";
            }
        }
        return "";
    }

    /** The output shape of layer {@code i} for {@code shape}, with the size limits checked, or a message naming it. */
    private static Shape next(int i, LayerConfig c, Shape shape) {
        String where = "layer " + (i + 1) + " (" + c.label(shape) + ")";
        Shape next;
        try {
            next = c.outputShape(shape);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
        }
        int[] fans = c.fans(shape);
        if (fans != null) {
            Limits.checkLayer(where, fans[0], next.isVector() ? next.size() : next.dim(0), Float.BYTES);
        }
        return next;
    }

    private static Shape input(Object value) {
        if (value instanceof List<?> dims) {
            if (dims.isEmpty()) {
                throw new IllegalArgumentException("\"input\" is an empty list; give the number of features or an example's"
                        + " shape such as [1, 28, 28]");
            }
            int[] d = new int[dims.size()];
            for (int i = 0; i < d.length; i++) {
                d[i] = Json.asInt(dims.get(i), "\"input\" dimension " + (i + 1));
                if (d[i] < 1) {
                    throw new IllegalArgumentException("\"input\" dimension " + (i + 1) + " must be at least 1, got " + d[i]);
                }
            }
            return Shape.of(d);
        }
        int inputs = Json.asInt(value, "\"input\"");
        if (inputs < 1) {
            throw new IllegalArgumentException("\"input\" must be at least 1, got " + inputs);
        }
        return Shape.vector(inputs);
    }

    /**
     * Every layer's output shape, checking that each takes the one before (and that no layer's
     * weights exceed the size limits).
     *
     * @return the shape of one example leaving each layer
     * @throws IllegalArgumentException naming the layer, the shapes and the fix
     */
    public List<Shape> shapes() {
        List<Shape> out = new ArrayList<>();
        Shape shape = input;
        for (int i = 0; i < layers.size(); i++) {
            shape = next(i, layers.get(i), shape);
            out.add(shape);
        }
        return out;
    }

    /**
     * The configuration of a built model, with or without its current weights (dense layers
     * only: other layers' weights stay in model files).
     *
     * @param model       the model
     * @param withWeights whether dense layers carry their current weights and biases
     * @return the spec
     */
    public static NetworkSpec of(Sequential model, boolean withWeights) {
        List<LayerConfig> layers = new ArrayList<>();
        for (Layer layer : model.layers()) {
            try {
                layers.add(withWeights && layer instanceof Dense d ? d.config(true) : layer.config());
            } catch (UnsupportedOperationException e) {
                throw new IllegalArgumentException("layer type " + layer.type() + " cannot be written to a network file:"
                        + " it is not registered");
            }
        }
        return new NetworkSpec(model.inputShape(), layers, model.loss() == null ? null : model.loss().name());
    }

    /**
     * Builds the model: given weights and biases are used as they are, missing ones are
     * initialized from {@code seed} (He before ReLU, Xavier otherwise).
     *
     * @param dtype the element type of the weights
     * @param seed  seed of the initial weights and dropout masks
     * @return the model
     */
    public Sequential build(DType dtype, long seed) {
        return build(dtype, seed, null);
    }

    /**
     * Builds the model as {@link #build(DType, long)} does, initializing the layers without
     * weights with {@code initializer} (null: the file's {@code init}, else He before ReLU, Xavier
     * otherwise).
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
        shapes();
        Sequential.Builder b = Sequential.builder(input).dtype(dtype).seed(seed);
        if (initializer != null) {
            b.initializer(initializer);
        } else if (init != null) {
            b.initializer(dev.chainrule.init.Initializer.named(init));
        }
        for (LayerConfig c : layers) {
            b.add(c);
        }
        if (loss != null) {
            b.loss(Loss.named(loss));
        }
        return b.build();
    }

    /** Refuses given weights and biases that a float32 cannot hold (they would become infinite). */
    private void requireFloat32Range() {
        for (int i = 0; i < layers.size(); i++) {
            if (!(layers.get(i) instanceof DenseConfig d)) {
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
     * @return the map
     */
    public Map<String, Object> toJson() {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("input", inputJson());
        List<Object> list = new ArrayList<>();
        for (LayerConfig c : layers) {
            list.add(c.toJson());
        }
        root.put("layers", list);
        if (loss != null) {
            root.put("loss", loss);
        }
        if (init != null) {
            root.put("init", init);
        }
        return root;
    }

    /**
     * {@code "input"} as a file writes it: the number of features, or the shape as a list.
     *
     * @return an Integer or a list of Integers
     */
    public Object inputJson() {
        if (input.isVector()) {
            return input.size();
        }
        List<Object> dims = new ArrayList<>();
        for (int d : input.toArray()) {
            dims.add(d);
        }
        return dims;
    }

    /**
     * Text such as {@code 64-50-10} (input, then the units of every dense layer), or
     * {@code 1x28x28-c16-c32-128-10} (an image input, {@code cN} for a convolution of N filters).
     *
     * @return the text
     */
    public String sizes() {
        StringBuilder sb = new StringBuilder();
        if (input.isVector()) {
            sb.append(input.size());
        } else {
            for (int i = 0; i < input.rank(); i++) {
                sb.append(i == 0 ? "" : "x").append(input.dim(i));
            }
        }
        for (LayerConfig c : layers) {
            if (c instanceof DenseConfig d) {
                sb.append('-').append(d.units());
            } else if (c instanceof Conv2D.Config conv) {
                sb.append("-c").append(conv.filters());
            }
        }
        return sb.toString();
    }
}
