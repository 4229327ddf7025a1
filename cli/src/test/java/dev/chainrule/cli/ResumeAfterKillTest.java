package dev.chainrule.cli;

import dev.chainrule.train.Checkpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code train --checkpoint} in a separate JVM, killed with SIGKILL (kill -9) in the middle of an
 * epoch or stopped with SIGTERM, then {@code train --resume}: the model file is the one the
 * uninterrupted run writes, byte for byte (Adam, a cosine schedule, dropout).
 */
class ResumeAfterKillTest {
    static final List<String> RUN = List.of("train", "--epochs", "6", "--hidden", "32", "--dropout", "0.2", "--optimizer",
            "adam", "--schedule", "cosine", "--batch", "16", "--progress", "lines");

    static List<String> args(String... more) {
        List<String> all = new ArrayList<>(RUN);
        all.addAll(Arrays.asList(more));
        return all;
    }

    /** The same command in a new JVM, on this test's class path. */
    static Process start(Path dir, List<String> args) throws Exception {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules", "jdk.incubator.vector", "-cp", classPath, "dev.chainrule.cli.Main"));
        command.addAll(args);
        return new ProcessBuilder(command).directory(new File(System.getProperty("user.dir")))
                .redirectOutput(dir.resolve("child.out").toFile()).redirectError(dir.resolve("child.err").toFile()).start();
    }

    static void deleteFolder(Path folder) throws Exception {
        if (Files.exists(folder)) {
            try (var files = Files.list(folder)) {
                for (Path f : files.toList()) {
                    Files.delete(f);
                }
            }
            Files.delete(folder);
        }
    }

    /** Waits until the checkpoint in {@code ck} has at least {@code steps} steps. */
    static Checkpoint waitForCheckpoint(Process child, Path ck, long steps) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            if (Files.exists(Checkpoint.file(ck))) {
                Checkpoint c = Checkpoint.read(ck);
                if (c.step() >= steps) {
                    return c;
                }
            }
            assertTrue(child.isAlive(), "the child stopped before its checkpoint reached step " + steps);
            Thread.sleep(5);
        }
        throw new AssertionError("no checkpoint with " + steps + " steps in two minutes");
    }

    @Test
    void killedWithSigkillMidEpochAndResumedWritesTheUninterruptedModelFile(@TempDir Path dir) throws Exception {
        Path whole = dir.resolve("whole.model");
        Cli.Result uninterrupted = Cli.run(args("--out", whole.toString()).toArray(String[]::new));
        assertEquals(0, uninterrupted.status(), uninterrupted.toString());

        Path ck = dir.resolve("ck");
        Path resumed = dir.resolve("resumed.model");
        Checkpoint last = null;
        for (int attempt = 0; attempt < 4 && (last == null || last.batch() == 90); attempt++) {
            // 90 batches per epoch; killed soon after step 30: inside epoch 1, unless this machine is very slow
            // between the poll and the kill, and then once more
            deleteFolder(ck);
            Process child = start(dir, args("--checkpoint", ck.toString(), "--checkpoint-every", "7", "--out",
                    resumed.toString()));
            waitForCheckpoint(child, ck, 30 + 20 * attempt);
            child.destroyForcibly(); // SIGKILL: no shutdown hook, no last checkpoint
            assertEquals(137, child.waitFor(), "killed by SIGKILL");
            last = Checkpoint.read(ck);
        }
        System.out.println("killed with SIGKILL; the last checkpoint: " + last.position());
        assertTrue(last.batch() > 0 && last.batch() < 90, "a checkpoint inside an epoch: " + last.position());
        assertFalse(Files.exists(resumed));
        assertFalse(last.finished(), last.position());

        Cli.Result r = Cli.run(args("--resume", ck.toString(), "--out", resumed.toString()).toArray(String[]::new));
        assertEquals(0, r.status(), r.toString());
        assertTrue(r.out().contains("resuming from " + Checkpoint.file(ck) + " at epoch "), r.out());
        assertArrayEquals(Files.readAllBytes(whole), Files.readAllBytes(resumed), "the same model file, byte for byte");
    }

    @Test
    void sigtermWritesALastCheckpointSaysWhereAndExits130(@TempDir Path dir) throws Exception {
        List<String> longer = new ArrayList<>(RUN);
        longer.set(longer.indexOf("--epochs") + 1, "12"); // so that it is still training when the signal comes
        Path whole = dir.resolve("whole.model");
        List<String> uninterrupted = new ArrayList<>(longer);
        uninterrupted.addAll(List.of("--out", whole.toString()));
        assertEquals(0, Cli.run(uninterrupted.toArray(String[]::new)).status());
        Path ck = dir.resolve("ck");
        Path resumed = dir.resolve("resumed.model");
        List<String> checkpointed = new ArrayList<>(longer);
        checkpointed.addAll(List.of("--checkpoint", ck.toString(), "--checkpoint-every", "10", "--out", resumed.toString()));
        Process child = start(dir, checkpointed);
        Checkpoint seen = waitForCheckpoint(child, ck, 20);
        child.destroy(); // SIGTERM
        assertEquals(130, child.waitFor(), Files.readString(dir.resolve("child.err")));
        String err = Files.readString(dir.resolve("child.err"));
        assertTrue(err.contains("wrote a last checkpoint to " + ck + "; resume with the same command and --resume " + ck),
                err);
        Checkpoint last = Checkpoint.read(ck);
        assertTrue(last.step() > seen.step(), "a last checkpoint after the signal: " + last.position());
        assertFalse(Files.exists(resumed), "an interrupted run saves no model");

        List<String> resume = new ArrayList<>(longer);
        resume.addAll(List.of("--resume", ck.toString(), "--out", resumed.toString()));
        Cli.Result r = Cli.run(resume.toArray(String[]::new));
        assertEquals(0, r.status(), r.toString());
        assertArrayEquals(Files.readAllBytes(whole), Files.readAllBytes(resumed));
    }

    @Test
    void aResumeWithOtherSettingsIsRefusedInOneLine(@TempDir Path dir) throws Exception {
        Path ck = dir.resolve("ck");
        Cli.Result first = Cli.run("train", "--epochs", "2", "--hidden", "16", "--checkpoint", ck.toString());
        assertEquals(0, first.status(), first.toString());
        Cli.Result again = Cli.run("train", "--epochs", "2", "--hidden", "16", "--checkpoint", ck.toString());
        assertEquals(2, again.status(), again.toString());
        assertTrue(again.err().contains("already holds a checkpoint; continue it with --resume"), again.err());
        Cli.Result finished = Cli.run("train", "--epochs", "2", "--hidden", "16", "--resume", ck.toString());
        assertEquals(2, finished.status(), finished.toString());
        assertTrue(finished.err().contains("holds a finished run"), finished.err());
        Cli.Result other = Cli.run("train", "--epochs", "2", "--hidden", "16", "--lr", "0.2", "--resume", ck.toString());
        assertEquals(2, other.status(), other.toString());
        assertEquals(1, other.err().strip().lines().count(), other.err());
        assertTrue(other.err().contains("cannot resume: the optimizer differs from the checkpoint's (SGD(lr=0.1) then,"
                + " SGD(lr=0.2) now)"), other.err());
        Cli.Result data = Cli.run("train", "--epochs", "2", "--hidden", "16", "--test-fraction", "0.3", "--resume",
                ck.toString());
        assertEquals(2, data.status(), data.toString());
        assertTrue(data.err().contains("cannot resume: the data options differ"), data.err());
    }
}
