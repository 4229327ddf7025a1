package dev.chainrule.data;

import dev.chainrule.metrics.Accuracy;
import dev.chainrule.tensor.DType;
import dev.chainrule.tensor.Kernels;
import dev.chainrule.tensor.Shape;
import dev.chainrule.tensor.ShapeException;
import dev.chainrule.tensor.Tensor;

import java.util.List;

/**
 * Examples ready for a network: {@code features} {@code [n, inputs]} and {@code targets}
 * {@code [n, outputs]} (one-hot rows for classes, a single 0/1 column for two classes with one
 * output, or real values for regression), with the class names when the targets are classes.
 */
public final class Dataset {
    private final String name;
    private final Tensor features;
    private final Tensor targets;
    private final List<String> classNames;
    private volatile boolean checkedFinite;

    /**
     * @param name       names the data set in messages
     * @param features   {@code [n, inputs]}
     * @param targets    {@code [n, outputs]}, of the features' dtype
     * @param classNames class names in target-column order; empty for regression
     * @throws IllegalArgumentException when an argument is null (with a message naming it), or the
     *                                  row counts or dtypes differ
     */
    public Dataset(String name, Tensor features, Tensor targets, List<String> classNames) {
        if (name == null) {
            throw new IllegalArgumentException("a data set needs a name (got null)");
        }
        if (features == null || targets == null) {
            throw new IllegalArgumentException("data set " + name + ": " + (features == null ? "features" : "targets")
                    + " are null; give a tensor [n, " + (features == null ? "inputs" : "outputs") + "]");
        }
        if (classNames == null) {
            throw new IllegalArgumentException("data set " + name + ": class names are null; give the names of the"
                    + " classes in target-column order, or List.of() for real-valued (regression) targets");
        }
        for (String c : classNames) {
            if (c == null) {
                throw new IllegalArgumentException("data set " + name + ": a class name is null");
            }
        }
        if (features.rows() != targets.rows()) {
            throw new ShapeException("data set " + name + ": " + features.rows() + " feature rows but "
                    + targets.rows() + " target rows");
        }
        Tensor.requireSameType("data set " + name, features, targets);
        this.name = name;
        this.features = features;
        this.targets = targets;
        this.classNames = List.copyOf(classNames);
    }

    /**
     * @return the data set's name, for messages
     */
    public String name() {
        return name;
    }

    /**
     * {@code [n, inputs]}, or {@code [n, ...exampleShape()]} (images: {@code [n, 1, 28, 28]}; the same storage).
     *
     * @return the features
     */
    public Tensor features() {
        return features;
    }

    /**
     * The shape of one example: {@code [inputs]} for feature rows, {@code [channels, height,
     * width]} for images.
     *
     * @return the features' dimensions without the first
     */
    public Shape exampleShape() {
        return features.exampleShape();
    }

    /**
     * The same examples seen with another example shape of as many values ({@code [784]} as
     * {@code [1, 28, 28]}): no copy.
     *
     * @param example the shape of one example
     * @return a data set sharing this one's storage
     * @throws ShapeException when the shape does not hold {@link #inputs()} values
     */
    public Dataset withExampleShape(Shape example) {
        if (example.size() != inputs()) {
            throw new ShapeException("data set " + name + " has " + inputs() + " values per example, but the shape "
                    + example + " holds " + example.size());
        }
        return example.equals(exampleShape()) ? this
                : new Dataset(name, features.reshape(example), targets, classNames);
    }

    /**
     * {@code [n, outputs]}.
     *
     * @return {@code [n, outputs]}
     */
    public Tensor targets() {
        return targets;
    }

    /**
     * @return the class names in target-column order, empty for regression
     */
    public List<String> classNames() {
        return classNames;
    }

    /**
     * True when targets are classes (one-hot rows or a single 0/1 column).
     *
     * @return true when targets are classes (one-hot rows or a single 0/1 column)
     */
    public boolean isClassification() {
        return !classNames.isEmpty();
    }

