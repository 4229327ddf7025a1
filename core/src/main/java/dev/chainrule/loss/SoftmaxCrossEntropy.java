package dev.chainrule.loss;

import dev.chainrule.layer.Layer;
import dev.chainrule.layer.Softmax;
import dev.chainrule.tensor.Tensor;

import java.util.List;

/**
 * Softmax fused with cross-entropy, on raw outputs (logits) {@code z}, as the seed's
 * {@code SoftmaxWithLoss}: {@code p = softmax(z)} per row,
 * {@code L = -(1/B) sum_b sum_j t_bj log p_bj}, computed stably as
 * {@code (1/B) sum_b sum_j t_bj (logsumexp(z_b) - z_bj)}; gradient {@code dL/dz = (p - t) / B}
 * for targets whose rows sum to one (one-hot or class probabilities).
 *
 * <p>Unlike the seed's {@code cross_entropy_error}, no {@code 1e-9} is added inside the log:
 * the log-sum-exp form never takes the log of zero.
 */
public final class SoftmaxCrossEntropy implements Loss {

    @Override
    public String name() {
        return "softmax-ce";
    }

    @Override
    public double value(Tensor z, Tensor target) {
        checkShapes(z, target);
        int rows = z.rows();
        int cols = z.cols();
        if (z.isFloat32() && target.isFloat32()) {
            return valueFloat(z.floats(), target.floats(), rows, cols);
        }
        double total = 0;
        for (int r = 0; r < rows; r++) {
            int o = r * cols;
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < cols; j++) {
                max = Math.max(max, z.getFlat(o + j));
            }
            double sum = 0;
            for (int j = 0; j < cols; j++) {
                sum += Math.exp(z.getFlat(o + j) - max);
            }
            double lse = max + Math.log(sum);
            for (int j = 0; j < cols; j++) {
                double t = target.getFlat(o + j);
                if (t != 0) {
                    total += t * (lse - z.getFlat(o + j));
                }
            }
        }
        return total / rows;
    }

    /**
     * The float32 path of {@link #value}: each {@code exp} in float ({@link Softmax#exp(float)},
     * as {@link Softmax#rows} takes it), the sums and the log in double.
     */
    private static double valueFloat(float[] z, float[] target, int rows, int cols) {
        double total = 0;
        for (int r = 0; r < rows; r++) {
            int o = r * cols;
            float max = Float.NEGATIVE_INFINITY;
            for (int j = 0; j < cols; j++) {
                max = Math.max(max, z[o + j]);
            }
            double sum = 0;
            for (int j = 0; j < cols; j++) {
                sum += Softmax.exp(z[o + j] - max);
            }
            double lse = max + Math.log(sum);
            for (int j = 0; j < cols; j++) {
                double t = target[o + j];
                if (t != 0) {
                    total += t * (lse - z[o + j]);
                }
            }
        }
        return total / rows;
    }

    @Override
    public void gradient(Tensor z, Tensor target, Tensor gradient) {
        checkShapes(z, target);
        Softmax.rows(z, gradient);
        fromProbabilities(gradient, target, gradient);
    }

    /** The softmax once: {@code p = softmax(z)}, then {@code dL/dz = (p - t) / B} from it. */
    @Override
    public double valueAndGradient(Tensor z, Tensor target, Tensor probabilities, Tensor gradient) {
        if (z.isFloat32() && target.isFloat32() && probabilities.isFloat32() && gradient.isFloat32()) {
            checkShapes(z, target);
            return fusedFloat(z.floats(), target.floats(), probabilities.floats(), gradient.floats(), z.rows(), z.cols());
        }
        double value = value(z, target);
        Softmax.rows(z, probabilities);
        fromProbabilities(probabilities, target, gradient);
        return value;
    }

    /**
     * The float32 training step in one pass over each row: every {@code exp} is taken once and
     * serves the log-sum-exp of the value and the softmax. The arithmetic is that of
     * {@link #value}, {@link Softmax#rows} and {@link #gradient} (float exp, double sums, the
     * same order), so the bits are theirs.
     */
    private static double fusedFloat(float[] z, float[] t, float[] p, float[] g, int rows, int cols) {
        double total = 0;
        double inv = 1.0 / rows;
        for (int r = 0; r < rows; r++) {
            int o = r * cols;
            float max = Float.NEGATIVE_INFINITY;
            for (int j = 0; j < cols; j++) {
                max = Math.max(max, z[o + j]);
            }
            double sum = 0;
            for (int j = 0; j < cols; j++) {
                float e = Softmax.exp(z[o + j] - max);
                p[o + j] = e;
                sum += e;
            }
            double lse = max + Math.log(sum);
            for (int j = 0; j < cols; j++) {
                double tj = t[o + j];
                if (tj != 0) {
                    total += tj * (lse - z[o + j]);
                }
                float pj = (float) (p[o + j] / sum);
                p[o + j] = pj;
                g[o + j] = (float) ((pj - t[o + j]) * inv);
            }
        }
        return total / rows;
    }

    /** Writes {@code gradient = (p - t) / B}; {@code gradient} may be {@code p} itself. */
    private static void fromProbabilities(Tensor p, Tensor target, Tensor gradient) {
        double inv = 1.0 / p.rows();
        if (gradient.isFloat32() && target.isFloat32() && p.isFloat32()) {
            float[] q = p.floats();
            float[] g = gradient.floats();
            float[] t = target.floats();
            for (int i = 0; i < g.length; i++) {
                g[i] = (float) ((q[i] - t[i]) * inv);
            }
            return;
        }
        for (int i = 0; i < p.size(); i++) {
            gradient.setFlat(i, (p.getFlat(i) - target.getFlat(i)) * inv);
        }
    }

    /** {@link Loss#checkShapes}, with the message built only on failure (no allocation per batch). */
    private void checkShapes(Tensor z, Tensor target) {
        if (z.rows() != target.rows() || z.cols() != target.cols()) {
            Loss.checkShapes(name(), z, target);
        }
    }

    @Override
    public void probabilities(Tensor raw, Tensor out) {
        Softmax.rows(raw, out);
    }

    @Override
    public void checkOutputLayer(List<Layer> layers, int outputs) {
        String last = Loss.lastType(layers);
        if (last.equals("softmax") || last.equals("sigmoid")) {
            throw new IllegalArgumentException("loss softmax-ce applies softmax itself to the raw outputs (logits) of the"
                    + " last dense layer, but the network ends with a " + last + " layer: remove it");
        }
        if (outputs < 2) {
            throw new IllegalArgumentException("loss softmax-ce needs at least 2 outputs (one per class), the network has "
                    + outputs + "; for two classes with one output use bce");
        }
    }
}
