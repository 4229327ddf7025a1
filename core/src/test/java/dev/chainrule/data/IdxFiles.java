package dev.chainrule.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** Small generated IDX files for tests. */
final class IdxFiles {
    private IdxFiles() {
    }

    /** The bytes of an unsigned-byte IDX file with the given dimensions and data (not checked against each other). */
    static byte[] idx(int[] dims, byte[] data) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + data.length);
        b.put((byte) 0).put((byte) 0).put((byte) 0x08).put((byte) dims.length);
        for (int d : dims) {
            b.putInt(d);
        }
        b.put(data);
        return b.array();
    }

    static byte[] gzip(byte[] raw) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
                gz.write(raw);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code n} images of {@code side x side} with pixel {@code (i + p) % 256}, and labels {@code i % classes}. */
    static byte[][] imagesAndLabels(int n, int side, int classes) {
        byte[] pixels = new byte[n * side * side];
        for (int i = 0; i < n; i++) {
            for (int p = 0; p < side * side; p++) {
                pixels[i * side * side + p] = (byte) ((i + p) % 256);
            }
        }
        byte[] labels = new byte[n];
        for (int i = 0; i < n; i++) {
            labels[i] = (byte) (i % classes);
        }
        return new byte[][] {idx(new int[] {n, side, side}, pixels), idx(new int[] {n}, labels)};
    }

    /** Writes the four files of an IDX folder (gzipped or not): {@code trainN} and {@code testN} images of 4x4, 3 classes. */
    static Path folder(Path dir, int trainN, int testN, boolean gzip) throws IOException {
        Files.createDirectories(dir);
        byte[][] train = imagesAndLabels(trainN, 4, 3);
        byte[][] test = imagesAndLabels(testN, 4, 3);
        byte[][] all = {train[0], train[1], test[0], test[1]};
        for (int i = 0; i < 4; i++) {
            String name = IdxFolder.FILES.get(i) + (gzip ? ".gz" : "");
            Files.write(dir.resolve(name), gzip ? gzip(all[i]) : all[i]);
        }
        return dir;
    }
}
