package dev.chainrule.examples;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The README's CNN-S in Java builds and trains as written (on a few generated 28x28 images, to stay quick). */
class CnnTourTest {

    @Test
    void readmeCnnTrainsOnImages(@TempDir Path dir) throws Exception {
        // 10 classes: class c is a bright band of rows 2c+4 .. 2c+6 on a noisy background
        Random random = new Random(4);
        writeSet(dir, "train", 400, random);
        writeSet(dir, "t10k", 100, random);
        String out = SeedMainsTest.run(() -> CnnTour.main(new String[] {dir.toString(), "3"}));
        assertTrue(out.contains("206,922 parameters"), out);
        double accuracy = Double.parseDouble(out.lines().filter(l -> l.startsWith("test accuracy"))
                .findFirst().orElseThrow().split(" ")[2]);
        assertTrue(accuracy > 0.8, out);
    }

    @Test
    void readmeShowsTheCnnVerbatim() throws Exception {
        String source = Files.readString(Path.of("examples/src/main/java/dev/chainrule/examples/CnnTour.java"));
        String body = source.substring(source.indexOf("// README: begin") + "// README: begin".length(),
                source.indexOf("        // README: end"));
        String readme = Files.readString(Path.of("README.md"));
        for (String line : body.strip().split("\n")) {
            assertTrue(readme.contains(line.strip()), "README lacks: " + line.strip());
        }
    }

    private static void writeSet(Path dir, String prefix, int n, Random random) throws IOException {
        byte[] pixels = new byte[n * 784];
        byte[] labels = new byte[n];
        for (int i = 0; i < n; i++) {
            int c = i % 10;
            labels[i] = (byte) c;
            for (int p = 0; p < 784; p++) {
                int row = p / 28;
                boolean band = row >= 2 * c + 4 && row < 2 * c + 6;
                pixels[i * 784 + p] = (byte) ((band ? 180 : 0) + random.nextInt(60));
            }
        }
        Files.write(dir.resolve(prefix + "-images-idx3-ubyte.gz"), gzip(idx(new int[] {n, 28, 28}, pixels)));
        Files.write(dir.resolve(prefix + "-labels-idx1-ubyte.gz"), gzip(idx(new int[] {n}, labels)));
    }

    private static byte[] idx(int[] dims, byte[] data) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + data.length);
        b.put((byte) 0).put((byte) 0).put((byte) 0x08).put((byte) dims.length);
        for (int d : dims) {
            b.putInt(d);
        }
        return b.put(data).array();
    }

    private static byte[] gzip(byte[] raw) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(raw);
        }
        return out.toByteArray();
    }
}
