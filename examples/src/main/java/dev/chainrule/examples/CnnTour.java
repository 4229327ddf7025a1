package dev.chainrule.examples;

import dev.chainrule.data.DataOptions;
import dev.chainrule.data.DataSource;
import dev.chainrule.data.LoadedData;
import dev.chainrule.loss.SoftmaxCrossEntropy;
import dev.chainrule.model.Sequential;
import dev.chainrule.optim.Sgd;
import dev.chainrule.tensor.Shape;
import dev.chainrule.train.History;
import dev.chainrule.train.Trainer;
import dev.chainrule.train.TrainingConfig;

/**
 * The README's convolutional network in Java: CNN-S (two convolutions with ReLU and max pooling,
 * then two dense layers) built with the builder and trained with SGD and momentum, as
 * {@code chainrule train --network examples/networks/fashion-cnn.json} does. {@code args[0]}
 * names the data (default {@code fashion-mnist}: IDX images load as {@code [N, 1, 28, 28]}),
 * {@code args[1]} the epochs (default 10).
 */
public final class CnnTour {
    private CnnTour() {
    }

    public static void main(String[] args) {
        String spec = args.length > 0 ? args[0] : "fashion-mnist";
        int epochs = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        LoadedData data = DataSource.load(spec, DataOptions.defaults());
        // README: begin
        Sequential cnn = Sequential.builder(Shape.image(1, 28, 28)).seed(1)
                .conv2d(16, 3, 1).relu().maxPool2d(2)          // 16 filters 3x3, padding 1
                .conv2d(32, 3, 1).relu().maxPool2d(2)          // -> [32, 7, 7]
                .flatten().dense(128).relu()                   // -> [1568] -> [128]
                .dense(10)
                .loss(new SoftmaxCrossEntropy())
                .build();
        History history = new Trainer(cnn, Sgd.momentum(0.05, 0.9), TrainingConfig.miniBatch(epochs, 128, 1))
                .fit(data.train(), data.test());
        // README: end
        System.out.printf("%,d parameters%n", cnn.parameterCount());
        System.out.printf("test accuracy %.4f%n", history.last().validationAccuracy());
    }
}
