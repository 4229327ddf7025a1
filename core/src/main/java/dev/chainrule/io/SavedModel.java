package dev.chainrule.io;

import dev.chainrule.data.Preprocessing;
import dev.chainrule.model.Sequential;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a model file holds: the trained network and what is needed to use it again. Make one
 * with {@link #builder(Sequential)}; only the network is required:
 * <pre>{@code
 * SavedModel saved = SavedModel.builder(net)
 *         .classNames(data.train().classNames())
 *         .preprocessing(data.preprocessing())
 *         .build();
 * ModelFile.save(Path.of("digits.model"), saved);
 * }</pre>
 *
 * @param model         the network (architecture, weights, loss)
 * @param classNames    class names in output order; empty for regression
 * @param preprocessing the fitted data preprocessing as a JSON-like map ({@link Preprocessing#toMap()},
 *                      applied again at predict time), or null when the features are used as they are
 * @param dataset       where the data came from and how it was split (e.g. {@code data},
 *                      {@code test_fraction}, {@code seed}), or null
 * @param training      the training settings and results, for the record, or null
 */
public record SavedModel(Sequential model, List<String> classNames, Map<String, Object> preprocessing,
                         Map<String, Object> dataset, Map<String, Object> training) {
    /** Checks that there is a network; a null class list becomes the empty list, and the maps are copied. */
    public SavedModel {
        if (model == null) {
            throw new IllegalArgumentException("a saved model needs its network (model is null)");
        }
        classNames = classNames == null ? List.of() : List.copyOf(classNames);
        preprocessing = copy(preprocessing);
        dataset = copy(dataset);
        training = copy(training);
    }

    /**
     * A builder for the model file of {@code model}: no class names, preprocessing, data set or
     * training record until they are given.
     *
     * @param model the trained network
     * @return a builder holding only the network
     */
    public static Builder builder(Sequential model) {
        return new Builder(model);
    }

    /**
     * This saved model's parts in a builder, to change one of them.
     *
     * @return a builder holding every part of this saved model
     */
    public Builder toBuilder() {
        return new Builder(model).classNames(classNames).preprocessing(preprocessing).dataset(dataset).training(training);
    }

    private static Map<String, Object> copy(Map<String, Object> map) {
        return map == null ? null : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }

    /** Collects the parts of a {@link SavedModel}; every setter replaces what was set before. */
    public static final class Builder {
        private final Sequential model;
        private List<String> classNames = List.of();
        private Map<String, Object> preprocessing;
        private Map<String, Object> dataset;
        private Map<String, Object> training;

        private Builder(Sequential model) {
            this.model = model;
        }

        /**
         * @param names class names in output order (empty or null for regression)
         * @return this builder
         */
        public Builder classNames(List<String> names) {
            this.classNames = names;
            return this;
        }

        /**
         * @param fitted the preprocessing fitted on the training data, or null for none
         * @return this builder
         */
        public Builder preprocessing(Preprocessing fitted) {
            this.preprocessing = fitted == null ? null : fitted.toMap();
            return this;
        }

        /**
         * @param form a preprocessing in its {@link Preprocessing#toMap()} form, or null for none
         * @return this builder
         */
        public Builder preprocessing(Map<String, Object> form) {
            this.preprocessing = form;
            return this;
        }

        /**
         * @param spec where the data came from and how it was split, or null
         * @return this builder
         */
        public Builder dataset(Map<String, Object> spec) {
            this.dataset = spec;
            return this;
        }

        /**
         * @param record the training settings and results, or null
         * @return this builder
         */
        public Builder training(Map<String, Object> record) {
            this.training = record;
            return this;
        }

        /** @return the saved model with the parts given so far */
        public SavedModel build() {
            return new SavedModel(model, classNames, preprocessing, dataset, training);
        }
    }
}
