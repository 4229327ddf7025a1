package dev.chainrule.cli;

import dev.chainrule.data.Dataset;
import dev.chainrule.loss.SoftmaxCrossEntropy;
import dev.chainrule.model.Sequential;
import dev.chainrule.optim.Sgd;
import dev.chainrule.tensor.DType;
import dev.chainrule.tensor.Kernels;
import dev.chainrule.tensor.Tensor;
import dev.chainrule.train.EpochResult;
import dev.chainrule.train.Trainer;
import dev.chainrule.train.TrainingConfig;
import dev.chainrule.train.TrainingListener;

import java.util.List;
import java.util.Random;

/**
 * Trains a small network on random data for a moment, on a background thread, while the
 * command loads its data: the training loop's own code (the trainer, the layers, the loss, the
 * accuracy count) then runs compiled from the real run's first batch instead of going through
 * the JIT's tiers during it (MLP-S's first epoch took visibly longer than the next).
 * Starts after the kernels' warm-up of the products, so as not to run them cold, and stops when the real run
 * starts ({@link #stop()}), so as not to take a core from it; touches nothing the real run uses
 * (its own model and data; products too small for the kernels' thread pool).
 */
final class TrainingWarmUp {
    /** At most this long. */
    private static final long BUDGET_NANOS = 400_000_000L;
    /** Set when the real run starts: the warm-up stops at its next epoch (a few milliseconds). */
    private static volatile boolean stopped;

    private TrainingWarmUp() {
    }

    /** Stops the warm-up, if one runs, at its next epoch, and keeps a later one from starting. */
    static void stop() {
        stopped = true;
    }

    static void startInBackground() {
        if ("false".equals(System.getProperty("chainrule.warmup.training"))) {
            return;
        }
        Thread t = new Thread(() -> {
            try {
                Kernels.awaitWarmUp();
                if (!stopped) {
                    run();
                }
            } catch (RuntimeException e) {
                // only a warm-up
            }
        }, "chainrule-training-warmup");
        t.setDaemon(true);
        t.start();
    }

    static void run() {
        int n = 2048;
        Random random = new Random(1);
        Tensor x = Tensor.zeros(DType.FLOAT32, n, 64);
        Tensor t = Tensor.zeros(DType.FLOAT32, n, 10);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < 64; j++) {
                x.set(i, j, random.nextGaussian());
            }
            t.set(i, i % 10, 1);
        }
        Dataset data = new Dataset("warm-up", x, t, List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"));
        Sequential model = Sequential.builder(64).seed(1).dense(32).relu().dense(10)
                .loss(new SoftmaxCrossEntropy()).build();
        long deadline = System.nanoTime() + BUDGET_NANOS;
        new Trainer(model, new Sgd(0.01), TrainingConfig.miniBatch(100, 32, 1)).addListener(new TrainingListener() {
            @Override
            public boolean onEpochEnd(EpochResult result) {
                return !stopped && System.nanoTime() < deadline;
            }
        }).fit(data);
    }
}
