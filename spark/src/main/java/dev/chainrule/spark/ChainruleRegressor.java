package dev.chainrule.spark;

import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.regression.Regressor;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;

/**
 * A Spark ML estimator that trains a chainrule network to predict one number per row: a
 * features vector column and a numeric label column in, a {@link ChainruleRegressionModel} out.
 * Params as {@link ChainruleClassifier}'s ({@link ChainruleParams}); the loss is {@code mse} by
 * default ({@code half-sse} is the other choice), the output layer linear.
 */
public final class ChainruleRegressor extends Regressor<Vector, ChainruleRegressor, ChainruleRegressionModel>
        implements ChainruleParams<ChainruleRegressor>, DefaultParamsWritable {
    private static final long serialVersionUID = 1L;

    private final String uid;
    private final Definitions params;

    public ChainruleRegressor() {
        this(Identifiable$.MODULE$.randomUID("chainruleRegressor"));
    }

    public ChainruleRegressor(String uid) {
        this(UidFirst.hold(uid));
    }

    private ChainruleRegressor(UidFirst.Held held) {
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
        return "mse";
    }

    @Override
    public ChainruleRegressionModel fit(Dataset<?> dataset) {
        Columns.checkFeatures(dataset.schema(), getFeaturesCol());
        Columns.checkLabel(dataset.schema(), getLabelCol());
        return super.fit(dataset);
    }

    @Override
    public ChainruleRegressionModel train(Dataset<?> dataset) {
        Fitting.Result result = Fitting.fit(this, dataset, getFeaturesCol(), getLabelCol(), false);
        return new ChainruleRegressionModel(uid, result.saved()).withSummary(result.summary());
    }

    @Override
    public ChainruleRegressor copy(ParamMap extra) {
        return (ChainruleRegressor) defaultCopy(extra);
    }

    public static MLReader<ChainruleRegressor> read() {
        return new DefaultParamsReader<>();
    }

    public static ChainruleRegressor load(String path) {
        return read().load(path);
    }
}
