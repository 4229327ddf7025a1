package dev.chainrule.spark;

import dev.chainrule.io.Json;
import dev.chainrule.io.NetworkFile;
import dev.chainrule.io.NetworkSpec;
import dev.chainrule.model.Sequential;
import dev.chainrule.tensor.DType;
import dev.chainrule.tensor.Kernels;

import java.io.Serializable;

/**
 * A network's architecture and loss without its weights, as the executors rebuild it: the JSON
 * of a chainrule network file. A task builds its own float32 copy ({@link #build}) and loads the
 * broadcast weights into it ({@link FlatParameters#load}).
 */
final class NetworkTemplate implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String json;

    private NetworkTemplate(String json) {
        this.json = json;
    }

    /** The architecture and loss of {@code model}. */
    static NetworkTemplate of(Sequential model) {
        return new NetworkTemplate(Json.write(NetworkSpec.of(model, false).toJson()));
    }

    /**
     * A new float32 model of this architecture; its weights are drawn from {@code seed} and meant
     * to be overwritten, its dropout layers (if any) draw their masks from {@code seed + 7919 k}.
     */
    Sequential build(long seed) {
        return NetworkFile.parse(json, "the network").build(DType.FLOAT32, seed);
    }

    /** As {@link #build(long)}, computing with {@code kernels}. */
    Sequential build(long seed, Kernels kernels) {
        Sequential model = build(seed);
        return new Sequential(model.inputShape(), model.layers(), model.loss(), model.dtype(), kernels);
    }
}
