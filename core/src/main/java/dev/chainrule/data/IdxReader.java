package dev.chainrule.data;

import dev.chainrule.io.Limits;
import dev.chainrule.tensor.DType;
import dev.chainrule.tensor.Tensor;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads an IDX file (the MNIST format), plain or gzipped (told apart by the gzip magic bytes
 * {@code 1f 8b}, not by the name; any number of gzip members).
 *
 * <p>Layout: a 4-byte magic number {@code 00 00 TT D} (TT the element type, D the dimension
 * count), D big-endian 32-bit dimensions, then {@code d1 * d2 * ... * dD} elements in row-major
 * order. Only unsigned bytes ({@code TT = 0x08}) are read: labels are {@code 0x00000801}
 * ({@code [n]}), images {@code 0x00000803} ({@code [n, rows, cols]}).
 *
 * <p>The whole header is checked before anything is allocated: magic, element type, dimension
 * count, dimensions (at least 1), the size the header implies against {@link Limits} and the free
 * heap, and, for a plain file, against the file's length. A header claiming billions of images is
 * refused at once; data that ends early, or goes on after the last element, is refused too.
 * Images are streamed straight into the float32 (or float64) storage of their tensor, 4 bytes per
 * pixel and no copy of the file.
 */
public final class IdxReader {
    private static final int UNSIGNED_BYTE = 0x08;

    private IdxReader() {
    }

    /**
     * An IDX array of unsigned bytes.
     *
     * @param dims the dimensions, e.g. {@code [60000, 28, 28]}
     * @param data {@code product(dims)} bytes, row-major; read each as {@code data[i] & 0xff}
     */
    public record IdxArray(int[] dims, byte[] data) {
        /**
         * Elements along the first dimension (images or labels).
         *
         * @return the number of items (the first dimension)
         */
        public int count() {
            return dims[0];
        }

        /**
         * Unsigned value of element {@code i}.
         *
         * @param i the 0-based index into the data
         * @return the unsigned byte there
         */
        public int get(int i) {
            return data[i] & 0xff;
        }
    }

    /** The dimensions a header gives, with the element count and the header's length. */
    private record Header(int[] dims, long elements, long headerBytes, String shape) {
    }

    /**
     * Reads an IDX file that must have {@code dimensions} dimensions (1 for labels, 3 for images) as
     * bytes.
     *
     * @param file the IDX file, gzipped or not
     * @param dimensions the number of dimensions expected (1 for labels, 3 for images)
     * @return the array
     * @throws DataFormatException naming the file and what is wrong
     */
    public static IdxArray read(Path file, int dimensions) {
        String source = file.toString();
        try (InputStream in = DataFiles.open(file)) {
            try {
                Header h = header(in, file, dimensions);
                Limits.checkTensor(source, h.dims()[0], h.elements() / h.dims()[0], 1);
                byte[] data = new byte[(int) h.elements()];
                int read = in.readNBytes(data, 0, data.length);
                if (read < data.length) {
                    throw new DataFormatException(source, 0, "truncated: " + read + " of " + data.length + " data bytes");
                }
                requireEnd(in, source, data.length);
                return new IdxArray(h.dims(), data);
            } catch (IllegalArgumentException e) {
                throw DataFiles.blameGzip(in, e);
            }
        } catch (IOException e) {
            throw DataFiles.failure(source, e);
        }
    }

    /**
     * Reads an IDX image file straight into a tensor {@code [count, height * width]} of pixels
     * scaled by {@code pixels} ({@code x = byte / maxValue}); the images must be
     * {@code pixels.height() x pixels.width()}.
     *
     * @param file the file
     * @param pixels the image size and the scaling of the pixel values
     * @param dtype the element type of the tensors
     * @return the tensor
     */
    public static Tensor readImages(Path file, PixelScaling pixels, DType dtype) {
        String source = file.toString();
        try (InputStream in = DataFiles.open(file)) {
            try {
                Header h = header(in, file, 3);
                if (h.dims()[1] != pixels.height() || h.dims()[2] != pixels.width()) {
                    throw new DataFormatException(source, 0, "images of " + h.dims()[1] + "x" + h.dims()[2] + " pixels, expected "
                            + pixels.height() + "x" + pixels.width());
                }
                return pixels(in, source, h, pixels.maxValue(), dtype);
            } catch (IllegalArgumentException e) {
                throw DataFiles.blameGzip(in, e);
            }
        } catch (IOException e) {
            throw DataFiles.failure(source, e);
        }
    }

    /** The image dimensions {@code [count, rows, cols]} an IDX image file's header gives. */
    static int[] imageDims(Path file) {
        return dims(file, 3);
    }

    /**
     * The dimensions an IDX file's header gives, e.g. {@code [60000, 28, 28]}, checked as
     * {@link #read} checks them, without reading the elements.
     *
     * @param file the IDX file, gzipped or not
     * @param dimensions the number of dimensions expected (1 for labels, 3 for images)
     * @return the dimensions
     * @throws DataFormatException naming the file and what is wrong with its header
     */
    public static int[] dims(Path file, int dimensions) {
        try (InputStream in = DataFiles.open(file)) {
            try {
                return header(in, file, dimensions).dims();
            } catch (IllegalArgumentException e) {
                throw DataFiles.blameGzip(in, e);
            }
        } catch (IOException e) {
            throw DataFiles.failure(file.toString(), e);
        }
    }

