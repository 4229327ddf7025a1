package dev.chainrule.layer;

import dev.chainrule.tensor.DType;
import dev.chainrule.tensor.Kernels;
import dev.chainrule.tensor.Pooling2d;
import dev.chainrule.tensor.Shape;
import dev.chainrule.tensor.ShapeException;
import dev.chainrule.tensor.Tensor;
import dev.chainrule.tensor.Window2d;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What {@link MaxPool2D} and {@link AvgPool2D} share: a window over each channel of
 * {@code [channels, height, width]} examples, its settings in files, and the buffers.
 */
abstract class Pool2D implements Layer {
    final String name;
    final Shape input;
    final Shape output;
    final Window2d window;
    final Pooling2d pool;
    Tensor last;
    final Buffers outputs = new Buffers();
    final Buffers gradInputs = new Buffers();

    Pool2D(String name, Shape input, Window window, String type) {
        try {
            this.output = window.outputShape(input, type);
        } catch (ShapeException e) {
            throw new ShapeException(name + ": " + e.getMessage());
        }
        this.name = name;
        this.input = input;
        this.window = window.window();
        this.pool = new Pooling2d(input.dim(0), input.dim(1), input.dim(2), this.window);
    }

    @Override
    public void useKernels(Kernels kernels) {
        pool.useKernels(kernels);
    }

    @Override
    public Shape outputShape(Shape in) {
        if (!in.equals(input)) {
            throw new ShapeException(name + " was built for examples of shape " + input + ", got " + in);
        }
        return output;
    }

    @Override
    public int outputSize(int inFeatures) {
        if (inFeatures != input.size()) {
            throw new ShapeException(name + ": expects examples of shape " + input + " (" + input.size()
                    + " values), got " + inFeatures + " values");
        }
        return output.size();
    }

    Tensor output(DType dtype, int batch) {
        last = outputs.get(dtype, batch, output);
        return last;
    }

    Tensor gradInput(DType dtype, int batch) {
        return gradInputs.get(dtype, batch, input);
    }

    @Override
    public Tensor lastOutput() {
        return last;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "(" + input + " -> " + output + ", " + window + ")";
    }

    /**
     * A pooling window's settings: kernel, stride (by default the kernel) and padding, each one
     * number or {@code [rows, columns]}.
     */
    record Window(int kernelH, int kernelW, int strideH, int strideW, int padH, int padW) {
        Window {
            if (kernelH < 1 || kernelW < 1 || strideH < 1 || strideW < 1 || padH < 0 || padW < 0) {
                throw new IllegalArgumentException("a pooling window needs kernel and stride of at least 1 and padding of"
                        + " at least 0, got kernel " + kernelH + "x" + kernelW + ", stride " + strideH + "x" + strideW
                        + ", padding " + padH + "x" + padW);
            }
            if (2 * padH > kernelH || 2 * padW > kernelW) {
                throw new IllegalArgumentException("pooling padding must be at most half the kernel (as in PyTorch), got"
                        + " padding " + padH + "x" + padW + " for a " + kernelH + "x" + kernelW + " kernel");
            }
        }

        Window2d window() {
            return new Window2d(kernelH, kernelW, strideH, strideW, padH, padW, padH, padW, 1, 1);
        }

        Shape outputShape(Shape in, String type) {
            if (!in.isImage()) {
                throw new ShapeException(type + " takes examples of shape [channels, height, width], got " + in
                        + (in.isVector() ? "; pool before the flatten, or give the network an image input such as"
                        + " \"input\": [1, 28, 28] (--input-shape 1,28,28 for a CSV)" : ""));
            }
            Window2d w = window();
            if (!w.fits(in.dim(1), in.dim(2))) {
                throw new ShapeException("a " + kernelH + "x" + kernelW + " pooling window does not fit the input " + in
                        + " padded to " + (in.dim(1) + 2 * padH) + "x" + (in.dim(2) + 2 * padW)
                        + "; use a smaller window or more padding");
            }
            return Shape.image(in.dim(0), w.outH(in.dim(1)), w.outW(in.dim(2)));
        }

        String label(String type) {
            StringBuilder sb = new StringBuilder(type).append(' ').append(kernelH).append('x').append(kernelW);
            if (strideH != kernelH || strideW != kernelW) {
                sb.append(", stride ").append(strideH == strideW ? "" + strideH : strideH + "x" + strideW);
            }
            if (padH != 0 || padW != 0) {
                sb.append(", padding ").append(padH == padW ? "" + padH : padH + "x" + padW);
            }
            return sb.toString();
        }

        Map<String, Object> toJson(String key) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put(key, Settings.pairJson(new int[] {kernelH, kernelW}));
            m.put("stride", Settings.pairJson(new int[] {strideH, strideW}));
            m.put("padding", Settings.pairJson(new int[] {padH, padW}));
            return m;
        }

        static Window fromJson(Map<String, Object> json, String key) {
            int[] kernel = Settings.pair(json.get(key), key, 1);
            int[] stride = Settings.pair(json, "stride", 1, kernel);
            int[] padding = Settings.pair(json, "padding", 0, new int[] {0, 0});
            return new Window(kernel[0], kernel[1], stride[0], stride[1], padding[0], padding[1]);
        }

        static Window of(int kernel, int stride, int padding) {
            return new Window(kernel, kernel, stride, stride, padding, padding);
        }
    }
}
