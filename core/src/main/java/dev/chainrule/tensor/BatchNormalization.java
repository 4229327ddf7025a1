package dev.chainrule.tensor;

/**
 * Batch normalization over channels, PyTorch's {@code BatchNorm1d} and {@code BatchNorm2d}: a
 * batch {@code [batch, channels]} or {@code [batch, channels, height, width]} is normalized per
 * channel, over the {@code n = batch * height * width} values of that channel.
 * <pre>
 *   training:   mean = (1/n) sum x,   var = (1/n) sum (x - mean)^2   (the batch's statistics)
 *               running_mean = (1 - momentum) running_mean + momentum mean
 *               running_var  = (1 - momentum) running_var  + momentum var n / (n - 1)
 *   evaluation: mean = running_mean, var = running_var
 *   both:       xhat = (x - mean) / sqrt(var + eps),   y = gamma xhat + beta
 *   backward (training, g = dL/dy):
 *               dgamma = sum g xhat,   dbeta = sum g,
 *               dx = gamma / sqrt(var + eps) (g - dbeta / n - xhat dgamma / n)
 *   backward (evaluation): dx = gamma g / sqrt(running_var + eps)
 * </pre>
 * Sums of a float32 batch are taken in float64, channel by channel in storage order, so the
 * bits depend on the shapes only. {@code gamma}, {@code beta} and the running statistics are
 * {@code [1, channels]}.
 */
public final class BatchNormalization {
    private final int channels;
    private final int spatial;
    private final double eps;
    private final double momentum;
    /** Per channel, of the last training forward pass: the batch mean and {@code 1 / sqrt(var + eps)}. */
    private double[] mean = new double[0];
    private double[] invStd = new double[0];

    /**
     * @param channels features of {@code [batch, features]}, or channels of images
     * @param spatial  {@code height * width} (1 for feature rows)
     * @param eps      added to the variance, PyTorch's default 1e-5
     * @param momentum weight of the new batch in the running statistics, PyTorch's default 0.1
     */
    public BatchNormalization(int channels, int spatial, double eps, double momentum) {
        if (channels < 1 || spatial < 1) {
            throw new IllegalArgumentException("batch normalization needs positive sizes, got " + channels + " channels of "
                    + spatial + " values");
        }
        if (!(eps > 0) || !(momentum >= 0 && momentum <= 1)) {
            throw new IllegalArgumentException("batch normalization needs eps > 0 and momentum in [0, 1], got eps " + eps
                    + ", momentum " + momentum);
        }
        this.channels = channels;
        this.spatial = spatial;
        this.eps = eps;
        this.momentum = momentum;
    }

    /**
     * The training forward pass: normalizes with the batch's statistics, writes {@code y}, and
     * moves the running statistics toward them (a batch of one value per channel leaves the
     * running variance as it was: its unbiased variance is undefined).
     *
     * @param x           the input, {@code [batch, channels * spatial]} (any dimensions with that view)
     * @param gamma       the scale, one per channel
     * @param beta        the shift, one per channel
     * @param runningMean the running mean, one per channel (moved toward the batch's)
     * @param runningVar  the running variance, one per channel (moved toward the batch's)
     * @param y           written: the output, the input's shape
     */
    public void forwardTraining(Tensor x, Tensor gamma, Tensor beta, Tensor runningMean, Tensor runningVar, Tensor y) {
        check(x, y, gamma, beta, runningMean, runningVar);
        int batch = x.rows();
        int n = batch * spatial;
        if (mean.length != channels) {
            mean = new double[channels];
            invStd = new double[channels];
        }
        for (int c = 0; c < channels; c++) {
            double m = sum(SUM, x, null, c, batch, 0) / n;
            double var = sum(SQUARES, x, null, c, batch, m) / n;
            mean[c] = m;
            invStd[c] = 1 / Math.sqrt(var + eps);
            runningMean.setFlat(c, (1 - momentum) * runningMean.getFlat(c) + momentum * m);
            if (n > 1) {
                runningVar.setFlat(c, (1 - momentum) * runningVar.getFlat(c) + momentum * var * n / (n - 1));
            }
        }
        normalize(x, gamma, beta, mean, invStd, y);
    }

    private static final int SUM = 0;
    private static final int SQUARES = 1;
    private static final int PRODUCTS = 2;
    private static final int GRADIENTS = 3;

