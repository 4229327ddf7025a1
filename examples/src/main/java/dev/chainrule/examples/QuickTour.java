package dev.chainrule.examples;

import dev.chainrule.data.DataOptions;
import dev.chainrule.data.DataSource;
import dev.chainrule.data.LoadedData;
import dev.chainrule.io.ModelFile;
import dev.chainrule.io.SavedModel;
import dev.chainrule.loss.SoftmaxCrossEntropy;
import dev.chainrule.model.Sequential;
import dev.chainrule.optim.Sgd;
import dev.chainrule.tensor.Tensor;
import dev.chainrule.train.History;
import dev.chainrule.train.Trainer;
import dev.chainrule.train.TrainingConfig;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The README's tour of the Java API: seed 001's 784-50-10 network built, trained, evaluated,
 * saved, loaded and used to predict. {@code args[0]} names the data (default
 * {@code fashion-mnist}), {@code args[1]} the model file (default {@code fashion.model}).
 */
public final class QuickTour {
    private QuickTour() {
    }

    public static void main(String[] args) throws IOException {
        String spec = args.length > 0 ? args[0] : "fashion-mnist";
        Path file = Path.of(args.length > 1 ? args[1] : "fashion.model");
        // README: begin
        LoadedData data = DataSource.load(spec, DataOptions.defaults());  // fashion-mnist: 60,000 + 10,000 images
        Sequential net = Sequential.builder(data.train().inputs()).seed(1) // 784 pixels in [0, 1]
                .dense(50).relu()
                .dense(10)
                .loss(new SoftmaxCrossEntropy())                           // fused softmax + cross-entropy
                .build();
        History history = new Trainer(net, new Sgd(0.1), TrainingConfig.miniBatch(20, 128, 1))
                .fit(data.train(), data.test());
        System.out.printf("test accuracy %.4f%n", history.last().validationAccuracy());

        ModelFile.save(file, SavedModel.builder(net).classNames(data.train().classNames())
                .preprocessing(data.preprocessing()).build());             // atomic write, checksummed
        Sequential loaded = ModelFile.load(file).model();
        Tensor probabilities = loaded.predict(data.test().features());     // [10000, 10], rows sum to 1
        // README: end
        System.out.printf("first test image: class %s with probability %.3f%n",
                data.train().classNames().get(argmax(probabilities, 0)), probabilities.get(0, argmax(probabilities, 0)));
    }

    private static int argmax(Tensor p, int row) {
        return dev.chainrule.metrics.Accuracy.argmax(p, row);
    }
}
