package dev.chainrule.layer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every layer type chainrule knows, by the key that names it in network files. The built-in
 * types are registered here; a program adds its own with {@link #register} (one class, with its
 * {@link LayerConfig} and {@link LayerType}, plus that one call), and from then on the builder,
 * network and model files, the gradient check and {@code explain} handle it like the others.
 */
public final class LayerRegistry {
    private static final Map<String, LayerType> TYPES = new LinkedHashMap<>();

    static {
        for (LayerType t : List.of(DenseConfig.TYPE, ActivationConfig.TYPE, DropoutConfig.TYPE, Conv2D.TYPE,
                MaxPool2D.TYPE, AvgPool2D.TYPE, GlobalAvgPool2D.TYPE, Flatten.TYPE, BatchNorm.TYPE)) {
            TYPES.put(t.name(), t);
        }
    }

    private LayerRegistry() {
    }

    /**
     * Registers a layer type under its {@link LayerType#name()}.
     *
     * @param type the type
     * @throws IllegalArgumentException when another type has that name or one of its keys
     */
    public static synchronized void register(LayerType type) {
        if (TYPES.containsKey(type.name())) {
            throw new IllegalArgumentException("a layer type named " + type.name() + " is registered already");
        }
        TYPES.put(type.name(), type);
    }

    /**
     * The registered types, built-in ones first, in registration order.
     *
     * @return the types
     */
    public static synchronized List<LayerType> all() {
        return List.copyOf(TYPES.values());
    }

    /**
     * The type registered under {@code name}.
     *
     * @param name a type's key, e.g. {@code conv2d}
     * @return the type
     * @throws IllegalArgumentException naming the registered types when none has that name
     */
    public static synchronized LayerType named(String name) {
        LayerType t = TYPES.get(name);
        if (t == null) {
            throw new IllegalArgumentException("unknown layer type \"" + name + "\"; expected one of " + TYPES.keySet());
        }
        return t;
    }

    /**
     * Reads one entry of a network file's {@code layers}: the one registered type whose name is
     * among the entry's keys reads the rest.
     *
     * @param json the entry
     * @return its config
     * @throws IllegalArgumentException naming the keys expected or the one that does not belong
     */
    public static LayerConfig fromJson(Map<String, Object> json) {
        List<LayerType> found = new ArrayList<>();
        synchronized (LayerRegistry.class) {
            for (String key : json.keySet()) {
                LayerType t = TYPES.get(key);
                if (t != null) {
                    found.add(t);
                }
            }
        }
        if (found.size() != 1) {
            throw new IllegalArgumentException((found.isEmpty() ? "no layer type among its keys " + json.keySet()
                    : "more than one layer type among its keys " + json.keySet()) + "; a layer is named by one of "
                    + TYPES.keySet() + ", e.g. {\"dense\": 10} or {\"conv2d\": 16, \"kernel\": 3}");
        }
        LayerType type = found.get(0);
        for (String key : json.keySet()) {
            if (!type.keys().contains(key)) {
                throw new IllegalArgumentException("unknown key \"" + key + "\" for a " + type.name() + " layer; it has "
                        + String.join(", ", type.keys()));
            }
        }
        return type.fromJson(json);
    }
}
