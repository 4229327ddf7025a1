package dev.chainrule.data;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads an IDX file (the MNIST format), plain or gzipped (told apart by the gzip magic bytes
 * {@code 1f 8b}, not by the name).
 *
 * <p>Layout: a 4-byte magic number {@code 00 00 TT D} (TT the element type, D the dimension
 * count), D big-endian 32-bit dimensions, then {@code d1 * d2 * ... * dD} elements in row-major
 * order. Only unsigned bytes ({@code TT = 0x08}) are read: labels are {@code 0x00000801}
 * ({@code [n]}), images {@code 0x00000803} ({@code [n, rows, cols]}).
 *
 * <p>The whole header is checked before anything is allocated: magic, element type, dimension
 * count, dimensions (at least 1, a product that fits a Java array), and the exact length the
 * header implies, against the file size for a plain file and against the uncompressed size in the
 * gzip trailer for a gzipped one. A header claiming billions of images is refused at once; a file
 * that ends early or has bytes left over is refused too.
 */
public final class IdxReader {
    /** Largest element count read (a Java array's limit, with room to spare). */
    static final long MAX_ELEMENTS = Integer.MAX_VALUE - 8L;
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
        /** Elements along the first dimension (images or labels). */
        public int count() {
            return dims[0];
        }

        /** Unsigned value of element {@code i}. */
        public int get(int i) {
            return data[i] & 0xff;
        }
    }

    /**
     * Reads an IDX file that must have {@code dimensions} dimensions (1 for labels, 3 for images).
     *
     * @throws DataFormatException naming the file and what is wrong
     */
    public static IdxArray read(Path file, int dimensions) {
        String source = file.toString();
        try {
            long fileSize = Files.size(file);
            boolean gzip = isGzip(file);
            long uncompressedSize = gzip ? gzipTrailerSize(file, fileSize) : fileSize;
            try (InputStream raw = Files.newInputStream(file);
                 InputStream in = new BufferedInputStream(gzip ? new GZIPInputStream(raw, 1 << 16) : raw, 1 << 16)) {
                return read(in, source, dimensions, uncompressedSize, gzip);
            }
        } catch (NoSuchFileException e) {
            throw new DataFormatException(source, 0, "no such file");
        } catch (ZipException | EOFException e) {
            throw new DataFormatException(source, 0, "corrupt or truncated gzip data (" + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + source, e);
        }
    }

    private static IdxArray read(InputStream in, String source, int dimensions, long size, boolean gzip) throws IOException {
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
        if (elements > MAX_ELEMENTS) {
            throw new DataFormatException(source, 0, "header claims " + shape + " elements, more than " + MAX_ELEMENTS
                    + " (what one array holds); the file is corrupt");
        }
        long expected = 4L + 4L * dimCount + elements;
        boolean lengthOk = gzip ? (expected & 0xffffffffL) == size : expected == size;
        if (!lengthOk) {
            throw new DataFormatException(source, 0, "header says " + shape + " elements, so " + expected + " bytes"
                    + (gzip ? " uncompressed" : "") + ", but the " + (gzip ? "gzip trailer records " : "file has ") + size
                    + " bytes: the file is " + (size < expected ? "truncated" : "longer than its header says") + " or corrupt");
        }
        byte[] data = new byte[(int) elements];
        int read = in.readNBytes(data, 0, data.length);
        if (read < data.length) {
            throw new DataFormatException(source, 0, "truncated: " + read + " of " + data.length + " data bytes");
        }
        if (in.read() != -1) {
            throw new DataFormatException(source, 0, "bytes left over after the " + data.length + " elements the header gives");
        }
        return new IdxArray(dims, data);
    }

    private static boolean isGzip(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(2);
            return head.length == 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b;
        }
    }

    /** ISIZE, the last 4 bytes of a gzip file: the uncompressed length mod 2^32, little-endian. */
    private static long gzipTrailerSize(Path file, long fileSize) throws IOException {
        if (fileSize < 18) {
            throw new DataFormatException(file.toString(), 0, "truncated gzip file: " + fileSize + " bytes");
        }
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            f.seek(fileSize - 4);
            byte[] b = new byte[4];
            f.readFully(b);
            return (b[0] & 0xffL) | (b[1] & 0xffL) << 8 | (b[2] & 0xffL) << 16 | (b[3] & 0xffL) << 24;
        }
    }
}
