package dev.chainrule.data;

import dev.chainrule.tensor.DType;
import dev.chainrule.tensor.Tensor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The preparation of images: a {@code height x width} image is a row of its pixels, row by row
 * ({@code inputs = height * width}), each scaled to {@code [0, 1]} as {@code x = pixel / maxValue}
 * ({@code maxValue} 255 for IDX bytes, 16 for the 8x8 digits). Targets are one-hot classes.
 *
 * @param height     image rows
 * @param width      image columns
 * @param maxValue   the largest raw pixel value
 * @param classNames class names, index = label
 */
public record PixelScaling(int height, int width, double maxValue, List<String> classNames) implements Preprocessing {
    static final String KIND = "pixels";

    public PixelScaling {
        classNames = List.copyOf(classNames);
        if (height < 1 || width < 1 || !(maxValue > 0) || Double.isInfinite(maxValue)) {
            throw new IllegalArgumentException("pixel scaling needs height, width >= 1 and a finite max value > 0, got "
                    + height + "x" + width + ", max " + maxValue);
        }
    }

    /** IDX images: bytes 0..255. */
    public static PixelScaling bytes(int height, int width, List<String> classNames) {
        return new PixelScaling(height, width, 255.0, classNames);
    }

    @Override
    public int inputs() {
        return height * width;
    }

    @Override
    public List<String> featureNames() {
        List<String> names = new ArrayList<>();
        for (int i = 1; i <= inputs(); i++) {
            names.add("pixel_" + i);
        }
        return names;
    }

    /**
     * Scales raw pixels: the table's first {@link #inputs()} columns, in row-major image order; a
     * table of {@code inputs + 1} columns (a label last, as in {@code digits.csv}) is accepted and
     * the label ignored. Read a file without a header row with {@link CsvTable#readHeaderless}.
     */
    @Override
    public Tensor features(CsvTable table, DType dtype) {
        int n = table.header().size();
        if (n != inputs() && n != inputs() + 1) {
            throw new DataFormatException(table.source(), table.size() > 0 ? table.line(0) : 0, n + " fields per row, expected "
                    + inputs() + " pixels (" + height + "x" + width + "), optionally followed by a label");
        }
        Tensor x = Tensor.zeros(dtype, table.size(), inputs());
        for (int r = 0; r < table.size(); r++) {
            for (int c = 0; c < inputs(); c++) {
                double v = Numbers.parse(table, r, c);
                if (v < 0 || v > maxValue) {
                    throw table.error(r, c, "pixel value " + v + " is outside [0, " + maxValue + "]");
                }
                x.set(r, c, v / maxValue);
            }
        }
        return x;
    }

    @Override
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("format", FORMAT);
        m.put("version", (double) VERSION);
        m.put("kind", KIND);
        m.put("height", (double) height);
        m.put("width", (double) width);
        m.put("max_value", maxValue);
        m.put("classes", new ArrayList<>(classNames));
        return m;
    }

    static PixelScaling fromMap(Map<String, ?> map) {
        return new PixelScaling(MapForm.integer(map, "height"), MapForm.integer(map, "width"),
                MapForm.number(map, "max_value"), MapForm.strings(map, "classes"));
    }
}
