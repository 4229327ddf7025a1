package dev.chainrule.spark;

import dev.chainrule.io.ModelFile;
import dev.chainrule.io.SavedModel;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.regression.RegressionModel;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A trained chainrule regressor as a Spark ML model: from the features vector column it writes
 * {@code prediction}, the network's one output (what {@code chainrule predict} prints for the
 * same features). Saved and loaded as {@link ChainruleClassificationModel} is: Spark's metadata
 * plus chainrule's model file in {@code PATH/data/model.chainrule}.
 */
public final class ChainruleRegressionModel extends RegressionModel<Vector, ChainruleRegressionModel>
        implements MLWritable {
    private static final long serialVersionUID = 1L;

    private final String uid;
    private final ServedNetwork network;
    private transient TrainingSummary summary;

    /** The model of a chainrule model file's contents, with uid {@code uid}. */
    public ChainruleRegressionModel(String uid, SavedModel saved) {
        this(UidFirst.hold(uid), saved);
    }

    private ChainruleRegressionModel(UidFirst.Held held, SavedModel saved) {
        super();
        this.uid = UidFirst.take();
        if (!saved.classNames().isEmpty()) {
            throw new IllegalArgumentException("the model predicts classes (" + String.join(", ", saved.classNames())
                    + "); load it as a ChainruleClassificationModel");
        }
        if (saved.model().outputs() != 1) {
            throw new IllegalArgumentException("a Spark regression model predicts one number per row; this network has "
                    + saved.model().outputs() + " outputs");
        }
        this.network = new ServedNetwork(saved);
    }

    /** A model from a file that {@code chainrule train --out} (or {@link #saveModelFile}) wrote. */
    public static ChainruleRegressionModel fromModelFile(String file) throws IOException {
        return new ChainruleRegressionModel(Identifiable$.MODULE$.randomUID("chainruleRegressor"),
                ModelFile.load(Path.of(file)));
    }

    @Override
    public String uid() {
        return uid != null ? uid : UidFirst.pending();
    }

    @Override
    public int numFeatures() {
        return network.network().inputs();
    }

    /** The trained network and what its model file records (the same file {@link #write()} saves). */
    public SavedModel savedModel() {
        return network.saved();
    }

    /** Writes chainrule's model file alone to a local path (atomically), for the {@code chainrule} command. */
    public void saveModelFile(String file) throws IOException {
        ModelFile.save(Path.of(file), network.saved());
    }

    public boolean hasSummary() {
        return summary != null;
    }

    /** Loss and seconds of every training epoch. */
    public TrainingSummary summary() {
        if (summary == null) {
            throw new IllegalStateException("no training summary: this model was loaded or copied, not trained here");
        }
        return summary;
    }

    ChainruleRegressionModel withSummary(TrainingSummary s) {
        this.summary = s;
        return this;
    }

    @Override
    public Dataset<Row> transform(Dataset<?> dataset) {
        Columns.checkFeatures(dataset.schema(), getFeaturesCol());
        return super.transform(dataset);
    }

    @Override
    public double predict(Vector features) {
        return network.raw(features, getFeaturesCol()).floats()[0];
    }

    @Override
    public ChainruleRegressionModel copy(ParamMap extra) {
        ChainruleRegressionModel copy = new ChainruleRegressionModel(uid, network.saved());
        copy.summary = summary;
        return copyValues(copy, extra).setParent(parent());
    }

    @Override
    public MLWriter write() {
        return new ModelFileWriter(this, network.bytes());
    }

    public static MLReader<ChainruleRegressionModel> read() {
        return new ModelFileReader<>(ChainruleRegressionModel.class, ChainruleRegressionModel::new);
    }

    public static ChainruleRegressionModel load(String path) {
        return read().load(path);
    }

    @Override
    public String toString() {
        return "ChainruleRegressionModel: uid=" + uid + ", network=" + network.network();
    }
}