    private static Tensor pixels(InputStream in, String source, Header h, double maxValue, DType dtype) throws IOException {
        int n = h.dims()[0];
        int inputs = (int) (h.elements() / n);
        Limits.checkTensor(source + ": the images", n, inputs, dtype == DType.FLOAT32 ? Float.BYTES : Double.BYTES);
        Tensor x = Tensor.zeros(dtype, n, inputs);
        byte[] chunk = new byte[1 << 16];
        long total = h.elements();
        long done = 0;
        float[] f = x.isFloat32() ? x.floats() : null;
        double[] d = x.isFloat32() ? null : x.doubles();
        float maxFloat = (float) maxValue;
        while (done < total) {
            int want = (int) Math.min(chunk.length, total - done);
            int got = in.readNBytes(chunk, 0, want);
            if (got < want) {
                long images = (done + got) / inputs;
                throw new DataFormatException(source, 0, "truncated: the data ends after " + images + " of the " + n
                        + " images the header gives (" + (done + got) + " of " + total + " bytes)");
            }
            int at = (int) done;
            if (f != null) {
                for (int i = 0; i < got; i++) {
                    f[at + i] = (chunk[i] & 0xff) / maxFloat;
                }
            } else {
                for (int i = 0; i < got; i++) {
                    d[at + i] = (chunk[i] & 0xff) / maxValue;
                }
            }
            done += got;
        }
        requireEnd(in, source, total);
        // an image file's [count, rows, cols] images are [count, 1, rows, cols]: one channel
        return h.dims().length == 3 ? x.reshape(n, 1, h.dims()[1], h.dims()[2]) : x;
    }

    private static Header header(InputStream in, Path file, int dimensions) throws IOException {
        String source = file.toString();
        byte[] magic = in.readNBytes(4);
        if (magic.length < 4) {
            throw new DataFormatException(source, 0, "truncated: " + magic.length + " bytes, an IDX file starts with a 4-byte magic number");
        }
        int type = magic[2] & 0xff;
        int dimCount = magic[3] & 0xff;
        if (magic[0] != 0 || magic[1] != 0) {
            throw new DataFormatException(source, 0, String.format("not an IDX file: magic number 0x%02x%02x%02x%02x, expected 0x0000080%d",
                    magic[0], magic[1], magic[2], magic[3], dimensions));
        }
        if (type != UNSIGNED_BYTE) {
            throw new DataFormatException(source, 0, String.format("element type 0x%02x is not supported; expected 0x08 (unsigned byte)", type));
        }
        if (dimCount != dimensions) {
            throw new DataFormatException(source, 0, "header has " + dimCount + " dimensions, expected " + dimensions
                    + (dimensions == 1 ? " (labels)" : " (images: count, rows, columns)"));
        }
        byte[] dimBytes = in.readNBytes(4 * dimCount);
        if (dimBytes.length < 4 * dimCount) {
            throw new DataFormatException(source, 0, "truncated in the header: " + (4 + dimBytes.length) + " bytes, the header needs "
                    + (4 + 4 * dimCount));
        }
        int[] dims = new int[dimCount];
        long elements = 1;
        StringBuilder shape = new StringBuilder();
        for (int i = 0; i < dimCount; i++) {
            int o = 4 * i;
            long d = ((dimBytes[o] & 0xffL) << 24) | ((dimBytes[o + 1] & 0xff) << 16) | ((dimBytes[o + 2] & 0xff) << 8) | (dimBytes[o + 3] & 0xff);
            shape.append(i == 0 ? "" : " x ").append(d);
            if (d < 1 || d > Integer.MAX_VALUE) {
                throw new DataFormatException(source, 0, "dimension " + (i + 1) + " is " + d + "; expected 1 to " + Integer.MAX_VALUE);
            }
            dims[i] = (int) d;
            elements = Math.min(elements * d, Long.MAX_VALUE / Integer.MAX_VALUE);
        }
        if (elements > Limits.MAX_ARRAY) {
            throw new DataFormatException(source, 0, "header claims " + shape + " elements, more than " + Limits.MAX_ARRAY
                    + " (what one array holds); the file is corrupt");
        }
        long headerBytes = 4L + 4L * dimCount;
        long size = Files.size(file);
        long expected = headerBytes + elements;
        if (GzipStream.isGzip(head(file), 2)) {
            // deflate packs at most 1032 bytes into one, so a short file cannot hold what a large header claims
            if (expected > GzipStream.MAX_RATIO * size) {
                throw new DataFormatException(source, 0, "header says " + shape + " elements, so " + expected + " bytes, but "
                        + size + " gzipped bytes hold at most " + GzipStream.MAX_RATIO * size + ": the file is truncated or corrupt");
            }
        } else {
            if (expected != size) {
                throw new DataFormatException(source, 0, "header says " + shape + " elements, so " + expected + " bytes, but the file has "
                        + size + " bytes: the file is " + (size < expected ? "truncated" : "longer than its header says") + " or corrupt");
            }
        }
        return new Header(dims, elements, headerBytes, shape.toString());
    }

    private static byte[] head(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] b = in.readNBytes(2);
            return b.length == 2 ? b : new byte[2];
        }
    }

    private static void requireEnd(InputStream in, String source, long elements) throws IOException {
        if (in.read() != -1) {
            throw new DataFormatException(source, 0, "bytes left over after the " + elements + " elements the header gives;"
                    + " the file is longer than its header says or corrupt");
        }
    }
}
