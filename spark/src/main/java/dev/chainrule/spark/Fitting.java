package dev.chainrule.spark;

import dev.chainrule.io.SavedModel;
import dev.chainrule.io.TrainingRecord;
import dev.chainrule.model.Sequential;
import dev.chainrule.optim.Optimizer;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructField;

import java.util.ArrayList;
import java.util.List;
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
        LabelRule labels = classification ? LabelRule.classes(knownClasses) : LabelRule.regression();
        TrainingSettings settings = TrainingSettings.of(params, classification);
        JavaSparkContext spark = JavaSparkContext.fromSparkContext(data.sparkSession().sparkContext());
        try (JobDescription jobs = new JobDescription(spark)) {
            jobs.set(JobDescription.READING);
            int[] width = inputs(data, featuresCol, network);
            String widthSource = network.fileInputs() > 0 ? "the network file's input"
                    : width[1] == 1 ? "the size in the column's metadata" : "the size of the first row's vector";
            DistributedRows rows = DistributedRows.read(data, featuresCol, labelCol, width[0], widthSource, labels);
            try {
                int classes = 0;
                if (classification) {
                    classes = knownClasses > 0 ? knownClasses
                            : (int) Math.min(Integer.MAX_VALUE, (long) rows.maxLabel + 1);
                    if (classes > MAX_CLASSES) {
                        throw new InputColumnException(labelCol, 0, "column \"" + labelCol + "\" has labels up to "
                                + rows.maxLabel + ", which would make " + classes + " classes; class labels are"
                                + " indices 0, 1, ... (index them with StringIndexer)");
                    }
                    classes = Math.max(classes, 2);
                }
                Sequential model = network.build(width[0], classes, settings.seed());
                Optimizer optimizer = settings.newOptimizer();
                TrainingSummary summary = settings.mode() == TrainingMode.SYNCHRONOUS
                        ? SynchronousTraining.run(spark, jobs, rows, model, optimizer, settings)
                        : AveragingTraining.run(spark, jobs, rows, model, optimizer, settings);
                List<String> classNames = classification ? classNames(metadataClasses, classes) : List.of();
                SavedModel saved = SavedModel.builder(model).classNames(classNames)
                        .training(record(settings, summary)).build();
                return new Result(saved, summary);
            } finally {
                rows.release();
            }
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

    /**
     * The training record of the model file: the settings and results {@code chainrule train}
     * records (a model file keeps no timings, and no Spark-specific fields).
     */
    private static TrainingRecord record(TrainingSettings s, TrainingSummary summary) {
        boolean momentum = s.optimizer().equals("momentum") || s.optimizer().equals("nesterov");
        TrainingRecord.Settings settings = new TrainingRecord.Settings(s.optimizer(), s.learningRate(),
                momentum ? s.momentum() : Double.NaN, s.weightDecay(), s.l2(), "constant", 0, s.batchSize(),
                s.epochs(), 0, null, 0, s.seed(), null);
        double[] loss = summary.objectiveHistory();
        TrainingRecord.Results results = new TrainingRecord.Results((int) summary.examples(), 0, summary.epochs(),
                loss[loss.length - 1], Double.NaN, Double.NaN, "completed", 0);
        return new TrainingRecord(settings, results);
    }
}
