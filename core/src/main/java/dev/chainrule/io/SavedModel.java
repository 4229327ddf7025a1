package dev.chainrule.io;

import dev.chainrule.model.Sequential;

import java.util.List;
import java.util.Map;

/**
 * What a model file holds: the trained network and what is needed to use it again.
 *
 * @param model         the network (architecture, weights, loss)
 * @param classNames    class names in output order; empty for regression
 * @param preprocessing the fitted data preprocessing as a JSON-like map (to apply again at
 *                      predict time), or null when the features are used as they are
 * @param dataset       where the data came from and how it was split (e.g. {@code data},
 *                      {@code test_fraction}, {@code seed}), or null
 * @param training      the training settings and results, for the record, or null
 */
public record SavedModel(Sequential model, List<String> classNames, Map<String, Object> preprocessing,
                         Map<String, Object> dataset, Map<String, Object> training) {
    public SavedModel {
        classNames = classNames == null ? List.of() : List.copyOf(classNames);
    }
}
