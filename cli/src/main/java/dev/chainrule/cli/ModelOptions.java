package dev.chainrule.cli;

import dev.chainrule.io.Limits;
import dev.chainrule.io.NetworkFile;
import dev.chainrule.io.NetworkSpec;
import dev.chainrule.loss.Loss;
import dev.chainrule.model.Sequential;
import dev.chainrule.tensor.DType;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The network to train: hidden sizes and activation (input and output sizes come from the data,
 * the output layer from the loss), or a network file. A mixin of {@code train}.
 */
final class ModelOptions {
    @Option(names = "--hidden", split = ",", paramLabel = "N", description = "hidden layer sizes, e.g. 50 or 256,128 (default: 50)")
    int[] hidden;

    @Option(names = "--layers", paramLabel = "IN-H1-...-OUT",
            description = "all layer sizes, e.g. 64-50-10, checked against the data (instead of --hidden)")
    String layers;

    @Option(names = "--activation", defaultValue = "relu", description = "hidden activation: relu, sigmoid, tanh, leaky_relu")
    String activation;

    @Option(names = "--loss", paramLabel = "L",
            description = "softmax-ce (default for classes), bce (two classes, one output from logits), bce-prob (sigmoid"
                    + " output), mse (default for numbers), half-sse (the seeds' 1/2 * sum (y - y_hat)^2); the output"
                    + " layer follows from it")
    String loss;

    @Option(names = "--dropout", defaultValue = "0", paramLabel = "RATE",
            description = "dropout after each hidden activation: drops this fraction in training, off at evaluation")
    double dropout;

    @Option(names = "--network", paramLabel = "FILE",
            description = "a network file (JSON) to train instead of --hidden/--layers; its sizes must fit the data")
    Path network;

    /** The loss to use for this data when {@code --loss} is not given. */
    static String defaultLoss(TrainingData data) {
        if (data.classNames().isEmpty()) {
            return "mse";
        }
        return data.outputs() == 1 ? "bce" : "softmax-ce";
    }

    /** Builds the float32 network for the data, initialized from {@code seed}. */
    Sequential build(TrainingData data, long seed) throws IOException {
        if (network != null) {
            if (hidden != null || layers != null) {
                throw new IllegalArgumentException("--network gives the whole network; leave out --hidden and --layers");
            }
            if (dropout != 0) {
                throw new IllegalArgumentException("--dropout applies to --hidden or --layers networks, not to --network files");
            }
            return fromFile(data, seed);
        }
        if (hidden != null && layers != null) {
            throw new IllegalArgumentException("give either --hidden or --layers, not both");
        }
        int[] sizes = hidden != null ? hidden : new int[] {50};
        if (layers != null) {
            sizes = parseLayers(data);
        }
        String lossName = loss != null ? loss : defaultLoss(data);
        Loss lossFn = Loss.named(lossName);
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("--dropout must be in [0, 1), got " + dropout);
        }
        Sequential.Builder b = Sequential.builder(data.inputs()).seed(seed);
        int width = data.inputs();
        for (int i = 0; i < sizes.length; i++) {
            int h = sizes[i];
            if (h < 1) {
                throw new IllegalArgumentException("hidden layer sizes must be at least 1, got " + h);
            }
            Limits.checkLayer((layers != null ? "--layers" : "--hidden") + ": layer " + (i + 1) + " (dense " + width + " -> " + h + ")",
                    width, h, Float.BYTES);
            width = h;
            b.dense(h).activation(activation.replace('-', '_'));
            if (dropout > 0) {
                b.dropout(dropout);
            }
        }
        Limits.checkLayer("the output layer (dense " + width + " -> " + data.outputs() + ")", width, data.outputs(), Float.BYTES);
        b.dense(data.outputs());
        boolean classes = !data.classNames().isEmpty();
        switch (lossName) {
            case "bce-prob" -> b.sigmoid();
            case "half-sse", "mse" -> {
                if (classes) {
                    b.sigmoid();
                }
            }
            default -> {
            }
        }
        return b.loss(lossFn).build();
    }

    private int[] parseLayers(TrainingData data) {
        List<Integer> sizes = new ArrayList<>();
        for (String part : layers.split("-")) {
            try {
                sizes.add(Integer.parseInt(part.trim()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--layers " + layers + ": '" + part + "' is not a whole number;"
                        + " write sizes like 64-50-10");
            }
        }
        if (sizes.size() < 2) {
            throw new IllegalArgumentException("--layers " + layers + ": needs at least the input and output sizes, e.g. "
                    + data.inputs() + "-50-" + data.outputs());
        }
        int in = sizes.get(0);
        int out = sizes.get(sizes.size() - 1);
        if (in != data.inputs() || out != data.outputs()) {
            StringBuilder fix = new StringBuilder().append(data.inputs());
            for (int i = 1; i < sizes.size() - 1; i++) {
                fix.append('-').append(sizes.get(i));
            }
            fix.append('-').append(data.outputs());
            throw new IllegalArgumentException("--layers " + layers + " does not fit " + data.name() + ": it has "
                    + data.inputs() + " input features and " + data.outputs() + " outputs"
                    + (data.classNames().isEmpty() ? "" : " (" + data.classNames().size() + " classes)")
                    + "; try --layers " + fix);
        }
        return sizes.subList(1, sizes.size() - 1).stream().mapToInt(Integer::intValue).toArray();
    }

    private Sequential fromFile(TrainingData data, long seed) throws IOException {
        NetworkSpec spec = NetworkFile.read(network);
        String lossName = spec.loss();
        if (lossName != null && loss != null && !lossName.equals(loss)) {
            throw new IllegalArgumentException(network + " names loss " + lossName + " but --loss says " + loss);
        }
        if (lossName == null) {
            lossName = loss != null ? loss : defaultLoss(data);
            spec = new NetworkSpec(spec.inputs(), spec.layers(), lossName);
        }
        if (spec.inputs() != data.inputs()) {
            throw new IllegalArgumentException(network + ": the network takes " + spec.inputs() + " inputs but "
                    + data.name() + " has " + data.inputs() + " features");
        }
        Sequential model;
        try {
            model = spec.build(DType.FLOAT32, seed);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(network + ": " + e.getMessage(), e);
        }
        if (model.outputs() != data.outputs()) {
            throw new IllegalArgumentException(network + ": the network has " + model.outputs() + " outputs but "
                    + data.name() + " has " + data.outputs() + " target columns");
        }
        return model;
    }

    /** Text such as {@code 64-50-10} for a model. */
    static String sizes(Sequential model) {
        return NetworkSpec.of(model, false).sizes();
    }

    @Override
    public String toString() {
        return "hidden=" + Arrays.toString(hidden) + " layers=" + layers;
    }
}
