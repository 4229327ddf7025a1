package dev.chainrule.train;

import dev.chainrule.io.Json;
import dev.chainrule.io.SafeTensor;
import dev.chainrule.io.Safetensors;
import dev.chainrule.io.SafetensorsException;
import dev.chainrule.tensor.Tensor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A training run's state at one point, as a {@link Checkpointer} writes it: enough to continue
 * the run there and end with the weights of an uninterrupted run, bit for bit.
 *
 * <p>It holds the position (epoch, batches done in it, optimizer steps), the weights, the
 * optimizer's state (moments, step counts: {@link dev.chainrule.optim.Optimizer#exportState}),
 * the learning rate schedules start from, the totals of the epoch in progress, where each
 * dropout layer's mask stream stands (its draws so far: the masks are a function of the layer's
 * seed and that position), the state of the callbacks that have one (the history, the
 * divergence guard's first loss and epoch-start weights, early stopping's best value and weights),
 * and a fingerprint of the data (SHA-256 of the training and validation sets) and of the settings.
 * The row order needs nothing stored: it is a function of the seed and the epoch
 * ({@link BatchPlan#seek}).
 *
 * <p>The file, {@value #FILE_NAME} in the checkpoint folder, is a safetensors file (so any
 * safetensors reader opens it): the tensors are named {@code weights/NAME}, {@code buffers/NAME}
 * (batch normalization's running statistics), {@code optimizer/NAME} and {@code CALLBACK/NAME},
 * each with its chainrule shape; its metadata holds {@code format} ({@value #FORMAT}), {@code version},
 * {@code state} (the rest, as JSON) and {@code sha256}, the SHA-256 of the state text and every
 * tensor's bytes in order, so a damaged file is refused. It is written atomically: a run killed
 * while writing leaves the previous checkpoint.
 */
public final class Checkpoint {
    /** The checkpoint's file name inside the checkpoint folder. */
    public static final String FILE_NAME = "checkpoint.safetensors";
    /** The value of the {@code format} metadata. */
    public static final String FORMAT = "chainrule-checkpoint";
    /** The current version. */
    public static final int VERSION = 1;

    /** Scalars, lists and maps (JSON types), by name. */
    final Map<String, Object> values;
    /** Tensors, by name. */
    final Map<String, Tensor> tensors;

    Checkpoint(Map<String, Object> values, Map<String, Tensor> tensors) {
        this.values = values;
        this.tensors = tensors;
    }

    /**
     * The epoch in progress, or the last one completed when {@link #batch()} equals the batches per epoch (1-based).
     *
     * @return the epoch in progress, or the last one completed when {@link #batch()} equals the batches per epoch
     *         (1-based)
     */
    public int epoch() {
        return Json.asInt(values.get("epoch"), "epoch");
    }

    /**
     * Batches of {@link #epoch()} done.
     *
     * @return the batch
     */
    public int batch() {
        return Json.asInt(values.get("batch"), "batch");
    }

    /**
     * Optimizer steps taken in the whole run.
     *
     * @return the step
     */
    public long step() {
        return (long) Json.asNumber(values.get("step"), "step");
    }

    /**
     * Epochs of the whole run.
     *
     * @return the epochs
     */
    public int epochs() {
        return Json.asInt(values.get("epochs"), "epochs");
    }

    /**
     * Whether the run had ended there (all epochs done, or stopped early): nothing is left to resume.
     *
     * @return whether the run had ended there (all epochs done, or stopped early): nothing is left to resume
     */
    public boolean finished() {
        return Boolean.TRUE.equals(values.get("finished"));
    }

    /**
     * The settings the run was started with, as the {@link Checkpointer} was given them.
     *
     * @return the settings the run was started with, as the {@link Checkpointer} was given them
     */
    public Map<String, String> settings() {
        Map<String, String> out = new LinkedHashMap<>();
        Json.asObject(values.get("settings"), "settings").forEach((k, v) -> out.put(k, Json.asString(v, "setting " + k)));
        return Collections.unmodifiableMap(out);
    }

    /**
     * Whether it holds the state of the {@link Resumable} callback named {@code stateName}: a run
     * resumed from it must not have a resumable callback that the interrupted run did not have.
     *
     * @param stateName the callback's {@link Resumable#stateName()}
     * @return whether the checkpoint holds that callback's state
     */
    public boolean hasState(String stateName) {
        return values.get(stateName) instanceof Map;
    }

    /**
     * Where it stands, e.g. {@code epoch 3, batch 17 of 45 (step 107)}.
     *
     * @return where it stands, e.g. {@code epoch 3, batch 17 of 45 (step 107)}
     */
    public String position() {
        return "epoch " + epoch() + ", batch " + batch() + " of " + Json.asInt(values.get("batches_per_epoch"), "batches")
                + " (step " + step() + ")";
    }

    /**
     * The checkpoint file in {@code dir}.
     *
     * @param dir the dir
     * @return the checkpoint file in {@code dir}
     */
    public static Path file(Path dir) {
        return dir.resolve(FILE_NAME);
    }

    /** Writes this checkpoint into {@code dir} (created if missing), atomically. */
    void write(Path dir) throws IOException {
        Files.createDirectories(dir);
        String state = Json.write(values);
        Map<String, SafeTensor> out = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            Tensor t = e.getValue();
            int[] shape = t.dims();
            out.put(e.getKey(), t.isFloat32() ? SafeTensor.ofFloats(shape, t.floats()) : SafeTensor.ofDoubles(shape, t.doubles()));
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("format", FORMAT);
        metadata.put("version", Integer.toString(VERSION));
        metadata.put("state", state);
        metadata.put("sha256", digest(state, out.values()));
        Safetensors.write(file(dir), out, metadata);
    }

    /**
     * Reads the checkpoint in {@code dir}, checking its format, version and checksum; every
     * failure is one line naming the file.
     *
     * @param dir the dir
     * @return the checkpoint
     * @throws IOException when the file cannot be read or written
     */
    public static Checkpoint read(Path dir) throws IOException {
        Path file = file(dir);
        if (!Files.exists(file)) {
            throw new NoSuchFileException(file.toString(), null, Files.isDirectory(dir)
                    ? "no checkpoint in this folder (train --checkpoint writes one)" : "no such checkpoint folder");
        }
        Safetensors.Contents contents = Safetensors.read(file);
        Map<String, String> metadata = contents.metadata();
        if (!FORMAT.equals(metadata.get("format"))) {
            throw new SafetensorsException(file + " is a safetensors file but not a chainrule checkpoint");
        }
        if (!Integer.toString(VERSION).equals(metadata.get("version"))) {
            throw new SafetensorsException(file + " is a checkpoint of version " + metadata.get("version")
                    + "; this chainrule reads version " + VERSION);
        }
        String state = metadata.get("state");
        if (state == null || !digest(state, contents.tensors().values()).equals(metadata.get("sha256"))) {
            throw new SafetensorsException(file + " is damaged: its SHA-256 does not match its contents");
        }
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (Map.Entry<String, SafeTensor> e : contents.tensors().entrySet()) {
            SafeTensor t = e.getValue();
            int[] shape = t.shape();
            if (shape.length < 2 || !t.dtype().equals("F32") && !t.dtype().equals("F64")) {
                throw new SafetensorsException(file + ": tensor " + e.getKey() + " is not a chainrule tensor (F32 or F64, two"
                        + " or more dimensions)");
            }
            double[] numbers = t.toDoubles();
            for (int i = 0; i < numbers.length; i++) {
                if (!Double.isFinite(numbers[i])) {
                    throw new SafetensorsException(file + ": tensor " + e.getKey() + " holds " + numbers[i] + " at index "
                            + i + "; a checkpoint holds finite numbers only");
                }
            }
            tensors.put(e.getKey(), t.dtype().equals("F32") ? Tensor.wrap(t.toFloats(), shape) : Tensor.wrap(numbers, shape));
        }
        try {
            Checkpoint checkpoint = new Checkpoint(Json.asObject(Json.parse(state, file + " state"), "the state"), tensors);
            checkpoint.position(); // epoch, batch, step, epochs and batches per epoch are numbers: named here, with the file
            checkpoint.settings();
            int batches = Json.asInt(checkpoint.values.get("batches_per_epoch"), "batches");
            if (checkpoint.epochs() < 1 || batches < 1 || checkpoint.epoch() < 0 || checkpoint.epoch() > checkpoint.epochs()
                    || checkpoint.batch() < 0 || checkpoint.batch() > batches || checkpoint.step() < 0) {
                throw new IllegalArgumentException("the position it holds (" + checkpoint.position() + " of "
                        + checkpoint.epochs() + " epochs) is not one a run reaches");
            }
            return checkpoint;
        } catch (IllegalArgumentException e) {
            throw new SafetensorsException(file + ": " + e.getMessage());
        }
    }

    private static String digest(String state, Iterable<SafeTensor> tensors) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(state.getBytes(StandardCharsets.UTF_8));
            for (SafeTensor t : tensors) {
                md.update(t.data());
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    // ---- typed access for the callbacks that restore themselves ------------------------------

    double number(String key) {
        Object v = values.get(key);
        return v == null ? Double.NaN : Json.asNumber(v, key);
    }

    Map<String, Object> object(String key) {
        return Json.asObject(values.get(key), key);
    }

    List<Object> list(String key) {
        return Json.asArray(values.get(key), key);
    }

    /** The tensors whose names start with {@code prefix + "/"}, by the rest of their names, in order. */
    Map<String, Tensor> tensors(String prefix) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        String start = prefix + "/";
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            if (e.getKey().startsWith(start)) {
                out.put(e.getKey().substring(start.length()), e.getValue());
            }
        }
        return out;
    }
}
