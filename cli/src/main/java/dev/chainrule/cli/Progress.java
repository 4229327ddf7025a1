package dev.chainrule.cli;

import dev.chainrule.train.EpochResult;
import dev.chainrule.train.TrainingListener;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * Training progress on the console. On a terminal: a bar redrawn in place during each epoch
 * (examples per second, running loss, elapsed and remaining time), replaced by the epoch's
 * summary line when it ends. Otherwise (a log, CI): only the summary line, once per epoch.
 */
final class Progress implements TrainingListener {
    /** How the progress is shown. */
    enum Mode { AUTO, BAR, LINES, NONE }

    private static final int BAR_WIDTH = 24;
    private static final long REDRAW_NANOS = 100_000_000L;

    private final PrintWriter out;
    private final boolean bar;
    private final boolean quiet;
    private final int trainExamples;
    private int epochs;
    private int batchesPerEpoch;
    private long runStart;
    private long epochStart;
    private long lastDraw;
    private long examplesThisEpoch;
    private double lossSum;
    private int lastWidth;

    Progress(PrintWriter out, Mode mode, int trainExamples) {
        this.out = out;
        Mode m = mode == Mode.AUTO ? (System.console() != null ? Mode.BAR : Mode.LINES) : mode;
        this.bar = m == Mode.BAR;
        this.quiet = m == Mode.NONE;
        this.trainExamples = trainExamples;
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
        int filled = (int) Math.round(epochFraction * BAR_WIDTH);
        String line = String.format(Locale.ROOT, "epoch %d/%d [%s%s] %3d%%  %s ex/s  loss %.4f  elapsed %s  remaining %s",
                epoch, epochs, "=".repeat(filled), " ".repeat(BAR_WIDTH - filled), Math.round(epochFraction * 100),
                Numbers.count(rate), lossSum / examplesThisEpoch, Numbers.duration(elapsed), Numbers.duration(remaining));
        draw(line);
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
        String line = String.format(Locale.ROOT, "epoch %d/%d  train loss %.4f  train acc %s  test loss %s  test acc %s"
                        + "  %.2fs  %s ex/s", r.epoch(), epochs, r.trainLoss(), Numbers.f4(r.trainAccuracy()),
                Numbers.f4(r.validationLoss()), Numbers.f4(r.validationAccuracy()), r.seconds(), Numbers.count(rate));
        if (bar) {
            draw(line);
            out.println();
            lastWidth = 0;
        } else {
            out.println(line);
        }
        out.flush();
        return true;
    }

    int trainExamples() {
        return trainExamples;
    }
}
