package dev.chainrule.layer;

import dev.chainrule.tensor.Tensor;

/** Hyperbolic tangent {@code y = tanh(h)}; derivative {@code dy/dh = 1 - y^2}. */
public final class Tanh extends Activation {

    @Override
    public String type() {
        return "tanh";
    }

    @Override
    protected void apply(Tensor in, Tensor out) {
        int n = in.size();
        if (in.isFloat32()) {
            float[] x = in.floats();
            float[] y = out.floats();
            for (int i = 0; i < n; i++) {
                y[i] = (float) Math.tanh(x[i]);
            }
        } else {
            double[] x = in.doubles();
            double[] y = out.doubles();
            for (int i = 0; i < n; i++) {
                y[i] = Math.tanh(x[i]);
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
                dx[i] = g[i] * (1f - y[i] * y[i]);
            }
        } else {
            double[] y = out.doubles();
            double[] g = gradOut.doubles();
            double[] dx = gradIn.doubles();
            for (int i = 0; i < n; i++) {
                dx[i] = g[i] * (1.0 - y[i] * y[i]);
            }
        }
    }
}
