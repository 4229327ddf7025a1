package dev.chainrule.cli;

import dev.chainrule.data.DataSource;
import dev.chainrule.data.Dataset;
import dev.chainrule.data.LoadedData;
import dev.chainrule.data.PixelScaling;
import dev.chainrule.data.Preprocessing;
import dev.chainrule.io.DatasetRecord;

import java.util.List;

/**
 * Examples as the commands use them: the training and held-out parts, the class names, the
 * preprocessing fitted on the training part (saved with a model), the spec to load them again,
 * and the image size when the features are pixels.
 *
 * @param heldOut       the held-out part, or null when nothing is held out
 * @param preprocessing the fitted preprocessing
 * @param spec          the data options as a model file records them
 */
record TrainingData(String name, Dataset train, Dataset heldOut, List<String> classNames,
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

    /**
     * Loads the data the arguments name, split with {@code seed}: built-in and CSV data by the held-out
     * fraction, IDX data sets by their own training and test files.
     */
    static TrainingData load(DataArgs args, long seed) {
        if (args.target == null && (!args.categorical.isEmpty() || !args.standardize.isEmpty())) {
            throw new IllegalArgumentException("--categorical and --standardize are for CSV data, with --target");
        }
        return load(args, seed, null);
    }

    /**
     * {@link #load(DataArgs, long)}, but encoded with a preprocessing fitted before ({@code
     * fitted}, a saved model's) instead of one fitted here; null fits one as usual.
     */
    static TrainingData load(DataArgs args, long seed, Preprocessing fitted) {
        if (!(args.testFraction >= 0 && args.testFraction < 1)) {
            throw new IllegalArgumentException("--test-fraction must be in [0, 1), got " + args.testFraction);
        }
        LoadedData d = fitted == null ? DataSource.load(args.data, args.toOptions(seed))
                : DataSource.load(args.data, args.toOptions(seed), fitted);
        Dataset heldOut = d.test() == null || d.test().size() == 0 ? null : d.test();
        return new TrainingData(d.name(), d.train(), heldOut, d.train().classNames(), d.preprocessing(),
                args.toRecord(seed));
    }
}
