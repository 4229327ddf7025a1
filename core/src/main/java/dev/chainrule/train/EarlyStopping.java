package dev.chainrule.train;

import java.util.Locale;

/**
 * Stop when a monitored metric has not improved for {@code patience} epochs, and (when
 * {@code restoreBest}) put back the weights of the best epoch when training ends, whether it
 * stopped early or ran all its epochs (Keras' {@code EarlyStopping(restore_best_weights=True)}).
 *
 * <p>An epoch improves when its value beats the best so far by more than {@code minDelta}:
 * {@code value < best - minDelta} for a loss, {@code value > best + minDelta} for accuracy. After
 * {@code patience} epochs in a row without improvement, training stops. A NaN value never
 * improves.
 *
 * @param monitor     the metric watched
 * @param patience    epochs without improvement before stopping, at least 1
 * @param minDelta    smallest change that counts as an improvement, {@code >= 0}
 * @param restoreBest restore the best epoch's weights at the end
 */
public record EarlyStopping(Monitor monitor, int patience, double minDelta, boolean restoreBest) {

    /** The metrics early stopping can watch, with their command-line names. */
    public enum Monitor {
        /**
         * The validation loss (lower is better).
         */
        VAL_LOSS("val_loss", true),
        /**
         * The validation accuracy (higher is better).
         */
        VAL_ACCURACY("val_accuracy", false),
        /**
         * The training loss of the epoch (lower is better).
         */
        TRAIN_LOSS("train_loss", true);

        private final String label;
        private final boolean lowerIsBetter;

        Monitor(String label, boolean lowerIsBetter) {
            this.label = label;
            this.lowerIsBetter = lowerIsBetter;
        }

        /**
         * @return the command-line name, e.g. {@code val_loss}
         */
        public String label() {
            return label;
        }

        /**
         * @return whether a smaller value is an improvement
         */
        public boolean lowerIsBetter() {
            return lowerIsBetter;
        }

        /**
         * True when the metric needs a validation set.
         *
         * @return true when the metric needs a validation set
         */
        public boolean needsValidation() {
            return this != TRAIN_LOSS;
        }

        /**
         * The monitored value of an epoch.
         *
         * @param r an epoch's result
         * @return the monitored value of an epoch
         */
        public double of(EpochResult r) {
            switch (this) {
                case VAL_LOSS:
                    return r.validationLoss();
                case VAL_ACCURACY:
                    return r.validationAccuracy();
                default:
                    return r.trainLoss();
            }
        }

        /**
         * {@code val_loss}, {@code val_accuracy} or {@code train_loss} (also with dashes).
         *
         * @param name {@code val_loss}, {@code val_accuracy} or {@code train_loss}
         * @return {@code val_loss}, {@code val_accuracy} or {@code train_loss} (also with dashes)
         */
        public static Monitor parse(String name) {
            String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT).replace('-', '_');
            for (Monitor m : values()) {
                if (m.label.equals(n)) {
                    return m;
                }
            }
            throw new IllegalArgumentException("unknown monitored metric '" + name
                    + "'; expected one of val_loss, val_accuracy, train_loss");
        }

        @Override
        public String toString() {
            return label;
        }
    }

    /**
     * Checks the settings, with a message naming the one that is wrong.
     *
     * @param monitor the metric watched
     * @param patience epochs without improvement before stopping, at least 1
     * @param minDelta smallest change that counts as an improvement, {@code >= 0}
     * @param restoreBest restore the best epoch's weights at the end
     */
    public EarlyStopping {
        if (monitor == null) {
            throw new IllegalArgumentException("early stopping needs a monitored metric");
        }
        if (patience < 1) {
            throw new IllegalArgumentException("early-stopping patience must be at least 1 epoch, got " + patience);
        }
        if (!(minDelta >= 0) || Double.isInfinite(minDelta)) {
            throw new IllegalArgumentException("early-stopping min delta must be finite and >= 0, got " + minDelta);
        }
    }

    /**
     * On validation loss, no minimum change, restoring the best weights.
     *
     * @param patience epochs without improvement before stopping, at least 1
     * @return the settings
     */
    public static EarlyStopping onValidationLoss(int patience) {
        return new EarlyStopping(Monitor.VAL_LOSS, patience, 0, true);
    }

    /**
     * True when {@code value} improves on {@code best} (NaN {@code best}: any finite value does).
     *
     * @param value the monitored value of this epoch
     * @param best the best value so far
     * @return true when {@code value} improves on {@code best} (NaN {@code best}: any finite value does)
     */
    public boolean improves(double value, double best) {
        if (Double.isNaN(value)) {
            return false;
        }
        if (Double.isNaN(best)) {
            return true;
        }
        return monitor.lowerIsBetter() ? value < best - minDelta : value > best + minDelta;
    }
}
