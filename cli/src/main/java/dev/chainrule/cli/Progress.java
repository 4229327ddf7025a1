package dev.chainrule.cli;

import dev.chainrule.metrics.RegressionMetrics;
import dev.chainrule.train.EpochResult;
import dev.chainrule.train.TrainingListener;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * Training progress on the console. On a terminal: a bar redrawn in place during each epoch
 * (examples per second, running loss, elapsed and remaining time), fitted to the terminal's
 * width (shorter forms when the full one does not fit), replaced by the epoch's summary line when
 * it ends. Otherwise (a log, CI): only the summary line, once per epoch. The held-out columns
 * are labelled {@code val} when they measure a validation part and {@code test} when they measure
 * the test part.
 */
final class Progress implements TrainingListener {
    /** How the progress is shown. */
    enum Mode { AUTO, BAR, LINES, NONE }

    private static final int MAX_BAR = 24;
    private static final int MIN_BAR = 8;
    private static final long REDRAW_NANOS = 100_000_000L;

    private final PrintWriter out;
    private final boolean bar;
    private final boolean quiet;
    private final String heldOut;
    private final EpochMetrics metrics;
    private final TerminalWidth width;
    private int epochs;
    private int batchesPerEpoch;
    private long runStart;
    private long epochStart;
    private long lastDraw;
    private long examplesThisEpoch;
    private double lossSum;
    private int lastWidth;

    /**
     * @param heldOutLabel {@code val} or {@code test}: what the epoch lines' held-out columns measure
     * @param metrics      regression figures per epoch, or null
     */
    Progress(PrintWriter out, Mode mode, String heldOutLabel, EpochMetrics metrics, TerminalWidth width) {
        this.out = out;
        Mode m = mode == Mode.AUTO ? (System.console() != null ? Mode.BAR : Mode.LINES) : mode;
        this.bar = m == Mode.BAR;
        this.quiet = m == Mode.NONE;
        this.heldOut = heldOutLabel;
        this.metrics = metrics;
        this.width = width;
    }

    /** Whether a bar is drawn (a terminal, or {@code --progress bar}). */
    static boolean barFor(Mode mode) {
        return mode == Mode.BAR || mode == Mode.AUTO && System.console() != null;
    }

    @Override
    public void onTrainStart(int epochs, int batchesPerEpoch) {
        this.epochs = epochs;
        this.batchesPerEpoch = batchesPerEpoch;
        runStart = System.nanoTime();
    }

    @Override
    public void onEpochStart(int epoch) {
        epochStart = System.nanoTime();
        lastDraw = 0;
        examplesThisEpoch = 0;
        lossSum = 0;
    }

    @Override
    public void onBatchEnd(int epoch, int batch, int batchSize, double loss) {
        examplesThisEpoch += batchSize;
        lossSum += loss * batchSize;
        if (!bar) {
            return;
        }
        long now = System.nanoTime();
        if (now - lastDraw < REDRAW_NANOS && batch < batchesPerEpoch) {
            return;
        }
        lastDraw = now;
        double epochFraction = (double) batch / batchesPerEpoch;
        double elapsed = (now - runStart) / 1e9;
        double done = (epoch - 1 + epochFraction) / epochs;
        double remaining = done > 0 ? elapsed / done - elapsed : 0;
        double rate = examplesThisEpoch / Math.max(1e-9, (now - epochStart) / 1e9);
        draw(barLine(width.columns() - 1, epoch, epochs, epochFraction, rate, lossSum / examplesThisEpoch, elapsed,
                remaining));
    }

    /**
     * The bar line in at most {@code max} characters: the full form when it fits, else shorter
     * forms (no elapsed time, a narrower bar, short labels), cut at {@code max} as a last resort.
     */
    static String barLine(int max, int epoch, int epochs, double fraction, double rate, double loss, double elapsed,
                          double remaining) {
        String head = String.format(Locale.ROOT, "epoch %d/%d", epoch, epochs);
        String percent = String.format(Locale.ROOT, "%3d%%", Math.round(fraction * 100));
        String speed = Numbers.count(rate) + " ex/s";
        String lossText = String.format(Locale.ROOT, "loss %.4f", loss);
        String time = "elapsed " + Numbers.duration(elapsed) + "  remaining " + Numbers.duration(remaining);
        String eta = "eta " + Numbers.duration(remaining);
        // the forms from fullest to shortest: text after the bar, and whether there is a bar
        String[] tails = {
            String.join("  ", percent, speed, lossText, time),
            String.join("  ", percent, speed, lossText, eta),
            String.join("  ", percent, lossText, eta),
        };
        for (String tail : tails) {
            int room = max - head.length() - tail.length() - 4; // " [" + "] "
            if (room >= MIN_BAR) {
                int barWidth = Math.min(MAX_BAR, room);
                int filled = (int) Math.round(fraction * barWidth);
                return head + " [" + "=".repeat(filled) + " ".repeat(barWidth - filled) + "] " + tail;
            }
        }
        for (String line : new String[] {String.join("  ", head, percent.trim(), lossText, eta),
            String.format(Locale.ROOT, "%d/%d %s %.4f", epoch, epochs, percent.trim(), loss)}) {
            if (line.length() <= max) {
                return line;
            }
        }
        String last = String.format(Locale.ROOT, "%d/%d %s", epoch, epochs, percent.trim());
        return last.substring(0, Math.max(0, Math.min(last.length(), max)));
    }

    private void draw(String line) {
        out.print("\r" + line + " ".repeat(Math.max(0, lastWidth - line.length())));
        out.flush();
        lastWidth = line.length();
    }

    @Override
    public boolean onEpochEnd(EpochResult r) {
        if (quiet) {
            return true;
        }
        double rate = examplesThisEpoch / Math.max(1e-9, r.seconds());
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "epoch %d/%d  train loss %.4f", r.epoch(), epochs,
                r.trainLoss()));
        if (!Double.isNaN(r.trainAccuracy())) {
            line.append(String.format(Locale.ROOT, "  train acc %.4f", r.trainAccuracy()));
        }
        if (!Double.isNaN(r.validationLoss())) {
            line.append(String.format(Locale.ROOT, "  %s loss %.4f", heldOut, r.validationLoss()));
        }
        if (!Double.isNaN(r.validationAccuracy())) {
            line.append(String.format(Locale.ROOT, "  %s acc %.4f", heldOut, r.validationAccuracy()));
        }
        RegressionMetrics m = metrics == null ? null : metrics.epoch(r.epoch());
        if (m != null) {
            line.append(String.format(Locale.ROOT, "  %s mae %s  rmse %s  r2 %.4f", heldOut,
                    Numbers.significant(m.meanAbsoluteError()), Numbers.significant(m.rootMeanSquaredError()),
                    m.rSquared()));
        }
        line.append(String.format(Locale.ROOT, "  %.2f s  %s ex/s", r.seconds(), Numbers.count(rate)));
        if (bar) {
            draw(line.toString());
            out.println();
            lastWidth = 0;
        } else {
            out.println(line);
        }
        out.flush();
        return true;
    }
}
