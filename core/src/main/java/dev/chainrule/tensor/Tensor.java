package dev.chainrule.tensor;

import java.util.Arrays;

/**
 * A dense tensor in contiguous row-major storage, {@link #floats()} or {@link #doubles()},
 * whichever the {@link DType} selects. Its dimensions ({@link #dims()}) put the batch in front:
 * {@code [batch, features]} for a batch of feature rows, {@code [batch, channels, height,
 * width]} for a batch of images, the last dimension varying fastest.
 *
 * <p>Every tensor also has a two-dimensional view {@code [rows, cols]}: {@code rows} is the
 * first dimension and {@code cols} the product of the others (a rank-1 tensor {@code [n]} is
 * the row {@code [1, n]}), and element {@code (r, c)} lives at index {@code r * cols + c}. Dense
 * layers, losses and the matrix-product kernels work on that view: a batch of images is the
 * matrix of its flattened examples, a weight matrix is {@code [inFeatures, outFeatures]}
 * (input-major, as in the seeds' {@code weights_input_hidden}), a bias is {@code [1,
 * outFeatures]}. {@link #reshape} gives other dimensions over the same storage, without a copy.
 *
 * <p>The dimensions are fixed; the contents are mutable, because parameters, gradients and
 * reused batch buffers are updated in place. Methods that write say so.
 */
public final class Tensor {
    private final int rows;
    private final int cols;
    private final int[] dims;
    private final DType dtype;
    private final float[] f;
    private final double[] d;

    private Tensor(int[] dims, DType dtype, float[] f, double[] d) {
        this.dims = dims;
        this.rows = dims.length == 1 ? 1 : dims[0];
        long c = 1;
        for (int i = 1; i < dims.length; i++) {
            c *= dims[i];
        }
        this.cols = dims.length == 1 ? dims[0] : (int) c;
        this.dtype = dtype;
        this.f = f;
        this.d = d;
    }

    private Tensor(int rows, int cols, DType dtype, float[] f, double[] d) {
        this(new int[] {rows, cols}, dtype, f, d);
    }

    /**
     * A {@code [rows, cols]} tensor of zeros.
     *
     * @param dtype the element type of the tensors
     * @param rows the number of rows
     * @param cols the number of columns
     * @return a {@code [rows, cols]} tensor of zeros
     */
    public static Tensor zeros(DType dtype, int rows, int cols) {
        if (rows < 0 || cols < 0) {
            throw new ShapeException("a tensor's shape must not be negative, got [" + rows + ", " + cols + "]");
        }
        long size = (long) rows * cols;
        if (size > Integer.MAX_VALUE - 8) {
            throw new ShapeException("a tensor of shape [" + rows + ", " + cols + "] has " + size
                    + " elements, more than one Java array holds");
        }
        return dtype == DType.FLOAT32
                ? new Tensor(rows, cols, dtype, new float[(int) size], null)
                : new Tensor(rows, cols, dtype, null, new double[(int) size]);
    }

    /**
     * Wraps (does not copy) row-major float storage of length {@code rows * cols}.
     *
     * @param data the storage, row-major (kept, not copied)
     * @param rows the number of rows
     * @param cols the number of columns
     * @return the tensor
     */
    public static Tensor wrap(float[] data, int rows, int cols) {
        checkLength(data.length, rows, cols);
        return new Tensor(rows, cols, DType.FLOAT32, data, null);
    }

    /**
     * Wraps (does not copy) row-major double storage of length {@code rows * cols}.
     *
     * @param data the storage, row-major (kept, not copied)
     * @param rows the number of rows
     * @param cols the number of columns
     * @return the tensor
     */
    public static Tensor wrap(double[] data, int rows, int cols) {
        checkLength(data.length, rows, cols);
        return new Tensor(rows, cols, DType.FLOAT64, null, data);
    }

    /**
     * A tensor holding a copy of the given rows, which must all have the same length.
     *
     * @param dtype the element type of the tensors
     * @param values the values
     * @return a tensor holding a copy of the given rows, which must all have the same length
     */
    public static Tensor of(DType dtype, double[][] values) {
        int cols = values.length == 0 ? 0 : values[0].length;
        Tensor t = zeros(dtype, values.length, cols);
        for (int r = 0; r < values.length; r++) {
            if (values[r].length != cols) {
                throw new ShapeException("row " + r + " has " + values[r].length + " values, row 0 has " + cols);
            }
            for (int c = 0; c < cols; c++) {
                t.set(r, c, values[r][c]);
            }
        }
        return t;
    }

