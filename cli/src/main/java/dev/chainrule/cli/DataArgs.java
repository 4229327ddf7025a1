package dev.chainrule.cli;

import dev.chainrule.data.CsvOptions;
import dev.chainrule.data.DataOptions;
import dev.chainrule.io.DatasetRecord;
import dev.chainrule.tensor.DType;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Where the examples come from and how much is held out: shared by {@code train} and {@code evaluate}. */
final class DataArgs {
    @Option(names = "--data", defaultValue = "digits", paramLabel = "D",
            description = "a built-in name (digits, mnist, fashion-mnist), a folder of IDX files, or a CSV file")
    String data;

    @Option(names = "--target", paramLabel = "COLUMN", description = "CSV: the column to predict")
    String target;

    @Option(names = "--categorical", split = ",", paramLabel = "COLUMN", description = "CSV: columns to one-hot encode")
    List<String> categorical = new ArrayList<>();

    @Option(names = "--standardize", split = ",", paramLabel = "COLUMN",
            description = "CSV: columns to z-score (sample std), fitted on the training part")
    List<String> standardize = new ArrayList<>();

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "where built-in data sets are looked up first (then $CHAINRULE_DATA, ~/.cache/chainrule, /usr/share/datasets)")
    Path dataDir;

    @Option(names = "--test-fraction", defaultValue = "0.2", paramLabel = "F",
            description = "fraction of the examples held out for testing, in [0, 1)")
    double testFraction;

    /** The options of core's data loading, with {@code seed} for the split. */
    DataOptions toOptions(long seed) {
        DataOptions o = DataOptions.defaults().withTestFraction(testFraction).withSeed(seed).withDtype(DType.FLOAT32);
        if (dataDir != null) {
            o = o.withDataDir(dataDir);
        }
        if (target != null) {
            o = o.withCsv(CsvOptions.target(target).withCategorical(categorical).withStandardize(standardize));
        }
        return o;
    }

    /** The data spec as a model file records it (with the split seed). */
    DatasetRecord toRecord(long seed) {
        return new DatasetRecord(data, target, categorical, standardize, testFraction, seed);
    }
}
