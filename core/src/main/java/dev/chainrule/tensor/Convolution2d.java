package dev.chainrule.tensor;

import java.util.Arrays;

/**
 * A 2-D convolution of a batch of images, lowered onto the matrix products of
 * {@link Kernels#active()} (im2col). It is PyTorch's {@code Conv2d}: a cross-correlation, with
 * weights {@code [outChannels, inChannels, kH, kW]}.
 *
 * <p>Shapes: input {@code x} {@code [batch, inChannels, inH, inW]}, weight {@code w}
 * {@code [outChannels, inChannels * kH * kW]} as a matrix (a {@code [outChannels, inChannels, kH,
 * kW]} tensor has that view), bias {@code [1, outChannels]} or none, output {@code y}
 * {@code [batch, outChannels, outH, outW]} (only the two-dimensional views {@code [batch,
 * values]} are checked, so flat rows work too). With {@code c} the example's column matrix
 * {@code [inChannels * kH * kW, outH * outW]} (column {@code p} holds the inputs the window at
 * output position {@code p} reads, zeros in the padding):
 * <pre>
 *   forward:   y_b = w c_b + bias            ([outChannels, outH * outW])
 *   backward:  dw = sum_b dy_b c_b^T,   dbias = sum over b and positions of dy_b,
 *              dx_b = col2im(w^T dy_b)       (each column's values added back where they came from)
 * </pre>
 *
 * <p>A deep float32 product with few output channels runs transposed, {@code y_b^T = c_b^T w^T}
 * (see {@link #TRANSPOSED_FORWARD}).
 *
 * <p>Examples go through the products {@link #group()} at a time (their columns side by side,
 * so that one product is wide enough to run the packed kernels near their speed), and the
 * weight and bias gradients of each group are summed in group order after all groups are done.
 * So every output bit depends on the shapes only (the batch size included), never on how many
 * threads computed it. Scratch buffers are kept per group size: the steady state of training
 * allocates nothing.
 *
 * <p>Groups run as tasks of a {@link TaskPool}, each on its own scratch space. Not thread-safe
 * otherwise: one instance per layer's training path; other threads use other instances.
 */
public final class Convolution2d {
    /**
     * Output positions one product aims at ({@code -Dchainrule.conv.columns=N}): examples are
     * grouped so that a group has about this many columns. It sets the summation order of the
     * weight gradient (not of the output), so changing it changes the gradient's last bits.
     */
    static final int COLUMNS = Integer.getInteger("chainrule.conv.columns", 1024);
    /**
     * Whether a float32 forward product whose depth {@code inChannels * kH * kW} is over 128 and
     * whose output channels are a multiple of 8 runs as {@code col^T w^T}, transposed into the
     * output ({@code -Dchainrule.conv.transposedForward=false} turns it off). The product {@code w
     * col} has {@code outChannels} rows, which fill the kernels' 6-row tiles badly (32 = five
     * tiles and a 2-row fringe), and its depth is cut into slices of 128 (144 = 128 + 16);
     * transposed, the positions are the long side, the channels whole 8- or 16-wide vector tiles,
     * and the depth one slice up to 256, which outweighs the transposing copy (CNN-S's second
     * convolution). A shallow one (CNN-S's first, depth 9) is faster as it is. The output's last
     * bits are those of the one slice.
     */
    static final boolean TRANSPOSED_FORWARD = Boolean.parseBoolean(
            System.getProperty("chainrule.conv.transposedForward", "true"));
    /** Up to this many weights, the weight gradient is a set of dot products ({@link Kernels#rowDots}). */
    static final int SMALL_WEIGHT = 1024;

    private final int inC;
    private final int inH;
    private final int inW;
    private final int outC;
    private final int outH;
    private final int outW;
    private final Window2d win;
    private final int k;
    private final int hw;
    private final int inSize;
    private final int outSize;
    private final int group;
    /** Per kernel column {@code kj}: the output columns whose input column is inside the image. */
    private final int[] owFrom;
    private final int[] owTo;
    /** Stride 1 and as wide out as in: each column-matrix row is the input plane shifted. */
    private final boolean shifted;
    /**
     * The forward product computed as {@code col^T w^T} ({@code [positions, outChannels]}) and
     * transposed into the output, instead of {@code w col}: see {@link #TRANSPOSED_FORWARD}.
     */
    private final boolean transposedForward;

