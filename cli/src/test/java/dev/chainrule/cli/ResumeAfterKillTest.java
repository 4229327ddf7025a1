package dev.chainrule.cli;

import dev.chainrule.train.Checkpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code train --checkpoint} in a separate JVM, killed with SIGKILL (kill -9) in the middle of an
 * epoch or at an epoch's end, or stopped with SIGTERM, then {@code train --resume}: the model file
 * is the one the uninterrupted run writes, byte for byte, and the {@code --log} rows and the
 * {@code --json} summary are the uninterrupted run's, timings aside (Adam, a cosine schedule,
 * dropout).
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

    /** The outputs of one run: the model file's bytes, the --log text without its seconds column, the --json line. */
    record Outputs(byte[] model, String log, Map<String, Object> json) {
        static Outputs of(Path dir, String name, Cli.Result r) throws Exception {
            assertEquals(0, r.status(), r.toString());
            String log = Files.readString(dir.resolve(name + ".csv")).lines().map(l -> l.substring(0, l.lastIndexOf(',')))
                    .collect(Collectors.joining("\n"));
            Map<String, Object> json = new LinkedHashMap<>(r.json());
            for (String timingOrPath : List.of("seconds", "seconds_per_epoch", "model", "report")) {
                assertTrue(json.remove(timingOrPath) != null || timingOrPath.equals("report"), timingOrPath);
            }
            return new Outputs(Files.readAllBytes(dir.resolve(name + ".model")), log, json);
        }

        /** The same bits in the model file, the same log rows and the same JSON summary, timings aside. */
        void assertSame(Outputs uninterrupted) {
            assertArrayEquals(uninterrupted.model, model, "the same model file, byte for byte");
            assertEquals(uninterrupted.log, log, "the same --log rows (seconds aside)");
            assertEquals(uninterrupted.json, json, "the same --json summary (seconds aside)");
        }
    }

    /** {@code --out NAME.model --log NAME.csv --json} in {@code dir}. */
    static String[] outputs(Path dir, String name) {
        return new String[] {"--out", dir.resolve(name + ".model").toString(), "--log", dir.resolve(name + ".csv").toString(),
            "--json"};
    }

    static List<String> with(List<String> run, String... more) {
        List<String> all = new ArrayList<>(run);
        all.addAll(Arrays.asList(more));
        return all;
    }

    /**
     * Kills {@code run} with SIGKILL once its checkpoint has {@code steps} steps; tries again, each time
     * later, while the last checkpoint is not the kind wanted ({@code wanted}); returns it.
     */
    static Checkpoint killed(Path dir, Path ck, List<String> run, long steps, long stepsLater,
                             java.util.function.Predicate<Checkpoint> wanted) throws Exception {
        Checkpoint last = null;
        for (int attempt = 0; attempt < 4 && (last == null || !wanted.test(last)); attempt++) {
            deleteFolder(ck);
            Process child = start(dir, run);
            waitForCheckpoint(child, ck, steps + stepsLater * attempt);
            child.destroyForcibly(); // SIGKILL: no shutdown hook, no last checkpoint
            assertEquals(137, child.waitFor(), "killed by SIGKILL");
            last = Checkpoint.read(ck);
        }
        System.out.println("killed with SIGKILL; the last checkpoint: " + last.position());
        assertFalse(last.finished(), last.position());
        return last;
    }

    @Test
    void killedWithSigkillMidEpochAndResumedWritesTheUninterruptedModelLogAndSummary(@TempDir Path dir) throws Exception {
        Outputs whole = Outputs.of(dir, "whole", Cli.run(args(outputs(dir, "whole")).toArray(String[]::new)));

        Path ck = dir.resolve("ck");
        // 90 batches per epoch; killed soon after step 30: inside epoch 1, unless this machine is very slow
        // between the poll and the kill, and then once more
        Checkpoint last = killed(dir, ck, args(with(List.of("--checkpoint", ck.toString(), "--checkpoint-every", "7",
                "--report", dir.resolve("resumed.html").toString()), outputs(dir, "resumed")).toArray(String[]::new)),
                30, 20, c -> c.batch() < 90);
        assertTrue(last.batch() > 0 && last.batch() < 90, "a checkpoint inside an epoch: " + last.position());
        assertFalse(Files.exists(dir.resolve("resumed.model")));

        Cli.Result r = Cli.run(args(with(List.of("--resume", ck.toString(), "--report",
                dir.resolve("resumed.html").toString()), outputs(dir, "resumed")).toArray(String[]::new))
                .toArray(String[]::new));
        assertTrue(r.out().contains("resuming from " + Checkpoint.file(ck) + " at epoch "), r.out());
        Outputs.of(dir, "resumed", r).assertSame(whole);
        assertTrue(Files.readString(dir.resolve("resumed.html")).contains("This run resumed an interrupted one from its"
                + " checkpoint at " + last.position()), "the report says where the run resumed");
    }

    @Test
    void killedWithSigkillAtAnEpochsEndAndResumedWritesTheUninterruptedModelLogAndSummary(@TempDir Path dir)
            throws Exception {
        // a numeric target, so the log has the held-out MAE, RMSE and R2 of every epoch; 20 batches per epoch,
        // checkpoints at epoch ends only
        List<String> run = List.of("train", "--data", RegressionCommandTest.ADMISSIONS, "--target", "gre", "--categorical",
                "rank", "--standardize", "gre,gpa", "--epochs", "400", "--hidden", "16", "--dropout", "0.2", "--optimizer",
                "adam", "--lr", "0.003", "--schedule", "cosine", "--batch", "16", "--progress", "none");
        Outputs whole = Outputs.of(dir, "whole", Cli.run(with(run, outputs(dir, "whole")).toArray(String[]::new)));

        Path ck = dir.resolve("ck");
        Checkpoint last = killed(dir, ck, with(with(run, "--checkpoint", ck.toString()), outputs(dir, "resumed")), 100, -30,
                c -> !c.finished());
        assertEquals(20, last.batch(), "a checkpoint at an epoch's end: " + last.position());
        Cli.Result r = Cli.run(with(with(run, "--resume", ck.toString()), outputs(dir, "resumed")).toArray(String[]::new));
        Outputs resumed = Outputs.of(dir, "resumed", r);
        assertTrue(resumed.log.lines().count() == 401 && resumed.log.lines().skip(1).allMatch(l -> !l.split(",")[5].isEmpty()),
                "a row of every epoch with the regression columns filled:\n" + resumed.log.lines().limit(3).toList());
        resumed.assertSame(whole);
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
        assertRefused("cannot resume: the setting \"optimizer\" differs from the checkpoint's (SGD(lr=0.1) then,"
                + " SGD(lr=0.2) now)", "train", "--epochs", "2", "--hidden", "16", "--lr", "0.2", "--resume", ck.toString());
        assertRefused("cannot resume: the setting \"data options\" differs from the checkpoint's at test_fraction (0.2 then,"
                + " 0.3 now)", "train", "--epochs", "2", "--hidden", "16", "--test-fraction", "0.3", "--resume",
                ck.toString());
        assertRefused("cannot resume: the setting \"network\" differs from the checkpoint's at layers[0].dense (16 then, 17"
                + " now)", "train", "--epochs", "2", "--hidden", "17", "--resume", ck.toString());
        assertRefused("cannot resume: the setting \"epochs\" differs from the checkpoint's (2 then, 3 now)", "train",
                "--epochs", "3", "--hidden", "16", "--resume", ck.toString());
        assertRefused("--report: the interrupted run in " + ck + " had no --report, so a report could not show its first"
                + " part; resume without --report", "train", "--epochs", "2", "--hidden", "16", "--resume", ck.toString(),
                "--report", dir.resolve("r.html").toString());

        // the same options, other contents: gre values a few points higher (not all by the same: z-scores)
        Path csv = dir.resolve("admissions.csv");
        Files.writeString(csv, Files.readString(Path.of(RegressionCommandTest.ADMISSIONS)));
        Path ck2 = dir.resolve("ck2");
        String[] run = {"train", "--data", csv.toString(), "--target", "admit", "--standardize", "gre,gpa", "--categorical",
            "rank", "--epochs", "2", "--validation-fraction", "0.1", "--checkpoint", ck2.toString()};
        assertEquals(0, Cli.run(run).status());
        List<String> lines = Files.readAllLines(csv);
        StringBuilder changed = new StringBuilder(lines.get(0)).append('\n');
        for (int i = 1; i < lines.size(); i++) {
            String[] f = lines.get(i).split(",");
            f[1] = Integer.toString(Integer.parseInt(f[1]) + i % 7);
            changed.append(String.join(",", f)).append('\n');
        }
        Files.writeString(csv, changed);
        List<String> resume = new ArrayList<>(Arrays.asList(run));
        resume.set(resume.indexOf("--checkpoint"), "--resume");
        assertRefused("cannot resume: the training data differ from the checkpoint's (288 rows then, 288 now; SHA-256 ",
                resume.toArray(String[]::new));

        // the training rows as they were, a test row changed: the test figures would not be the run's
        Files.writeString(csv, Files.readString(Path.of(RegressionCommandTest.ADMISSIONS)));
        deleteFolder(ck2);
        assertEquals(0, Cli.run(run).status(), "a new checkpoint of the original data");
        Files.writeString(csv, Files.readString(Path.of(RegressionCommandTest.ADMISSIONS)).replace("\n0,380,3.61,3\n",
                "\n0,381,3.61,3\n"));
        assertRefused("cannot resume: the test data differ from the checkpoint's (SHA-256 ",
                resume.toArray(String[]::new));
    }

    /** The command exits with status 2 and one line that contains {@code message}. */
    static void assertRefused(String message, String... args) {
        Cli.Result r = Cli.run(args);
        assertEquals(2, r.status(), r.toString());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains(message), r.err());
    }
}
