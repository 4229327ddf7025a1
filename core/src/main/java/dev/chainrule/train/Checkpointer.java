package dev.chainrule.train;

import dev.chainrule.data.Dataset;
import dev.chainrule.io.Json;
import dev.chainrule.io.NetworkSpec;
import dev.chainrule.layer.Dropout;
import dev.chainrule.layer.Layer;
import dev.chainrule.layer.Parameter;
import dev.chainrule.model.Sequential;
import dev.chainrule.optim.Optimizer;
import dev.chainrule.tensor.Tensor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Writes {@link Checkpoint}s of a run into a folder, and resumes a run from one.
 *
 * <p>Writing: at the end of every epoch (after validation, the history and early stopping), after
 * every {@code everySteps} optimizer steps when that is above 0, and when {@link #requestStop}
 * was called (from another thread: a Ctrl-C handler), after the batch in progress; it then ends
 * the run with a {@link TrainingInterruptedException}. Each write replaces the folder's checkpoint
 * atomically.
 *
 * <p>Resuming ({@link #resumeFrom}): before the first batch, the checkpoint's fingerprint is
 * compared with this run's (the training, validation and {@linkplain #withTestData test} data's
 * SHA-256, and every setting), and a
 * difference is refused with one line naming it; then the weights, batch normalization's running
 * statistics, the optimizer's state, the dropout mask positions, the epoch's running totals and
 * the state of every {@link Resumable} callback (the history, early stopping, the divergence
 * guard, and any of yours) come back, and the run moves to the checkpoint's position
 * ({@link TrainingRun#seek}).
 *
 * <p>A trainer calls it after all other callbacks, whenever it was added: its checkpoint holds
 * their state after each hook, and it restores them after their {@code onTrainStart}.
 */
public final class Checkpointer implements Callback {
    private final Path dir;
    private final long everySteps;
    private final Map<String, String> settings;
    private Checkpoint resume;
    private String trainingFingerprint;
    private String validationFingerprint;
    private Dataset test;
    private String testFingerprint;
    private volatile boolean stopRequested;
    private long lastWrittenStep = -1;
    private Checkpoint resumedFrom;

    /**
     * @param dir        the folder the checkpoint is written in (created when missing)
     * @param everySteps also write after every this many optimizer steps; 0 for epoch ends only
     * @param settings   the run's settings by name (see {@link #settingsOf}); a resume compares them
     */
    public Checkpointer(Path dir, long everySteps, Map<String, String> settings) {
        this.dir = Objects.requireNonNull(dir, "checkpoint folder");
        if (everySteps < 0) {
            throw new IllegalArgumentException("checkpoint every N steps needs N >= 0 (0: at epoch ends only), got "
                    + everySteps);
        }
        this.everySteps = everySteps;
        this.settings = new LinkedHashMap<>(settings);
    }

    /**
     * The settings that decide a run's bits, from its parts: the network (architecture, dtype,
     * loss, dropout seeds), the optimizer with its hyperparameters, and every training setting.
     * A caller adds its own (e.g. where the data came from).
     *
     * @param model the model
     * @param optimizer the optimizer
     * @param config the config
     * @return the settings that decide a run's bits, from its parts: the network (architecture, dtype, loss, dropout
     *         seeds), the optimizer with its hyperparameters, and every training setting
     */
    public static Map<String, String> settingsOf(Sequential model, Optimizer optimizer, TrainingConfig config) {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("network", Json.write(NetworkSpec.of(model, false).toJson()));
        s.put("dtype", model.dtype().toString());
        List<String> seeds = new ArrayList<>();
        for (Layer layer : model.layers()) {
            if (layer instanceof Dropout d) {
                seeds.add(Long.toString(d.seed()));
            }
        }
        if (!seeds.isEmpty()) {
            s.put("dropout seeds", String.join(",", seeds));
        }
        s.put("optimizer", optimizer.toString());
        s.put("epochs", Integer.toString(config.epochs()));
        s.put("batch", Integer.toString(config.batchSize()));
        s.put("batching", config.batching().toString());
        s.put("seed", Long.toString(config.seed()));
        s.put("schedule", String.valueOf(config.schedule()));
        s.put("clip norm", Double.toString(config.clipNorm()));
        s.put("validation fraction", Double.toString(config.validationFraction()));
        s.put("early stopping", String.valueOf(config.earlyStopping()));
        s.put("divergence factor", Double.toString(config.divergenceFactor()));
        return s;
    }

    /**
     * Also compares a test set on resume: not trained on, but a run's test figures are measured on
     * it, so a resume with other test data would not report the run's. Returns this.
     *
     * @param testData the test set, or null for none
     * @return the checkpointer
     */
    public Checkpointer withTestData(Dataset testData) {
        this.test = testData;
        return this;
    }

    /**
     * Resumes the run from {@code checkpoint} (read with {@link Checkpoint#read}); returns this.
     *
     * @param checkpoint the checkpoint
     * @return the checkpointer
     */
    public Checkpointer resumeFrom(Checkpoint checkpoint) {
        this.resume = Objects.requireNonNull(checkpoint, "checkpoint");
        return this;
    }

    /**
     * The folder written to.
     *
     * @return the folder written to
     */
    public Path dir() {
        return dir;
    }

    /**
     * The checkpoint this run resumed from, or null.
     *
     * @return the checkpoint this run resumed from, or null
     */
    public Checkpoint resumedFrom() {
        return resumedFrom;
    }

    /**
     * Asks for a last checkpoint after the batch in progress, then the end of the run with a
     * {@link TrainingInterruptedException}. Safe to call from any thread.
     */
    public void requestStop() {
        stopRequested = true;
    }

    @Override
    public void onTrainStart(TrainingRun run) {
        trainingFingerprint = fingerprint(run.trainingData());
        validationFingerprint = run.validationData() == null ? "none" : fingerprint(run.validationData());
        testFingerprint = test == null ? "none" : fingerprint(test);
        if (resume != null) {
            try {
                restore(run, resume);
            } catch (ClassCastException | IndexOutOfBoundsException | NullPointerException e) {
                // a state of the right form is checked above; this one was edited by hand
                throw new IllegalArgumentException("cannot resume from " + dir + ": its state is not in the form chainrule"
                        + " writes (was it edited?)", e);
            }
            resumedFrom = resume;
            resume = null;
        }
    }

    @Override
    public void onBatchEnd(TrainingRun run) {
        boolean lastOfEpoch = run.batch() == run.batchesPerEpoch();
        if (stopRequested) {
            if (lastWrittenStep != run.step()) {
                write(run, false);
            }
            throw new TrainingInterruptedException(dir, run.epoch(), run.batch(), run.batchesPerEpoch(), run.step());
        }
        if (everySteps > 0 && run.step() % everySteps == 0 && !lastOfEpoch) {
            write(run, false);
        }
    }

    @Override
    public void onEpochEnd(TrainingRun run) {
        write(run, run.epoch() >= run.epochs() || run.stopRequested());
    }

    /** Writes the run's state now. */
    private void write(TrainingRun run, boolean finished) {
        Map<String, Object> values = new LinkedHashMap<>();
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        values.put("epoch", run.epoch());
        values.put("batch", run.batch());
        values.put("step", run.step());
        values.put("epochs", run.epochs());
        values.put("batches_per_epoch", run.batchesPerEpoch());
        values.put("finished", finished);
        values.put("base_learning_rate", run.baseLearningRate());
        double[] totals = run.epochTotals();
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("loss_sum", totals[0]);
        t.put("correct", (long) totals[1]);
        t.put("rows", (long) totals[2]);
        values.put("epoch_totals", t);
        List<Long> positions = new ArrayList<>();
        for (Layer layer : run.layers()) {
            if (layer instanceof Dropout d) {
                positions.add(d.maskPosition());
            }
        }
        values.put("dropout_positions", positions);
        values.put("settings", settings);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("training", trainingFingerprint);
        data.put("training_rows", run.trainingData().size());
        data.put("validation", validationFingerprint);
        data.put("test", testFingerprint);
        values.put("data", data);
        for (Parameter p : run.parameters()) {
            tensors.put("weights/" + p.name(), p.value());
        }
        for (Map.Entry<String, Tensor> e : run.model().buffers().entrySet()) {
            tensors.put("buffers/" + e.getKey(), e.getValue());
        }
        for (Map.Entry<String, Tensor> e : run.optimizer().exportState(run.parameters()).entrySet()) {
            tensors.put("optimizer/" + e.getKey(), e.getValue());
        }
        for (Callback c : run.callbacks()) {
            if (c instanceof Resumable r) {
                Map<String, Object> v = new LinkedHashMap<>();
                Map<String, Tensor> ts = new LinkedHashMap<>();
                r.saveState(v, ts);
                values.put(r.stateName(), v);
                ts.forEach((name, tensor) -> tensors.put(r.stateName() + "/" + name, tensor));
            }
        }
        try {
            new Checkpoint(values, tensors).write(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("writing the checkpoint in " + dir, e);
        }
        lastWrittenStep = run.step();
    }

    /** Checks the fingerprint, then puts everything back and moves the run to the checkpoint's position. */
    private void restore(TrainingRun run, Checkpoint c) {
        Map<String, String> saved = c.settings();
        for (Map.Entry<String, String> e : settings.entrySet()) {
            String then = saved.get(e.getKey());
            if (!e.getValue().equals(then)) {
                throw new IllegalArgumentException("cannot resume: " + difference(e.getKey(), then, e.getValue()));
            }
        }
        for (String key : saved.keySet()) {
            if (!settings.containsKey(key)) {
                throw new IllegalArgumentException("cannot resume: the checkpoint's run had the setting \"" + key + "\" ("
                        + saved.get(key) + "), which this run does not give");
            }
        }
        Map<String, Object> data = c.object("data");
        if (!trainingFingerprint.equals(data.get("training"))) {
            throw new IllegalArgumentException("cannot resume: the training data differ from the checkpoint's ("
                    + String.format(Locale.ROOT, "%,d", Json.asInt(data.get("training_rows"), "rows")) + " rows then, "
                    + String.format(Locale.ROOT, "%,d", run.trainingData().size()) + " now; SHA-256 "
                    + abbreviate(data.get("training")) + " then, " + abbreviate(trainingFingerprint) + " now)");
        }
        // before the validation data: a trainer given the test part to measure each epoch on calls it validation
        if (!testFingerprint.equals(data.getOrDefault("test", "none"))) {
            throw new IllegalArgumentException("cannot resume: the test data differ from the checkpoint's (SHA-256 "
                    + abbreviate(data.getOrDefault("test", "none")) + " then, " + abbreviate(testFingerprint) + " now)");
        }
        if (!validationFingerprint.equals(data.get("validation"))) {
            throw new IllegalArgumentException("cannot resume: the validation data differ from the checkpoint's (SHA-256 "
                    + abbreviate(data.get("validation")) + " then, " + abbreviate(validationFingerprint) + " now)");
        }
        if (c.epochs() != run.epochs() || Json.asInt(c.values.get("batches_per_epoch"), "batches") != run.batchesPerEpoch()) {
            throw new IllegalArgumentException("cannot resume: the run's length differs from the checkpoint's");
        }
        if (c.finished()) {
            throw new IllegalArgumentException("cannot resume: the checkpoint holds a finished run (" + c.position() + ", "
                    + c.epochs() + " epochs" + (c.epoch() < c.epochs() ? ", stopped early" : "") + "); there is nothing left"
                    + " to train");
        }
        Map<String, Tensor> weights = c.tensors("weights");
        List<Tensor> values = new ArrayList<>();
        for (Parameter p : run.parameters()) {
            Tensor w = weights.get(p.name());
            if (w == null || w.rows() != p.value().rows() || w.cols() != p.value().cols() || w.dtype() != p.value().dtype()) {
                throw new IllegalArgumentException("cannot resume: the checkpoint's weights do not fit parameter " + p.name());
            }
            values.add(w);
        }
        Map<String, Tensor> buffers = c.tensors("buffers");
        for (Map.Entry<String, Tensor> e : run.model().buffers().entrySet()) {
            Tensor b = buffers.get(e.getKey());
            if (b == null || b.size() != e.getValue().size() || b.dtype() != e.getValue().dtype()) {
                throw new IllegalArgumentException("cannot resume: the checkpoint's running statistics do not fit "
                        + e.getKey());
            }
            values.add(b);
        }
        run.model().setState(values);
        run.optimizer().importState(run.parameters(), c.tensors("optimizer"));
        List<Object> positions = c.list("dropout_positions");
        int k = 0;
        for (Layer layer : run.layers()) {
            if (layer instanceof Dropout d) {
                d.seekMask((long) Json.asNumber(positions.get(k++), "dropout position"));
            }
        }
        for (Callback callback : run.callbacks()) {
            if (callback instanceof Resumable r) {
                Object v = c.values.get(r.stateName());
                if (v == null) {
                    throw new IllegalArgumentException("cannot resume: the checkpoint has no state for " + r.stateName()
                            + ": the interrupted run did not have that callback (resume with the callbacks it had)");
                }
                r.restoreState(Json.asObject(v, r.stateName()), c.tensors(r.stateName()), run);
            }
        }
        run.setBaseLearningRate(Json.asNumber(c.values.get("base_learning_rate"), "base learning rate"));
        int epoch = c.epoch();
        int batch = c.batch();
        if (batch >= run.batchesPerEpoch()) {
            run.seek(epoch + 1, 0);
        } else {
            run.seek(epoch, batch);
            Map<String, Object> totals = c.object("epoch_totals");
            run.restoreEpochTotals(Json.asNumber(totals.get("loss_sum"), "loss_sum"),
                    (long) Json.asNumber(totals.get("correct"), "correct"), (long) Json.asNumber(totals.get("rows"), "rows"));
        }
        lastWrittenStep = c.step();
    }

    /**
     * {@code the setting "optimizer" differs from the checkpoint's (SGD(lr=0.1) then, SGD(lr=0.2) now)}; for a
     * setting written as JSON (the network, the data options), the first place where they differ, e.g.
     * {@code ... differs from the checkpoint's at layers[0].dense (50 then, 64 now)}.
     */
    static String difference(String key, String then, String now) {
        String setting = "the setting \"" + key + "\" ";
        if (then == null) {
            return setting + "is not recorded in the checkpoint (" + now + " now)";
        }
        try {
            Object a = Json.parse(then);
            Object b = Json.parse(now);
            if (a instanceof Map || a instanceof List) {
                String[] d = firstDifference("", a, b);
                if (d != null && !d[0].isEmpty()) {
                    return setting + "differs from the checkpoint's at " + d[0] + " (" + d[1] + " then, " + d[2] + " now)";
                }
            }
        } catch (IllegalArgumentException notJson) {
            // a plain text setting: compared as a whole below
        }
        return setting + "differs from the checkpoint's (" + then + " then, " + now + " now)";
    }

    /** {path, then, now} of the first place where two JSON values differ, or null when they are equal. */
    private static String[] firstDifference(String path, Object a, Object b) {
        if (a instanceof Map<?, ?> ma && b instanceof Map<?, ?> mb) {
            java.util.Set<Object> keys = new java.util.LinkedHashSet<>(ma.keySet());
            keys.addAll(mb.keySet());
            for (Object k : keys) {
                String at = path.isEmpty() ? String.valueOf(k) : path + "." + k;
                if (!ma.containsKey(k) || !mb.containsKey(k)) {
                    return new String[] {at, ma.containsKey(k) ? Json.write(ma.get(k)) : "absent",
                        mb.containsKey(k) ? Json.write(mb.get(k)) : "absent"};
                }
                String[] d = firstDifference(at, ma.get(k), mb.get(k));
                if (d != null) {
                    return d;
                }
            }
            return null;
        }
        if (a instanceof List<?> la && b instanceof List<?> lb) {
            for (int i = 0; i < Math.min(la.size(), lb.size()); i++) {
                String[] d = firstDifference(path + "[" + i + "]", la.get(i), lb.get(i));
                if (d != null) {
                    return d;
                }
            }
            return la.size() == lb.size() ? null
                    : new String[] {path + " (length)", Integer.toString(la.size()), Integer.toString(lb.size())};
        }
        return java.util.Objects.equals(a, b) ? null : new String[] {path, Json.write(a), Json.write(b)};
    }

    private static String abbreviate(Object sha) {
        String s = String.valueOf(sha);
        return s.length() > 12 ? s.substring(0, 12) : s;
    }

    /** SHA-256 of a data set's shape, dtype and every feature's and target's bits. */
    static String fingerprint(Dataset data) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (Tensor t : List.of(data.features(), data.targets())) {
                ByteBuffer head = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
                head.putInt(t.rows()).putInt(t.cols()).putInt(t.isFloat32() ? 4 : 8).putInt(0);
                md.update(head.array());
                ByteBuffer chunk = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
                float[] f = t.isFloat32() ? t.floats() : null;
                double[] d = t.isFloat32() ? null : t.doubles();
                int n = t.size();
                for (int i = 0; i < n; i++) {
                    if (chunk.remaining() < 8) {
                        md.update(chunk.array(), 0, chunk.position());
                        chunk.clear();
                    }
                    if (f != null) {
                        chunk.putInt(Float.floatToRawIntBits(f[i]));
                    } else {
                        chunk.putLong(Double.doubleToRawLongBits(d[i]));
                    }
                }
                md.update(chunk.array(), 0, chunk.position());
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
