package dev.chainrule.io;

import dev.chainrule.data.Preprocessing;
import dev.chainrule.model.Sequential;

import java.util.List;

/**
 * What a model file holds: the trained network and what is needed to use it again. Every
 * section is a typed value. Make one with {@link #builder(Sequential)}; only the network is
 * required:
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
 * @param preprocessing the fitted data preprocessing (applied again at predict time), or null when
 *                      the features are used as they are
 * @param dataset       where the data came from and how it was split, or null
 * @param training      the training settings and results, for the record, or null
 */
public record SavedModel(Sequential model, List<String> classNames, Preprocessing preprocessing,
                         DatasetRecord dataset, TrainingRecord training) {
    /**
     * Checks that there is a network; a null class list becomes the empty list.
     *
     * @param model the network (architecture, weights, loss)
     * @param classNames class names in output order; empty for regression
     * @param preprocessing the fitted data preprocessing (applied again at predict time), or null when the features are
     *                      used as they are
     * @param dataset where the data came from and how it was split, or null
     * @param training the training settings and results, for the record, or null
     */
    public SavedModel {
        if (model == null) {
            throw new IllegalArgumentException("a saved model needs its network (model is null)");
        }
        classNames = classNames == null ? List.of() : List.copyOf(classNames);
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

    /** Collects the parts of a {@link SavedModel}; every setter replaces what was set before. */
    public static final class Builder {
        private final Sequential model;
        private List<String> classNames = List.of();
        private Preprocessing preprocessing;
        private DatasetRecord dataset;
        private TrainingRecord training;

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
            this.preprocessing = fitted;
            return this;
        }

        /**
         * @param spec where the data came from and how it was split, or null
         * @return this builder
         */
        public Builder dataset(DatasetRecord spec) {
            this.dataset = spec;
            return this;
        }

        /**
         * @param record the training settings and results, or null
         * @return this builder
         */
        public Builder training(TrainingRecord record) {
            this.training = record;
            return this;
        }

        /** @return the saved model with the parts given so far */
        public SavedModel build() {
            return new SavedModel(model, classNames, preprocessing, dataset, training);
        }
    }
}
