package dev.chainrule.layer;

import dev.chainrule.tensor.BatchNormalization;
import dev.chainrule.tensor.DType;
import dev.chainrule.tensor.Kernels;
import dev.chainrule.tensor.Shape;
import dev.chainrule.tensor.ShapeException;
import dev.chainrule.tensor.Tensor;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Batch normalization, PyTorch's {@code BatchNorm1d} / {@code BatchNorm2d}: over the features of
 * {@code [batch, features]} input, over the channels of {@code [batch, channels, height, width]}
 * input (each channel normalized over the batch and every position), with a learned scale
 * {@code gamma} (starting at 1) and shift {@code beta} (starting at 0), both {@code [1,
 * channels]}.
 *
 * <p>In training ({@code forward(x, true)}) the batch's own mean and variance normalize it and
 * move the running statistics: {@code running = (1 - momentum) running + momentum batch} (the
 * running variance takes the unbiased batch variance, as PyTorch); in evaluation
 * ({@code forward(x, false)}, {@link #infer}) the running statistics do. The formulas, forward
 * and backward, are in {@link BatchNormalization}. The running mean and variance are not
 * trained but are part of the model: {@link #buffers()}, saved in model files.
 *
 * <p>In a network file: {@code {"batchnorm": {}}}, or {@code {"batchnorm": {"momentum": 0.1,
 * "eps": 1e-5}}} (PyTorch's defaults).
 */
public final class BatchNorm implements Layer {
    /** The registered type: the key {@code batchnorm}. */
    public static final LayerType TYPE = new Type();

    private final String name;
    private final Shape input;
    private final Config config;
    private final Parameter gamma;
    private final Parameter beta;
    private final Tensor runningMean;
    private final Tensor runningVar;
    private final BatchNormalization norm;
    private Kernels kernels = Kernels.active();
    private Tensor x;
    private Tensor y;
    private boolean lastWasTraining;
    private final Buffers outputs = new Buffers();
    private final Buffers gradInputs = new Buffers();

    /**
     * The settings of a batch normalization layer.
     *
     * @param momentum weight of each new batch in the running statistics, in {@code [0, 1]}
     * @param eps      added to the variance, {@code > 0}
     */
    public record Config(double momentum, double eps) implements LayerConfig {
        /** PyTorch's defaults: momentum 0.1, eps 1e-5. */
        public static final Config DEFAULT = new Config(0.1, 1e-5);

        /**
         * Checks the settings.
         *
         * @param momentum in {@code [0, 1]}
         * @param eps      {@code > 0}
         */
        public Config {
            if (!(momentum >= 0 && momentum <= 1) || !(eps > 0) || Double.isInfinite(eps)) {
                throw new IllegalArgumentException("batch normalization needs momentum in [0, 1] and eps > 0, got momentum "
                        + momentum + ", eps " + eps);
            }
        }

        @Override
        public LayerType type() {
            return TYPE;
        }

        @Override
        public Map<String, Object> toJson() {
            Map<String, Object> settings = new LinkedHashMap<>();
            if (momentum != DEFAULT.momentum) {
                settings.put("momentum", momentum);
            }
            if (eps != DEFAULT.eps) {
                settings.put("eps", eps);
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("batchnorm", settings);
            return m;
        }

        @Override
        public Shape outputShape(Shape input) {
            return input;
        }

        @Override
        public Layer build(Shape input, LayerContext context) {
            return new BatchNorm(context.name(), input, this, context.dtype());
        }
    }

    /**
     * A batch normalization layer for examples of shape {@code input}: {@code [features]} or
     * {@code [channels, ...]} (normalized per channel, over the batch and every other dimension).
     *
     * @param name   names the parameters ({@code batchnorm_1.gamma}) and the running statistics
     * @param input  one example's shape
     * @param config momentum and eps
     * @param dtype  the element type
     */
    public BatchNorm(String name, Shape input, Config config, DType dtype) {
        this.name = name;
        this.input = input;
        this.config = config;
        int channels = input.dim(0);
        this.gamma = new Parameter(name + ".gamma", Tensor.zeros(dtype, 1, channels));
        this.beta = new Parameter(name + ".beta", Tensor.zeros(dtype, 1, channels));
        this.runningMean = Tensor.zeros(dtype, 1, channels);
        this.runningVar = Tensor.zeros(dtype, 1, channels);
        for (int c = 0; c < channels; c++) {
            gamma.value().setFlat(c, 1);
            runningVar.setFlat(c, 1);
        }
        this.norm = new BatchNormalization(channels, input.size() / channels, config.eps(), config.momentum());
    }

    @Override
    public String type() {
        return "batchnorm";
    }

    @Override
    public Config config() {
        return config;
    }

    @Override
    public Shape outputShape(Shape in) {
        if (!in.equals(input)) {
            throw new ShapeException(name + " was built for examples of shape " + input + ", got " + in);
        }
        return input;
    }

    @Override
    public int outputSize(int inFeatures) {
        if (inFeatures != input.size()) {
            throw new ShapeException(name + ": expects examples of shape " + input + " (" + input.size()
                    + " values), got " + inFeatures + " values");
        }
        return inFeatures;
    }

    @Override
    public void useKernels(Kernels newKernels) {
        this.kernels = java.util.Objects.requireNonNull(newKernels, "kernels");
        gamma.useKernels(newKernels);
        beta.useKernels(newKernels);
    }

    /**
     * @return the scale {@code gamma}, {@code [1, channels]}
     */
    public Parameter gamma() {
        return gamma;
    }

    /**
     * @return the shift {@code beta}, {@code [1, channels]}
     */
    public Parameter beta() {
        return beta;
    }

    /**
     * The running mean and variance ({@code <name>.running_mean}, {@code <name>.running_var},
     * {@code [1, channels]}): live tensors, written by training passes and by model files.
     *
     * @return the two tensors by name
     */
    @Override
    public Map<String, Tensor> buffers() {
        Map<String, Tensor> m = new LinkedHashMap<>();
        m.put(name + ".running_mean", runningMean);
        m.put(name + ".running_var", runningVar);
        return m;
    }

    @Override
    public Tensor forward(Tensor in, boolean training) {
        outputSize(in.cols());
        y = outputs.get(in.dtype(), in.rows(), input);
        if (training) {
            norm.forwardTraining(in, gamma.value(), beta.value(), runningMean, runningVar, y);
        } else {
            norm.forwardEvaluation(in, gamma.value(), beta.value(), runningMean, runningVar, y);
        }
        lastWasTraining = training;
        x = in;
        return y;
    }

    @Override
    public void infer(Tensor in, Tensor out) {
        outputSize(in.cols());
        norm.forwardEvaluation(in, gamma.value(), beta.value(), runningMean, runningVar, out);
    }

    @Override
    public Tensor backward(Tensor g, boolean needInputGradient) {
        if (x == null) {
            throw new IllegalStateException(name + ": backward called before forward");
        }
        Tensor dx = needInputGradient ? gradInputs.get(g.dtype(), g.rows(), input) : null;
        if (lastWasTraining) {
            norm.backwardTraining(x, gamma.value(), g, gamma.gradient(), beta.gradient(), dx);
        } else {
            norm.backwardEvaluation(x, gamma.value(), runningMean, runningVar, g, gamma.gradient(), beta.gradient(), dx);
        }
        return dx;
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(gamma, beta);
    }

    @Override
    public Tensor lastOutput() {
        return y;
    }

    @Override
    public String toString() {
        return "BatchNorm(" + input + ", momentum " + config.momentum() + ", eps " + config.eps() + ")";
    }

    private static final class Type implements LayerType {
        @Override
        public String name() {
            return "batchnorm";
        }

        @Override
        public Set<String> keys() {
            return Set.of("batchnorm");
        }

        @Override
        public LayerConfig fromJson(Map<String, Object> json) {
            Object v = json.get("batchnorm");
            if (Boolean.TRUE.equals(v)) {
                return Config.DEFAULT;
            }
            if (!(v instanceof Map<?, ?> raw)) {
                throw new IllegalArgumentException("\"batchnorm\" takes an object of settings, e.g. {\"batchnorm\": {}} or"
                        + " {\"batchnorm\": {\"momentum\": 0.1, \"eps\": 1e-5}}, got " + Settings.describe(v));
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> settings = (Map<String, Object>) raw;
            for (String key : settings.keySet()) {
                if (!key.equals("momentum") && !key.equals("eps")) {
                    throw new IllegalArgumentException("unknown batchnorm setting \"" + key + "\"; it has momentum and eps");
                }
            }
            return new Config(Settings.number(settings, "momentum", Config.DEFAULT.momentum()),
                    Settings.number(settings, "eps", Config.DEFAULT.eps()));
        }

        @Override
        public List<LayerSample> samples() {
            return List.of(new LayerSample("batchnorm over features (training)", Config.DEFAULT, Shape.vector(4)),
                    new LayerSample("batchnorm over channels (training)", Config.DEFAULT, Shape.image(2, 3, 3)));
        }

        @Override
        public String usage() {
            return "{\"batchnorm\": {\"momentum\": 0.1, \"eps\": 1e-5}}: normalizes each feature or channel over the batch"
                    + " (running statistics when predicting)";
        }
    }
}
