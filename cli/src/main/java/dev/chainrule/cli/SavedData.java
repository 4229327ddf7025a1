package dev.chainrule.cli;

import dev.chainrule.data.Dataset;
import dev.chainrule.io.Json;
import dev.chainrule.io.SavedModel;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Loads data again for a saved model: the recorded data spec, and the saved preprocessing. */
final class SavedData {
    private SavedData() {
    }

    /** The data options the model was trained with, as recorded in its file. */
    static DataArgs options(SavedModel saved, Path modelFile) {
        DataArgs o = new DataArgs();
        Map<String, Object> spec = saved.dataset();
        if (spec == null) {
            o.data = null;
            return o;
        }
        o.data = Json.asString(spec.get("data"), modelFile + ": the recorded data set");
        o.target = spec.get("target") == null ? null : Json.asString(spec.get("target"), "target");
        o.categorical = spec.get("categorical") == null ? new ArrayList<>()
                : new ArrayList<>(Json.asStrings(spec.get("categorical"), "categorical"));
        o.standardize = spec.get("standardize") == null ? new ArrayList<>()
                : new ArrayList<>(Json.asStrings(spec.get("standardize"), "standardize"));
        o.testFraction = spec.get("test_fraction") == null ? 0.2 : Json.asNumber(spec.get("test_fraction"), "test_fraction");
        return o;
    }

    /** The split the model was trained with. */
    static TrainingData load(DataArgs options, long seed, SavedModel saved) {
        return TrainingData.load(options, seed);
    }

    /** All examples of the named data, prepared with the saved preprocessing. */
    static Dataset loadAll(DataArgs options, SavedModel saved) {
        return TrainingData.loadAll(options);
    }

    static List<String> classNames(SavedModel saved) {
        return saved.classNames();
    }
}
