package dev.chainrule.tensor;

/**
 * The sums and gradients of the losses; part of {@link Kernels}. Each sum runs over every
 * element in row-major order, in double, and is returned undivided: the loss divides it by its
 * mean's count. Each gradient is written {@code scale} times the per-element derivative, where
 * the loss passes {@code scale = 1 / count} (or {@code 2 / count}). Plain loops here; a backend
 * overrides what it runs faster, with the same bits. Operands share one shape; gradients may be
 * written into an operand where a method says so.
 */
public interface LossKernels extends ActivationKernels {

    /**
     * Softmax cross-entropy summed over the rows: {@code sum_b sum_j t_bj (logsumexp(z_b) - z_bj)}
     * (terms with {@code t = 0} skipped). Float32: each {@code exp} in float
     * ({@link ScalarMath#exp}, as {@link ActivationKernels#softmaxRows} takes it), the sums and
     * the log in double.
     *
     * @param z      the logits, {@code [rows, classes]}
     * @param target class probabilities (one-hot rows)
     * @return the sum over the rows
     */
    default double softmaxCrossEntropySum(Tensor z, Tensor target) {
        int rows = z.rows();
        int cols = z.cols();
        double total = 0;
        if (z.isFloat32() && target.isFloat32()) {
            float[] x = z.floats();
            float[] t = target.floats();
            for (int r = 0; r < rows; r++) {
                int o = r * cols;
                float max = Float.NEGATIVE_INFINITY;
                for (int j = 0; j < cols; j++) {
                    max = Math.max(max, x[o + j]);
                }
                double sum = 0;
                for (int j = 0; j < cols; j++) {
                    sum += ScalarMath.exp(x[o + j] - max);
                }
                double lse = max + Math.log(sum);
                for (int j = 0; j < cols; j++) {
                    double tj = t[o + j];
                    if (tj != 0) {
                        total += tj * (lse - x[o + j]);
                    }
                }
            }
            return total;
        }
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
        return total;
    }

    /**
     * {@code gradient = (p - t) * scale} from softmax probabilities {@code p} (float32: the
     * difference in float, the product in double).
     *
     * @param p        softmax probabilities
     * @param target   class probabilities
     * @param scale    the factor, {@code 1 / rows} for a mean over the rows
     * @param gradient written; may be {@code p}
     */
    default void softmaxCrossEntropyGradient(Tensor p, Tensor target, double scale, Tensor gradient) {
        if (gradient.isFloat32() && target.isFloat32() && p.isFloat32()) {
            float[] q = p.floats();
            float[] g = gradient.floats();
            float[] t = target.floats();
            for (int i = 0; i < g.length; i++) {
                g[i] = (float) ((q[i] - t[i]) * scale);
            }
            return;
        }
        for (int i = 0; i < p.size(); i++) {
            gradient.setFlat(i, (p.getFlat(i) - target.getFlat(i)) * scale);
        }
    }

    /**
     * A softmax cross-entropy training step: returns {@link #softmaxCrossEntropySum}, writes
     * {@code probabilities = softmax(z)} and {@code gradient = (p - t) * gradientScale}, with the
     * bits of those three calls. Float32 does it in one pass over each row (every {@code exp}
     * taken once serves the log-sum-exp and the softmax).
     *
     * @param z             the logits
     * @param target        class probabilities
     * @param probabilities written: {@code softmax(z)}
     * @param gradient      written: {@code (p - t) * gradientScale}
     * @param gradientScale the gradient's factor, {@code 1 / rows} for a mean over the rows
     * @return the loss summed over the rows
     */
    default double softmaxCrossEntropyStep(Tensor z, Tensor target, Tensor probabilities, Tensor gradient,
                                           double gradientScale) {
        if (!(z.isFloat32() && target.isFloat32() && probabilities.isFloat32() && gradient.isFloat32())) {
            double total = softmaxCrossEntropySum(z, target);
            softmaxRows(z, probabilities);
            softmaxCrossEntropyGradient(probabilities, target, gradientScale, gradient);
            return total;
        }
        float[] x = z.floats();
        float[] t = target.floats();
        float[] p = probabilities.floats();
        float[] g = gradient.floats();
        int rows = z.rows();
        int cols = z.cols();
        double total = 0;
        for (int r = 0; r < rows; r++) {
            int o = r * cols;
            float max = Float.NEGATIVE_INFINITY;
            for (int j = 0; j < cols; j++) {
                max = Math.max(max, x[o + j]);
            }
            double sum = 0;
            for (int j = 0; j < cols; j++) {
                float e = ScalarMath.exp(x[o + j] - max);
                p[o + j] = e;
                sum += e;
            }
            double lse = max + Math.log(sum);
            for (int j = 0; j < cols; j++) {
                double tj = t[o + j];
                if (tj != 0) {
                    total += tj * (lse - x[o + j]);
                }
                float pj = (float) (p[o + j] / sum);
                p[o + j] = pj;
                g[o + j] = (float) ((pj - t[o + j]) * gradientScale);
            }
        }
        return total;
    }

