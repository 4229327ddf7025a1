package dev.chainrule.tensor;

import java.util.Arrays;

/**
 * Max and average pooling of a batch of images, channel by channel, PyTorch's {@code MaxPool2d}
 * and {@code AvgPool2d} (floor mode).
 *
 * <p>Shapes: input {@code [batch, channels, inH, inW]}, output {@code [batch, channels, outH,
 * outW]} with {@code outH, outW} from the {@link Window2d} (only the two-dimensional views
 * {@code [batch, values]} are checked).
 * <pre>
 *   max:      y = max over the window's positions inside the image (padding is never chosen);
 *             the first largest wins a tie, a NaN wins over any number (PyTorch's rule);
 *             dx = dy added at the chosen position (argmax), 0 elsewhere
 *   average:  y = (sum over the window's positions inside the image) / (kH * kW)
 *             (padding counts as zeros, PyTorch's count_include_pad);
 *             dx = every window's dy / (kH * kW) added at each position it covers
 * </pre>
 * Direct loops (the work is a few comparisons or additions per input value; nothing to gain
 * from a matrix product). {@link #maxTraining} and {@link #maxBackward}, a layer's training
 * pass, split the examples over a {@link TaskPool} and keep the call's arguments in the instance
 * (one such call at a time per instance); {@link #max}, {@link #average} and
 * {@link #averageBackward} run on the calling thread and may be called from many threads at
 * once. Every example is computed alone, so the bits are the same for every thread count.
 */
public final class Pooling2d {
    private final int channels;
    private final int inH;
    private final int inW;
    private final int outH;
    private final int outW;
    private final Window2d win;
    private final int inSize;
    private final int outSize;
    private TaskPool pool;
    // the training call in flight, for the pool's tasks (one example each)
    private Tensor cx;
    private Tensor cy;
    private int[] cargmax;
    private final TaskPool.Job maxJob = (b, worker) -> maxExamples(cx, cy, cargmax, b, b + 1);
    private final TaskPool.Job maxBackwardJob = (b, worker) -> maxBackward(cy, cargmax, cx, b);

    /**
     * Splits the training passes over {@link Kernels#threads()} threads from now on (a model's
     * own kernels decide its threads; same bits for any count).
     *
     * @param kernels the model's kernels
     */
    public void useKernels(Kernels kernels) {
        int n = kernels.threads();
        if (n != pool.threads()) {
            pool = TaskPool.withThreads(n);
        }
    }

    /**
     * Threads the training passes are split over.
     *
     * @return the threads, at least 1
     */
    public int threads() {
        return pool.threads();
    }

    /**
     * Pooling of {@code channels} planes of {@code inH x inW} with {@code window}.
     *
     * @param channels the channels
     * @param inH input height
     * @param inW input width
     * @param window the window
     */
    public Pooling2d(int channels, int inH, int inW, Window2d window) {
        this(channels, inH, inW, window, TaskPool.shared());
    }

    /**
     * Pooling whose training passes ({@link #maxTraining}, {@link #maxBackward}) split the
     * examples over {@code pool}.
     *
     * @param channels the channels of an example
     * @param inH      input rows
     * @param inW      input columns
     * @param window   the window
     * @param pool     the threads the examples are split over
     */
    public Pooling2d(int channels, int inH, int inW, Window2d window, TaskPool pool) {
        this.pool = java.util.Objects.requireNonNull(pool, "pool");
        if (channels < 1 || inH < 1 || inW < 1) {
            throw new IllegalArgumentException("pooling needs positive sizes, got " + channels + " channels of " + inH
                    + "x" + inW);
        }
        if (!window.fits(inH, inW)) {
            throw new ShapeException("a " + window.kernelH() + "x" + window.kernelW() + " pooling window does not fit a "
                    + inH + "x" + inW + " input padded to " + (inH + window.padTop() + window.padBottom()) + "x"
                    + (inW + window.padLeft() + window.padRight()));
        }
        this.channels = channels;
        this.inH = inH;
        this.inW = inW;
        this.win = window;
        this.outH = window.outH(inH);
        this.outW = window.outW(inW);
        this.inSize = channels * inH * inW;
        this.outSize = channels * outH * outW;
    }

    /**
     * @return the output height
     */
    public int outHeight() {
        return outH;
    }

    /**
     * @return the output width
     */
    public int outWidth() {
        return outW;
    }

    /**
     * Max pooling: writes {@code y}, and, when {@code argmax} is not null (training), the index
     * within its example of the input each output value came from ({@code argmax.length >=
     * y.size()}).
     *
     * @param x the input, {@code [batch, channels, inH, inW]}
     * @param y written: the output, {@code [batch, channels, outH, outW]}
     * @param argmax the column of the largest value
     */
    public void max(Tensor x, Tensor y, int[] argmax) {
        checkMax(x, y, argmax);
        maxExamples(x, y, argmax, 0, x.rows());
    }

