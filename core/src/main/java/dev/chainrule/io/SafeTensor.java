package dev.chainrule.io;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * One tensor of a safetensors file: its element type, its shape, and its values as the file
 * stores them (row-major, little-endian). Immutable: the accessors copy.
 *
 * <p>Element types are the format's names: {@code F64}, {@code F32}, {@code F16}, {@code BF16},
 * {@code I64}, {@code I32}, {@code I16}, {@code I8}, {@code U64}, {@code U32}, {@code U16},
 * {@code U8}, {@code BOOL}, and the 8-bit floats {@code F8_E4M3} and {@code F8_E5M2} (read and
 * bounds-checked, but not converted to numbers).
 */
public final class SafeTensor {
    private final String dtype;
    private final int[] shape;
    private final byte[] data;

    private SafeTensor(String dtype, int[] shape, byte[] data) {
        this.dtype = dtype;
        this.shape = shape;
        this.data = data;
    }

    /**
     * A tensor from its stored bytes; {@code data.length} must be the element count times the
     * element size.
     *
     * @param dtype the element type of the tensors
     * @param shape the dimensions
     * @param data the values as little-endian bytes
     * @return a tensor from its stored bytes; {@code data.length} must be the element count times the element size
     */
    public static SafeTensor of(String dtype, int[] shape, byte[] data) {
        int size = elementSize(dtype);
        if (size < 0) {
            throw new IllegalArgumentException("unknown safetensors dtype \"" + dtype + "\"");
        }
        long bytes;
        try {
            bytes = Math.multiplyExact(elements(shape), size);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("a " + dtype + " tensor of shape " + Arrays.toString(shape)
                    + " has more elements than a file can hold");
        }
        if (bytes != data.length) {
            throw new IllegalArgumentException("a " + dtype + " tensor of shape " + Arrays.toString(shape) + " needs "
                    + bytes + " bytes, got " + data.length);
        }
        return new SafeTensor(dtype, shape.clone(), data.clone());
    }

