package dev.chainrule.spark;

import dev.chainrule.io.SavedModel;
import dev.chainrule.model.Sequential;
import dev.chainrule.optim.Optimizer;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructField;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * What {@code fit} does for both estimators, in order: find the input width and (for a classifier)
 * the classes; read and check every row into cached partitions (one job: a bad value stops here,
 * before training); build the network and the optimizer on the driver; train in the chosen mode;
 * release the cached rows. Gives the trained model as a chainrule {@link SavedModel}.
 */
final class Fitting {
    /** Above this many classes from the largest label, a label is taken as a mistake rather than a class. */
    static final int MAX_CLASSES = 10_000;

    /** The trained model, as a chainrule model file holds it, and the run's summary. */
    record Result(SavedModel saved, TrainingSummary summary) {
    }

    private Fitting() {
    }

    /** Trains on {@code data}, whose label column is already double; see the class comment. */
    static Result fit(ChainruleParams<?> params, Dataset<?> data, String featuresCol, String labelCol,
                      boolean classification) {
        Columns.checkFeatures(data.schema(), featuresCol);
        Columns.checkLabel(data.schema(), labelCol);
        NetworkChoice network = NetworkChoice.of(params, classification);
        StructField labelField = data.schema().apply(labelCol);
        String[] metadataClasses = classification ? Columns.classNames(labelField) : null;
        int knownClasses = !classification ? -1
                : network.fileClasses() > 0 ? network.fileClasses()
                : metadataClasses != null ? metadataClasses.length : -1;
        int[] width = inputs(data, featuresCol, network);
        String widthSource = network.fileInputs() > 0 ? "the network file's input"
                : width[1] == 1 ? "the size in the column's metadata" : "the size of the first row's vector";
        LabelRule labels = classification ? LabelRule.classes(knownClasses) : LabelRule.regression();
        TrainingSettings settings = TrainingSettings.of(params, classification);
        JavaSparkContext spark = JavaSparkContext.fromSparkContext(data.sparkSession().sparkContext());
        DistributedRows rows = DistributedRows.read(data, featuresCol, labelCol, width[0], widthSource, labels);
        try {
            int classes = 0;
            if (classification) {
                classes = knownClasses > 0 ? knownClasses : (int) Math.min(Integer.MAX_VALUE, (long) rows.maxLabel + 1);
                if (classes > MAX_CLASSES) {
                    throw new InputColumnException(labelCol, 0, "column \"" + labelCol + "\" has labels up to "
                            + rows.maxLabel + ", which would make " + classes + " classes; class labels are indices"
                            + " 0, 1, ... (index them with StringIndexer)");
                }
                classes = Math.max(classes, 2);
            }
            Sequential model = network.build(width[0], classes, settings.seed());
            Optimizer optimizer = settings.newOptimizer();
            if (settings.mode() == TrainingMode.AVERAGING && !OptimizerStates.stateless(optimizer)) {
                OptimizerStates.export(optimizer, model.parameters()); // fails now, before training, if unsupported
            }
            TrainingSummary summary = settings.mode() == TrainingMode.SYNCHRONOUS
                    ? SynchronousTraining.run(spark, rows, model, optimizer, settings)
                    : AveragingTraining.run(spark, rows, model, optimizer, settings);
            List<String> classNames = classification ? classNames(metadataClasses, classes) : List.of();
            SavedModel saved = new SavedModel(model, classNames, null, null,
                    record(settings, summary, featuresCol, labelCol));
            return new Result(saved, summary);
        } finally {
            rows.release();
        }
    }

    /** The input width and where it came from: 0 the network file, 1 the column's metadata, 2 the first row. */
    private static int[] inputs(Dataset<?> data, String featuresCol, NetworkChoice network) {
        if (network.fileInputs() > 0) {
            return new int[] {network.fileInputs(), 0};
        }
        OptionalInt size = Columns.vectorSize(data.schema().apply(featuresCol));
        if (size.isPresent()) {
            return new int[] {size.getAsInt(), 1};
        }
        List<Row> first = data.select(featuresCol).where(data.col(featuresCol).isNotNull()).limit(1).collectAsList();
        // no non-null vector: reading the rows reports the first null one (or that there are none)
        return new int[] {first.isEmpty() ? 1 : ((Vector) first.get(0).get(0)).size(), 2};
    }

    private static List<String> classNames(String[] fromMetadata, int classes) {
        List<String> names = new ArrayList<>();
        for (int k = 0; k < classes; k++) {
            names.add(fromMetadata != null && k < fromMetadata.length ? fromMetadata[k] : Integer.toString(k));
        }
        return names;
    }

    /** The training record a chainrule model file keeps (the keys {@code chainrule train} writes, and Spark's). */
    private static Map<String, Object> record(TrainingSettings s, TrainingSummary summary, String featuresCol,
                                              String labelCol) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("trained_with", "spark");
        m.put("mode", s.mode().paramValue());
        if (s.mode() == TrainingMode.AVERAGING) {
            m.put("local_steps", s.localSteps());
        }
        m.put("partitions", summary.partitions());
        m.put("optimizer", s.optimizer());
        m.put("lr", s.learningRate());
        if (s.optimizer().equals("momentum") || s.optimizer().equals("nesterov")) {
            m.put("momentum", s.momentum());
        }
        m.put("weight_decay", s.weightDecay());
        m.put("l2", s.l2());
        m.put("batch", s.batchSize());
        m.put("epochs", summary.epochs());
        m.put("seed", s.seed());
        m.put("train_examples", summary.examples());
        m.put("seconds", summary.seconds());
        m.put("seconds_per_epoch", summary.seconds() / Math.max(1, summary.epochs()));
        double[] loss = summary.objectiveHistory();
        m.put("final_train_loss", loss.length == 0 ? null : loss[loss.length - 1]);
        m.put("features_column", featuresCol);
        m.put("label_column", labelCol);
        return m;
    }
}
