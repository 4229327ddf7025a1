package dev.chainrule.bench;

import dev.chainrule.data.Dataset;
import dev.chainrule.tensor.DType;
import dev.chainrule.tensor.Tensor;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * A minimal reader for MNIST-layout IDX files (gzipped or not), enough for the benchmarks:
 * pixels scaled to [0, 1] as the reference scripts do, one-hot labels. (The library's own
 * loader lives in {@code dev.chainrule.data} once it lands.)
 */
final class Idx {
    private Idx() {
    }

    /** {@code train} or {@code t10k} from a folder of {@code PREFIX-images-idx3-ubyte[.gz]} files. */
    static Dataset load(Path dir, String prefix) throws IOException {
        byte[] images = read(dir, prefix + "-images-idx3-ubyte");
        byte[] labels = read(dir, prefix + "-labels-idx1-ubyte");
        int n = readInt(images, 4);
        int rows = readInt(images, 8);
        int cols = readInt(images, 12);
        int features = rows * cols;
        if (readInt(labels, 4) != n) {
            throw new IOException(dir + "/" + prefix + ": " + n + " images but " + readInt(labels, 4) + " labels");
        }
        float[] x = new float[n * features];
        for (int i = 0; i < x.length; i++) {
            x[i] = (images[16 + i] & 0xff) / 255f;
        }
        float[] t = new float[n * 10];
        for (int i = 0; i < n; i++) {
            t[i * 10 + (labels[8 + i] & 0xff)] = 1f;
        }
        List<String> classes = new ArrayList<>();
        for (int c = 0; c < 10; c++) {
            classes.add(Integer.toString(c));
        }
        return new Dataset(prefix, Tensor.wrap(x, n, features), Tensor.wrap(t, n, 10), classes);
    }

    private static byte[] read(Path dir, String name) throws IOException {
        Path gz = dir.resolve(name + ".gz");
        Path plain = dir.resolve(name);
        if (Files.exists(gz)) {
            try (InputStream in = new GZIPInputStream(Files.newInputStream(gz), 1 << 16)) {
                return in.readAllBytes();
            }
        }
        try (InputStream in = Files.newInputStream(plain)) {
            return new DataInputStream(in).readAllBytes();
        }
    }

    private static int readInt(byte[] b, int off) {
        return ((b[off] & 0xff) << 24) | ((b[off + 1] & 0xff) << 16) | ((b[off + 2] & 0xff) << 8) | (b[off + 3] & 0xff);
    }

    static DType dtype() {
        return DType.FLOAT32;
    }
}
