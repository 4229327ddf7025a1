package dev.chainrule.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A convolutional network (convolutions over several example groups, batch norm, max pooling,
 * dropout, dense) trained with 1, 2 and 3 threads, each in its own JVM (the kernels' pools are
 * sized once per process): the three model files are the same, byte for byte.
 */
class ThreadCountSameBitsTest {
    static final String NETWORK = "{\"input\": [1, 8, 8], \"layers\": [{\"conv2d\": 16, \"kernel\": 3, \"padding\": 1},"
            + " {\"batchnorm\": {}}, {\"activation\": \"relu\"}, {\"maxpool2d\": 2},"
            + " {\"conv2d\": 32, \"kernel\": 3, \"padding\": \"same\"}, {\"activation\": \"relu\"}, {\"dropout\": 0.2},"
            + " {\"flatten\": true}, {\"dense\": 32}, {\"activation\": \"relu\"}, {\"dense\": 10}], \"loss\": \"softmax-ce\"}";

    @Test
    void oneTwoAndThreeThreadsWriteTheSameModel(@TempDir Path dir) throws Exception {
        Path net = dir.resolve("cnn.json");
        Files.writeString(net, NETWORK);
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> digests = new ArrayList<>();
        for (int threads = 1; threads <= 3; threads++) {
            Path model = dir.resolve("t" + threads + ".model");
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "--add-modules", "jdk.incubator.vector", "-cp", classPath, "dev.chainrule.cli.Main",
                    "train", "--network", net.toString(), "--epochs", "2", "--batch", "128", "--optimizer", "momentum",
                    "--threads", String.valueOf(threads), "--progress", "none", "--out", model.toString()));
            Process p = new ProcessBuilder(command).directory(new File(System.getProperty("user.dir")))
                    .redirectOutput(dir.resolve("out" + threads).toFile()).redirectError(dir.resolve("err" + threads).toFile())
                    .start();
            assertTrue(p.waitFor(240, TimeUnit.SECONDS), "the run with " + threads + " threads ended");
            assertEquals(0, p.exitValue(), Files.readString(dir.resolve("err" + threads)));
            digests.add(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(model))));
        }
        assertEquals(digests.get(0), digests.get(1), "1 and 2 threads");
        assertEquals(digests.get(0), digests.get(2), "1 and 3 threads");
    }
}
