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

    /**
     * Checks the image size, the largest pixel value and the class names.
     *
     * @param height image rows
     * @param width image columns
     * @param maxValue the largest raw pixel value
     * @param classNames class names, index = label
     */
    public PixelScaling {
        classNames = List.copyOf(classNames);
        if (height < 1 || width < 1 || !(maxValue > 0) || Double.isInfinite(maxValue)) {
            throw new IllegalArgumentException("pixel scaling needs height, width >= 1 and a finite max value > 0, got "
                    + height + "x" + width + ", max " + maxValue);
        }
    }

    /**
     * IDX images: bytes 0..255.
     *
     * @param height image height in pixels
     * @param width image width in pixels
     * @param classNames the class names in output order (empty for regression)
     * @return the pixel scaling
     */
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
     * Scales raw pixels: {@link #inputs()} pixel columns in row-major image order. A file of
     * {@code inputs + 1} columns also holds a label: the column named {@code label} when the file
     * has a header with one (as the CSV versions of MNIST put it first), else the last column (as
     * {@code digits.csv}); it is not read here. Read in two streaming passes, the first counting
     * the rows.
     */
    @Override
    public Tensor features(CsvSource source, DType dtype) {
        return read(source, dtype, false)[0];
    }

    /**
     * Pixels and one-hot labels: the file must have {@code inputs + 1} columns, one of them the
     * label (see {@link #features}): a class name, or a class index {@code 0 .. classes-1}.
     *
     * @param source names the input in messages
     * @param name the name
     * @param dtype the element type of the tensors
     * @return the dataset
     */
    public Dataset dataset(CsvSource source, String name, DType dtype) {
        Tensor[] xt = read(source, dtype, true);
        return new Dataset(name, xt[0], xt[1], classNames);
    }

    private Tensor[] read(CsvSource source, DType dtype, boolean withLabels) {
        int n = source.header().size();
        int inputs = inputs();
        if (n != inputs && n != inputs + 1 || (withLabels && n != inputs + 1)) {
            throw new DataFormatException(source.source(), source.headerLine(), n + " fields per row, expected " + inputs
                    + " pixels (" + height + "x" + width + ")" + (withLabels ? " and a label" : ", optionally with a label"));
        }
        int label = -1;
        if (n == inputs + 1) {
            label = source.headerLine() > 0 && source.header().contains("label") ? source.header().indexOf("label") : n - 1;
        }
        int[] rows = {0};
        CsvTable.forEachRecord(source, (row, r) -> rows[0] = row + 1);
        dev.chainrule.io.Limits.checkTensor(source.source() + ": the pixels", rows[0], inputs, dtype == DType.FLOAT32 ? 4 : 8);
        Tensor x = Tensor.zeros(dtype, rows[0], inputs);
        Tensor t = Tensor.zeros(dtype, withLabels ? rows[0] : 0, classNames.size());
        int labelColumn = label;
        java.util.Map<String, Integer> classIndex = new java.util.HashMap<>();
        for (int i = 0; i < classNames.size(); i++) {
            classIndex.put(classNames.get(i), i);
        }
        CsvTable.forEachRecord(source, (row, r) -> {
            if (row >= rows[0]) {
                throw new DataFormatException(source.source(), r.line(), "the file changed while it was read");
            }
            int j = 0;
            for (int c = 0; c < n; c++) {
                if (c == labelColumn) {
                    continue;
                }
                double v = r.number(c);
                if (Double.isNaN(v) || Double.isInfinite(v)) {
                    throw Columns.notANumber(source, r, c, v, false);
                }
                if (v < 0 || v > maxValue) {
                    throw Columns.error(source, r, c, "pixel value " + r.quoted(c)
                            + " is outside [0, " + (maxValue == Math.rint(maxValue) ? Long.toString((long) maxValue) : Double.toString(maxValue)) + "]");
                }
                x.set(row, j++, v / maxValue);
            }
            if (withLabels) {
                String text = r.text(labelColumn);
                Integer k = classIndex.get(text);
                if (k == null) {
                    double v = r.number(labelColumn);
                    if (v == Math.rint(v) && v >= 0 && v < classNames.size()) {
                        k = (int) v;
                    }
                }
                if (k == null) {
                    throw Columns.error(source, r, labelColumn, "label " + dev.chainrule.io.Excerpt.quoted(text)
                            + " is neither a class name nor a class index 0 to " + (classNames.size() - 1));
                }
                t.set(row, k, 1.0);
            }
        });
        return new Tensor[] {x, t};
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
