package dev.chainrule.tensor;

import java.util.Arrays;

/**
 * The dimensions of one example, without the batch: {@code [784]} for a row of features,
 * {@code [1, 28, 28]} for a one-channel image ({@code [channels, height, width]}, PyTorch's
 * order). A batch of such examples is a {@link Tensor} of dimensions {@code [batch, ...shape]},
 * see {@link #withBatch}. Immutable; every dimension is at least 1.
 */
public final class Shape {
    private final int[] dims;
    private final int size;

    private Shape(int[] dims) {
        if (dims.length == 0) {
            throw new ShapeException("a shape needs at least one dimension");
        }
        long n = 1;
        for (int d : dims) {
            if (d < 1) {
                throw new ShapeException("every dimension of a shape must be at least 1, got " + Arrays.toString(dims));
            }
            n *= d;
            if (n > Integer.MAX_VALUE - 8) {
                throw new ShapeException("shape " + Arrays.toString(dims) + " has more elements than one Java array holds");
            }
        }
        this.dims = dims;
        this.size = (int) n;
    }

    /**
     * The shape with these dimensions (copied).
     *
     * @param dims the dimensions
     * @return the shape with these dimensions (copied)
     */
    public static Shape of(int... dims) {
        return new Shape(dims.clone());
    }

    /**
     * A one-dimensional shape {@code [features]}.
     *
     * @param features the features, {@code [n, inputs]}
     * @return a one-dimensional shape {@code [features]}
     */
    public static Shape vector(int features) {
        return new Shape(new int[] {features});
    }

    /**
     * An image shape {@code [channels, height, width]}.
     *
     * @param channels the channels
     * @param height the height in pixels
     * @param width the width in pixels
     * @return an image shape {@code [channels, height, width]}
     */
    public static Shape image(int channels, int height, int width) {
        return new Shape(new int[] {channels, height, width});
    }

    /**
     * Reads {@code 1,28,28} (also with spaces, or in brackets: {@code [1, 28, 28]}).
     *
     * @param text the shape as written, e.g. {@code 1x28x28}
     * @return the shape
     * @throws IllegalArgumentException naming the text and what was expected
     */
    public static Shape parse(String text) {
        String t = text.strip();
        if (t.startsWith("[") && t.endsWith("]")) {
            t = t.substring(1, t.length() - 1);
        }
        String[] parts = t.split(",");
        int[] dims = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                dims[i] = Integer.parseInt(parts[i].strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("shape '" + text + "': expected positive whole numbers separated by"
                        + " commas, such as 1,28,28");
            }
            if (dims[i] < 1) {
                throw new IllegalArgumentException("shape '" + text + "': every dimension must be at least 1");
            }
        }
        return of(dims);
    }

    /**
     * Number of dimensions.
     *
     * @return number of dimensions
     */
    public int rank() {
        return dims.length;
    }

    /**
     * Dimension {@code i}, from 0.
     *
     * @param i the 0-based dimension
     * @return the size of dimension {@code i}
     */
    public int dim(int i) {
        return dims[i];
    }

    /**
     * The product of the dimensions: the number of values of one example.
     *
     * @return the product of the dimensions: the number of values of one example
     */
    public int size() {
        return size;
    }

    /**
     * The dimensions (a copy).
     *
     * @return the dimensions (a copy)
     */
    public int[] toArray() {
        return dims.clone();
    }

    /**
     * The dimensions of a batch of {@code batch} such examples: {@code [batch, ...this]}.
     *
     * @param batch the number of examples
     * @return the dimensions of a batch of {@code batch} such examples: {@code [batch, ...this]}
     */
    public int[] withBatch(int batch) {
        int[] out = new int[dims.length + 1];
        out[0] = batch;
        System.arraycopy(dims, 0, out, 1, dims.length);
        return out;
    }

    /**
     * True for {@code [channels, height, width]}.
     *
     * @return true for {@code [channels, height, width]}
     */
    public boolean isImage() {
        return dims.length == 3;
    }

    /**
     * True for {@code [features]}.
     *
     * @return true for {@code [features]}
     */
    public boolean isVector() {
        return dims.length == 1;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Shape s && Arrays.equals(dims, s.dims);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(dims);
    }

    /** {@code [1, 28, 28]}. */
    @Override
    public String toString() {
        return Arrays.toString(dims);
    }
}
