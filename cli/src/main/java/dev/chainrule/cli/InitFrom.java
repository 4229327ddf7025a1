package dev.chainrule.cli;

import dev.chainrule.io.DatasetRecord;
import dev.chainrule.io.ModelFile;
import dev.chainrule.io.NetworkFile;
import dev.chainrule.io.NetworkSpec;
import dev.chainrule.io.SavedModel;
import dev.chainrule.model.Sequential;
import dev.chainrule.tensor.DType;
import picocli.CommandLine.ParseResult;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code train --init-from FILE}: the starting point of a run. A chainrule model file gives the
 * network, its weights and its preprocessing (the new data is encoded with it, not fitted again);
 * a safetensors file gives the weights of the network built from the other options (a PyTorch
 * {@code state_dict}, names mapped as {@link dev.chainrule.io.StateDict} says).
 */
final class InitFrom {
    /** Options that describe the network, which a model file already gives. */
    private static final List<String> NETWORK_OPTIONS = List.of("--hidden", "--layers", "--activation", "--loss",
            "--dropout", "--network", "--dtype", "--init");
    /** Options that describe the CSV encoding, which a model file's preprocessing already gives. */
    private static final List<String> ENCODING_OPTIONS = List.of("--categorical", "--standardize");

    private final Path file;
    private final SavedModel saved;

    private InitFrom(Path file, SavedModel saved) {
        this.file = file;
        this.saved = saved;
    }

    /** Reads the model file, or notes a weights file (read when the network is built). */
    static InitFrom read(Path file) throws IOException {
        return new InitFrom(file, ModelFile.isModelFile(file) ? ModelFile.load(file) : null);
    }

    boolean isModel() {
        return saved != null;
    }

    Path file() {
        return file;
    }

    /**
     * Checks the command line against a model file and fills in the data arguments the user left
     * out from what the model recorded: with no {@code --data}, the data set it was trained on;
     * for CSV data, its target column.
     */
    void prepare(ParseResult parsed, DataArgs data, Path out, Map<String, Path> outputs) throws IOException {
        if (out != null && Files.exists(out) && Files.isSameFile(out, file)) {
            throw new IllegalArgumentException("--out " + out + " is the --init-from file; write the new model to another file");
        }
        if (!isModel()) {
            return;
        }
        List<String> given = new ArrayList<>();
        for (String option : NETWORK_OPTIONS) {
            if (parsed.hasMatchedOption(option)) {
                given.add(option);
            }
        }
        if (!given.isEmpty()) {
            throw new IllegalArgumentException("--init-from " + file + " gives the network; leave out " + String.join(", ", given));
        }
        if (saved.preprocessing() != null) {
            for (String option : ENCODING_OPTIONS) {
                if (parsed.hasMatchedOption(option)) {
                    throw new IllegalArgumentException("--init-from " + file + " gives the encoding of the columns; leave out "
                            + option);
                }
            }
        }
        DatasetRecord recorded = saved.dataset();
        if (!parsed.hasMatchedOption("--data")) {
            if (recorded == null) {
                throw new IllegalArgumentException(file + " records no data set; give --data");
            }
            // like evaluate: relative to the model file, and not data (nor echoed) unless it has the model's columns
            data.data = DataPaths.resolve(recorded.data(), file);
            DataPaths.requireTrainingColumns(Path.of(data.data), saved.preprocessing(), recorded, file);
            for (Map.Entry<String, Path> o : outputs.entrySet()) {
                OutputFiles.requireNotInput(o.getKey(), o.getValue(), Path.of(data.data), "the data " + file + " records");
            }
        }
        if (recorded != null && data.target == null && Files.isRegularFile(Path.of(data.data))) {
            data.target = recorded.target();
            data.categorical = new ArrayList<>(recorded.categorical());
            data.standardize = new ArrayList<>(recorded.standardize());
        }
    }

    /**
     * The data, encoded with the model's preprocessing when it has one, in the model's precision
     * (else in {@code dtype}).
     */
    TrainingData load(DataArgs data, long seed, DType dtype) {
        return isModel() ? TrainingData.load(data, seed, saved.model().dtype(), saved.preprocessing())
                : TrainingData.load(data, seed, dtype);
    }

    /**
     * The network to train: the model file's (rebuilt with {@code seed}, so that dropout masks
     * follow the run's seed, then given the saved weights), or the one the options describe with
     * the weights file's values. Prints where the weights came from.
     */
    Sequential network(ModelOptions options, TrainingData data, long seed, PrintWriter console) throws IOException {
        if (!isModel()) {
            Sequential model = options.build(data, seed);
            List<String> mapping = NetworkFile.loadWeights(model, file);
            console.println("starting from the weights of " + file + ":");
            for (String line : mapping) {
                console.println("  " + line);
            }
            return model;
        }
        Sequential model = NetworkSpec.of(saved.model(), false).build(saved.model().dtype(), seed);
        model.setState(saved.model().copyState());  // the weights and batch normalization's running statistics
        if (model.inputs() != data.inputs() || model.outputs() != data.outputs()) {
            throw new IllegalArgumentException(file + " takes " + model.inputs() + " inputs and has " + model.outputs()
                    + " outputs, but " + data.name() + " has " + data.inputs() + " features and " + data.outputs()
                    + " target columns");
        }
        if (!saved.classNames().equals(data.classNames())) {
            throw new IllegalArgumentException(file + " predicts the classes " + String.join(", ", saved.classNames())
                    + ", but " + data.name() + " has " + String.join(", ", data.classNames()));
        }
        console.println("starting from " + file + ": its network, weights" + (saved.preprocessing() == null ? ""
                : " and preprocessing (applied to " + data.name() + ", not fitted again)"));
        return model;
    }
}
