package dev.chainrule.spark;

import org.apache.spark.ml.classification.ProbabilisticClassifier;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;

/**
 * A Spark ML estimator that trains a chainrule network to classify: a features vector column
 * and a label column of class indices {@code 0, 1, ...} in (StringIndexer makes them; its class
 * names are kept), a {@link ChainruleClassificationModel} out. The network, loss, optimizer and
 * training settings are Params ({@link ChainruleParams}); the training runs on the cluster in
 * the chosen {@link TrainingMode}.
 *
 * <pre>{@code
 * ChainruleClassifier classifier = new ChainruleClassifier()
 *     .setHiddenLayers(50).setOptimizer("adam").setEpochs(10)
 *     .setMode("averaging").setLocalSteps(20);
 * ChainruleClassificationModel model = classifier.fit(train);     // Dataset<Row>: features, label
 * model.transform(test).select("prediction", "probability").show();
 * model.summary().objectiveHistory();                             // training loss per epoch
 * }</pre>
 *
 * <p>Before any training round, one job reads every row into cached float partitions and checks
 * it; a missing column, a null or wrongly sized vector, a non-finite feature or a label that is
 * not a class index stops {@code fit} with an {@link InputColumnException} naming the column and
 * the row. The number of classes is the network file's outputs, else the label column's
 * metadata, else the largest label plus one.
 */
public final class ChainruleClassifier
        extends ProbabilisticClassifier<Vector, ChainruleClassifier, ChainruleClassificationModel>
        implements ChainruleParams<ChainruleClassifier>, DefaultParamsWritable {
    private static final long serialVersionUID = 1L;

    private final String uid;
    private final Definitions params;

    public ChainruleClassifier() {
        this(Identifiable$.MODULE$.randomUID("chainruleClassifier"));
    }

    public ChainruleClassifier(String uid) {
        this(UidFirst.hold(uid));
    }

    private ChainruleClassifier(UidFirst.Held held) {
        super();
        this.uid = UidFirst.take();
        this.params = new Definitions(this, defaultLoss());
    }

    @Override
    public String uid() {
        return uid != null ? uid : UidFirst.pending();
    }

    @Override
    public Definitions chainruleParams() {
        return params;
    }

    @Override
    public String defaultLoss() {
        return "softmax-ce";
    }

    @Override
    public ChainruleClassificationModel fit(Dataset<?> dataset) {
        Columns.checkFeatures(dataset.schema(), getFeaturesCol());
        Columns.checkLabel(dataset.schema(), getLabelCol());
        return super.fit(dataset);
    }

    @Override
    public ChainruleClassificationModel train(Dataset<?> dataset) {
        Fitting.Result result = Fitting.fit(this, dataset, getFeaturesCol(), getLabelCol(), true);
        return new ChainruleClassificationModel(uid, result.saved()).withSummary(result.summary());
    }

    @Override
    public ChainruleClassifier copy(ParamMap extra) {
        return (ChainruleClassifier) defaultCopy(extra);
    }

    /** The reader of a saved classifier (its Params), as Spark's Pipeline loads it. */
    public static MLReader<ChainruleClassifier> read() {
        return new DefaultParamsReader<>();
    }

    public static ChainruleClassifier load(String path) {
        return read().load(path);
    }
}
