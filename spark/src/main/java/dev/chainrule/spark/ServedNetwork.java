package dev.chainrule.spark;

import dev.chainrule.io.ModelFile;
import dev.chainrule.io.ModelFileException;
import dev.chainrule.io.SavedModel;
import dev.chainrule.model.Sequential;
import dev.chainrule.tensor.DType;
import dev.chainrule.tensor.Tensor;
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.SparseVector;
import org.apache.spark.ml.linalg.Vector;

import java.io.Serializable;
import java.io.UncheckedIOException;

/**
 * A trained network as a Spark model carries it to the executors: the chainrule model file's bytes
 * (serializable, exactly what is saved), parsed once per JVM into a {@link SavedModel} whose pure
 * predict path many tasks may share.
 */
final class ServedNetwork implements Serializable {
    private static final long serialVersionUID = 1L;

    private final byte[] bytes;
    private transient volatile SavedModel saved;

    ServedNetwork(SavedModel saved) {
        if (saved.model().dtype() != DType.FLOAT32) {
            throw new IllegalArgumentException("Spark models run float32 networks; this one is " + saved.model().dtype());
        }
        this.bytes = ModelFile.toBytes(saved);
        this.saved = saved;
    }

    /** The model file's contents. */
    SavedModel saved() {
        SavedModel s = saved;
        if (s == null) {
            try {
                s = ModelFile.fromBytes(bytes, "the model");
            } catch (ModelFileException e) {
                throw new UncheckedIOException(e);
            }
            saved = s;
        }
        return s;
    }

    /** The model file's bytes (a copy). */
    byte[] bytes() {
        return bytes.clone();
    }

    Sequential network() {
        return saved().model();
    }

    /** The network's raw outputs {@code [1, outputs]} for one feature vector (a new tensor). */
    Tensor raw(Vector features, String featuresCol) {
        Sequential net = network();
        if (features == null) {
            throw new IllegalArgumentException("column \"" + featuresCol + "\" holds a null vector; every row needs"
                    + " features to predict");
        }
        if (features.size() != net.inputs()) {
            throw new IllegalArgumentException("column \"" + featuresCol + "\" holds a vector of " + features.size()
                    + " values, but the model takes " + net.inputs());
        }
        Tensor x = Tensor.zeros(DType.FLOAT32, 1, net.inputs());
        float[] xs = x.floats();
        if (features instanceof SparseVector s) {
            int[] indices = s.indices();
            double[] values = s.values();
            for (int i = 0; i < indices.length; i++) {
                xs[indices[i]] = (float) values[i];
            }
        } else {
            double[] values = features instanceof DenseVector d ? d.values() : features.toArray();
            for (int i = 0; i < values.length; i++) {
                xs[i] = (float) values[i];
            }
        }
        return net.predictRaw(x);
    }
}
