package dev.chainrule.cli;

import dev.chainrule.io.Excerpt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Bad input found by trying the command line case by case: each is refused with exit 2 and one
 * line naming the file or layer, and Ctrl-C or SIGTERM ends a command with 130 and a message.
 */
class HardeningCasesTest {

    private static void oneLine(Cli.Result r, String... expected) {
        assertEquals(Main.BAD_INPUT, r.status(), r.toString());
        List<String> lines = r.err().lines().toList();
        assertEquals(1, lines.size(), r.err());
        assertTrue(lines.get(0).length() <= Excerpt.MAX_LINE, lines.get(0));
        for (String e : expected) {
            assertTrue(lines.get(0).contains(e), "expected '" + e + "' in: " + lines.get(0));
        }
    }

    @Test
    void initFromAFolderOrAPipeIsRefusedByNameWithoutWaiting(@TempDir Path dir) throws Exception {
        oneLine(Cli.run("train", "--epochs", "1", "--init-from", dir.toString()), dir.toString(), "is a folder");
        Path fifo = dir.resolve("weights.safetensors");
        assumeTrue(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor() == 0, "needs mkfifo");
        Cli.Result r = assertTimeoutPreemptively(Duration.ofSeconds(60),
                () -> Cli.run("train", "--epochs", "1", "--init-from", fifo.toString()));
        oneLine(r, fifo.toString(), "not a regular file");
    }

    @Test
    void convolutionOutputsThatWouldNotFitAreRefusedNamingTheLayerBeforeTraining(@TempDir Path dir) throws Exception {
        // 300,000 filters are 2.7 million weights, but their outputs for a batch of 128 digits are 1.4 billion values
        Path net = Files.writeString(dir.resolve("wide.json"), "{\"input\": [1, 8, 8], \"layers\": [{\"conv2d\": 300000,"
                + " \"kernel\": 3}, {\"globalavgpool2d\": true}, {\"dense\": 10}],"
                + " \"loss\": \"softmax-ce\"}");
        Cli.Result r = Cli.run("train", "--data", "digits", "--network", net.toString(), "--batch", "128", "--epochs", "1");
        oneLine(r, "layer 1 (conv2d", "for a batch of 128", "chainrule.maxTensorElements");
        assertFalse(r.out().contains("epoch 1"), r.out());
    }

    /** The real JVM (not in-process): its signal handling is the command's. */
    private static Process startTraining(Path dir) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), Main.class.getName(), "train",
                "--data", "digits", "--hidden", "8", "--epochs", "100000", "--progress", "lines")
                .directory(dir.toFile()).redirectError(dir.resolve("err.txt").toFile()).start(); // destroy() closes the pipes
    }

    @Test
    void sigtermEndsTheCommandWith130AndSaysSo(@TempDir Path dir) throws Exception {
        Process p = startTraining(dir);
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            do {
                line = out.readLine();
            } while (line != null && !line.startsWith("epoch"));
            assertTrue(line != null, "training started");
            p.destroy(); // SIGTERM
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "ended");
        } finally {
            p.destroyForcibly();
        }
        assertEquals(TrainCommand.INTERRUPTED, p.exitValue());
        String err = Files.readString(dir.resolve("err.txt"));
        List<String> lines = new ArrayList<>(err.lines().filter(l -> !l.startsWith("WARNING")).toList());
        assertEquals(1, lines.size(), err);
        assertTrue(lines.get(0).startsWith("chainrule train: interrupted"), err);
    }
}
