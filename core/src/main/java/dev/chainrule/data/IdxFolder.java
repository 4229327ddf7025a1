package dev.chainrule.data;

import dev.chainrule.tensor.DType;
import dev.chainrule.tensor.Tensor;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A folder of IDX files in the MNIST layout: {@code train-images-idx3-ubyte},
 * {@code train-labels-idx1-ubyte}, {@code t10k-images-idx3-ubyte}, {@code t10k-labels-idx1-ubyte},
 * each plain or with {@code .gz}. Images become rows of {@code rows * cols} pixels scaled by
 * {@code /255} to {@code [0, 1]}; labels become one-hot rows.
 */
public final class IdxFolder {
    /** The four files, without {@code .gz}: train images, train labels, test images, test labels. */
    public static final List<String> FILES = List.of("train-images-idx3-ubyte", "train-labels-idx1-ubyte",
            "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte");

    private IdxFolder() {
    }

    /** The path of {@code file} (a name from {@link #FILES}) in {@code folder}, plain or gzipped, or null when neither exists. */
    public static Path find(Path folder, String file) {
        Path plain = folder.resolve(file);
        if (Files.isRegularFile(plain)) {
            return plain;
        }
        Path gz = folder.resolve(file + ".gz");
        return Files.isRegularFile(gz) ? gz : null;
    }

    /** The names from {@link #FILES} that {@code folder} lacks (all four when it does not exist). */
    public static List<String> missing(Path folder) {
        List<String> missing = new ArrayList<>();
        for (String f : FILES) {
            if (find(folder, f) == null) {
                missing.add(f);
            }
        }
        return missing;
    }

    /**
     * Loads the training and test parts.
     *
     * @param classNames the class names, label = index (e.g. Fashion-MNIST's article names), or
     *                   null for {@code "0" ... "k-1"} with {@code k} = largest label + 1
     */
    public static LoadedData load(Path folder, String name, List<String> classNames, DType dtype) {
        List<String> missing = missing(folder);
        if (!missing.isEmpty()) {
            throw new DataFormatException(folder.toString(), 0, "the IDX folder lacks " + String.join(", ", missing)
                    + " (plain or .gz); it needs " + String.join(", ", FILES));
        }
        IdxReader.IdxArray trainImages = IdxReader.read(find(folder, FILES.get(0)), 3);
        IdxReader.IdxArray trainLabels = IdxReader.read(find(folder, FILES.get(1)), 1);
        IdxReader.IdxArray testImages = IdxReader.read(find(folder, FILES.get(2)), 3);
        IdxReader.IdxArray testLabels = IdxReader.read(find(folder, FILES.get(3)), 1);
        checkCount(folder, FILES.get(0), trainImages, FILES.get(1), trainLabels);
        checkCount(folder, FILES.get(2), testImages, FILES.get(3), testLabels);
        int height = trainImages.dims()[1];
        int width = trainImages.dims()[2];
        if (testImages.dims()[1] != height || testImages.dims()[2] != width) {
            throw new DataFormatException(folder.toString(), 0, "training images are " + height + "x" + width
                    + " but test images are " + testImages.dims()[1] + "x" + testImages.dims()[2]);
        }
        List<String> names = classNames != null ? classNames : numberedClasses(Math.max(maxLabel(trainLabels), maxLabel(testLabels)) + 1);
        PixelScaling pixels = PixelScaling.bytes(height, width, names);
        Dataset train = dataset(name + " (train)", trainImages, trainLabels, find(folder, FILES.get(1)), pixels, dtype);
        Dataset test = dataset(name + " (test)", testImages, testLabels, find(folder, FILES.get(3)), pixels, dtype);
        return new LoadedData(name, train, test, pixels);
    }

    private static void checkCount(Path folder, String imagesFile, IdxReader.IdxArray images, String labelsFile, IdxReader.IdxArray labels) {
        if (images.count() != labels.count()) {
            throw new DataFormatException(folder.toString(), 0, imagesFile + " holds " + images.count() + " images but "
                    + labelsFile + " holds " + labels.count() + " labels; they must match");
        }
    }

    private static int maxLabel(IdxReader.IdxArray labels) {
        int max = 0;
        for (int i = 0; i < labels.count(); i++) {
            max = Math.max(max, labels.get(i));
        }
        return max;
    }

    private static List<String> numberedClasses(int count) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < Math.max(2, count); i++) {
            names.add(Integer.toString(i));
        }
        return names;
    }

    private static Dataset dataset(String name, IdxReader.IdxArray images, IdxReader.IdxArray labels, Path labelsFile,
                                   PixelScaling pixels, DType dtype) {
        int n = images.count();
        int inputs = pixels.inputs();
        int classes = pixels.classNames().size();
        Tensor x = Tensor.zeros(dtype, n, inputs);
        Tensor t = Tensor.zeros(dtype, n, classes);
        byte[] data = images.data();
        if (x.isFloat32()) {
            float[] f = x.floats();
            float max = (float) pixels.maxValue();
            for (int i = 0; i < f.length; i++) {
                f[i] = (data[i] & 0xff) / max;
            }
        } else {
            double[] d = x.doubles();
            for (int i = 0; i < d.length; i++) {
                d[i] = (data[i] & 0xff) / pixels.maxValue();
            }
        }
        for (int i = 0; i < n; i++) {
            int label = labels.get(i);
            if (label >= classes) {
                throw new DataFormatException(labelsFile.toString(), 0, "label " + (i + 1) + " is " + label
                        + "; expected 0 to " + (classes - 1) + " (" + classes + " classes)");
            }
            t.set(i, label, 1.0);
        }
        return new Dataset(name, x, t, pixels.classNames());
    }
}
