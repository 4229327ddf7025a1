package dev.chainrule.cli;

import dev.chainrule.data.CsvFormat;
import dev.chainrule.data.CsvOptions;
import dev.chainrule.data.MissingValues;
import dev.chainrule.data.TargetKind;
import dev.chainrule.data.DataOptions;
import dev.chainrule.io.DatasetRecord;
import dev.chainrule.tensor.DType;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Where the examples come from and how much is held out: shared by {@code train} and {@code evaluate}. */
final class DataArgs {
    /** The test fraction when neither {@code --test-fraction} nor {@code --test-data} is given. */
    static final double DEFAULT_TEST_FRACTION = 0.2;

    @Option(names = "--data", defaultValue = "digits", paramLabel = "D",
            description = "a built-in name (digits, mnist, fashion-mnist), a folder of IDX files, or a CSV file")
    String data;

    @Option(names = "--target", paramLabel = "COLUMN", description = "CSV: the column to predict")
    String target;

    @Option(names = "--categorical", split = ",", paramLabel = "COLUMN", description = "CSV: columns to one-hot encode")
    List<String> categorical = new ArrayList<>();

    @Option(names = "--standardize", split = ",", paramLabel = "COLUMN",
            description = "CSV: columns to z-score (sample std), fitted on the training part; naming the --target"
                    + " column scales the target too (undone at predict time)")
    List<String> standardize = new ArrayList<>();

    @Option(names = "--ignore", split = ",", paramLabel = "COLUMN", description = "CSV: columns to leave out (an id, a date)")
    List<String> ignore = new ArrayList<>();

    @Option(names = "--missing", paramLabel = "POLICY", defaultValue = "error",
            description = "CSV: a missing value (empty, NA, N/A, NaN, null, ?...): error, drop (leave the row out) or mean"
                    + " (fill with the training mean, or the most frequent category; rows without a target are left out)")
    String missing = "error";

    @Option(names = "--target-kind", paramLabel = "KIND", defaultValue = "auto",
            description = "CSV: how the target is read: classes, numbers, or auto (classes unless it holds numbers that are"
                    + " not all whole or take more than " + TargetKind.MAX_AUTO_CLASSES + " values)")
    String targetKind = "auto";

    @Mixin
    CsvFormatArgs format = new CsvFormatArgs();

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "where built-in data sets are looked up first (then $CHAINRULE_DATA, ~/.cache/chainrule, /usr/share/datasets)")
    Path dataDir;

    @Option(names = "--test-fraction", paramLabel = "F",
            description = "fraction of the examples held out for testing, in [0, 1); 0 trains on every row"
                    + " (default: " + DEFAULT_TEST_FRACTION + ", or 0 with --test-data)")
    Double testFraction;

    @Option(names = "--test-data", paramLabel = "CSV",
            description = "CSV: test on this file (the training columns, encoded as --data's) instead of a held-out"
                    + " fraction of --data")
    Path testData;

    @Option(names = "--validation-data", paramLabel = "CSV",
            description = "CSV: validate each epoch on this file instead of a --validation-fraction of the training part")
    Path validationData;

    @Option(names = "--input-shape", paramLabel = "C,H,W",
            description = "the shape of one example, e.g. 1,28,28 for a CSV of 784 pixel columns read as one-channel"
                    + " 28x28 images (for a convolutional --network); default: [features] for CSV, [1, H, W] for IDX")
    String inputShape;

    /** The {@code --input-shape} given, or null. */
    dev.chainrule.tensor.Shape inputShape() {
        if (inputShape == null) {
            return null;
        }
        try {
            return dev.chainrule.tensor.Shape.parse(inputShape);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--input-shape: " + e.getMessage());
        }
    }

    /** Two classes as one 0/1 target column: set by {@code train} when the loss or the network has one output. */
    boolean twoClassesAsOneColumn;

    /** The test fraction in effect: as given, 0 with a test file, else {@value #DEFAULT_TEST_FRACTION}. */
    double testFraction() {
        if (testFraction != null) {
            return testFraction;
        }
        return testData != null ? 0 : DEFAULT_TEST_FRACTION;
    }

    /** The options of core's data loading, with {@code seed} for the split and {@code dtype} for the tensors. */
    DataOptions toOptions(long seed, DType dtype) {
        DataOptions o = DataOptions.defaults().withTestFraction(testFraction()).withSeed(seed).withDtype(dtype);
        if (dataDir != null) {
            o = o.withDataDir(dataDir);
        }
        if (target != null) {
            o = o.withCsv(csvOptions());
        }
        return o;
    }

    /** The CSV options the arguments give (with {@code --target}). */
    CsvOptions csvOptions() {
        return CsvOptions.target(target).withCategorical(categorical).withStandardize(standardize).withIgnore(ignore)
                .withTwoClassesAsOneColumn(twoClassesAsOneColumn).withTargetKind(targetKind(targetKind)).withMissing(MissingValues.parse(missing))
                .withFormat(format.apply(CsvFormat.DEFAULT));
    }

    /** Whether a CSV-only option was given. */
    boolean csvOptionsGiven() {
        return !categorical.isEmpty() || !standardize.isEmpty() || !ignore.isEmpty() || format.given()
                || !"error".equalsIgnoreCase(missing) || !"auto".equalsIgnoreCase(targetKind);
    }

    /** {@code --target-kind}: auto, classes, or numbers (also: values). */
    static TargetKind targetKind(String name) {
        return switch (name == null ? "auto" : name.strip().toLowerCase(java.util.Locale.ROOT)) {
            case "auto" -> TargetKind.AUTO;
            case "classes", "class" -> TargetKind.CLASSES;
            case "numbers", "values", "number" -> TargetKind.VALUES;
            default -> throw new IllegalArgumentException("--target-kind must be auto, classes or numbers, got "
                    + dev.chainrule.io.Excerpt.quoted(name));
        };
    }

    /** The data spec as a model file records it (with the split seed). */
    DatasetRecord toRecord(long seed) {
        return new DatasetRecord(data, target, categorical, standardize, testFraction(), seed,
                testData == null ? null : testData.toString());
    }
}