    /**
     * An {@code F32} tensor holding {@code values} (row-major) in the given shape.
     *
     * @param shape the dimensions
     * @param values the values, row-major
     * @return an {@code F32} tensor holding {@code values} (row-major) in the given shape
     */
    public static SafeTensor ofFloats(int[] shape, float[] values) {
        checkCount(shape, values.length);
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            b.putInt(Float.floatToRawIntBits(v));
        }
        return new SafeTensor("F32", shape.clone(), b.array());
    }

    /**
     * An {@code F64} tensor holding {@code values} (row-major) in the given shape.
     *
     * @param shape the dimensions
     * @param values the values, row-major
     * @return an {@code F64} tensor holding {@code values} (row-major) in the given shape
     */
    public static SafeTensor ofDoubles(int[] shape, double[] values) {
        checkCount(shape, values.length);
        ByteBuffer b = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (double v : values) {
            b.putLong(Double.doubleToRawLongBits(v));
        }
        return new SafeTensor("F64", shape.clone(), b.array());
    }

    private static void checkCount(int[] shape, int count) {
        if (elements(shape) != count) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " holds " + elements(shape)
                    + " values, got " + count);
        }
    }

    /** The number of elements of a shape ({@code 1} for the scalar shape {@code []}); dimensions must be {@code >= 0}. */
    static long elements(int[] shape) {
        long n = 1;
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("a shape's dimensions must be >= 0, got " + Arrays.toString(shape));
            }
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    /** Bytes per element of a safetensors dtype, or -1 for a name the format does not define. */
    static int elementSize(String dtype) {
        return switch (dtype) {
            case "F64", "I64", "U64" -> 8;
            case "F32", "I32", "U32" -> 4;
            case "F16", "BF16", "I16", "U16" -> 2;
            case "I8", "U8", "BOOL", "F8_E4M3", "F8_E5M2" -> 1;
            default -> -1;
        };
    }

    /**
     * The element type, e.g. {@code F32}.
     *
     * @return the element type, e.g. {@code F32}
     */
    public String dtype() {
        return dtype;
    }

    /**
     * The shape, e.g. {@code [50, 784]} for a PyTorch Linear weight; {@code []} for a scalar.
     *
     * @return the shape, e.g. {@code [50, 784]} for a PyTorch Linear weight; {@code []} for a scalar
     */
    public int[] shape() {
        return shape.clone();
    }

    /**
     * The number of elements.
     *
     * @return the number of elements
     */
    public int size() {
        return (int) elements(shape);
    }

    /**
     * The stored bytes: row-major, little-endian.
     *
     * @return the stored bytes: row-major, little-endian
     */
    public byte[] data() {
        return data.clone();
    }

    /** Bytes of storage. */
    int byteCount() {
        return data.length;
    }

    /** Writes the stored bytes to {@code out}. */
    void writeTo(ByteBuffer out) {
        out.put(data);
    }

    /**
     * Whether the values are numbers this class converts ({@link #toDoubles()}): every dtype but the 8-bit floats.
     *
     * @return whether the values are numbers this class converts ({@link #toDoubles()}): every dtype but the 8-bit
     *         floats
     */
    public boolean isNumeric() {
        return !dtype.startsWith("F8_");
    }

    /**
     * The values as doubles, row-major: exact for every dtype except {@code I64} and {@code U64}
     * beyond 2^53 (rounded). {@code F16} and {@code BF16} are widened exactly.
     *
     * @return the values as doubles, row-major: exact for every dtype except {@code I64} and {@code U64} beyond 2^53
     *         (rounded)
     * @throws IllegalArgumentException for the 8-bit float types
     */
    public double[] toDoubles() {
        ByteBuffer b = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        int n = size();
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = switch (dtype) {
                case "F64" -> b.getDouble();
                case "F32" -> b.getFloat();
                case "F16" -> halfToFloat(b.getShort());
                case "BF16" -> Float.intBitsToFloat((b.getShort() & 0xffff) << 16);
                case "I64" -> b.getLong();
                case "U64" -> unsigned64(b.getLong());
                case "I32" -> b.getInt();
                case "U32" -> b.getInt() & 0xffffffffL;
                case "I16" -> b.getShort();
                case "U16" -> b.getShort() & 0xffff;
                case "I8" -> b.get();
                case "U8", "BOOL" -> b.get() & 0xff;
                default -> throw new IllegalArgumentException("chainrule does not convert " + dtype
                        + " values to numbers; save the weights as F32");
            };
        }
        return out;
    }

    /**
     * The values as floats, row-major: exact for {@code F32}, {@code F16} and {@code BF16};
     * {@code F64} values are rounded to the nearest float.
     *
     * @return the values as floats, row-major: exact for {@code F32}, {@code F16} and {@code BF16}; {@code F64} values
     *         are rounded to the nearest float
     */
    public float[] toFloats() {
        if (dtype.equals("F32")) {
            float[] out = new float[size()];
            ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
            return out;
        }
        double[] d = toDoubles();
        float[] out = new float[d.length];
        for (int i = 0; i < d.length; i++) {
            out[i] = (float) d[i];
        }
        return out;
    }

    private static double unsigned64(long v) {
        return v >= 0 ? v : (double) (v >>> 1) * 2 + (v & 1);
    }

    /** IEEE 754 binary16 to float, exactly (subnormals, infinities and NaN included). */
    static float halfToFloat(short bits) {
        int h = bits & 0xffff;
        int exponent = (h >>> 10) & 0x1f;
        int mantissa = h & 0x3ff;
        float magnitude;
        if (exponent == 0) {
            magnitude = Math.scalb((float) mantissa, -24);
        } else if (exponent == 0x1f) {
            magnitude = mantissa == 0 ? Float.POSITIVE_INFINITY : Float.NaN;
        } else {
            magnitude = Math.scalb((float) (mantissa | 0x400), exponent - 25);
        }
        return (h & 0x8000) != 0 ? -magnitude : magnitude;
    }

    /** Same dtype, shape and bytes. */
    @Override
    public boolean equals(Object o) {
        return o instanceof SafeTensor t && dtype.equals(t.dtype) && Arrays.equals(shape, t.shape)
                && Arrays.equals(data, t.data);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * dtype.hashCode() + Arrays.hashCode(shape)) + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return dtype + " " + Arrays.toString(shape);
    }
}