    private void checkMax(Tensor x, Tensor y, int[] argmax) {
        check(x, y, "output");
        if (argmax != null && argmax.length < y.size()) {
            throw new IllegalArgumentException("argmax holds " + argmax.length + " indices, the output has " + y.size());
        }
    }

    /** {@link #max} of examples {@code b0 .. b1 - 1}. */
    private void maxExamples(Tensor x, Tensor y, int[] argmax, int b0, int b1) {
        if (x.isFloat32()) {
            boolean pairs = win.kernelH() == 2 && win.kernelW() == 2 && win.strideH() == 2 && win.strideW() == 2
                    && win.dilationH() == 1 && win.dilationW() == 1 && win.padTop() == 0 && win.padLeft() == 0;
            for (int p = b0 * channels; p < b1 * channels; p++) {
                if (pairs) {
                    maxPairs(x.floats(), y.floats(), argmax, p);
                } else {
                    maxPlane(x.floats(), y.floats(), argmax, p);
                }
            }
        } else {
            for (int p = b0 * channels; p < b1 * channels; p++) {
                maxPlane(x.doubles(), y.doubles(), argmax, p);
            }
        }
    }

    /**
     * {@link #max} with the examples split over the task pool (given at construction, or the
     * kernels' threads after {@link #useKernels}): for a
     * layer's training pass (one call at a time per instance; the same bits as {@link #max},
     * every example being computed alone).
     *
     * @param x      the input, {@code [batch, channels, inH, inW]}
     * @param y      written: the output, {@code [batch, channels, outH, outW]}
     * @param argmax written: the position of each output's input
     */
    public void maxTraining(Tensor x, Tensor y, int[] argmax) {
        checkMax(x, y, argmax);
        cx = x;
        cy = y;
        cargmax = argmax;
        try {
            pool.run(x.rows(), maxJob);
        } finally {
            cx = cy = null;
            cargmax = null;
        }
    }

    /*
     * The value is a max over the window (Math.max: no branch, and a NaN wins), then its
     * position the first one holding it, found by selects from the last position back: the
     * comparisons of a scan that keeps the running max are branches that mispredict on every
     * other value of random data (several times slower on 2x2 windows).
     * A NaN (rare) takes PyTorch's scan, where the last NaN wins.
     */

    /** The 2x2, stride 2, unpadded window: CNN-S's pooling. */
    private void maxPairs(float[] in, float[] out, int[] argmax, int p) {
        int base = p * inH * inW;
        int exampleBase = p / channels * inSize;
        int o = p * outH * outW;
        for (int oh = 0; oh < outH; oh++) {
            int r0 = base + 2 * oh * inW;
            int r1 = r0 + inW;
            for (int ow = 0; ow < outW; ow++, o++) {
                int i0 = r0 + 2 * ow;
                int i2 = r1 + 2 * ow;
                float a0 = in[i0];
                float a1 = in[i0 + 1];
                float a2 = in[i2];
                float a3 = in[i2 + 1];
                float m = Math.max(Math.max(a0, a1), Math.max(a2, a3));
                out[o] = m;
                if (argmax != null) {
                    int best = i2 + 1;
                    best = a2 == m ? i2 : best;
                    best = a1 == m ? i0 + 1 : best;
                    best = a0 == m ? i0 : best;
                    if (m != m) {
                        best = a3 != a3 ? i2 + 1 : a2 != a2 ? i2 : a1 != a1 ? i0 + 1 : i0;
                    }
                    argmax[o] = best - exampleBase;
                }
            }
        }
    }

    private void maxPlane(float[] in, float[] out, int[] argmax, int p) {
        int base = p * inH * inW;
        int exampleBase = p / channels * inSize;
        int o = p * outH * outW;
        for (int oh = 0; oh < outH; oh++) {
            int ih0 = oh * win.strideH() - win.padTop();
            for (int ow = 0; ow < outW; ow++, o++) {
                int iw0 = ow * win.strideW() - win.padLeft();
                float m = Float.NEGATIVE_INFINITY;
                int last = -1;
                for (int ki = 0; ki < win.kernelH(); ki++) {
                    int ih = ih0 + ki * win.dilationH();
                    if (ih < 0 || ih >= inH) {
                        continue;
                    }
                    for (int kj = 0; kj < win.kernelW(); kj++) {
                        int iw = iw0 + kj * win.dilationW();
                        if (iw >= 0 && iw < inW) {
                            last = base + ih * inW + iw;
                            m = Math.max(m, in[last]);
                        }
                    }
                }
                out[o] = m;
                if (argmax == null) {
                    continue;
                }
                int best = last;
                for (int ki = win.kernelH() - 1; ki >= 0; ki--) {
                    int ih = ih0 + ki * win.dilationH();
                    if (ih < 0 || ih >= inH) {
                        continue;
                    }
                    for (int kj = win.kernelW() - 1; kj >= 0; kj--) {
                        int iw = iw0 + kj * win.dilationW();
                        if (iw >= 0 && iw < inW) {
                            int i = base + ih * inW + iw;
                            best = in[i] == m ? i : best;
                        }
                    }
                }
                if (m != m) {
                    best = lastNaN(in, base, ih0, iw0);
                }
                argmax[o] = best < 0 ? -1 : best - exampleBase;
            }
        }
    }

