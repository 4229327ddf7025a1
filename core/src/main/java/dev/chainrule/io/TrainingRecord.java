package dev.chainrule.io;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How a saved model was trained and how well: the {@code "training"} section of a model file,
 * for the record ({@code summary} prints it, {@code evaluate --json} repeats the results). It holds
 * no timings, so that the same run gives the same file byte for byte.
 *
 * @param settings what the run was asked to do
 * @param results  what it gave
 */
public record TrainingRecord(Settings settings, Results results) {
    /**
     * Checks that both parts are given.
     *
     * @param settings what the run was asked to do
     * @param results what it gave
     */
    public TrainingRecord {
        if (settings == null || results == null) {
            throw new IllegalArgumentException("a training record needs its settings and its results");
        }
    }

    /**
     * The training settings.
     *
     * @param optimizer          optimizer name ({@code sgd}, {@code momentum}, {@code nesterov}, {@code adam},
     *                           {@code adamw}, {@code rmsprop})
     * @param learningRate       the starting learning rate
     * @param momentum           momentum of {@code momentum} and {@code nesterov}, NaN for the others
     * @param weightDecay        decoupled weight decay
     * @param l2                 L2 penalty added to the gradients
     * @param schedule           learning-rate schedule as written on the command line, e.g. {@code warmup:2+cosine}
     * @param clipNorm           global gradient-norm limit, 0 for none
     * @param batch              examples per update
     * @param epochs             epochs asked for
     * @param patience           early-stopping patience in epochs, 0 for none
     * @param monitor            what early stopping watched ({@code val_loss}, ...), or null without early stopping
     * @param validationFraction fraction of the training part held out to validate, 0 for none
     * @param seed               seed of the initial weights, the split and the shuffling
     * @param initFrom           the model file or weights file training started from, or null for a fresh start
     * @param batching           how epochs were cut into batches: {@code shuffled} (the default), {@code full},
     *                           {@code sampled} or {@code ordered}
     * @param init               the initializer of the starting weights ({@code he}, {@code xavier}, ...), or
     *                           {@code auto} (the default: He before ReLU, Xavier otherwise)
     */
    public record Settings(String optimizer, double learningRate, double momentum, double weightDecay, double l2,
                           String schedule, double clipNorm, int batch, int epochs, int patience, String monitor,
                           double validationFraction, long seed, String initFrom, String batching, String init) {
        /**
         * Checks the settings; defaults for a missing schedule, batching and initializer.
         *
         * @param optimizer optimizer name ({@code sgd}, {@code momentum}, {@code nesterov}, {@code adam}, {@code
         *                  adamw}, {@code rmsprop})
         * @param learningRate the starting learning rate
         * @param momentum momentum of {@code momentum} and {@code nesterov}, NaN for the others
         * @param weightDecay decoupled weight decay
         * @param l2 L2 penalty added to the gradients
         * @param schedule learning-rate schedule as written on the command line, e.g. {@code warmup:2+cosine}
         * @param clipNorm global gradient-norm limit, 0 for none
         * @param batch examples per update
         * @param epochs epochs asked for
         * @param patience early-stopping patience in epochs, 0 for none
         * @param monitor what early stopping watched ({@code val_loss}, ...), or null without early stopping
         * @param validationFraction fraction of the training part held out to validate, 0 for none
         * @param seed seed of the initial weights, the split and the shuffling
         * @param initFrom the model file or weights file training started from, or null for a fresh start
         * @param batching how epochs were cut into batches: {@code shuffled} (the default), {@code full}, {@code
         *                 sampled} or {@code ordered}
         * @param init the initializer of the starting weights ({@code he}, {@code xavier}, ...), or {@code auto} (the
         *             default: He before ReLU, Xavier otherwise)
         */
        public Settings {
            if (optimizer == null || optimizer.isEmpty()) {
                throw new IllegalArgumentException("training: \"optimizer\" must be given");
            }
            if (schedule == null) {
                schedule = "constant";
            }
            if (batching == null) {
                batching = "shuffled";
            }
            if (init == null) {
                init = "auto";
            }
            if (batch < 1 || epochs < 1 || patience < 0) {
                throw new IllegalArgumentException("training: batch and epochs must be at least 1 and early_stopping at"
                        + " least 0, got batch " + batch + ", epochs " + epochs + ", early_stopping " + patience);
            }
        }

        /**
         * Settings of shuffled batches and the default initializer (files written before those were recorded).
         *
         * @param optimizer the optimizer's name
         * @param learningRate the learning rate, positive
         * @param momentum the momentum factor, in {@code [0, 1)}
         * @param weightDecay the decoupled weight decay factor, at least 0
         * @param l2 the L2 penalty factor, at least 0
         * @param schedule the learning-rate schedule
         * @param clipNorm the largest global gradient norm, 0 for no clipping
         * @param batch examples per update
         * @param epochs the number of epochs, at least 1
         * @param patience epochs without improvement before stopping, at least 1
         * @param monitor what early stopping watches
         * @param validationFraction fraction of the training set held out for validation, in {@code [0, 1)}
         * @param seed seed of the random source (the same seed gives the same result)
         * @param initFrom the file training started from, or null
         */
        public Settings(String optimizer, double learningRate, double momentum, double weightDecay, double l2,
                        String schedule, double clipNorm, int batch, int epochs, int patience, String monitor,
                        double validationFraction, long seed, String initFrom) {
            this(optimizer, learningRate, momentum, weightDecay, l2, schedule, clipNorm, batch, epochs, patience, monitor,
                    validationFraction, seed, initFrom, "shuffled", "auto");
        }
    }