    private TaskPool pool;
    private Kernels kernels = Kernels.active();
    private Scratch[] scratch;
    private Tensor[] weightPartials = new Tensor[0];
    private Tensor[] biasPartials = new Tensor[0];

    // the call in flight, for the pool's tasks (one group each)
    private Tensor cx;
    private Tensor cw;
    private Tensor cbias;
    private Tensor cy;
    private Tensor cdw;
    private Tensor cdbias;
    private Tensor cdx;
    private int groups;
    private final TaskPool.Job forwardGroup = this::forwardGroup;
    private final TaskPool.Job backwardGroup = this::backwardGroup;

    /**
     * A convolution whose groups run on the {@linkplain TaskPool#shared() shared task pool}.
     *
     * @param window the kernel's size, stride, padding and dilation; it must fit the padded input
     * @param inChannels input channels
     * @param inH input height
     * @param inW input width
     * @param outChannels output channels
     */
    public Convolution2d(int inChannels, int inH, int inW, int outChannels, Window2d window) {
        this(inChannels, inH, inW, outChannels, window, TaskPool.shared());
    }

    /**
     * A convolution whose groups run on {@code pool} (one pool of one thread: all on the caller).
     *
     * @param inChannels input channels
     * @param inH input height
     * @param inW input width
     * @param outChannels output channels
     * @param window the window
     * @param pool the threads the work is split over
     */
    public Convolution2d(int inChannels, int inH, int inW, int outChannels, Window2d window, TaskPool pool) {
        if (inChannels < 1 || inH < 1 || inW < 1 || outChannels < 1) {
            throw new IllegalArgumentException("a convolution needs positive sizes, got " + inChannels + " channels of "
                    + inH + "x" + inW + " and " + outChannels + " filters");
        }
        if (!window.fits(inH, inW)) {
            throw new ShapeException("a " + window.kernelH() + "x" + window.kernelW() + " kernel (spanning "
                    + window.effectiveH() + "x" + window.effectiveW() + ") does not fit a " + inH + "x" + inW
                    + " input padded to " + (inH + window.padTop() + window.padBottom()) + "x"
                    + (inW + window.padLeft() + window.padRight()));
        }
        this.inC = inChannels;
        this.inH = inH;
        this.inW = inW;
        this.outC = outChannels;
        this.win = window;
        this.outH = window.outH(inH);
        this.outW = window.outW(inW);
        this.k = inChannels * window.kernelH() * window.kernelW();
        this.hw = outH * outW;
        this.inSize = inChannels * inH * inW;
        this.outSize = outChannels * hw;
        this.group = Math.max(1, COLUMNS / hw);
        this.owFrom = new int[window.kernelW()];
        this.owTo = new int[window.kernelW()];
        this.shifted = window.strideH() == 1 && window.strideW() == 1 && outW == inW;
        this.transposedForward = TRANSPOSED_FORWARD && k > BlockedProduct.KC && outChannels % 8 == 0;
        splitOver(pool);
        for (int kj = 0; kj < window.kernelW(); kj++) {
            int shift = kj * window.dilationW() - window.padLeft();
            // output columns ow with 0 <= ow * stride + shift < inW
            int from = shift >= 0 ? 0 : ceilDiv(-shift, window.strideW());
            int to = inW - 1 - shift < 0 ? 0 : (inW - 1 - shift) / window.strideW() + 1;
            owFrom[kj] = Math.min(from, outW);
            owTo[kj] = Math.max(owFrom[kj], Math.min(to, outW));
        }
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }

    /**
     * Runs the matrix products on {@code kernels} from now on (a model's own kernels; the
     * default is {@link Kernels#active()} at construction), and splits the groups over
     * {@link Kernels#threads()} threads (same bits for any count).
     *
     * @param kernels the kernels
     */
    public void useKernels(Kernels kernels) {
        this.kernels = java.util.Objects.requireNonNull(kernels, "kernels");
        if (kernels.threads() != pool.threads()) {
            splitOver(TaskPool.withThreads(kernels.threads()));
        }
    }

