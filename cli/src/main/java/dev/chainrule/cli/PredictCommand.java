package dev.chainrule.cli;

import dev.chainrule.io.ModelFile;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code chainrule predict}: a saved model applied to new rows, written as CSV. */
@Command(name = "predict", mixinStandardHelpOptions = true, showDefaultValues = true, sortOptions = false,
        description = {"Apply a saved model to new examples and write, per row, the predicted class and the"
            + " probability of every class as CSV (for a model of numbers: the predicted values).",
            "The input is a CSV file with the training columns (the target column may be there; it is ignored),"
                + " or for an image model an IDX image file or a CSV of raw pixel rows without a header."
                + " The saved preprocessing is applied, never fitted again."})
final class PredictCommand implements Callable<Integer> {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "MODEL", description = "a model file saved by train --out; required")
    Path modelFile;

    @Option(names = "--input", required = true, paramLabel = "FILE", description = "rows to predict: CSV, or IDX images; required")
    Path input;

    @Option(names = "--output", paramLabel = "CSV", description = "write the predictions here (atomically) instead of to standard output")
    Path output;

    @Mixin
    VerboseOption verbose;

    @Override
    public Integer call() throws Exception {
        ModelFile.load(modelFile);
        throw new IllegalArgumentException("predict reads CSV and IDX rows with core's data loaders, which this build"
                + " does not have yet");
    }
}
