package dev.chainrule.cli;

import dev.chainrule.init.Initializer;
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
import java.util.Set;

/**
 * The network to train: hidden sizes and activation (input and output sizes come from the data,
 * the output layer from the loss), or a network file; its precision and initializer. A mixin of
 * {@code train}.
 */
final class ModelOptions {
    /** Hidden activations; softmax is an output function and is refused here. */
    static final List<String> HIDDEN_ACTIVATIONS = List.of("relu", "sigmoid", "tanh", "leaky_relu");
    /** Losses whose network has one output for two classes. */
    private static final Set<String> ONE_OUTPUT_LOSSES = Set.of("bce", "bce-prob");

    @Option(names = "--hidden", split = ",", paramLabel = "N", description = "hidden layer sizes, e.g. 50 or 256,128 (default: 50)")
    int[] hidden;

    @Option(names = "--layers", paramLabel = "IN-H1-...-OUT",
            description = "all layer sizes, e.g. 64-50-10, checked against the data (instead of --hidden)")
    String layers;

    @Option(names = "--activation", defaultValue = "relu", paramLabel = "NAME",
            completionCandidates = Completions.HiddenActivations.class,
            description = "hidden activation: relu, sigmoid, tanh, leaky_relu")
    String activation;

    @Option(names = "--loss", paramLabel = "L", completionCandidates = Completions.Losses.class,
            description = "softmax-ce (default for classes), bce (two classes, one output from logits), bce-prob (two"
                    + " classes, one sigmoid output), mse (default for numbers), half-sse (the seeds' 1/2 * sum (y -"
                    + " y_hat)^2); the output layer follows from it")
    String loss;

    @Option(names = "--dropout", defaultValue = "0", paramLabel = "RATE",
            description = "dropout after each hidden activation: drops this fraction in training, off at evaluation")
    double dropout;

    @Option(names = "--network", paramLabel = "FILE",
            description = "a network file (JSON) to train instead of --hidden/--layers; its sizes must fit the data")
    Path network;

    @Option(names = "--dtype", defaultValue = "float32", paramLabel = "TYPE", completionCandidates = Completions.DTypes.class,
            description = "precision of the weights and data: float32 (fast) or float64 (reproduces numpy to the last"
                    + " digits)")
    String dtype;

    @Option(names = "--init", defaultValue = "auto", paramLabel = "NAME", completionCandidates = Completions.Initializers.class,
            description = "initial weights: auto (a --network file's \"init\", else he before relu, xavier otherwise), he,"
                    + " xavier, lecun, pytorch (PyTorch's default, U(+-1/sqrt(fan-in))), zeros, normal:SCALE")
    String init;

    private NetworkSpec fileSpec;

    /** The element type {@code --dtype} names. */
    DType dtype() {
        return switch (dtype.toLowerCase(java.util.Locale.ROOT)) {
            case "float32" -> DType.FLOAT32;
            case "float64" -> DType.FLOAT64;
            default -> throw new IllegalArgumentException(Suggest.unknown("--dtype", "type", dtype, List.of("float32", "float64")));
        };
    }

    /** The initializer {@code --init} names, or null for the default rule. */
    Initializer initializer() {
        if (init.equals("auto")) {
            return null;
        }
        try {
            return Initializer.named(init);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--init: " + e.getMessage(), e);
        }
    }

    /**
     * Checks every setting that does not need the data, so a mistake is reported before anything
     * loads; reads the network file.
     */
    void check() throws IOException {
        dtype();
        initializer();
        if (loss != null) {
            try {
                Loss.named(loss);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--loss: " + e.getMessage(), e);
            }
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("--dropout: must be in [0, 1), got " + Numbers.seed(dropout));
        }
        String act = activation.replace('-', '_');
        if (act.equals("softmax")) {
            throw new IllegalArgumentException("--activation softmax: softmax is an output function, not a hidden"
                    + " activation; hidden layers take " + String.join(", ", HIDDEN_ACTIVATIONS)
                    + " (the output layer follows from --loss: softmax-ce gives softmax outputs)");
        }
        if (!HIDDEN_ACTIVATIONS.contains(act)) {
            throw new IllegalArgumentException(Suggest.unknown("--activation", "activation", activation, HIDDEN_ACTIVATIONS));
        }
        if (hidden != null) {
            for (int h : hidden) {
                if (h < 1) {
                    throw new IllegalArgumentException("--hidden: layer sizes must be at least 1, got " + h);
                }
            }
        }
        if (network != null) {
            if (hidden != null || layers != null) {
                throw new IllegalArgumentException("--network gives the whole network; leave out --hidden and --layers");
            }
            if (dropout != 0) {
                throw new IllegalArgumentException("--dropout applies to --hidden or --layers networks, not to --network files");
            }
            fileSpec = NetworkFile.read(network);
            if (fileSpec.loss() != null && loss != null && !fileSpec.loss().equals(loss)) {
                throw new IllegalArgumentException(network + " names loss " + fileSpec.loss() + " but --loss says " + loss);
            }
        } else if (hidden != null && layers != null) {
            throw new IllegalArgumentException("give either --hidden or --layers, not both");
        }
    }