    /**
     * A sum over channel {@code c}'s values in storage order: {@code SUM} of x, {@code SQUARES}
     * of {@code (x - center)}, {@code PRODUCTS} {@code g (x - center)}, {@code GRADIENTS} of g.
     * Four running sums in float64 (positions modulo 4 within each run of a channel's values),
     * added as {@code (s0 + s1) + (s2 + s3)}: one fixed order, and four additions in flight.
     */
    private double sum(int what, Tensor x, Tensor g, int c, int batch, double center) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        for (int b = 0; b < batch; b++) {
            int i = (b * channels + c) * spatial;
            int end = i + spatial;
            if (x.isFloat32()) {
                float[] xs = x.floats();
                float[] gs = g == null ? null : g.floats();
                for (; i + 3 < end; i += 4) {
                    s0 += term(what, xs[i], gs == null ? 0 : gs[i], center);
                    s1 += term(what, xs[i + 1], gs == null ? 0 : gs[i + 1], center);
                    s2 += term(what, xs[i + 2], gs == null ? 0 : gs[i + 2], center);
                    s3 += term(what, xs[i + 3], gs == null ? 0 : gs[i + 3], center);
                }
                for (; i < end; i++) {
                    s0 += term(what, xs[i], gs == null ? 0 : gs[i], center);
                }
            } else {
                for (; i < end; i++) {
                    s0 += term(what, x.getFlat(i), g == null ? 0 : g.getFlat(i), center);
                }
            }
        }
        return (s0 + s1) + (s2 + s3);
    }

    private static double term(int what, double x, double g, double center) {
        switch (what) {
            case SUM:
                return x;
            case SQUARES:
                return (x - center) * (x - center);
            case PRODUCTS:
                return g * (x - center);
            default:
                return g;
        }
    }

    /**
     * The evaluation forward pass: normalizes with the running statistics (no state touched; thread-safe).
     *
     * @param x           the input, {@code [batch, channels * spatial]} (any dimensions with that view)
     * @param gamma       the scale, one per channel
     * @param beta        the shift, one per channel
     * @param runningMean the running mean, one per channel
     * @param runningVar  the running variance, one per channel
     * @param y           written: the output, the input's shape
     */
    public void forwardEvaluation(Tensor x, Tensor gamma, Tensor beta, Tensor runningMean, Tensor runningVar, Tensor y) {
        check(x, y, gamma, beta, runningMean, runningVar);
        double[] m = new double[channels];
        double[] s = new double[channels];
        for (int c = 0; c < channels; c++) {
            m[c] = runningMean.getFlat(c);
            s[c] = 1 / Math.sqrt(runningVar.getFlat(c) + eps);
        }
        normalize(x, gamma, beta, m, s, y);
    }

    private void normalize(Tensor x, Tensor gamma, Tensor beta, double[] m, double[] s, Tensor y) {
        int batch = x.rows();
        if (x.isFloat32()) {
            float[] in = x.floats();
            float[] out = y.floats();
            for (int c = 0; c < channels; c++) {
                // y = a x + b with a = gamma s, b = beta - a mean: one multiply-add per value
                double a = gamma.getFlat(c) * s[c];
                float af = (float) a;
                float bf = (float) (beta.getFlat(c) - a * m[c]);
                for (int bi = 0; bi < batch; bi++) {
                    int o = (bi * channels + c) * spatial;
                    for (int i = o; i < o + spatial; i++) {
                        out[i] = af * in[i] + bf;
                    }
                }
            }
        } else {
            double[] in = x.doubles();
            double[] out = y.doubles();
            for (int c = 0; c < channels; c++) {
                double g = gamma.getFlat(c);
                double bt = beta.getFlat(c);
                for (int bi = 0; bi < batch; bi++) {
                    int o = (bi * channels + c) * spatial;
                    for (int i = o; i < o + spatial; i++) {
                        out[i] = g * ((in[i] - m[c]) * s[c]) + bt;
                    }
                }
            }
        }
    }

    /**
     * Backward of the last {@link #forwardTraining} (its batch statistics): writes
     * {@code dgamma}, {@code dbeta} and, when {@code dx} is not null, {@code dx}.
     *
     * @param x      the forward pass's input
     * @param gamma  the scale, one per channel
     * @param dy     the gradient of the loss with respect to the output
     * @param dgamma written: the scale's gradient
     * @param dbeta  written: the shift's gradient
     * @param dx     written: the input's gradient, or null
     */
    public void backwardTraining(Tensor x, Tensor gamma, Tensor dy, Tensor dgamma, Tensor dbeta, Tensor dx) {
        if (mean.length != channels) {
            throw new IllegalStateException("batch normalization: backward called before a training forward pass");
        }
        check(x, dy, gamma, dgamma, dbeta, dbeta);
        int batch = x.rows();
        int n = batch * spatial;
        for (int c = 0; c < channels; c++) {
            double m = mean[c];
            double s = invStd[c];
            double sumG = sum(GRADIENTS, x, dy, c, batch, 0);
            double sumGx = sum(PRODUCTS, x, dy, c, batch, m) * s;
            dgamma.setFlat(c, sumGx);
            dbeta.setFlat(c, sumG);
            if (dx == null) {
                continue;
            }
            double k = gamma.getFlat(c) * s;
            double meanG = sumG / n;
            double meanGx = sumGx / n;
            if (x.isFloat32()) {
                // dx = k (g - meanG - (x - m) s meanGx) = k g - k s meanGx x + k (s meanGx m - meanG)
                float[] xs = x.floats();
                float[] gs = dy.floats();
                float[] out = dx.floats();
                float kf = (float) k;
                float ax = (float) (-k * s * meanGx);
                float c0 = (float) (k * (s * meanGx * m - meanG));
                for (int b = 0; b < batch; b++) {
                    int o = (b * channels + c) * spatial;
                    for (int i = o; i < o + spatial; i++) {
                        out[i] = kf * gs[i] + ax * xs[i] + c0;
                    }
                }
                continue;
            }
            for (int b = 0; b < batch; b++) {
                int o = (b * channels + c) * spatial;
                for (int i = o; i < o + spatial; i++) {
                    double xhat = (x.getFlat(i) - m) * s;
                    dx.setFlat(i, k * (dy.getFlat(i) - meanG - xhat * meanGx));
                }
            }
        }
    }

    /**
     * Backward of an evaluation pass (running statistics, constants): {@code dx = gamma g / sqrt(running_var + eps)}.
     *
     * @param x           the forward pass's input
     * @param gamma       the scale, one per channel
     * @param runningMean the running mean, one per channel
     * @param runningVar  the running variance, one per channel
     * @param dy          the gradient of the loss with respect to the output
     * @param dgamma      written: the scale's gradient
     * @param dbeta       written: the shift's gradient
     * @param dx          written: the input's gradient, or null
     */
    public void backwardEvaluation(Tensor x, Tensor gamma, Tensor runningMean, Tensor runningVar, Tensor dy,
                                   Tensor dgamma, Tensor dbeta, Tensor dx) {
        check(x, dy, gamma, dgamma, dbeta, runningVar);
        int batch = x.rows();
        for (int c = 0; c < channels; c++) {
            double m = runningMean.getFlat(c);
            double s = 1 / Math.sqrt(runningVar.getFlat(c) + eps);
            double sumG = 0;
            double sumGx = 0;
            double k = gamma.getFlat(c) * s;
            for (int b = 0; b < batch; b++) {
                int o = (b * channels + c) * spatial;
                for (int i = o; i < o + spatial; i++) {
                    double g = dy.getFlat(i);
                    sumG += g;
                    sumGx += g * (x.getFlat(i) - m) * s;
                    if (dx != null) {
                        dx.setFlat(i, k * g);
                    }
                }
            }
            dgamma.setFlat(c, sumGx);
            dbeta.setFlat(c, sumG);
        }
    }

    private void check(Tensor x, Tensor y, Tensor... perChannel) {
        if (x.cols() != channels * spatial) {
            throw new ShapeException("batch normalization: expected " + channels + " channels of " + spatial
                    + " values per example, got " + x.shape());
        }
        if (y.rows() != x.rows() || y.cols() != x.cols()) {
            Tensor.requireSameShape("batch normalization", x, y);
        }
        for (Tensor t : perChannel) {
            if (t.size() != channels) {
                throw new ShapeException("batch normalization: per-channel tensor " + t.shape() + " for " + channels
                        + " channels");
            }
        }
    }
}
