package dev.chainrule.tensor;

/**
 * Where a 2-D window (a convolution's kernel or a pooling window) goes over an image: its size,
 * stride, padding on each side and dilation. Output positions are PyTorch's (floor mode): with
 * the effective kernel {@code e = dilation * (kernel - 1) + 1},
 * {@code out = floor((in + padBefore + padAfter - e) / stride) + 1}, and output position
 * {@code o} reads input rows {@code o * stride - padBefore + i * dilation} for {@code i} in
 * {@code [0, kernel)}.
 *
 * @param kernelH   window rows
 * @param kernelW   window columns
 * @param strideH   step between output rows
 * @param strideW   step between output columns
 * @param padTop    zero rows added above the input
 * @param padLeft   zero columns added left of the input
 * @param padBottom zero rows added below
 * @param padRight  zero columns added on the right
 * @param dilationH spacing of the window's rows (1: adjacent)
 * @param dilationW spacing of the window's columns
 */
public record Window2d(int kernelH, int kernelW, int strideH, int strideW, int padTop, int padLeft, int padBottom,
                       int padRight, int dilationH, int dilationW) {

    /**
     * Checks that every size is positive and the padding not negative.
     *
     * @param kernelH window rows
     * @param kernelW window columns
     * @param strideH step between output rows
     * @param strideW step between output columns
     * @param padTop zero rows added above the input
     * @param padLeft zero columns added left of the input
     * @param padBottom zero rows added below
     * @param padRight zero columns added on the right
     * @param dilationH spacing of the window's rows (1: adjacent)
     * @param dilationW spacing of the window's columns
     */
    public Window2d {
        if (kernelH < 1 || kernelW < 1 || strideH < 1 || strideW < 1 || dilationH < 1 || dilationW < 1) {
            throw new IllegalArgumentException("a window needs kernel, stride and dilation of at least 1, got kernel "
                    + kernelH + "x" + kernelW + ", stride " + strideH + "x" + strideW + ", dilation " + dilationH + "x"
                    + dilationW);
        }
        if (padTop < 0 || padLeft < 0 || padBottom < 0 || padRight < 0) {
            throw new IllegalArgumentException("padding must not be negative, got " + padTop + ", " + padLeft + ", "
                    + padBottom + ", " + padRight);
        }
    }

    /**
     * A square window with the same padding on every side.
     *
     * @param kernel the kernel size
     * @param stride the stride
     * @param padding zero padding on each side
     * @param dilation the dilation
     * @return a square window with the same padding on every side
     */
    public static Window2d of(int kernel, int stride, int padding, int dilation) {
        return new Window2d(kernel, kernel, stride, stride, padding, padding, padding, padding, dilation, dilation);
    }

    /**
     * The padding that gives {@code ceil(in / stride)} outputs per dimension (Keras's and
     * TensorFlow's {@code same}; with stride 1, PyTorch's {@code padding='same'}): the total
     * {@code max((out - 1) * stride + e - in, 0)} split with the odd one after (below, right).
     *
     * @param kernelH kernel height
     * @param kernelW kernel width
     * @param strideH vertical stride
     * @param strideW horizontal stride
     * @param dilationH vertical dilation
     * @param dilationW horizontal dilation
     * @param inH input height
     * @param inW input width
     * @return the padding that gives {@code ceil(in / stride)} outputs per dimension (Keras's and TensorFlow's {@code
     *         same}; with stride 1, PyTorch's {@code padding='same'}): the total {@code max((out - 1) * stride + e -
     *         in, 0)} split with the odd one after (below, right)
     */
    public static Window2d same(int kernelH, int kernelW, int strideH, int strideW, int dilationH, int dilationW,
                                int inH, int inW) {
        int totalH = samePadding(inH, kernelH, strideH, dilationH);
        int totalW = samePadding(inW, kernelW, strideW, dilationW);
        return new Window2d(kernelH, kernelW, strideH, strideW, totalH / 2, totalW / 2, totalH - totalH / 2,
                totalW - totalW / 2, dilationH, dilationW);
    }

    private static int samePadding(int in, int kernel, int stride, int dilation) {
        int out = (in + stride - 1) / stride;
        int effective = dilation * (kernel - 1) + 1;
        return Math.max((out - 1) * stride + effective - in, 0);
    }

    /**
     * Rows the dilated window spans: {@code dilationH * (kernelH - 1) + 1}.
     *
     * @return rows the dilated window spans: {@code dilationH * (kernelH - 1) + 1}
     */
    public int effectiveH() {
        return dilationH * (kernelH - 1) + 1;
    }

    /**
     * Columns the dilated window spans.
     *
     * @return the effective w
     */
    public int effectiveW() {
        return dilationW * (kernelW - 1) + 1;
    }

    /**
     * Output rows for {@code inH} input rows; 0 or less when the window does not fit the padded input.
     *
     * @param inH input height
     * @return the out h
     */
    public int outH(int inH) {
        int span = inH + padTop + padBottom - effectiveH();
        return span < 0 ? 0 : span / strideH + 1;
    }

    /**
     * Output columns for {@code inW} input columns; 0 or less when the window does not fit.
     *
     * @param inW input width
     * @return the out w
     */
    public int outW(int inW) {
        int span = inW + padLeft + padRight - effectiveW();
        return span < 0 ? 0 : span / strideW + 1;
    }

    /**
     * Whether the window fits an {@code inH x inW} input with its padding (at least one output).
     *
     * @param inH input height
     * @param inW input width
     * @return whether the window fits an {@code inH x inW} input with its padding (at least one output)
     */
    public boolean fits(int inH, int inW) {
        return outH(inH) > 0 && outW(inW) > 0;
    }

    /**
     * Whether padding is the same on every side.
     *
     * @return whether padding is the same on every side
     */
    public boolean symmetricPadding() {
        return padTop == padBottom && padLeft == padRight && padTop == padLeft;
    }

    @Override
    public String toString() {
        String k = kernelH == kernelW ? "" + kernelH : kernelH + "x" + kernelW;
        String s = strideH == strideW ? "" + strideH : strideH + "x" + strideW;
        String p = symmetricPadding() ? "" + padTop : padTop + "," + padLeft + "," + padBottom + "," + padRight;
        String d = dilationH == dilationW ? "" + dilationH : dilationH + "x" + dilationW;
        return "kernel " + k + ", stride " + s + ", padding " + p + (d.equals("1") ? "" : ", dilation " + d);
    }
}