    /**
     * Whether a two-class target becomes one 0/1 column: when the loss has one output
     * ({@code bce}, {@code bce-prob}) or the network file ends in one output.
     */
    boolean oneOutputForTwoClasses() {
        String named = loss != null ? loss : fileSpec != null ? fileSpec.loss() : null;
        if (named != null && ONE_OUTPUT_LOSSES.contains(named)) {
            return true;
        }
        return fileSpec != null && outputs(fileSpec) == 1;
    }

    private static int outputs(NetworkSpec spec) {
        try {
            java.util.List<dev.chainrule.tensor.Shape> shapes = spec.shapes();
            return shapes.get(shapes.size() - 1).size();
        } catch (IllegalArgumentException e) {
            return -1; // reported when the network is built
        }
    }

    /** The loss to use for this data when {@code --loss} is not given. */
    static String defaultLoss(TrainingData data) {
        if (data.classNames().isEmpty()) {
            return "mse";
        }
        return data.outputs() == 1 ? "bce" : "softmax-ce";
    }

    /** Builds the network for the data, initialized from {@code seed}; {@link #check()} must have run. */
    Sequential build(TrainingData data, long seed) {
        String lossName = loss != null ? loss : fileSpec != null && fileSpec.loss() != null ? fileSpec.loss()
                : defaultLoss(data);
        checkLossFitsData(lossName, data);
        if (fileSpec != null) {
            return fromFile(data, seed, lossName);
        }
        int[] sizes = hidden != null ? hidden : new int[] {50};
        if (layers != null) {
            sizes = parseLayers(data);
        }
        Sequential.Builder b = Sequential.builder(data.inputs()).seed(seed).dtype(dtype()).initializer(initializer());
        int bytes = dtype() == DType.FLOAT64 ? Double.BYTES : Float.BYTES;
        int width = data.inputs();
        for (int i = 0; i < sizes.length; i++) {
            int h = sizes[i];
            Limits.checkLayer((layers != null ? "--layers" : "--hidden") + ": layer " + (i + 1) + " (dense " + width
                    + " -> " + h + ")", width, h, bytes);
            width = h;
            b.dense(h).activation(activation.replace('-', '_'));
            if (dropout > 0) {
                b.dropout(dropout);
            }
        }
        Limits.checkLayer("the output layer (dense " + width + " -> " + data.outputs() + ")", width, data.outputs(), bytes);
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
        return b.loss(Loss.named(lossName)).build();
    }

    /** Refuses a loss that cannot learn these targets, before a run that would train to nothing. */
    private static void checkLossFitsData(String lossName, TrainingData data) {
        int classes = data.classNames().size();
        boolean binary = lossName.equals("bce") || lossName.equals("bce-prob");
        if (binary && classes > 2) {
            throw new IllegalArgumentException("--loss " + lossName + " is for two classes with one output, but "
                    + data.name() + " has " + classes + " classes; use --loss softmax-ce");
        }
        if (binary && classes == 0) {
            throw new IllegalArgumentException("--loss " + lossName + " is for two classes, but the target of "
                    + data.name() + " holds numbers; use --loss mse");
        }
        if (lossName.equals("softmax-ce") && classes == 0) {
            throw new IllegalArgumentException("--loss softmax-ce is for classes, but the target of " + data.name()
                    + " holds numbers; use --loss mse");
        }
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
        for (int s : sizes) {
            if (s < 1) {
                throw new IllegalArgumentException("--layers " + layers + ": layer sizes must be at least 1, got " + s);
            }
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
                    + Numbers.plural(data.inputs(), "input feature") + " and " + Numbers.plural(data.outputs(), "output")
                    + (data.classNames().isEmpty() ? "" : " (" + data.classNames().size() + " classes)")
                    + "; try --layers " + fix);
        }
        return sizes.subList(1, sizes.size() - 1).stream().mapToInt(Integer::intValue).toArray();
    }

    private Sequential fromFile(TrainingData data, long seed, String lossName) {
        NetworkSpec spec = fileSpec.loss() == null ? new NetworkSpec(fileSpec.input(), fileSpec.layers(), lossName, fileSpec.init())
                : fileSpec;
        if (!spec.input().isVector() && !data.train().exampleShape().isVector()
                && !spec.input().equals(data.train().exampleShape())) {
            throw new IllegalArgumentException(network + ": the network takes examples of shape " + spec.input() + " but "
                    + data.name() + "'s are " + data.train().exampleShape() + "; give --input-shape "
                    + spec.input().toString().replaceAll("[\\[\\] ]", "") + " or change the network's \"input\"");
        }
        if (spec.inputs() != data.inputs()) {
            throw new IllegalArgumentException(network + ": the network takes " + Numbers.plural(spec.inputs(), "input")
                    + " but " + data.name() + " has " + Numbers.plural(data.inputs(), "feature"));
        }
        Sequential model;
        try {
            model = spec.build(dtype(), seed, initializer());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(network + ": " + e.getMessage(), e);
        }
        if (model.outputs() != data.outputs()) {
            throw new IllegalArgumentException(network + ": the network has " + Numbers.plural(model.outputs(), "output")
                    + " but " + data.name() + " has " + Numbers.plural(data.outputs(), "target column")
                    + (data.classNames().size() > 2 ? " (" + data.classNames().size() + " classes, one-hot)" : ""));
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
