package dev.chainrule.cli;

import java.util.Iterator;
import java.util.List;

/** The values of options with a fixed set of names, for {@code --help} and shell completion. */
final class Completions {
    private Completions() {
    }

    /** Base of the candidate lists: a fixed list. */
    abstract static class Fixed implements Iterable<String> {
        private final List<String> values;

        Fixed(List<String> values) {
            this.values = values;
        }

        @Override
        public Iterator<String> iterator() {
            return values.iterator();
        }
    }

    static final class HiddenActivations extends Fixed {
        HiddenActivations() {
            super(ModelOptions.HIDDEN_ACTIVATIONS);
        }
    }

    static final class Losses extends Fixed {
        Losses() {
            super(List.of("softmax-ce", "bce", "bce-prob", "mse", "half-sse"));
        }
    }

    static final class DTypes extends Fixed {
        DTypes() {
            super(List.of("float32", "float64"));
        }
    }

    static final class Initializers extends Fixed {
        Initializers() {
            super(List.of("auto", "he", "xavier", "lecun", "pytorch", "zeros", "normal:0.01"));
        }
    }

    static final class Optimizers extends Fixed {
        Optimizers() {
            super(List.of("sgd", "momentum", "nesterov", "adam", "adamw", "rmsprop"));
        }
    }

    static final class BatchingModes extends Fixed {
        BatchingModes() {
            super(TrainingOptions.BATCHING_NAMES);
        }
    }

    static final class Monitors extends Fixed {
        Monitors() {
            super(List.of("val_loss", "val_accuracy", "train_loss"));
        }
    }

    static final class DataSets extends Fixed {
        DataSets() {
            super(List.of("digits", "mnist", "fashion-mnist"));
        }
    }
}
