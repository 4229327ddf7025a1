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
    static DataOptions options(SavedModel saved, Path modelFile) {
        DataOptions o = new DataOptions();
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
    static LoadedData load(DataOptions options, long seed, SavedModel saved) {
        return LoadedData.load(options, seed);
    }

    /** All examples of the named data, prepared with the saved preprocessing. */
    static Dataset loadAll(DataOptions options, SavedModel saved) {
        return LoadedData.loadAll(options);
    }

    static List<String> classNames(SavedModel saved) {
        return saved.classNames();
    }
}
