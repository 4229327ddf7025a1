package dev.chainrule.data;

import dev.chainrule.tensor.DType;
import dev.chainrule.tensor.Tensor;

import java.util.List;
import java.util.Map;

/**
 * The fitted preparation of raw data for a network: how columns become features (encodings,
 * categories, standardization means and stds) or how pixels are scaled, and the class names.
 * Fitted on the training part only, kept with the model, and applied again unchanged at predict
 * time. An immutable value.
 *
 * <p>{@link #toMap()} gives a JSON-like form (only {@code String}, {@code Double}, {@code List}
 * and {@code Map} values) that a model file can store; {@link #fromMap} reads it back (any
 * {@link Number} is accepted for numbers). The form carries {@code "format":
 * "chainrule-preprocessing"} and a {@code "version"}.
 */
public sealed interface Preprocessing permits TabularPreprocessing, PixelScaling {

    /** The value of {@code "format"} in {@link #toMap()}. */
    String FORMAT = "chainrule-preprocessing";
    /** The current value of {@code "version"} in {@link #toMap()}. */
    int VERSION = 1;

    /**
     * Features per example: the network's input width.
     *
     * @return the number of features per example
     */
    int inputs();

    /**
     * Names of the {@link #inputs()} features, e.g. {@code gre, gpa, rank_1, ...} or {@code pixel_1, ...}.
     *
     * @return the feature names
     */
    List<String> featureNames();

    /**
     * Class names in target-column order; empty for regression.
     *
     * @return the class names
     */
    List<String> classNames();

    /**
     * The features {@code [rows, inputs]} of new rows, for prediction. The table may hold the
     * target column or not; any other missing column, non-number or unseen category is an error
     * naming file, line and column.
     *
     * @param table the rows
     * @param dtype the element type of the tensors
     * @return the features {@code [rows, inputs]} of new rows, for prediction
     */
    Tensor features(CsvSource table, DType dtype);

    /**
     * The JSON-like form described above.
     *
     * @return the JSON-like form described above
     */
    Map<String, Object> toMap();

    /**
     * Reads a {@link #toMap()} form back; a missing or wrong entry throws an {@link IllegalArgumentException} naming it.
     *
     * @param map the form {@link #toMap()} wrote
     * @return the preprocessing
     */
    static Preprocessing fromMap(Map<String, ?> map) {
        String format = MapForm.string(map, "format");
        if (!FORMAT.equals(format)) {
            throw new IllegalArgumentException("preprocessing: format is \"" + format + "\", expected \"" + FORMAT + "\"");
        }
        int version = MapForm.integer(map, "version");
        if (version > VERSION) {
            throw new IllegalArgumentException("preprocessing: version " + version + " is newer than this chainrule reads ("
                    + VERSION + ")");
        }
        String kind = MapForm.string(map, "kind");
        switch (kind) {
            case TabularPreprocessing.KIND:
                return TabularPreprocessing.fromMap(map);
            case PixelScaling.KIND:
                return PixelScaling.fromMap(map);
            default:
                throw new IllegalArgumentException("preprocessing: unknown kind \"" + kind + "\"; expected "
                        + TabularPreprocessing.KIND + " or " + PixelScaling.KIND);
        }
    }
}