    /**
     * {@code sum (prediction - target)^2} over every element, in double.
     *
     * @param prediction the predictions
     * @param target     the targets
     * @return the sum
     */
    default double squaredErrorSum(Tensor prediction, Tensor target) {
        double sum = 0;
        for (int i = 0; i < prediction.size(); i++) {
            double e = prediction.getFlat(i) - target.getFlat(i);
            sum += e * e;
        }
        return sum;
    }

    /**
     * {@code out = (prediction - target) * scale}, in double, rounded to {@code out}'s dtype.
     *
     * @param prediction the predictions
     * @param target     the targets
     * @param scale      the factor
     * @param out        written; may be an operand
     */
    default void scaledDifference(Tensor prediction, Tensor target, double scale, Tensor out) {
        for (int i = 0; i < prediction.size(); i++) {
            out.setFlat(i, (prediction.getFlat(i) - target.getFlat(i)) * scale);
        }
    }

    /**
     * Binary cross-entropy from logits summed over every element:
     * {@code sum [max(z, 0) - z t + log(1 + exp(-|z|))]} (no overflow for any {@code z}).
     *
     * @param z      the logits
     * @param target targets in {@code [0, 1]}
     * @return the sum
     */
    default double logisticLossSum(Tensor z, Tensor target) {
        double sum = 0;
        for (int i = 0; i < z.size(); i++) {
            double x = z.getFlat(i);
            sum += Math.max(x, 0) - x * target.getFlat(i) + Math.log1p(Math.exp(-Math.abs(x)));
        }
        return sum;
    }

    /**
     * {@code out = (sigmoid(z) - t) * scale} ({@link ScalarMath#sigmoid}).
     *
     * @param z      the logits
     * @param target targets in {@code [0, 1]}
     * @param scale  the factor
     * @param out    written; may be an operand
     */
    default void logisticLossGradient(Tensor z, Tensor target, double scale, Tensor out) {
        for (int i = 0; i < z.size(); i++) {
            out.setFlat(i, (ScalarMath.sigmoid(z.getFlat(i)) - target.getFlat(i)) * scale);
        }
    }

    /**
     * Binary cross-entropy of probabilities summed over every element:
     * {@code -sum [t log q + (1 - t) log(1 - q)]} with {@code q = p} clamped to {@code [eps, 1 - eps]}.
     *
     * @param p      probabilities
     * @param target targets in {@code [0, 1]}
     * @param eps    the clamp
     * @return the sum
     */
    default double binaryCrossEntropySum(Tensor p, Tensor target, double eps) {
        double sum = 0;
        for (int i = 0; i < p.size(); i++) {
            double q = Math.min(Math.max(p.getFlat(i), eps), 1 - eps);
            double t = target.getFlat(i);
            sum -= t * Math.log(q) + (1 - t) * Math.log(1 - q);
        }
        return sum;
    }

    /**
     * {@code out = (q - t) / (q (1 - q)) * scale}, {@code q} clamped as in {@link #binaryCrossEntropySum}.
     *
     * @param p      probabilities
     * @param target targets in {@code [0, 1]}
     * @param eps    the clamp
     * @param scale  the factor
     * @param out    written; may be an operand
     */
    default void binaryCrossEntropyGradient(Tensor p, Tensor target, double eps, double scale, Tensor out) {
        for (int i = 0; i < p.size(); i++) {
            double q = Math.min(Math.max(p.getFlat(i), eps), 1 - eps);
            out.setFlat(i, (q - target.getFlat(i)) / (q * (1 - q)) * scale);
        }
    }
}
