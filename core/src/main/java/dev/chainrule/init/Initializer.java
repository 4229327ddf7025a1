package dev.chainrule.init;

import dev.chainrule.tensor.Tensor;

import java.util.Random;

/**
 * Fills a weight matrix {@code [fanIn, fanOut]} with starting values drawn from one seeded
 * {@link Random}, so the same seed gives the same weights bit for bit.
 *
 * <p>Each factory states its distribution. {@code fanIn} is the number of inputs of the layer,
 * {@code fanOut} its number of units.
 */
@FunctionalInterface
public interface Initializer {

    /**
     * Writes every element of {@code weights}.
     *
     * @param weights the weight matrix {@code [fanIn, fanOut]}, written
     * @param fanIn the number of inputs of the layer
     * @param fanOut the number of units of the layer
     * @param random the seeded random source
     */
    void fill(Tensor weights, int fanIn, int fanOut, Random random);

    /**
     * Writes the layer's bias, drawn after its weights: zeros, except for {@link #pytorch()}.
     *
     * @param bias the bias, written
     * @param fanIn the number of inputs of the layer
     * @param random the seeded random source
     */
    default void fillBias(Tensor bias, int fanIn, Random random) {
        bias.fillZero();
    }

    /**
     * A short name for files and messages.
     *
     * @return a short name for files and messages
     */
    default String name() {
        return "custom";
    }

    /**
     * {@code N(0, scale^2)}: the seeds' {@code np.random.normal(scale=1/sqrt(n_features))} and {@code 0.1 * randn}.
     *
     * @param scale the standard deviation
     * @return {@code N(0, scale^2)}: the seeds' {@code np.random.normal(scale=1/sqrt(n_features))} and {@code 0.1 * randn}
     */
    static Initializer normal(double scale) {
        if (!(scale >= 0) || Double.isInfinite(scale)) {
            throw new IllegalArgumentException("normal initializer scale must be finite and >= 0, got " + scale);
        }
        return new Named("normal(" + scale + ")", (w, in, out, rnd) -> fillNormal(w, scale, rnd));
    }

    /**
     * LeCun normal {@code N(0, 1/fanIn)}: the seeds' {@code 1/sqrt(n_features)} when the layer reads the features.
     *
     * @return the initializer
     */
    static Initializer lecun() {
        return new Named("lecun", (w, in, out, rnd) -> fillNormal(w, 1.0 / Math.sqrt(in), rnd));
    }

    /**
     * Glorot/Xavier uniform {@code U(-a, a)}, {@code a = sqrt(6 / (fanIn + fanOut))}: for sigmoid and tanh.
     *
     * @return the initializer
     */
    static Initializer xavier() {
        return new Named("xavier", (w, in, out, rnd) -> {
            double a = Math.sqrt(6.0 / (in + out));
            for (int i = 0; i < w.size(); i++) {
                w.setFlat(i, (2 * rnd.nextDouble() - 1) * a);
            }
        });
    }

    /**
     * He/Kaiming normal {@code N(0, 2/fanIn)}: for ReLU.
     *
     * @return the initializer
     */
    static Initializer he() {
        return new Named("he", (w, in, out, rnd) -> fillNormal(w, Math.sqrt(2.0 / in), rnd));
    }

    /**
     * PyTorch's default for {@code Linear} and {@code Conv2d}: weights and biases uniform
     * {@code U(-1/sqrt(fanIn), 1/sqrt(fanIn))} (for the weights that is {@code kaiming_uniform_},
     * He uniform, with {@code a = sqrt(5)}: variance {@code 1 / (3 fanIn)}, a third of LeCun's). A
     * convolution's {@code fanIn} is {@code inChannels kH kW}.
     *
     * @return the initializer
     */
    static Initializer pytorch() {
        return new PyTorchDefault();
    }

    /**
     * All zeros (biases; a symmetric start that hidden layers cannot break).
     *
     * @return the initializer
     */
    static Initializer zeros() {
        return new Named("zeros", (w, in, out, rnd) -> w.fillZero());
    }

    /**
     * The initializer that suits an activation: He for ReLU-like, Xavier otherwise.
     *
     * @param activation the name of the activation after the layer
     * @return the initializer that suits an activation: He for ReLU-like, Xavier otherwise
     */
    static Initializer forActivation(String activation) {
        return activation != null && activation.contains("relu") ? he() : xavier();
    }

    /**
     * The initializer a command line or file names: {@code he}, {@code xavier}, {@code lecun},
     * {@code pytorch}, {@code zeros} or {@code normal:SCALE} (e.g. {@code normal:0.01}).
     *
     * @param name {@code he}, {@code xavier}, {@code lecun}, {@code pytorch}, {@code zeros} or {@code normal:SCALE}
     * @return the initializer
     * @throws IllegalArgumentException naming the accepted names when {@code name} is none of them
     */
    static Initializer named(String name) {
        String n = name == null ? "" : name.trim();
        if (n.startsWith("normal:")) {
            String scale = n.substring("normal:".length());
            try {
                return normal(Double.parseDouble(scale));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("initializer normal:SCALE needs a number for SCALE, got '" + scale + "'");
            }
        }
        switch (n) {
            case "he":
                return he();
            case "xavier":
                return xavier();
            case "lecun":
                return lecun();
            case "pytorch":
                return pytorch();
            case "zeros":
                return zeros();
            default:
                throw new IllegalArgumentException("unknown initializer '" + name
                        + "'; expected one of he, xavier, lecun, pytorch, zeros, normal:SCALE");
        }
    }

    private static void fillNormal(Tensor w, double scale, Random rnd) {
        for (int i = 0; i < w.size(); i++) {
            w.setFlat(i, scale * rnd.nextGaussian());
        }
    }

    /** PyTorch's default: weights and biases {@code U(-1/sqrt(fanIn), 1/sqrt(fanIn))}. */
    record PyTorchDefault() implements Initializer {
        @Override
        public void fill(Tensor weights, int fanIn, int fanOut, Random random) {
            uniform(weights, fanIn, random);
        }

        @Override
        public void fillBias(Tensor bias, int fanIn, Random random) {
            uniform(bias, fanIn, random);
        }

        @Override
        public String name() {
            return "pytorch";
        }

        private static void uniform(Tensor t, int fanIn, Random random) {
            double a = 1 / Math.sqrt(fanIn);
            for (int i = 0; i < t.size(); i++) {
                t.setFlat(i, (2 * random.nextDouble() - 1) * a);
            }
        }
    }

    /** An initializer with a name. */
    record Named(String name, Initializer rule) implements Initializer {
        @Override
        public void fill(Tensor weights, int fanIn, int fanOut, Random random) {
            rule.fill(weights, fanIn, fanOut, random);
        }
    }
}
