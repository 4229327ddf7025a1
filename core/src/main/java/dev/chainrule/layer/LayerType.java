package dev.chainrule.layer;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A kind of layer, registered once in the {@link LayerRegistry}: the key that names it in
 * network files, how its settings are read, and a few small configurations for the checks that
 * cover every registered type (gradient check, layer contract test).
 */
public interface LayerType {

    /**
     * The key naming this layer in a network file, e.g. {@code conv2d} in
     * {@code {"conv2d": 16, "kernel": 3}}.
     *
     * @return the key
     */
    String name();

    /**
     * Every key a network file may give this layer (its name included).
     *
     * @return the allowed keys
     */
    Set<String> keys();

    /**
     * Reads this layer's settings from a network file's entry (the keys already checked
     * against {@link #keys()}).
     *
     * @param json the entry, a map of JSON values
     * @return the config
     * @throws IllegalArgumentException naming the key and what was expected
     */
    LayerConfig fromJson(Map<String, Object> json);

    /**
     * Small configurations that exercise this type, with input shapes, for the checks.
     *
     * @return at least one sample
     */
    List<LayerSample> samples();

    /**
     * One line for help texts: the file form and what the settings mean.
     *
     * @return the line
     */
    String usage();
}
