package dev.chainrule.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Two identical training runs write identical model files: no timings or other run-to-run noise in them. */
class SameRunSameFileTest {
    @Test
    void twoIdenticalRunsWriteFilesWithTheSameSha256(@TempDir Path dir) throws Exception {
        String[] digests = new String[2];
        for (int i = 0; i < 2; i++) {
            Path model = dir.resolve("run" + i + ".model");
            Cli.Result r = Cli.run("train", "--epochs", "2", "--hidden", "16", "--dropout", "0.1", "--optimizer", "adam",
                    "--schedule", "cosine", "--early-stopping", "3", "--out", model.toString());
            assertEquals(0, r.status(), r.toString());
            digests[i] = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(model)));
        }
        assertEquals(digests[0], digests[1]);
    }

    @Test
    void aConvolutionalNetworkWithBatchNormToo(@TempDir Path dir) throws Exception {
        Path net = dir.resolve("cnn.json");
        Files.writeString(net, CnnModelFilesCommandsTest.NETWORK);
        String[] digests = new String[2];
        for (int i = 0; i < 2; i++) {
            Path model = dir.resolve("cnn" + i + ".model");
            Cli.Result r = Cli.run("train", "--network", net.toString(), "--epochs", "2", "--optimizer", "momentum",
                    "--validation-fraction", "0.1", "--early-stopping", "3", "--out", model.toString());
            assertEquals(0, r.status(), r.toString());
            digests[i] = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(model)));
        }
        assertEquals(digests[0], digests[1]);
    }
}
