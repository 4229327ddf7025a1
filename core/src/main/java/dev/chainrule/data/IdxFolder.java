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

    /**
     * The path of {@code file} (a name from {@link #FILES}) in {@code folder}, plain or gzipped, or null when neither exists.
     *
     * @param folder the folder to look in
     * @param file the file name, without {@code .gz}
     * @return the path of {@code file} (a name from {@link #FILES}) in {@code folder}, plain or gzipped, or null when
     *         neither exists
     */
    public static Path find(Path folder, String file) {
        Path plain = folder.resolve(file);
        if (Files.isRegularFile(plain)) {
            return plain;
        }
        Path gz = folder.resolve(file + ".gz");
        return Files.isRegularFile(gz) ? gz : null;
    }

    /**
     * The names from {@link #FILES} that {@code folder} lacks (all four when it does not exist).
     *
     * @param folder the folder to look in
     * @return the names from {@link #FILES} that {@code folder} lacks (all four when it does not exist)
     */
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
     * @param folder the folder of the four IDX files
     * @param name the data set's name
     * @param dtype the element type of the tensors
     * @return the loaded data
     */
    public static LoadedData load(Path folder, String name, List<String> classNames, DType dtype) {
        List<String> missing = missing(folder);
        if (!missing.isEmpty()) {
            throw new DataFormatException(folder.toString(), 0, "the IDX folder lacks " + String.join(", ", missing)
                    + " (plain or .gz); it needs " + String.join(", ", FILES));
        }
        Path trainImagesFile = find(folder, FILES.get(0));
        Path testImagesFile = find(folder, FILES.get(2));
        IdxReader.IdxArray trainLabels = IdxReader.read(find(folder, FILES.get(1)), 1);
        IdxReader.IdxArray testLabels = IdxReader.read(find(folder, FILES.get(3)), 1);
        int[] trainDims = IdxReader.imageDims(trainImagesFile);
        int[] testDims = IdxReader.imageDims(testImagesFile);
        checkCount(folder, FILES.get(0), trainDims[0], FILES.get(1), trainLabels);
        checkCount(folder, FILES.get(2), testDims[0], FILES.get(3), testLabels);
        int height = trainDims[1];
        int width = trainDims[2];
        if (testDims[1] != height || testDims[2] != width) {
            throw new DataFormatException(folder.toString(), 0, "training images are " + height + "x" + width
                    + " but test images are " + testDims[1] + "x" + testDims[2]);
        }
        List<String> names = classNames != null ? classNames
                : numberedClasses(classCount(find(folder, FILES.get(1)), trainLabels, find(folder, FILES.get(3)), testLabels));
        PixelScaling pixels = PixelScaling.bytes(height, width, names);
        Dataset train = dataset(name + " (train)", IdxReader.readImages(trainImagesFile, pixels, dtype), trainLabels,
                find(folder, FILES.get(1)), pixels);
        Dataset test = dataset(name + " (test)", IdxReader.readImages(testImagesFile, pixels, dtype), testLabels,
                find(folder, FILES.get(3)), pixels);
        return new LoadedData(name, train, test, pixels);
    }

    private static void checkCount(Path folder, String imagesFile, int images, String labelsFile, IdxReader.IdxArray labels) {
        if (images != labels.count()) {
            throw new DataFormatException(folder.toString(), 0, imagesFile + " holds " + images + " images but "
                    + labelsFile + " holds " + labels.count() + " labels; they must match");
        }
    }

    /**
     * The number of classes of a folder without class names: the largest training label + 1, when
     * every label from 0 up to it occurs in the training labels and no test label is larger. A
     * label that leaves a gap (200 among labels 0..9) is a damaged file, not 191 new classes.
     */
    private static int classCount(Path trainFile, IdxReader.IdxArray train, Path testFile, IdxReader.IdxArray test) {
        int[] counts = new int[256];
        int max = 0;
        for (int i = 0; i < train.count(); i++) {
            counts[train.get(i)]++;
            max = Math.max(max, train.get(i));
        }
        for (int k = 0; k < max; k++) {
            if (counts[k] == 0) {
                int at = 0;
                while (train.get(at) != max) {
                    at++;
                }
                throw new DataFormatException(trainFile.toString(), 0, "label " + (at + 1) + " is " + max + ", but no label is " + k
                        + ": the classes must be numbered 0 to " + max + " without gaps (a damaged label?)");
            }
        }
        for (int i = 0; i < test.count(); i++) {
            if (test.get(i) > max) {
                throw new DataFormatException(testFile.toString(), 0, "label " + (i + 1) + " is " + test.get(i)
                        + "; the training labels are 0 to " + max);
            }
        }
        return max + 1;
    }

    private static List<String> numberedClasses(int count) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < Math.max(2, count); i++) {
            names.add(Integer.toString(i));
        }
        return names;
    }

    private static Dataset dataset(String name, Tensor x, IdxReader.IdxArray labels, Path labelsFile, PixelScaling pixels) {
        int n = x.rows();
        int classes = pixels.classNames().size();
        Tensor t = Tensor.zeros(x.dtype(), n, classes);
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