    /**
     * @return the number of examples
     */
    public int size() {
        return features.rows();
    }

    /**
     * @return the number of features per example
     */
    public int inputs() {
        return features.cols();
    }

    /**
     * @return the number of target columns
     */
    public int outputs() {
        return targets.cols();
    }

    /**
     * The class index of row {@code r}: argmax of a one-hot row, or the 0/1 value of a single column.
     *
     * @param r the 0-based row
     * @return the class index of row {@code r}: argmax of a one-hot row, or the 0/1 value of a single column
     */
    public int label(int r) {
        return Accuracy.trueClass(targets, r);
    }

    /**
     * A new data set holding copies of the given rows, in that order.
     *
     * @param subsetName the new data set's name
     * @param rows the number of rows
     * @return a new data set holding copies of the given rows, in that order
     */
    public Dataset subset(String subsetName, int[] rows) {
        Tensor x = Tensor.zeros(features.dtype(), rows.length, exampleShape());
        Tensor t = Tensor.zeros(targets.dtype(), rows.length, outputs());
        gather(rows, 0, rows.length, x, t);
        return new Dataset(subsetName, x, t, classNames);
    }

    /**
     * The same examples in another dtype.
     *
     * @param dtype the element type of the tensors
     * @return the same examples in another dtype
     */
    public Dataset to(DType dtype) {
        return features.dtype() == dtype ? this : new Dataset(name, features.to(dtype), targets.to(dtype), classNames);
    }

    /**
     * A hint that rows {@code rows[from..to)} are gathered next, so that memory is already
     * fetching them ({@link Kernels#touchRows} on the default kernels). Changes nothing; returns
     * a value derived from what it read so that the reads are not optimized away.
     *
     * @param rows the number of rows
     * @param from the start (inclusive)
     * @param to the end (exclusive)
     * @return a hint that rows {@code rows[from..to)} are gathered next, so that memory is already fetching them
     *         ({@link Kernels#touchRows} on the default kernels)
     */
    public int prefetch(int[] rows, int from, int to) {
        return Kernels.active().touchRows(features, rows, from, to);
    }

    /**
     * Copies rows {@code rows[from..to)} into the first {@code to - from} rows of the batch
     * buffers {@code x} and {@code t} (writes them); no allocation ({@link Kernels#gatherRows}
     * on the default kernels; a training run gathers with its model's).
     *
     * @param rows the number of rows
     * @param from the start (inclusive)
     * @param to the end (exclusive)
     * @param x written: the features of the batch, at least {@code to - from} rows
     * @param t written: the targets of the batch, at least {@code to - from} rows
     */
    public void gather(int[] rows, int from, int to, Tensor x, Tensor t) {
        Kernels kernels = Kernels.active();
        kernels.gatherRows(features, rows, from, to, x);
        kernels.gatherRows(targets, rows, from, to, t);
    }

    /**
     * Throws with the row and column of the first NaN or infinite feature or target. A pass
     * is remembered (otherwise every training run would scan the whole data set again), so the
     * tensors of a data set are not to be changed once it has been checked or used.
     */
    public void checkFinite() {
        if (checkedFinite) {
            return;
        }
        checkFinite(features, "feature");
        checkFinite(targets, "target");
        checkedFinite = true;
    }

    private void checkFinite(Tensor m, String what) {
        if (!m.hasNonFinite()) {
            return;
        }
        for (int i = 0; i < m.size(); i++) {
            double v = m.getFlat(i);
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException("data set " + name + ": " + what + " at row " + (i / m.cols() + 1)
                        + ", column " + (i % m.cols() + 1) + " is " + v + "; every value must be a finite number");
            }
        }
    }

    @Override
    public String toString() {
        return "Dataset(" + name + ", " + size() + " examples, " + inputs() + " inputs, " + outputs() + " outputs)";
    }
}
