package dev.chainrule.spark;

import dev.chainrule.io.ModelFile;
import dev.chainrule.io.SavedModel;
import dev.chainrule.loss.Loss;
import dev.chainrule.model.Sequential;
import dev.chainrule.tensor.DType;
import dev.chainrule.tensor.Tensor;
import org.apache.spark.ml.classification.ProbabilisticClassificationModel;
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A trained chainrule classifier as a Spark ML model: from the features vector column it writes
 * {@code rawPrediction}, {@code probability} and {@code prediction} (the class index).
 *
 * <ul>
 *   <li>{@code rawPrediction}: the network's raw outputs, one per class (the logits for
 *       softmax-ce); for a network with one output {@code y}, two entries: {@code [-z, z]} for
 *       bce's logit {@code z}, else {@code [1 - y, y]}.</li>
 *   <li>{@code probability}: what the loss maps the raw outputs to (softmax for softmax-ce,
 *       sigmoid for bce), the same numbers {@code chainrule predict} prints for the same
 *       features.</li>
 *   <li>{@code prediction}: the class of the largest probability.</li>
 * </ul>
 *
 * <p>{@link #write()} saves Spark's metadata and chainrule's model file
 * ({@code PATH/data/model.chainrule}), which {@code chainrule evaluate} and {@code chainrule
 * predict} read as it is; {@link #fromModelFile} goes the other way, from a file that
 * {@code chainrule train --out} wrote. The model file's preprocessing (if any) is not applied here:
 * the features column must hold the network's inputs as it was trained on them.
 */
public final class ChainruleClassificationModel
        extends ProbabilisticClassificationModel<Vector, ChainruleClassificationModel> implements MLWritable {
    private static final long serialVersionUID = 1L;

    private final String uid;
    private final ServedNetwork network;
    private final int classes;
    private transient TrainingSummary summary;

    /** The model of a chainrule model file's contents, with uid {@code uid}. */
    public ChainruleClassificationModel(String uid, SavedModel saved) {
        this(UidFirst.hold(uid), saved);
    }

    private ChainruleClassificationModel(UidFirst.Held held, SavedModel saved) {
        super();
        this.uid = UidFirst.take();
        if (saved.classNames().isEmpty()) {
            throw new IllegalArgumentException("the model predicts numbers, not classes (it has no class names); load"
                    + " it as a ChainruleRegressionModel");
        }
        this.network = new ServedNetwork(saved);
        this.classes = saved.classNames().size();
        int outputs = saved.model().outputs();
        if (outputs != classes && !(outputs == 1 && classes == 2)) {
            throw new IllegalArgumentException("the model has " + outputs + " outputs for " + classes + " classes");
        }
    }

    /** A model from a file that {@code chainrule train --out} (or {@link #saveModelFile}) wrote. */
    public static ChainruleClassificationModel fromModelFile(String file) throws IOException {
        return new ChainruleClassificationModel(Identifiable$.MODULE$.randomUID("chainruleClassifier"),
                ModelFile.load(Path.of(file)));
    }

    @Override
    public String uid() {
        return uid != null ? uid : UidFirst.pending();
    }

    @Override
    public int numClasses() {
        return classes;
    }

    @Override
    public int numFeatures() {
        return network.network().inputs();
    }

    /** The class names in class-index order (from the label column's metadata, else "0", "1", ...). */
    public List<String> classNames() {
        return network.saved().classNames();
    }

    /** The trained network and what its model file records (the same file {@link #write()} saves). */
    public SavedModel savedModel() {
        return network.saved();
    }

    /** Writes chainrule's model file alone to a local path (atomically), for the {@code chainrule} command. */
    public void saveModelFile(String file) throws IOException {
        ModelFile.save(Path.of(file), network.saved());
    }

    /** Whether this model was trained in this JVM, so that {@link #summary()} exists. */
    public boolean hasSummary() {
        return summary != null;
    }

    /** Loss, accuracy and seconds of every training epoch. */
    public TrainingSummary summary() {
        if (summary == null) {
            throw new IllegalStateException("no training summary: this model was loaded or copied, not trained here");
        }
        return summary;
    }

    ChainruleClassificationModel withSummary(TrainingSummary s) {
        this.summary = s;
        return this;
    }

    @Override
    public Dataset<Row> transform(Dataset<?> dataset) {
        Columns.checkFeatures(dataset.schema(), getFeaturesCol());
        return super.transform(dataset);
    }

    @Override
    public Vector predictRaw(Vector features) {
        Tensor raw = network.raw(features, getFeaturesCol());
        float[] r = raw.floats();
        if (r.length == 1) {
            double y = r[0];
            return logits() ? Vectors.dense(-y, y) : Vectors.dense(1 - y, y);
        }
        double[] out = new double[r.length];
        for (int i = 0; i < r.length; i++) {
            out[i] = r[i];
        }
        return Vectors.dense(out);
    }

    @Override
    public Vector raw2probabilityInPlace(Vector rawPrediction) {
        DenseVector dense = (DenseVector) rawPrediction;
        double[] values = dense.values();
        Sequential net = network.network();
        Loss loss = net.loss();
        if (values.length == 2 && net.outputs() == 1) {
            if (logits()) {
                Tensor z = Tensor.wrap(new float[] {(float) values[1]}, 1, 1);
                loss.probabilities(z, z);
                double p = z.floats()[0];
                values[0] = 1 - p;
                values[1] = p;
            }
            return dense;
        }
        float[] r = new float[values.length];
        for (int i = 0; i < r.length; i++) {
            r[i] = (float) values[i];
        }
        Tensor t = Tensor.wrap(r, 1, r.length);
        if (loss != null) {
            loss.probabilities(t, t);
        }
        for (int i = 0; i < r.length; i++) {
            values[i] = r[i];
        }
        return dense;
    }

    /** Whether a one-output network's raw output is a logit that the loss turns into a probability (bce). */
    private boolean logits() {
        Loss loss = network.network().loss();
        return loss != null && loss.name().equals("bce");
    }

    /**
     * Spark's: this model with only the prediction columns, for its evaluation summaries. Declared
     * here because Scala overrides it with a narrower return type, which javac sees as two methods.
     */
    @Override
    @SuppressWarnings({"rawtypes", "unchecked"})
    public scala.Tuple3 findSummaryModel() {
        return super.findSummaryModel();
    }

    @Override
    public ChainruleClassificationModel copy(ParamMap extra) {
        ChainruleClassificationModel copy = new ChainruleClassificationModel(uid, network.saved());
        copy.summary = summary;
        return copyValues(copy, extra).setParent(parent());
    }

    @Override
    public MLWriter write() {
        return new ModelFileWriter(this, network.bytes());
    }

    /** The reader of what {@link #write()} saved ({@code ChainruleClassificationModel.load(path)}). */
    public static MLReader<ChainruleClassificationModel> read() {
        return new ModelFileReader<>(ChainruleClassificationModel.class, ChainruleClassificationModel::new);
    }

    public static ChainruleClassificationModel load(String path) {
        return read().load(path);
    }

    @Override
    public String toString() {
        return "ChainruleClassificationModel: uid=" + uid + ", network=" + network.network() + ", classes=" + classes;
    }
}