    /**
     * A {@code [1, n]} row vector holding a copy of {@code values}.
     *
     * @param dtype the element type of the tensors
     * @param values the values
     * @return a {@code [1, n]} row vector holding a copy of {@code values}
     */
    public static Tensor row(DType dtype, double... values) {
        return of(dtype, new double[][] {values});
    }

    private static void checkLength(int length, int rows, int cols) {
        if (rows < 0 || cols < 0 || (long) rows * cols != length) {
            throw new ShapeException("storage of length " + length + " does not hold shape [" + rows + ", " + cols + "]");
        }
    }

    /**
     * A tensor of zeros with dimensions {@code dims} (batch first, e.g. {@code [batch, channels,
     * height, width]}); {@code [rows, cols]} gives the same as {@link #zeros(DType, int, int)}.
     *
     * @param dtype the element type of the tensors
     * @param dims the dimensions
     * @return a tensor of zeros with dimensions {@code dims} (batch first, e.g. {@code [batch, channels, height,
     *         width]}); {@code [rows, cols]} gives the same as {@link #zeros(DType, int, int)}
     */
    public static Tensor zeros(DType dtype, int[] dims) {
        int[] ds = checkDims(dims);
        long size = product(ds);
        if (size > Integer.MAX_VALUE - 8) {
            throw new ShapeException("a tensor of shape " + Arrays.toString(ds) + " has " + size
                    + " elements, more than one Java array holds");
        }
        return dtype == DType.FLOAT32
                ? new Tensor(ds, dtype, new float[(int) size], null)
                : new Tensor(ds, dtype, null, new double[(int) size]);
    }

    /**
     * A batch of {@code batch} examples of shape {@code example}, zeros: dimensions {@code [batch, ...example]}.
     *
     * @param dtype the element type of the tensors
     * @param batch the number of examples
     * @param example the shape of one example
     * @return a batch of {@code batch} examples of shape {@code example}, zeros: dimensions {@code [batch, ...example]}
     */
    public static Tensor zeros(DType dtype, int batch, Shape example) {
        return zeros(dtype, example.withBatch(batch));
    }

    /**
     * Wraps (does not copy) row-major float storage of exactly the elements of {@code dims}.
     *
     * @param data the storage, row-major (kept, not copied)
     * @param dims the dimensions
     * @return the tensor
     */
    public static Tensor wrap(float[] data, int[] dims) {
        int[] ds = checkDims(dims);
        if (product(ds) != data.length) {
            throw new ShapeException("storage of length " + data.length + " does not hold shape " + Arrays.toString(ds));
        }
        return new Tensor(ds, DType.FLOAT32, data, null);
    }

    /**
     * Wraps (does not copy) row-major double storage of exactly the elements of {@code dims}.
     *
     * @param data the storage, row-major (kept, not copied)
     * @param dims the dimensions
     * @return the tensor
     */
    public static Tensor wrap(double[] data, int[] dims) {
        int[] ds = checkDims(dims);
        if (product(ds) != data.length) {
            throw new ShapeException("storage of length " + data.length + " does not hold shape " + Arrays.toString(ds));
        }
        return new Tensor(ds, DType.FLOAT64, null, data);
    }

    private static int[] checkDims(int[] dims) {
        if (dims.length == 0) {
            throw new ShapeException("a tensor needs at least one dimension");
        }
        for (int x : dims) {
            if (x < 0) {
                throw new ShapeException("a tensor's shape must not be negative, got " + Arrays.toString(dims));
            }
        }
        return dims.clone();
    }

    private static long product(int[] dims) {
        long n = 1;
        for (int x : dims) {
            n *= x;
        }
        return n;
    }

    /**
     * The same storage seen with dimensions {@code dims} (no copy: writes through either are seen
     * by both). The number of elements must stay the same.
     *
     * @param dims the dimensions
     * @return the same storage seen with dimensions {@code dims} (no copy: writes through either are seen by both)
     */
    public Tensor reshape(int... dims) {
        int[] ds = checkDims(dims);
        if (product(ds) != size()) {
            throw new ShapeException("cannot reshape " + shape() + " (" + size() + " values) to " + Arrays.toString(ds)
                    + " (" + product(ds) + " values)");
        }
        return new Tensor(ds, dtype, f, d);
    }

