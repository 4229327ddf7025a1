package dev.chainrule.cli;

import dev.chainrule.cli.report.RunRecorder;
import dev.chainrule.io.Json;
import dev.chainrule.model.Sequential;
import dev.chainrule.optim.Optimizer;
import dev.chainrule.train.Checkpoint;
import dev.chainrule.train.Checkpointer;
import dev.chainrule.train.TrainingConfig;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * {@code train}'s checkpoints: {@code --checkpoint DIR [--checkpoint-every N]} and
 * {@code --resume DIR}. A mixin of {@code train}; the work is core's {@link Checkpointer}.
 */
final class CheckpointOptions {
    @Option(names = "--checkpoint", paramLabel = "DIR",
            description = "write a checkpoint into this folder at the end of every epoch (and every --checkpoint-every"
                    + " steps), atomically; Ctrl-C then writes a last one, says where, and exits 130")
    Path checkpoint;

    @Option(names = "--checkpoint-every", defaultValue = "0", paramLabel = "N",
            description = "also write a checkpoint after every N optimizer steps (0: at epoch ends only)")
    long every;

    @Option(names = "--resume", paramLabel = "DIR",
            description = "continue the run whose checkpoint is in this folder: give the same command (same data and"
                    + " settings) with --resume DIR; it ends with the weights the uninterrupted run would have, bit for"
                    + " bit, and goes on writing checkpoints there (or into --checkpoint)")
    Path resume;

    /** Whether checkpoints are written or read. */
    boolean active() {
        return checkpoint != null || resume != null;
    }

    /** Checks the options before any work starts. */
    void check() throws IOException {
        if (every < 0) {
            throw new IllegalArgumentException("--checkpoint-every takes a number of steps >= 0, got " + every);
        }
        if (every > 0 && !active()) {
            throw new IllegalArgumentException("--checkpoint-every needs --checkpoint DIR (or --resume DIR)");
        }
        if (checkpoint != null) {
            if (Files.exists(checkpoint) && !Files.isDirectory(checkpoint)) {
                throw new IllegalArgumentException("--checkpoint " + checkpoint + " is a file; it names a folder");
            }
            Path parent = checkpoint.toAbsolutePath().getParent();
            if (!Files.exists(checkpoint) && (parent == null || !Files.isDirectory(parent))) {
                throw new IllegalArgumentException("--checkpoint " + checkpoint + ": the folder it would be made in does not"
                        + " exist");
            }
            boolean resumingHere = resume != null && Files.exists(resume) && Files.isSameFile(resume.toAbsolutePath(),
                    checkpoint.toAbsolutePath());
            if (!resumingHere && Files.exists(Checkpoint.file(checkpoint))) {
                throw new IllegalArgumentException("--checkpoint " + checkpoint + " already holds a checkpoint; continue it"
                        + " with --resume " + checkpoint + ", or choose another folder");
            }
        }
    }

    /**
     * The callback to add, resuming from {@code --resume} when given; the settings compared on
     * resume are core's plus the data spec and the starting point. A resume with {@code --report}
     * needs a checkpoint written with it (the report's recordings of the first part are in it).
     */
    Checkpointer checkpointer(Sequential model, Optimizer optimizer, TrainingConfig config, TrainingData data,
                              Path initFrom, boolean report, PrintWriter console) throws IOException {
        Map<String, String> settings = Checkpointer.settingsOf(model, optimizer, config);
        Map<String, Object> spec = new java.util.LinkedHashMap<>(data.spec().toJson());
        spec.remove("data"); // the path may be written another way; the data's fingerprint compares the contents
        settings.put("data options", Json.write(spec));
        if (initFrom != null) {
            settings.put("starting point (--init-from)", initFrom.toString());
        }
        Path dir = checkpoint != null ? checkpoint : resume;
        Checkpointer checkpointer = new Checkpointer(dir, every, settings).withTestData(data.heldOut());
        if (resume != null) {
            Checkpoint saved = Checkpoint.read(resume);
            if (report && !saved.hasState(RunRecorder.STATE_NAME)) {
                throw new IllegalArgumentException("--report: the interrupted run in " + resume + " had no --report, so a"
                        + " report could not show its first part; resume without --report");
            }
            checkpointer.resumeFrom(saved);
            console.println("resuming from " + Checkpoint.file(resume) + " at " + saved.position());
        }
        return checkpointer;
    }
}