    /** The window's last NaN, in scan order. */
    private int lastNaN(float[] in, int base, int ih0, int iw0) {
        int best = -1;
        for (int ki = 0; ki < win.kernelH(); ki++) {
            int ih = ih0 + ki * win.dilationH();
            for (int kj = 0; kj < win.kernelW(); kj++) {
                int iw = iw0 + kj * win.dilationW();
                if (ih >= 0 && ih < inH && iw >= 0 && iw < inW && Float.isNaN(in[base + ih * inW + iw])) {
                    best = base + ih * inW + iw;
                }
            }
        }
        return best;
    }

    private void maxPlane(double[] in, double[] out, int[] argmax, int p) {
        int base = p * inH * inW;
        int exampleBase = p / channels * inSize;
        int o = p * outH * outW;
        for (int oh = 0; oh < outH; oh++) {
            int ih0 = oh * win.strideH() - win.padTop();
            for (int ow = 0; ow < outW; ow++, o++) {
                int iw0 = ow * win.strideW() - win.padLeft();
                double m = Double.NEGATIVE_INFINITY;
                int best = -1;
                for (int ki = 0; ki < win.kernelH(); ki++) {
                    int ih = ih0 + ki * win.dilationH();
                    if (ih < 0 || ih >= inH) {
                        continue;
                    }
                    for (int kj = 0; kj < win.kernelW(); kj++) {
                        int iw = iw0 + kj * win.dilationW();
                        if (iw >= 0 && iw < inW) {
                            int i = base + ih * inW + iw;
                            double v = in[i];
                            if (best < 0 || v > m || v != v) { // PyTorch's scan (float64: checks, not speed)
                                m = v;
                                best = i;
                            }
                        }
                    }
                }
                out[o] = m;
                if (argmax != null) {
                    argmax[o] = best < 0 ? -1 : best - exampleBase;
                }
            }
        }
    }

    /**
     * Max pooling backward: {@code dx} = each {@code dy} value added at its recorded argmax, 0 elsewhere.
     *
     * @param dy the gradient for the output
     * @param argmax the column of the largest value
     * @param dx the gradient for the input
     */
    public void maxBackward(Tensor dy, int[] argmax, Tensor dx) {
        check(dx, dy, "output gradient");
        cy = dy;
        cargmax = argmax;
        cx = dx;
        try {
            pool.run(dx.rows(), maxBackwardJob);
        } finally {
            cx = cy = null;
            cargmax = null;
        }
    }

    /** {@link #maxBackward} of example {@code b}. */
    private void maxBackward(Tensor dy, int[] argmax, Tensor dx, int b) {
        int xo = b * inSize;
        if (dx.isFloat32()) {
            float[] g = dy.floats();
            float[] out = dx.floats();
            Arrays.fill(out, xo, xo + inSize, 0f);
            for (int o = b * outSize, end = o + outSize; o < end; o++) {
                int i = argmax[o];
                if (i >= 0) {
                    out[xo + i] += g[o];
                }
            }
        } else {
            double[] g = dy.doubles();
            double[] out = dx.doubles();
            Arrays.fill(out, xo, xo + inSize, 0.0);
            for (int o = b * outSize, end = o + outSize; o < end; o++) {
                int i = argmax[o];
                if (i >= 0) {
                    out[xo + i] += g[o];
                }
            }
        }
    }

