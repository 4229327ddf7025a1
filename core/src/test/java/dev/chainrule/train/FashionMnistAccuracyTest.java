package dev.chainrule.train;

import dev.chainrule.data.DataOptions;
import dev.chainrule.data.DataSource;
import dev.chainrule.data.LoadedData;
import dev.chainrule.layer.Dropout;
import dev.chainrule.loss.SoftmaxCrossEntropy;
import dev.chainrule.metrics.Accuracy;
import dev.chainrule.model.Sequential;
import dev.chainrule.optim.Adam;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The accuracy figures of issue 6 on Fashion-MNIST (60,000 training and 10,000 test images).
 * Off by default (minutes on two cores); run with
 * {@code CHAINRULE_ACCURACY=1 mvn -o -q test -pl core -Dtest=FashionMnistAccuracyTest}.
 * Skipped when the data set is not installed.
 */
@EnabledIfEnvironmentVariable(named = "CHAINRULE_ACCURACY", matches = "1")
class FashionMnistAccuracyTest {
    static final Path SYSTEM = Path.of("/usr/share/datasets/fashion-mnist");

    static LoadedData data() {
        assumeTrue(Files.isDirectory(SYSTEM), "Fashion-MNIST is not installed in " + SYSTEM);
        return DataSource.load(SYSTEM.toString(), DataOptions.defaults().withDownload(false));
    }

    static double train(LoadedData data, Sequential net, int epochs) {
        History h = new Trainer(net, new Adam(1e-3), TrainingConfig.miniBatch(epochs, 128, 1)).fit(data.train());
        double accuracy = Accuracy.of(net.predict(data.test().features()), data.test().targets());
        System.out.printf(Locale.ROOT, "%s: test accuracy %.4f after %d epochs, %.2f s per epoch%n", net, accuracy,
                h.epochs().size(), h.seconds() / h.epochs().size());
        return accuracy;
    }

    @Test
    void adamOnMlpSReaches086In10Epochs() {
        LoadedData data = data();
        Sequential net = Sequential.builder(784).seed(1).dense(50).relu().dense(10).loss(new SoftmaxCrossEntropy()).build();
        double accuracy = train(data, net, 10);
        assertTrue(accuracy >= 0.86, "test accuracy " + accuracy);
    }

    @Test
    void adamWithDropoutOn256x128Reaches0885In20Epochs() {
        LoadedData data = data();
        Sequential net = Sequential.builder(784).seed(1)
                .dense(256).relu().add(new Dropout(0.2, 2))
                .dense(128).relu().add(new Dropout(0.2, 3))
                .dense(10).loss(new SoftmaxCrossEntropy()).build();
        double accuracy = train(data, net, 20);
        assertTrue(accuracy >= 0.885, "test accuracy " + accuracy);
    }
}