    /**
     * The results.
     *
     * @param trainExamples  examples trained on (the validation part excluded)
     * @param testExamples   held-out examples, 0 for none
     * @param epochsRun      epochs run (fewer than asked when training stopped early), 0 when not recorded
     * @param finalTrainLoss training loss of the last epoch
     * @param testLoss       loss on the held-out part, NaN without one
     * @param testAccuracy   accuracy on the held-out part, NaN without one or for regression
     * @param stopReason     {@code completed}, or why training stopped
     * @param bestEpoch      the epoch whose weights were kept by early stopping, 0 for none
     */
    public record Results(int trainExamples, int testExamples, int epochsRun, double finalTrainLoss, double testLoss,
                          double testAccuracy, String stopReason, int bestEpoch) {
        /**
         * Defaults a missing stop reason to {@code completed}.
         *
         * @param trainExamples examples trained on (the validation part excluded)
         * @param testExamples held-out examples, 0 for none
         * @param epochsRun epochs run (fewer than asked when training stopped early), 0 when not recorded
         * @param finalTrainLoss training loss of the last epoch
         * @param testLoss loss on the held-out part, NaN without one
         * @param testAccuracy accuracy on the held-out part, NaN without one or for regression
         * @param stopReason {@code completed}, or why training stopped
         * @param bestEpoch the epoch whose weights were kept by early stopping, 0 for none
         */
        public Results {
            if (stopReason == null) {
                stopReason = "completed";
            }
        }
    }

    /** The JSON form: one flat object, keys in a fixed order (results first, as version 1 always wrote them). */
    Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("train_examples", results.trainExamples());
        m.put("test_examples", results.testExamples());
        m.put("epochs", settings.epochs());
        m.put("epochs_run", results.epochsRun());
        m.put("final_train_loss", results.finalTrainLoss());
        m.put("test_loss", results.testLoss());
        m.put("test_accuracy", results.testAccuracy());
        m.put("optimizer", settings.optimizer());
        m.put("lr", settings.learningRate());
        if (!Double.isNaN(settings.momentum())) {
            m.put("momentum", settings.momentum());
        }
        m.put("weight_decay", settings.weightDecay());
        m.put("l2", settings.l2());
        m.put("schedule", settings.schedule());
        m.put("clip_norm", settings.clipNorm());
        if (!settings.batching().equals("shuffled")) {
            m.put("batching", settings.batching());
        }
        m.put("batch", settings.batch());
        m.put("early_stopping", settings.patience());
        if (settings.monitor() != null) {
            m.put("monitor", settings.monitor());
        }
        m.put("validation_fraction", settings.validationFraction());
        m.put("seed", settings.seed());
        if (settings.initFrom() != null) {
            m.put("init_from", settings.initFrom());
        }
        if (!settings.init().equals("auto")) {
            m.put("init", settings.init());
        }
        m.put("stop_reason", results.stopReason());
        if (results.bestEpoch() > 0) {
            m.put("best_epoch", results.bestEpoch());
        }
        return m;
    }

    /**
     * Reads the JSON form. Keys that version 1 files also held and that are not kept (timings,
     * and the network's sizes, loss and parameter count, which the network itself gives) are
     * skipped; any other unknown key is refused.
     */
    static TrainingRecord fromJson(Object json) {
        Map<String, Object> m = Json.asObject(json, "\"training\"");
        Sections.allowOnly(m, "training", "train_examples", "test_examples", "epochs", "epochs_run", "final_train_loss",
                "test_loss", "test_accuracy", "optimizer", "lr", "momentum", "weight_decay", "l2", "schedule", "clip_norm",
                "batching", "batch", "early_stopping", "monitor", "validation_fraction", "seed", "init_from", "init",
                "stop_reason",
                "best_epoch", "seconds", "seconds_per_epoch", "network", "loss", "parameters");
        int epochs = Sections.intOr(m, "epochs", 1, "training");
        String stopReason = Sections.stringOr(m, "stop_reason", "completed", "training");
        int epochsRun = Sections.intOr(m, "epochs_run", stopReason.equals("completed") ? epochs : 0, "training");
        Settings settings = new Settings(
                Sections.stringOr(m, "optimizer", "sgd", "training"),
                Sections.numberOr(m, "lr", Double.NaN, "training"),
                Sections.numberOr(m, "momentum", Double.NaN, "training"),
                Sections.numberOr(m, "weight_decay", 0, "training"),
                Sections.numberOr(m, "l2", 0, "training"),
                Sections.stringOr(m, "schedule", "constant", "training"),
                Sections.numberOr(m, "clip_norm", 0, "training"),
                Sections.intOr(m, "batch", 1, "training"),
                epochs,
                Sections.intOr(m, "early_stopping", 0, "training"),
                Sections.stringOr(m, "monitor", null, "training"),
                Sections.numberOr(m, "validation_fraction", 0, "training"),
                m.get("seed") == null ? 1 : Sections.asLong(m.get("seed"), "training \"seed\""),
                Sections.stringOr(m, "init_from", null, "training"),
                Sections.stringOr(m, "batching", "shuffled", "training"),
                Sections.stringOr(m, "init", "auto", "training"));
        Results results = new Results(
                Sections.intOr(m, "train_examples", 0, "training"),
                Sections.intOr(m, "test_examples", 0, "training"),
                epochsRun,
                Sections.numberOr(m, "final_train_loss", Double.NaN, "training"),
                Sections.numberOr(m, "test_loss", Double.NaN, "training"),
                Sections.numberOr(m, "test_accuracy", Double.NaN, "training"),
                stopReason,
                Sections.intOr(m, "best_epoch", 0, "training"));
        return new TrainingRecord(settings, results);
    }
}
