package dev.chainrule.layer;

import dev.chainrule.tensor.Tensor;

/**
 * Logistic sigmoid {@code y = 1 / (1 + exp(-h))}, computed without overflow for any {@code h};
 * derivative {@code dy/dh = y (1 - y)}.
 */
public final class Sigmoid extends Activation {

    /** Overflow-safe sigmoid: {@code exp} is only ever taken of a non-positive number. */
    public static double sigmoid(double h) {
        if (h >= 0) {
            return 1.0 / (1.0 + Math.exp(-h));
        }
        double e = Math.exp(h);
        return e / (1.0 + e);
    }

    @Override
    public String type() {
        return "sigmoid";
    }

    @Override
    protected void apply(Tensor in, Tensor out) {
        int n = in.size();
        if (in.isFloat32()) {
            float[] x = in.floats();
            float[] y = out.floats();
            for (int i = 0; i < n; i++) {
                y[i] = (float) sigmoid(x[i]);
            }
        } else {
            double[] x = in.doubles();
            double[] y = out.doubles();
            for (int i = 0; i < n; i++) {
                y[i] = sigmoid(x[i]);
            }
        }
    }

    @Override
    protected void derive(Tensor in, Tensor out, Tensor gradOut, Tensor gradIn) {
        int n = out.size();
        if (out.isFloat32()) {
            float[] y = out.floats();
            float[] g = gradOut.floats();
            float[] dx = gradIn.floats();
            for (int i = 0; i < n; i++) {
                dx[i] = g[i] * y[i] * (1f - y[i]);
            }
        } else {
            double[] y = out.doubles();
            double[] g = gradOut.doubles();
            double[] dx = gradIn.doubles();
            for (int i = 0; i < n; i++) {
                dx[i] = g[i] * y[i] * (1.0 - y[i]);
            }
        }
    }
}