    /**
     * Average pooling: {@code y} = window sums over {@code kH * kW}.
     *
     * @param x the input, {@code [batch, channels, inH, inW]}
     * @param y written: the output, {@code [batch, channels, outH, outW]}
     */
    public void average(Tensor x, Tensor y) {
        check(x, y, "output");
        int planes = x.rows() * channels;
        int planeIn = inH * inW;
        int planeOut = outH * outW;
        int count = win.kernelH() * win.kernelW();
        if (x.isFloat32()) {
            float[] in = x.floats();
            float[] out = y.floats();
            float inv = 1f / count;
            for (int p = 0; p < planes; p++) {
                int base = p * planeIn;
                int o = p * planeOut;
                for (int oh = 0; oh < outH; oh++) {
                    for (int ow = 0; ow < outW; ow++, o++) {
                        float s = 0f;
                        for (int ki = 0; ki < win.kernelH(); ki++) {
                            int ih = oh * win.strideH() - win.padTop() + ki * win.dilationH();
                            if (ih < 0 || ih >= inH) {
                                continue;
                            }
                            for (int kj = 0; kj < win.kernelW(); kj++) {
                                int iw = ow * win.strideW() - win.padLeft() + kj * win.dilationW();
                                if (iw >= 0 && iw < inW) {
                                    s += in[base + ih * inW + iw];
                                }
                            }
                        }
                        out[o] = s * inv;
                    }
                }
            }
        } else {
            double[] in = x.doubles();
            double[] out = y.doubles();
            for (int p = 0; p < planes; p++) {
                int base = p * planeIn;
                int o = p * planeOut;
                for (int oh = 0; oh < outH; oh++) {
                    for (int ow = 0; ow < outW; ow++, o++) {
                        double s = 0;
                        for (int ki = 0; ki < win.kernelH(); ki++) {
                            int ih = oh * win.strideH() - win.padTop() + ki * win.dilationH();
                            if (ih < 0 || ih >= inH) {
                                continue;
                            }
                            for (int kj = 0; kj < win.kernelW(); kj++) {
                                int iw = ow * win.strideW() - win.padLeft() + kj * win.dilationW();
                                if (iw >= 0 && iw < inW) {
                                    s += in[base + ih * inW + iw];
                                }
                            }
                        }
                        out[o] = s / count;
                    }
                }
            }
        }
    }

    /**
     * Average pooling backward: each {@code dy} value over {@code kH * kW} added at every position its window covers.
     *
     * @param dy the gradient for the output
     * @param dx the gradient for the input
     */
    public void averageBackward(Tensor dy, Tensor dx) {
        check(dx, dy, "output gradient");
        int planes = dx.rows() * channels;
        int planeIn = inH * inW;
        int planeOut = outH * outW;
        int count = win.kernelH() * win.kernelW();
        if (dx.isFloat32()) {
            float[] g = dy.floats();
            float[] out = dx.floats();
            Arrays.fill(out, 0f);
            float inv = 1f / count;
            for (int p = 0; p < planes; p++) {
                int base = p * planeIn;
                int o = p * planeOut;
                for (int oh = 0; oh < outH; oh++) {
                    for (int ow = 0; ow < outW; ow++, o++) {
                        float v = g[o] * inv;
                        for (int ki = 0; ki < win.kernelH(); ki++) {
                            int ih = oh * win.strideH() - win.padTop() + ki * win.dilationH();
                            if (ih < 0 || ih >= inH) {
                                continue;
                            }
                            for (int kj = 0; kj < win.kernelW(); kj++) {
                                int iw = ow * win.strideW() - win.padLeft() + kj * win.dilationW();
                                if (iw >= 0 && iw < inW) {
                                    out[base + ih * inW + iw] += v;
                                }
                            }
                        }
                    }
                }
            }
        } else {
            double[] g = dy.doubles();
            double[] out = dx.doubles();
            Arrays.fill(out, 0.0);
            for (int p = 0; p < planes; p++) {
                int base = p * planeIn;
                int o = p * planeOut;
                for (int oh = 0; oh < outH; oh++) {
                    for (int ow = 0; ow < outW; ow++, o++) {
                        double v = g[o] / count;
                        for (int ki = 0; ki < win.kernelH(); ki++) {
                            int ih = oh * win.strideH() - win.padTop() + ki * win.dilationH();
                            if (ih < 0 || ih >= inH) {
                                continue;
                            }
                            for (int kj = 0; kj < win.kernelW(); kj++) {
                                int iw = ow * win.strideW() - win.padLeft() + kj * win.dilationW();
                                if (iw >= 0 && iw < inW) {
                                    out[base + ih * inW + iw] += v;
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    private void check(Tensor x, Tensor y, String yName) {
        if (x.cols() != inSize) {
            throw new ShapeException("pooling input: expected [batch, " + channels + ", " + inH + ", " + inW + "], got "
                    + x.shape());
        }
        if (y.rows() != x.rows() || y.cols() != outSize) {
            throw new ShapeException("pooling " + yName + ": expected [" + x.rows() + ", " + channels + ", " + outH + ", "
                    + outW + "], got " + y.shape());
        }
        Tensor.requireSameType("pooling", x, y);
    }
}
