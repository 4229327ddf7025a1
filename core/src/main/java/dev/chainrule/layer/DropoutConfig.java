package dev.chainrule.layer;

import dev.chainrule.tensor.Shape;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A {@link Dropout} layer's settings: {@code {"dropout": 0.2}}. It keeps any shape. The k-th
 * dropout layer of a network draws its masks from the seed {@code seed + 7919 k}, so one network
 * seed repeats every mask.
 *
 * @param rate the fraction of values dropped in training, in {@code [0, 1)}
 */
public record DropoutConfig(double rate) implements LayerConfig {
    /** The registered type: the key {@code dropout}. */
    public static final LayerType TYPE = new Type();

    /**
     * Checks the rate.
     *
     * @param rate in {@code [0, 1)}
     */
    public DropoutConfig {
        if (!(rate >= 0 && rate < 1)) {
            throw new IllegalArgumentException("dropout rate must be in [0, 1), got " + rate);
        }
    }

    @Override
    public LayerType type() {
        return TYPE;
    }

    @Override
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("dropout", rate);
        return m;
    }

    @Override
    public Shape outputShape(Shape input) {
        return input;
    }

    @Override
    public Layer build(Shape input, LayerContext context) {
        return new Dropout(rate, context.seed() + 7919L * context.ordinal());
    }

    private static final class Type implements LayerType {
        @Override
        public String name() {
            return "dropout";
        }

        @Override
        public Set<String> keys() {
            return Set.of("dropout");
        }

        @Override
        public LayerConfig fromJson(Map<String, Object> json) {
            return new DropoutConfig(Settings.number(json.get("dropout"), "dropout"));
        }

        @Override
        public List<LayerSample> samples() {
            return List.of(
                    new LayerSample("dropout (0.4, fixed mask)", new DropoutConfig(0.4), Shape.vector(5),
                            l -> ((Dropout) l).freezeMask(true)),
                    new LayerSample("dropout on images (0.5, fixed mask)", new DropoutConfig(0.5), Shape.image(2, 3, 3),
                            l -> ((Dropout) l).freezeMask(true)));
        }

        @Override
        public String usage() {
            return "{\"dropout\": RATE}: drops that fraction of the values in training (scaled by 1/(1-RATE)), any shape";
        }
    }
}