    /**
     * Threads the groups are split over: the pool given at construction, or, after
     * {@link #useKernels}, the kernels' {@link Kernels#threads()}.
     *
     * @return the threads, at least 1
     */
    public int threads() {
        return pool.threads();
    }

    private void splitOver(TaskPool newPool) {
        this.pool = newPool;
        this.scratch = new Scratch[newPool.threads()];
        for (int i = 0; i < scratch.length; i++) {
            scratch[i] = new Scratch();
        }
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
     * Rows of the column matrix, the weight matrix's columns: {@code inChannels * kH * kW}.
     *
     * @return rows of the column matrix, the weight matrix's columns: {@code inChannels * kH * kW}
     */
    public int columnRows() {
        return k;
    }

    /**
     * Examples per product.
     *
     * @return the group
     */
    public int group() {
        return group;
    }

    /**
     * {@code y = conv(x, w) + bias}, writing {@code y}; {@code bias} may be null.
     *
     * @param x the input, {@code [batch, inChannels, inH, inW]}
     * @param w the weights, {@code [outChannels, inChannels, kH, kW]}
     * @param bias whether the layer adds a bias
     * @param y written: the output, {@code [batch, outChannels, outH, outW]}
     */
    public void forward(Tensor x, Tensor w, Tensor bias, Tensor y) {
        check(x, w, bias, y, "output");
        cx = x;
        cw = w;
        cbias = bias;
        cy = y;
        try {
            pool.run((x.rows() + group - 1) / group, forwardGroup);
        } finally {
            cx = cw = cbias = cy = null;
        }
    }

    private void forwardGroup(int g, int worker) {
        int b0 = g * group;
        int n = Math.min(group, cx.rows() - b0);
        Scratch s = scratch[worker];
        Tensor col = s.col(cx.dtype(), n);
        Tensor prod = s.prod(cx.dtype(), n);
        for (int e = 0; e < n; e++) {
            im2col(cx, (b0 + e) * inSize, col, e * hw);
        }
        if (transposedForward && cx.isFloat32()) {
            Tensor prodT = s.prodT(cx.dtype(), n);
            kernels.gemm(col, true, cw, true, prodT, false);
            scatterTransposed(prodT, cy, b0, n, cbias);
        } else {
            kernels.gemm(cw, false, col, false, prod, false);
            scatter(prod, cy, b0, n, cbias);
        }
    }

    /**
     * Gradients from {@code dy = dLoss/dy}: writes {@code dw} (the weight's shape), {@code dbias}
     * ({@code [1, outChannels]}, or null: not computed) and {@code dx} (the input's shape, or
     * null: not computed, as for a network's first layer). {@code x} and {@code w} are the
     * forward pass's; {@code dy} is not modified.
     *
     * @param x the input, {@code [batch, inChannels, inH, inW]}
     * @param w the weights, {@code [outChannels, inChannels, kH, kW]}
     * @param dy the gradient for the output
     * @param dw the weight gradient
     * @param dbias the bias gradient
     * @param dx the gradient for the input
     */
    public void backward(Tensor x, Tensor w, Tensor dy, Tensor dw, Tensor dbias, Tensor dx) {
        check(x, w, dbias, dy, "output gradient");
        if (dw.rows() != w.rows() || dw.cols() != w.cols()) {
            Tensor.requireSameShape("convolution weight gradient", dw, w);
        }
        if (dx != null && (dx.rows() != x.rows() || dx.cols() != x.cols())) {
            Tensor.requireSameShape("convolution input gradient", dx, x);
        }
        groups = (x.rows() + group - 1) / group;
        ensurePartials(x.dtype(), groups);
        cx = x;
        cw = w;
        cy = dy;
        cdw = dw;
        cdbias = dbias;
        cdx = dx;
        try {
            pool.run(groups, backwardGroup);
        } finally {
            cx = cw = cy = cdw = cdbias = cdx = null;
        }
        if (groups > 1) {
            sumInOrder(weightPartials, groups, dw);
            if (dbias != null) {
                sumInOrder(biasPartials, groups, dbias);
            }
        }
    }

    private void backwardGroup(int g, int worker) {
        int b0 = g * group;
        int n = Math.min(group, cx.rows() - b0);
        Scratch s = scratch[worker];
        Tensor col = s.col(cx.dtype(), n);
        Tensor prod = s.prod(cx.dtype(), n);
        gather(cy, prod, b0, n);
        if (cdbias != null) {
            rowSums(prod, groups == 1 ? cdbias : biasPartials[g]);
        }
        for (int e = 0; e < n; e++) {
            im2col(cx, (b0 + e) * inSize, col, e * hw);
        }
        weightGradient(kernels, prod, col, groups == 1 ? cdw : weightPartials[g], s);
        if (cdx != null) {
            Tensor dcol = s.dcol(cx.dtype(), n);
            kernels.gemm(cw, true, prod, false, dcol, false);
            for (int e = 0; e < n; e++) {
                col2im(dcol, e * hw, cdx, (b0 + e) * inSize);
            }
        }
    }

    /**
     * {@code dw = prod col^T}: {@link Kernels#rowDots} for a small {@code dw} (CNN-S's first
     * layer, 16 x 9), else the packed product of the transposes {@code col prod^T}, which fills
     * its tiles better than {@code prod col^T} (144 x 32 against 32 x 144: 37 against 21 GFMA/s
     * on one core, 17 with the dot kernel), transposed into {@code dw}.
     */
    private void weightGradient(Kernels kernels, Tensor prod, Tensor col, Tensor dw, Scratch s) {
        if (outC * k <= SMALL_WEIGHT) {
            kernels.rowDots(prod, col, dw);
            return;
        }
        Tensor t = s.transposed(dw.dtype());
        kernels.gemm(col, false, prod, true, t, false);
        if (dw.isFloat32()) {
            float[] src = t.floats();
            float[] dst = dw.floats();
            for (int r = 0; r < k; r++) {
                for (int o = 0; o < outC; o++) {
                    dst[o * k + r] = src[r * outC + o];
                }
            }
        } else {
            double[] src = t.doubles();
            double[] dst = dw.doubles();
            for (int r = 0; r < k; r++) {
                for (int o = 0; o < outC; o++) {
                    dst[o * k + r] = src[r * outC + o];
                }
            }
        }
    }

    private void check(Tensor x, Tensor w, Tensor bias, Tensor y, String yName) {
        if (x.cols() != inSize) {
            throw new ShapeException("convolution input: expected [batch, " + inC + ", " + inH + ", " + inW + "] ("
                    + inSize + " values per example), got " + x.shape());
        }
        if (w.rows() != outC || w.cols() != k) {
            throw new ShapeException("convolution weight: expected [" + outC + ", " + inC + ", " + win.kernelH() + ", "
                    + win.kernelW() + "], got " + w.shape());
        }
        if (bias != null && (bias.rows() != 1 || bias.cols() != outC)) {
            throw new ShapeException("convolution bias: expected [1, " + outC + "], got " + bias.shape());
        }
        if (y.rows() != x.rows() || y.cols() != outSize) {
            throw new ShapeException("convolution " + yName + ": expected [" + x.rows() + ", " + outC + ", " + outH + ", "
                    + outW + "], got " + y.shape());
        }
        Tensor.requireSameType("convolution", x, w);
        Tensor.requireSameType("convolution", x, y);
    }

    private void ensurePartials(DType dtype, int groups) {
        if (groups <= 1) {
            return;
        }
        if (weightPartials.length < groups || weightPartials[groups - 1].dtype() != dtype) {
            Tensor[] wp = Arrays.copyOf(weightPartials, Math.max(groups, weightPartials.length));
            Tensor[] bp = Arrays.copyOf(biasPartials, Math.max(groups, biasPartials.length));
            for (int g = 0; g < groups; g++) {
                if (wp[g] != null && wp[g].dtype() == dtype) {
                    continue;
                }
                wp[g] = Tensor.zeros(dtype, outC, k);
                bp[g] = Tensor.zeros(dtype, 1, outC);
            }
            weightPartials = wp;
            biasPartials = bp;
        }
    }

    /** {@code out = parts[0] + parts[1] + ...}, left to right. */
    private static void sumInOrder(Tensor[] parts, int count, Tensor out) {
        if (out.isFloat32()) {
            float[] o = out.floats();
            System.arraycopy(parts[0].floats(), 0, o, 0, o.length);
            for (int g = 1; g < count; g++) {
                float[] p = parts[g].floats();
                for (int i = 0; i < o.length; i++) {
                    o[i] += p[i];
                }
            }
        } else {
            double[] o = out.doubles();
            System.arraycopy(parts[0].doubles(), 0, o, 0, o.length);
            for (int g = 1; g < count; g++) {
                double[] p = parts[g].doubles();
                for (int i = 0; i < o.length; i++) {
                    o[i] += p[i];
                }
            }
        }
    }

    /**
     * {@code out[0, c] = sum of row c of m}. In float32 as eight running sums (element {@code j}
     * into sum {@code j % 8}), added pairwise at the end, then the tail: one running sum waits
     * for each addition before the next (a bias gradient over a CNN-S batch, 1.6 million values,
     * spent about a millisecond that way).
     */
    private static void rowSums(Tensor m, Tensor out) {
        int cols = m.cols();
        if (m.isFloat32()) {
            float[] a = m.floats();
            float[] o = out.floats();
            for (int r = 0; r < m.rows(); r++) {
                float s0 = 0f;
                float s1 = 0f;
                float s2 = 0f;
                float s3 = 0f;
                float s4 = 0f;
                float s5 = 0f;
                float s6 = 0f;
                float s7 = 0f;
                int j = r * cols;
                int end = j + cols;
                for (; j + 8 <= end; j += 8) {
                    s0 += a[j];
                    s1 += a[j + 1];
                    s2 += a[j + 2];
                    s3 += a[j + 3];
                    s4 += a[j + 4];
                    s5 += a[j + 5];
                    s6 += a[j + 6];
                    s7 += a[j + 7];
                }
                float s = ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
                for (; j < end; j++) {
                    s += a[j];
                }
                o[r] = s;
            }
        } else {
            double[] a = m.doubles();
            double[] o = out.doubles();
            for (int r = 0; r < m.rows(); r++) {
                double s = 0;
                for (int j = r * cols, end = j + cols; j < end; j++) {
                    s += a[j];
                }
                o[r] = s;
            }
        }
    }

    /** Writes example columns of {@code prod} ({@code [outC, n * hw]}) into {@code y}'s examples {@code b0..}, adding the bias. */
    private void scatter(Tensor prod, Tensor y, int b0, int n, Tensor bias) {
        int ld = n * hw;
        if (prod.isFloat32()) {
            float[] p = prod.floats();
            float[] o = y.floats();
            float[] bv = bias == null ? null : bias.floats();
            for (int e = 0; e < n; e++) {
                for (int c = 0; c < outC; c++) {
                    int src = c * ld + e * hw;
                    int dst = (b0 + e) * outSize + c * hw;
                    if (bv == null) {
                        System.arraycopy(p, src, o, dst, hw);
                    } else {
                        float bc = bv[c];
                        for (int i = 0; i < hw; i++) {
                            o[dst + i] = p[src + i] + bc;
                        }
                    }
                }
            }
        } else {
            double[] p = prod.doubles();
            double[] o = y.doubles();
            double[] bv = bias == null ? null : bias.doubles();
            for (int e = 0; e < n; e++) {
                for (int c = 0; c < outC; c++) {
                    int src = c * ld + e * hw;
                    int dst = (b0 + e) * outSize + c * hw;
                    if (bv == null) {
                        System.arraycopy(p, src, o, dst, hw);
                    } else {
                        double bc = bv[c];
                        for (int i = 0; i < hw; i++) {
                            o[dst + i] = p[src + i] + bc;
                        }
                    }
                }
            }
        }
    }

    /**
     * As {@link #scatter} from the transposed product {@code prodT} ({@code [n * hw, outC]}, a row
     * per output position): each example's {@code [hw, outC]} block transposed into {@code y}'s
     * {@code [outC, hw]}, the bias added, 16 positions at a time (a 16 x outC block of {@code
     * prodT} stays in the first-level cache while each channel's 16 outputs are written).
     */
    private void scatterTransposed(Tensor prodT, Tensor y, int b0, int n, Tensor bias) {
        float[] p = prodT.floats();
        float[] o = y.floats();
        float[] bv = bias == null ? null : bias.floats();
        for (int e = 0; e < n; e++) {
            int dst = (b0 + e) * outSize;
            int src = e * hw * outC;
            for (int i0 = 0; i0 < hw; i0 += 16) {
                int i1 = Math.min(hw, i0 + 16);
                for (int c = 0; c < outC; c++) {
                    int row = dst + c * hw;
                    if (bv == null) {
                        for (int i = i0; i < i1; i++) {
                            o[row + i] = p[src + i * outC + c];
                        }
                    } else {
                        float bc = bv[c];
                        for (int i = i0; i < i1; i++) {
                            o[row + i] = p[src + i * outC + c] + bc;
                        }
                    }
                }
            }
        }
    }

    /** The inverse of {@link #scatter} without bias: {@code dy}'s examples {@code b0..} side by side in {@code prod}. */
    private void gather(Tensor dy, Tensor prod, int b0, int n) {
        int ld = n * hw;
        Object src = dy.isFloat32() ? dy.floats() : dy.doubles();
        Object dst = prod.isFloat32() ? prod.floats() : prod.doubles();
        for (int e = 0; e < n; e++) {
            for (int c = 0; c < outC; c++) {
                System.arraycopy(src, (b0 + e) * outSize + c * hw, dst, c * ld + e * hw, hw);
            }
        }
    }

    /**
     * Writes the column matrix of the example at {@code xOff} of {@code x} into {@code col}
     * ({@code [k, ld]}) from column {@code c0}: row {@code (c, ki, kj)}, column {@code c0 + oh *
     * outW + ow} holds {@code x[c, oh * sH - padTop + ki * dH, ow * sW - padLeft + kj * dW]}, or 0
     * outside the image.
     */
    void im2col(Tensor x, int xOff, Tensor col, int c0) {
        int ld = col.cols();
        if (x.isFloat32()) {
            im2col(x.floats(), xOff, col.floats(), ld, c0);
        } else {
            im2col(x.doubles(), xOff, col.doubles(), ld, c0);
        }
    }

    private void im2col(float[] x, int xOff, float[] col, int ld, int c0) {
        int kh = win.kernelH();
        int kw = win.kernelW();
        int sh = win.strideH();
        int sw = win.strideW();
        int r = 0;
        for (int c = 0; c < inC; c++) {
            for (int ki = 0; ki < kh; ki++) {
                int rowShift = ki * win.dilationH() - win.padTop();
                for (int kj = 0; kj < kw; kj++, r++) {
                    int colShift = kj * win.dilationW() - win.padLeft();
                    int from = owFrom[kj];
                    int to = owTo[kj];
                    int dst = r * ld + c0;
                    if (shifted) {
                        shiftedRow(x, xOff + c * inH * inW, col, dst, rowShift, colShift, from, to);
                        continue;
                    }
                    for (int oh = 0; oh < outH; oh++, dst += outW) {
                        int ih = oh * sh + rowShift;
                        if (ih < 0 || ih >= inH) {
                            Arrays.fill(col, dst, dst + outW, 0f);
                            continue;
                        }
                        int src = xOff + (c * inH + ih) * inW + colShift;
                        for (int ow = 0; ow < from; ow++) {
                            col[dst + ow] = 0f;
                        }
                        if (sw == 1) {
                            for (int ow = from; ow < to; ow++) {
                                col[dst + ow] = x[src + ow];
                            }
                        } else {
                            for (int ow = from; ow < to; ow++) {
                                col[dst + ow] = x[src + ow * sw];
                            }
                        }
                        for (int ow = to; ow < outW; ow++) {
                            col[dst + ow] = 0f;
                        }
                    }
                }
            }
        }
    }

    private void im2col(double[] x, int xOff, double[] col, int ld, int c0) {
        int kh = win.kernelH();
        int kw = win.kernelW();
        int sh = win.strideH();
        int sw = win.strideW();
        int r = 0;
        for (int c = 0; c < inC; c++) {
            for (int ki = 0; ki < kh; ki++) {
                int rowShift = ki * win.dilationH() - win.padTop();
                for (int kj = 0; kj < kw; kj++, r++) {
                    int colShift = kj * win.dilationW() - win.padLeft();
                    int dst = r * ld + c0;
                    for (int oh = 0; oh < outH; oh++, dst += outW) {
                        int ih = oh * sh + rowShift;
                        for (int ow = 0; ow < outW; ow++) {
                            boolean inside = ih >= 0 && ih < inH && ow >= owFrom[kj] && ow < owTo[kj];
                            col[dst + ow] = inside ? x[xOff + (c * inH + ih) * inW + ow * sw + colShift] : 0.0;
                        }
                    }
                }
            }
        }
    }

    /**
     * One row of the column matrix when the output is as wide as the input at stride 1 (a
     * {@code same} convolution): the plane shifted by {@code (rowShift, colShift)}, so one copy
     * from the first valid position to the last, then zeros where the shift leaves the image
     * (whole rows above or below, and the columns that wrapped round to the neighbouring row).
     * One copy of some 200 values instead of one short loop per output row: CNN-S's im2col
     * took most of its convolution time that way.
     */
    private void shiftedRow(float[] x, int plane, float[] col, int dst, int rowShift, int colShift, int from, int to) {
        int oh0 = Math.max(0, -rowShift);
        int oh1 = Math.min(outH, inH - rowShift);
        if (oh0 >= oh1 || from >= to) {
            Arrays.fill(col, dst, dst + hw, 0f);
            return;
        }
        int start = oh0 * outW + from;
        int end = (oh1 - 1) * outW + to;
        Arrays.fill(col, dst, dst + start, 0f);
        System.arraycopy(x, plane + rowShift * inW + colShift + start, col, dst + start, end - start);
        Arrays.fill(col, dst + end, dst + hw, 0f);
        if (from > 0 || to < outW) {
            for (int oh = oh0; oh < oh1; oh++) {
                int row = dst + oh * outW;
                for (int ow = 0; ow < from; ow++) {
                    col[row + ow] = 0f;
                }
                for (int ow = to; ow < outW; ow++) {
                    col[row + ow] = 0f;
                }
            }
        }
    }

    /**
     * The adjoint of {@link #im2col}: for the example at {@code xOff}, writes {@code dx} as the
     * sum of every column entry of {@code dcol} (from column {@code c0}) at the input position it
     * was read from (positions no window reads get 0). May zero entries of {@code dcol} that
     * stand for padding.
     */
    void col2im(Tensor dcol, int c0, Tensor dx, int xOff) {
        int ld = dcol.cols();
        if (dx.isFloat32()) {
            float[] out = dx.floats();
            Arrays.fill(out, xOff, xOff + inSize, 0f);
            col2im(dcol.floats(), ld, c0, out, xOff);
        } else {
            double[] out = dx.doubles();
            Arrays.fill(out, xOff, xOff + inSize, 0.0);
            col2im(dcol.doubles(), ld, c0, out, xOff);
        }
    }

    private void col2im(float[] col, int ld, int c0, float[] dx, int xOff) {
        int kh = win.kernelH();
        int kw = win.kernelW();
        int sh = win.strideH();
        int sw = win.strideW();
        int r = 0;
        for (int c = 0; c < inC; c++) {
            for (int ki = 0; ki < kh; ki++) {
                int rowShift = ki * win.dilationH() - win.padTop();
                for (int kj = 0; kj < kw; kj++, r++) {
                    int colShift = kj * win.dilationW() - win.padLeft();
                    int from = owFrom[kj];
                    int to = owTo[kj];
                    int src = r * ld + c0;
                    if (shifted) {
                        addShiftedRow(col, src, dx, xOff + c * inH * inW, rowShift, colShift, from, to);
                        continue;
                    }
                    for (int oh = 0; oh < outH; oh++, src += outW) {
                        int ih = oh * sh + rowShift;
                        if (ih < 0 || ih >= inH) {
                            continue;
                        }
                        int dst = xOff + (c * inH + ih) * inW + colShift;
                        if (sw == 1) {
                            for (int ow = from; ow < to; ow++) {
                                dx[dst + ow] += col[src + ow];
                            }
                        } else {
                            for (int ow = from; ow < to; ow++) {
                                dx[dst + ow * sw] += col[src + ow];
                            }
                        }
                    }
                }
            }
        }
    }

    /**
     * {@link #shiftedRow}'s adjoint: zeros the entries that wrapped round (this row of the
     * scratch column matrix is not needed again), then one pass adding the row to the plane.
     */
    private void addShiftedRow(float[] col, int src, float[] dx, int plane, int rowShift, int colShift, int from,
                               int to) {
        int oh0 = Math.max(0, -rowShift);
        int oh1 = Math.min(outH, inH - rowShift);
        if (oh0 >= oh1 || from >= to) {
            return;
        }
        if (from > 0 || to < outW) {
            for (int oh = oh0; oh < oh1; oh++) {
                int row = src + oh * outW;
                for (int ow = 0; ow < from; ow++) {
                    col[row + ow] = 0f;
                }
                for (int ow = to; ow < outW; ow++) {
                    col[row + ow] = 0f;
                }
            }
        }
        int start = oh0 * outW + from;
        int end = (oh1 - 1) * outW + to;
        int d = plane + rowShift * inW + colShift;
        for (int p = start; p < end; p++) {
            dx[d + p] += col[src + p];
        }
    }

    private void col2im(double[] col, int ld, int c0, double[] dx, int xOff) {
        int kh = win.kernelH();
        int kw = win.kernelW();
        int sh = win.strideH();
        int sw = win.strideW();
        int r = 0;
        for (int c = 0; c < inC; c++) {
            for (int ki = 0; ki < kh; ki++) {
                int rowShift = ki * win.dilationH() - win.padTop();
                for (int kj = 0; kj < kw; kj++, r++) {
                    int colShift = kj * win.dilationW() - win.padLeft();
                    int src = r * ld + c0;
                    for (int oh = 0; oh < outH; oh++, src += outW) {
                        int ih = oh * sh + rowShift;
                        if (ih < 0 || ih >= inH) {
                            continue;
                        }
                        int dst = xOff + (c * inH + ih) * inW + colShift;
                        for (int ow = owFrom[kj]; ow < owTo[kj]; ow++) {
                            dx[dst + ow * sw] += col[src + ow];
                        }
                    }
                }
            }
        }
    }

    /** Column matrices and products for each group size, made on first use and kept. */
    private final class Scratch {
        private Tensor[] cols = new Tensor[0];
        private Tensor[] prods = new Tensor[0];
        private Tensor[] prodsT = new Tensor[0];
        private Tensor[] dcols = new Tensor[0];
        private Tensor transposed;

        Tensor transposed(DType dtype) {
            if (transposed == null || transposed.dtype() != dtype) {
                transposed = Tensor.zeros(dtype, k, outC);
            }
            return transposed;
        }

        Tensor col(DType dtype, int n) {
            cols = fit(cols, n, dtype, k);
            return cols[n];
        }

        Tensor prod(DType dtype, int n) {
            prods = fit(prods, n, dtype, outC);
            return prods[n];
        }

        Tensor prodT(DType dtype, int n) {
            if (prodsT.length <= n) {
                prodsT = Arrays.copyOf(prodsT, group + 1);
            }
            if (prodsT[n] == null || prodsT[n].dtype() != dtype) {
                prodsT[n] = Tensor.zeros(dtype, n * hw, outC);
            }
            return prodsT[n];
        }

        Tensor dcol(DType dtype, int n) {
            dcols = fit(dcols, n, dtype, k);
            return dcols[n];
        }

        private Tensor[] fit(Tensor[] cache, int n, DType dtype, int rows) {
            Tensor[] c = cache.length > n ? cache : Arrays.copyOf(cache, group + 1);
            if (c[n] == null || c[n].dtype() != dtype) {
                c[n] = Tensor.zeros(dtype, rows, n * hw);
            }
            return c;
        }
    }
}
