package dev.chainrule.examples;

import dev.chainrule.data.DataOptions;
import dev.chainrule.data.DataSource;
import dev.chainrule.data.LoadedData;
import dev.chainrule.init.Initializer;
import dev.chainrule.loss.SoftmaxCrossEntropy;
import dev.chainrule.metrics.Accuracy;
import dev.chainrule.model.Sequential;
import dev.chainrule.optim.Sgd;
import dev.chainrule.train.Batching;
import dev.chainrule.train.EpochResult;
import dev.chainrule.train.Trainer;
import dev.chainrule.train.TrainingConfig;
import dev.chainrule.train.TrainingListener;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Seed 001: a 784-50-10 network on 28x28 images. Dense 784 to 50, ReLU, dense 50 to 10, softmax
 * with cross-entropy (fused, gradient {@code (p - t) / batch}); weights {@code 0.1 * N(0, 1)},
 * biases 0 (the seed's {@code Dense}); plain SGD with learning rate 0.1; 20 epochs of
 * {@code ceil(60000 / 128)} batches of 128 drawn <em>with replacement</em> (the seed's
 * {@code np.random.choice(train_size, batch_size)}). After each epoch it prints the training and
 * test accuracy, then the final test accuracy.
 *
 * <p>The seed trained on MNIST; MNIST is not downloadable here, so the default is Fashion-MNIST
 * ({@code apt-get install dataset-fashion-mnist}), the drop-in replacement with the same layout
 * (PyTorch reaches 0.867 with these settings). Run from the repository root:
 * {@code java -Xmx2g -cp core/target/classes:examples/target/classes dev.chainrule.examples.DigitsExample
 * [fashion-mnist | mnist | IDX folder] [seed]}.
 */
public final class DigitsExample {
    static final int HIDDEN = 50;
    static final int EPOCHS = 20;
    static final int BATCH = 128;
    static final double LEARNING_RATE = 0.1;

    private DigitsExample() {
    }

    /** The seed's network for {@code inputs} pixels and {@code classes} classes. */
    public static Sequential network(int inputs, int classes, long seed) {
        Initializer init = Initializer.normal(0.1);
        return Sequential.builder(inputs).seed(seed)
                .dense(HIDDEN, true, init).relu()
                .dense(classes, true, init)
                .loss(new SoftmaxCrossEntropy())
                .build();
    }

    /** Trains the seed's way, printing per-epoch accuracies and the final test accuracy; returns it. */
    public static double run(LoadedData data, int epochs, long seed, PrintStream out) {
        Sequential net = network(data.train().inputs(), data.train().outputs(), seed);
        Trainer trainer = new Trainer(net, new Sgd(LEARNING_RATE),
                new TrainingConfig(epochs, BATCH, Batching.SAMPLED_WITH_REPLACEMENT, seed));
        trainer.addListener(new TrainingListener() {
            @Override
            public boolean onEpochEnd(EpochResult r) {
                double train = Accuracy.of(net.predict(data.train().features()), data.train().targets());
                out.printf(Locale.ROOT, "Epoch %d/%d%nTrain accuracy=%.4f  Test accuracy=%.4f  (%.2f s)%n",
                        r.epoch(), epochs, train, r.validationAccuracy(), r.seconds());
                return true;
            }
        });
        trainer.fit(data.train(), data.test());
        double accuracy = Accuracy.of(net.predict(data.test().features()), data.test().targets());
        out.printf(Locale.ROOT, "Test accuracy = %.4f%n", accuracy);
        return accuracy;
    }

    public static void main(String[] args) {
        String spec = args.length > 0 ? args[0] : "fashion-mnist";
        long seed = args.length > 1 ? Long.parseLong(args[1]) : 1;
        long start = System.nanoTime();
        LoadedData data = DataSource.load(spec, DataOptions.defaults().withSeed(seed));
        System.out.printf(Locale.ROOT, "%s: %d training and %d test images of %d pixels, %d classes (loaded in %.1f s)%n",
                data.name(), data.train().size(), data.test().size(), data.train().inputs(), data.train().outputs(),
                (System.nanoTime() - start) / 1e9);
        run(data, EPOCHS, seed, System.out);
    }

}
