package dev.chainrule.onnx;

import dev.chainrule.data.ColumnEncoding;
import dev.chainrule.data.PixelScaling;
import dev.chainrule.data.Preprocessing;
import dev.chainrule.data.TabularPreprocessing;
import dev.chainrule.tensor.Shape;

import java.util.Arrays;

/**
 * The affine part of a preprocessing, feature by feature: {@code feature_j = scale_j * raw_j +
 * shift_j}. Pixel scaling is {@code pixel / maxValue} (scale {@code 1 / maxValue}); a z-score is
 * {@code (x - mean) / std} (scale {@code 1 / std}, shift {@code -mean / std}); a number used as it
 * is and a one-hot indicator have scale 1 and shift 0. One-hot encoding itself (a category's text
 * becoming indicator columns) is not affine, so it stays outside the graph: the graph's input
 * holds the indicators, as chainrule's features do. Features are numbered as chainrule's rows of
 * features hold them (an image's values channel by channel, row by row).
 *
 * @param scale      per feature
 * @param shift      per feature
 * @param rawInput   what the graph's input holds, in words
 */
record InputAffine(double[] scale, double[] shift, String rawInput) {

    /** The affine steps of {@code pre} for examples of shape {@code input}; none (identity) for null. */
    static InputAffine of(Preprocessing pre, Shape input) {
        int inputs = input.size();
        double[] scale = new double[inputs];
        double[] shift = new double[inputs];
        Arrays.fill(scale, 1);
        if (pre == null) {
            return new InputAffine(scale, shift, "the features as given (the model has no preprocessing)");
        }
        if (pre.inputs() != inputs) {
            throw new IllegalArgumentException("the preprocessing gives " + pre.inputs() + " features, but the network takes "
                    + inputs);
        }
        if (pre instanceof PixelScaling p) {
            Arrays.fill(scale, 1 / p.maxValue());
            return new InputAffine(scale, shift, "raw pixels from 0 to " + format(p.maxValue()) + " of a " + p.height() + "x"
                    + p.width() + " image, " + (input.isVector() ? "row by row" : "as " + input) + " (the scaling to [0, 1]"
                    + " is in the graph)");
        }
        TabularPreprocessing t = (TabularPreprocessing) pre;
        StringBuilder raw = new StringBuilder("the CSV columns as numbers, in this order: ");
        int j = 0;
        for (ColumnEncoding c : t.columns()) {
            if (j > 0) {
                raw.append(", ");
            }
            if (c instanceof ColumnEncoding.Standardized z) {
                scale[j] = 1 / z.std();
                shift[j] = -z.mean() / z.std();
                raw.append(z.column()).append(" (raw; its z-score is in the graph)");
            } else if (c instanceof ColumnEncoding.OneHot h) {
                raw.append(String.join(", ", h.featureNames())).append(" (one-hot indicators of ").append(h.column())
                        .append(": 1 for the row's category, else 0; encode them before)");
            } else {
                raw.append(c.column());
            }
            j += c.width();
        }
        return new InputAffine(scale, shift, raw.toString());
    }

    /**
     * The scale and shift of each channel, {@code {scales, shifts}}, when every value of a channel
     * of {@code [channels, height, width]} examples has the same ones (pixel scaling does); else
     * null.
     */
    double[][] perChannel(Shape input) {
        if (!input.isImage()) {
            return null;
        }
        int channels = input.dim(0);
        int plane = input.dim(1) * input.dim(2);
        double[][] out = new double[2][channels];
        for (int c = 0; c < channels; c++) {
            out[0][c] = scale[c * plane];
            out[1][c] = shift[c * plane];
            for (int k = c * plane; k < (c + 1) * plane; k++) {
                if (scale[k] != out[0][c] || shift[k] != out[1][c]) {
                    return null;
                }
            }
        }
        return out;
    }

    /** Whether no feature is shifted. */
    boolean noShift() {
        for (double b : shift) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    /** Whether every feature is used as it is. */
    boolean isIdentity() {
        for (int j = 0; j < scale.length; j++) {
            if (scale[j] != 1 || shift[j] != 0) {
                return false;
            }
        }
        return true;
    }

    private static String format(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
