package dev.chainrule.layer;

import dev.chainrule.tensor.Kernels;
import dev.chainrule.tensor.Pooling2d;
import dev.chainrule.tensor.Shape;
import dev.chainrule.tensor.ShapeException;
import dev.chainrule.tensor.Tensor;
import dev.chainrule.tensor.Window2d;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Global average pooling, Keras's {@code GlobalAveragePooling2D}: the mean of each channel,
 * {@code [batch, channels, height, width] -> [batch, channels]}.
 * <pre>
 *   y[b, c] = (1 / (H W)) sum_{i, j} x[b, c, i, j],   dx[b, c, i, j] = g[b, c] / (H W)
 * </pre>
 * In a network file: {@code {"globalavgpool2d": true}}.
 */
public final class GlobalAvgPool2D implements Layer {
    /** The registered type: the key {@code globalavgpool2d}. */
    public static final LayerType TYPE = new Type();
    /** The layer's only config: it has no settings. */
    public static final LayerConfig CONFIG = new Config();

    private final String name;
    private final Shape input;
    private final Pooling2d pool;
    private Tensor last;
    private final Buffers outputs = new Buffers();
    private final Buffers gradInputs = new Buffers();

    private record Config() implements LayerConfig {
        @Override
        public LayerType type() {
            return TYPE;
        }

        @Override
        public Map<String, Object> toJson() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("globalavgpool2d", true);
            return m;
        }

        @Override
        public Shape outputShape(Shape input) {
            if (!input.isImage()) {
                throw new ShapeException("globalavgpool2d takes examples of shape [channels, height, width], got " + input);
            }
            return Shape.vector(input.dim(0));
        }

        @Override
        public Layer build(Shape input, LayerContext context) {
            return new GlobalAvgPool2D(context.name(), input);
        }
    }

    /**
     * A global average pooling layer for examples of shape {@code input}.
     *
     * @param name  names the layer in messages
     * @param input one example's shape, {@code [channels, height, width]}
     */
    public GlobalAvgPool2D(String name, Shape input) {
        try {
            CONFIG.outputShape(input);
        } catch (ShapeException e) {
            throw new ShapeException(name + ": " + e.getMessage());
        }
        this.name = name;
        this.input = input;
        this.pool = new Pooling2d(input.dim(0), input.dim(1), input.dim(2),
                new Window2d(input.dim(1), input.dim(2), 1, 1, 0, 0, 0, 0, 1, 1));
    }

    @Override
    public String type() {
        return "globalavgpool2d";
    }

    @Override
    public LayerConfig config() {
        return CONFIG;
    }

    @Override
    public void useKernels(Kernels kernels) {
        pool.useKernels(kernels);
    }

    @Override
    public Shape outputShape(Shape in) {
        if (!in.equals(input)) {
            throw new ShapeException(name + " was built for examples of shape " + input + ", got " + in);
        }
        return Shape.vector(input.dim(0));
    }

    @Override
    public int outputSize(int inFeatures) {
        if (inFeatures != input.size()) {
            throw new ShapeException(name + ": expects examples of shape " + input + " (" + input.size()
                    + " values), got " + inFeatures + " values");
        }
        return input.dim(0);
    }

    @Override
    public Tensor forward(Tensor x, boolean training) {
        outputSize(x.cols());
        last = outputs.get(x.dtype(), x.rows(), input.dim(0));
        pool.average(x, last);
        return last;
    }

    @Override
    public void infer(Tensor x, Tensor out) {
        outputSize(x.cols());
        pool.average(x, out);
    }

    @Override
    public Tensor backward(Tensor g, boolean needInputGradient) {
        if (last == null) {
            throw new IllegalStateException(name + ": backward called before forward");
        }
        if (!needInputGradient) {
            return null;
        }
        Tensor dx = gradInputs.get(g.dtype(), g.rows(), input);
        pool.averageBackward(g, dx);
        return dx;
    }

    @Override
    public Tensor lastOutput() {
        return last;
    }

    @Override
    public String toString() {
        return "GlobalAvgPool2D(" + input + " -> [" + input.dim(0) + "])";
    }

    private static final class Type implements LayerType {
        @Override
        public String name() {
            return "globalavgpool2d";
        }

        @Override
        public Set<String> keys() {
            return Set.of("globalavgpool2d");
        }

        @Override
        public LayerConfig fromJson(Map<String, Object> json) {
            if (!Boolean.TRUE.equals(json.get("globalavgpool2d"))) {
                throw new IllegalArgumentException("\"globalavgpool2d\" takes no settings: write {\"globalavgpool2d\": true}");
            }
            return CONFIG;
        }

        @Override
        public List<LayerSample> samples() {
            return List.of(new LayerSample("globalavgpool2d", CONFIG, Shape.image(3, 4, 3)));
        }

        @Override
        public String usage() {
            return "{\"globalavgpool2d\": true}: the mean of each channel, [C, H, W] -> [C]";
        }
    }
}