    /**
     * The same storage as a batch of examples of shape {@code example}: {@code [rows, ...example]} (no copy).
     *
     * @param example the shape of one example
     * @return the same storage as a batch of examples of shape {@code example}: {@code [rows, ...example]} (no copy)
     */
    public Tensor reshape(Shape example) {
        if (example.size() != cols) {
            throw new ShapeException("cannot view " + shape() + " as a batch of " + example + ": an example has "
                    + cols + " values, the shape " + example.size());
        }
        return reshape(example.withBatch(rows));
    }

    /**
     * Whether this tensor's storage and dimensions are those of {@code dims}.
     *
     * @param dims the dimensions
     * @return whether this tensor's storage and dimensions are those of {@code dims}
     */
    public boolean hasDims(int[] dims) {
        return Arrays.equals(this.dims, dims);
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
     * Dimension {@code i}, from 0 (the batch).
     *
     * @param i the 0-based index
     * @return the size of dimension {@code i}
     */
    public int dim(int i) {
        return dims[i];
    }

    /**
     * The dimensions, batch first (a copy).
     *
     * @return the dimensions, batch first (a copy)
     */
    public int[] dims() {
        return dims.clone();
    }

    /**
     * The shape of one example: every dimension but the first ({@code [cols]} for a rank-2 tensor).
     *
     * @return the shape of one example: every dimension but the first ({@code [cols]} for a rank-2 tensor)
     */
    public Shape exampleShape() {
        return dims.length == 1 ? Shape.vector(dims[0]) : Shape.of(Arrays.copyOfRange(dims, 1, dims.length));
    }

    /**
     * @return the number of rows: the first dimension
     */
    public int rows() {
        return rows;
    }

    /**
     * @return the number of columns: the product of the other dimensions
     */
    public int cols() {
        return cols;
    }

    /**
     * {@code rows * cols}: the number of elements.
     *
     * @return {@code rows * cols}: the number of elements
     */
    public int size() {
        return rows * cols;
    }

    /**
     * @return the element type
     */
    public DType dtype() {
        return dtype;
    }

    /**
     * The dimensions as text, {@code [rows, cols]} or {@code [batch, channels, height, width]}, for messages.
     *
     * @return the dimensions as text, {@code [rows, cols]} or {@code [batch, channels, height, width]}, for messages
     */
    public String shape() {
        return Arrays.toString(dims);
    }

    /**
     * The float32 storage (live, row-major); fails for a FLOAT64 tensor.
     *
     * @return the float32 storage (live, row-major); fails for a FLOAT64 tensor
     */
    public float[] floats() {
        if (f == null) {
            throw new IllegalStateException("tensor " + shape() + " holds FLOAT64, not FLOAT32");
        }
        return f;
    }

    /**
     * The float64 storage (live, row-major); fails for a FLOAT32 tensor.
     *
     * @return the float64 storage (live, row-major); fails for a FLOAT32 tensor
     */
    public double[] doubles() {
        if (d == null) {
            throw new IllegalStateException("tensor " + shape() + " holds FLOAT32, not FLOAT64");
        }
        return d;
    }

    /**
     * @return whether the elements are float32
     */
    public boolean isFloat32() {
        return f != null;
    }

    /**
     * Element {@code (r, c)} widened to double.
     *
     * @param r the 0-based row
     * @param c the 0-based column
     * @return the element at row {@code r}, column {@code c}
     */
    public double get(int r, int c) {
        int i = index(r, c);
        return f != null ? f[i] : d[i];
    }

    /**
     * Writes element {@code (r, c)} (rounded to float for FLOAT32).
     *
     * @param r the 0-based row
     * @param c the 0-based column
     * @param value the value
     */
    public void set(int r, int c, double value) {
        int i = index(r, c);
        if (f != null) {
            f[i] = (float) value;
        } else {
            d[i] = value;
        }
    }

    /**
     * Element at flat row-major index {@code i}, widened to double.
     *
     * @param i the 0-based index
     * @return the element at flat index {@code i}
     */
    public double getFlat(int i) {
        return f != null ? f[i] : d[i];
    }

    /**
     * Writes the element at flat row-major index {@code i}.
     *
     * @param i the 0-based index
     * @param value the value
     */
    public void setFlat(int i, double value) {
        if (f != null) {
            f[i] = (float) value;
        } else {
            d[i] = value;
        }
    }

    private int index(int r, int c) {
        if (r < 0 || r >= rows || c < 0 || c >= cols) {
            throw new IndexOutOfBoundsException("index (" + r + ", " + c + ") is outside shape " + shape());
        }
        return r * cols + c;
    }

    /** Sets every element to zero (writes this tensor). */
    public void fillZero() {
        if (f != null) {
            Arrays.fill(f, 0f);
        } else {
            Arrays.fill(d, 0.0);
        }
    }

    /**
     * A deep copy with the same dtype.
     *
     * @return a deep copy with the same dtype
     */
    public Tensor copy() {
        return f != null ? new Tensor(dims, dtype, f.clone(), null) : new Tensor(dims, dtype, null, d.clone());
    }

    /**
     * A copy converted to {@code target} (this tensor itself copied when the dtype already matches).
     *
     * @param target the element type wanted
     * @return a copy converted to {@code target} (this tensor itself copied when the dtype already matches)
     */
    public Tensor to(DType target) {
        if (target == dtype) {
            return copy();
        }
        Tensor out = zeros(target, dims);
        out.copyFrom(this);
        return out;
    }

    /**
     * Copies {@code source}'s values into this tensor, converting dtype if needed (writes this tensor).
     *
     * @param source names the input in messages
     */
    public void copyFrom(Tensor source) {
        requireSameShape("copyFrom", this, source);
        if (f != null && source.f != null) {
            System.arraycopy(source.f, 0, f, 0, f.length);
        } else if (d != null && source.d != null) {
            System.arraycopy(source.d, 0, d, 0, d.length);
        } else if (f != null) {
            for (int i = 0; i < f.length; i++) {
                f[i] = (float) source.d[i];
            }
        } else {
            for (int i = 0; i < d.length; i++) {
                d[i] = source.f[i];
            }
        }
    }

    /**
     * Row {@code r} as a new double array.
     *
     * @param r the 0-based row
     * @return a copy of row {@code r}
     */
    public double[] rowAsDoubles(int r) {
        double[] out = new double[cols];
        for (int c = 0; c < cols; c++) {
            out[c] = get(r, c);
        }
        return out;
    }

    /**
     * All values as rows of doubles (a copy).
     *
     * @return a copy as {@code [rows][cols]} doubles
     */
    public double[][] toArray() {
        double[][] out = new double[rows][];
        for (int r = 0; r < rows; r++) {
            out[r] = rowAsDoubles(r);
        }
        return out;
    }

    /**
     * True if any element is NaN or infinite.
     *
     * @return true if any element is NaN or infinite
     */
    public boolean hasNonFinite() {
        if (f != null) {
            for (float v : f) {
                if (!Float.isFinite(v)) {
                    return true;
                }
            }
        } else {
            for (double v : d) {
                if (!Double.isFinite(v)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Bitwise equality of dimensions, dtype and contents.
     *
     * @param other another tensor
     * @return whether same bits
     */
    public boolean sameBits(Tensor other) {
        return Arrays.equals(dims, other.dims) && dtype == other.dtype
                && (f != null ? Arrays.equals(f, other.f) : Arrays.equals(d, other.d));
    }

    /**
     * Throws a {@link ShapeException} naming {@code operation} and both shapes unless their
     * two-dimensional views {@code [rows, cols]} are equal.
     *
     * @param operation names the operation in the message
     * @param a one tensor
     * @param b the other tensor
     */
    public static void requireSameShape(String operation, Tensor a, Tensor b) {
        if (a.rows != b.rows || a.cols != b.cols) {
            throw new ShapeException(operation + ": shapes " + a.shape() + " and " + b.shape() + " differ");
        }
    }

    /**
     * Throws unless both tensors share a dtype.
     *
     * @param operation names the operation in the message
     * @param a one tensor
     * @param b the other tensor
     */
    public static void requireSameType(String operation, Tensor a, Tensor b) {
        if (a.dtype != b.dtype) {
            throw new IllegalArgumentException(operation + ": dtypes " + a.dtype + " and " + b.dtype + " differ");
        }
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Tensor").append(shape()).append(' ').append(dtype).append(' ');
        int shown = Math.min(rows, 6);
        sb.append('[');
        for (int r = 0; r < shown; r++) {
            sb.append(Arrays.toString(rowAsDoubles(r)));
            if (r + 1 < shown) {
                sb.append(", ");
            }
        }
        if (shown < rows) {
            sb.append(", ...");
        }
        return sb.append(']').toString();
    }
}
