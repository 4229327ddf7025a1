package dev.chainrule.cli;

import dev.chainrule.data.CsvFile;
import dev.chainrule.data.DataSource;
import dev.chainrule.data.Dataset;
import dev.chainrule.data.LoadedData;
import dev.chainrule.data.PixelScaling;
import dev.chainrule.data.Preprocessing;
import dev.chainrule.data.TabularPreprocessing;
import dev.chainrule.io.DatasetRecord;
import dev.chainrule.tensor.DType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Examples as the commands use them: the training part, an optional validation file, the test
 * part, the class names, the preprocessing fitted on the training part (saved with a model), the
 * spec to load them again, and the image size when the features are pixels.
 *
 * @param validation    the examples of {@code --validation-data}, or null
 * @param heldOut       the test part (a held-out fraction or {@code --test-data}), or null when
 *                      nothing is held out
 * @param preprocessing the fitted preprocessing
 * @param spec          the data options as a model file records them
 */
record TrainingData(String name, Dataset train, Dataset validation, Dataset heldOut, List<String> classNames,
                    Preprocessing preprocessing, DatasetRecord spec) {

    boolean isImages() {
        return preprocessing instanceof PixelScaling;
    }

    int imageHeight() {
        return preprocessing instanceof PixelScaling p ? p.height() : 0;
    }

    int imageWidth() {
        return preprocessing instanceof PixelScaling p ? p.width() : 0;
    }

    int inputs() {
        return train.inputs();
    }

    int outputs() {
        return train.outputs();
    }

    /** The preprocessing of a CSV data set, or null for images. */
    TabularPreprocessing tabular() {
        return preprocessing instanceof TabularPreprocessing t ? t : null;
    }

    /** Checks the data arguments that need no file: ranges and options that go together. */
    static void check(DataArgs args) {
        double fraction = args.testFraction();
        if (!(fraction >= 0 && fraction < 1)) {
            throw new IllegalArgumentException("--test-fraction: must be in [0, 1), got " + Numbers.seed(fraction));
        }
        if (args.testData != null && args.testFraction != null && args.testFraction > 0) {
            throw new IllegalArgumentException("give either --test-data or --test-fraction, not both");
        }
        if (args.target == null && args.csvOptionsGiven()) {
            throw new IllegalArgumentException("--categorical, --standardize, --ignore, --missing, --target-kind, --delimiter"
                    + " and --no-header are for CSV data, with --target");
        }
        if ((args.testData != null || args.validationData != null) && args.target == null) {
            throw new IllegalArgumentException((args.testData != null ? "--test-data" : "--validation-data")
                    + " takes a CSV file with the training columns, for CSV --data with --target");
        }
    }

    /**
     * Loads the data the arguments name, in {@code dtype}, split with {@code seed}: built-in and CSV
     * data by the held-out fraction, IDX data sets by their own training and test files; a test or
     * validation file is encoded with the preprocessing fitted on the training data.
     */
    static TrainingData load(DataArgs args, long seed, DType dtype) {
        return load(args, seed, dtype, null);
    }

    /**
     * {@link #load(DataArgs, long, DType)}, but encoded with a preprocessing fitted before
     * ({@code fitted}, a saved model's) instead of one fitted here; null fits one as usual.
     */
    static TrainingData load(DataArgs args, long seed, DType dtype, Preprocessing fitted) {
        check(args);
        LoadedData d = fitted == null ? DataSource.load(args.data, args.toOptions(seed, dtype))
                : DataSource.load(args.data, args.toOptions(seed, dtype), fitted);
        TabularPreprocessing tabular = d.preprocessing() instanceof TabularPreprocessing t ? t : null;
        Dataset heldOut = d.test() == null || d.test().size() == 0 ? null : d.test();
        if (args.testData != null) {
            heldOut = readLike(args.testData, tabular, dtype, "--test-data");
        }
        Dataset validation = args.validationData == null ? null
                : readLike(args.validationData, tabular, dtype, "--validation-data");
        Dataset train = d.train();
        dev.chainrule.tensor.Shape shape = args.inputShape();
        if (shape != null) {
            if (shape.size() != train.inputs()) {
                throw new IllegalArgumentException("--input-shape " + shape + " holds " + Numbers.count(shape.size())
                        + " values, but " + d.name() + " has " + Numbers.plural(train.inputs(), "feature")
                        + " per example");
            }
            train = train.withExampleShape(shape);
            heldOut = heldOut == null ? null : heldOut.withExampleShape(shape);
            validation = validation == null ? null : validation.withExampleShape(shape);
        }
        return new TrainingData(d.name(), train, validation, heldOut, d.train().classNames(), d.preprocessing(),
                args.toRecord(seed));
    }

    /** Every row of a CSV file with the training columns, encoded by the training data's preprocessing. */
    static Dataset readLike(Path file, TabularPreprocessing preprocessing, DType dtype, String option) {
        if (preprocessing == null) {
            throw new IllegalArgumentException(option + " takes a CSV file with the training columns, for CSV --data");
        }
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(option + ": no such file: " + file);
        }
        Dataset d = preprocessing.dataset(CsvFile.open(file, preprocessing.format()), file.getFileName().toString(), dtype);
        if (d.size() == 0) {
            throw new IllegalArgumentException(option + ": " + file + " has no data rows");
        }
        d.checkFinite();
        return d;
    }
}
