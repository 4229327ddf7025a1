package dev.chainrule.cli;

import dev.chainrule.data.BuiltinDigits;
import dev.chainrule.data.Dataset;
import dev.chainrule.data.Split;
import dev.chainrule.tensor.DType;

import java.util.List;
import java.util.Map;

/**
 * Examples as the commands use them: the training and held-out parts, the class names, the
 * fitted preprocessing to save with a model, the spec to load them again, and the image size
 * when the features are pixels.
 *
 * @param heldOut       the held-out part, or null when {@code --test-fraction 0}
 * @param preprocessing the fitted preprocessing as a JSON-like map, or null
 * @param imageHeight   pixel rows per image, or 0 when the features are not an image
 */
record TrainingData(String name, Dataset train, Dataset heldOut, List<String> classNames,
                  Map<String, Object> preprocessing, Map<String, Object> spec, int imageHeight, int imageWidth) {

    boolean isImages() {
        return imageHeight > 0;
    }

    int inputs() {
        return train.inputs();
    }

    int outputs() {
        return train.outputs();
    }

    /** Loads and splits the data the options name, with {@code seed} for the split. */
    static TrainingData load(DataArgs options, long seed) {
        Dataset all = loadAll(options);
        if (!(options.testFraction >= 0 && options.testFraction < 1)) {
            throw new IllegalArgumentException("--test-fraction must be in [0, 1), got " + options.testFraction);
        }
        Split split = Split.of(all, options.testFraction, seed);
        Dataset heldOut = split.heldOut().size() == 0 ? null : split.heldOut();
        int side = (int) Math.round(Math.sqrt(all.inputs()));
        boolean images = options.data.equals("digits") && side * side == all.inputs();
        return new TrainingData(options.data, split.train(), heldOut, all.classNames(), null,
                options.toSpec(seed), images ? side : 0, images ? side : 0);
    }

    /** Every example of the data the options name, for evaluating a saved model on new data. */
    static Dataset loadAll(DataArgs options) {
        if (options.data.equals("digits")) {
            refuseCsvOptions(options);
            return BuiltinDigits.load(DType.FLOAT32);
        }
        throw new IllegalArgumentException("--data " + options.data + ": unknown data set; this build knows the"
                + " built-in 'digits'");
    }

    private static void refuseCsvOptions(DataArgs options) {
        if (options.target != null || !options.categorical.isEmpty() || !options.standardize.isEmpty()) {
            throw new IllegalArgumentException("--target, --categorical and --standardize are for CSV data, not "
                    + options.data);
        }
    }
}
