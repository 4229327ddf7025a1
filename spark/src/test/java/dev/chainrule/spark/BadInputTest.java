package dev.chainrule.spark;

import org.apache.spark.ml.Predictor;
import org.apache.spark.ml.attribute.NominalAttribute;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeoutException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bad training DataFrames stop {@code fit} before any training round (no Spark job described as
 * one starts), with an exception naming the column and the row (counted from 1 in partition
 * order). The bad row sits in the second
 * partition, so the row number needs the first partition's size.
 */
class BadInputTest {
    static final int ROWS = 12;

    /** 12 rows of 4 features and labels 0..2 in 2 partitions of 6; {@code badRow} (1-based) gets {@code features} and {@code label}. */
    static Dataset<Row> frame(int badRow, Object features, Double label, Metadata labelMetadata) {
        List<Row> rows = new ArrayList<>();
        for (int r = 1; r <= ROWS; r++) {
            Object f = Vectors.dense(r, r % 3, 1, 0);
            Double l = (double) (r % 3);
            if (r == badRow) {
                f = features;
                l = label;
            }
            rows.add(RowFactory.create(l, f));
        }
        StructType schema = new StructType(new StructField[] {
            new StructField("label", DataTypes.DoubleType, true, labelMetadata),
            new StructField("features", SQLDataTypes.VectorType(), true, Metadata.empty())});
        return LocalSpark.session().createDataFrame(LocalSpark.context().parallelize(rows, 2), schema);
    }

    static ChainruleClassifier classifier() {
        return new ChainruleClassifier().setHiddenLayers(4).setEpochs(1).setBatchSize(4);
    }

    /** The descriptions of the Spark jobs started since the last {@link #clear}. */
    static final class JobLog extends SparkListener {
        private final List<String> descriptions = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void onJobStart(SparkListenerJobStart job) {
            descriptions.add(String.valueOf(job.properties().getProperty("spark.job.description")));
        }

        void clear() {
            awaitEvents();
            descriptions.clear();
        }

        List<String> descriptions() {
            awaitEvents();
            return List.copyOf(descriptions);
        }

        /** Waits until the listener has seen every event posted so far. */
        private static void awaitEvents() {
            try {
                LocalSpark.session().sparkContext().listenerBus().waitUntilEmpty(60_000);
            } catch (TimeoutException e) {
                throw new AssertionError("Spark's listener bus did not empty within a minute", e);
            }
        }

        long trainingRounds() {
            return descriptions().stream().filter(d -> d.startsWith(JobDescription.TRAINING)).count();
        }
    }

    static final JobLog JOBS = new JobLog();

    @BeforeAll
    static void listen() {
        LocalSpark.session().sparkContext().addSparkListener(JOBS);
    }

    @AfterAll
    static void stopListening() {
        LocalSpark.session().sparkContext().removeSparkListener(JOBS);
    }

    /** Fit fails on {@code data}, after reading the rows and before any training round. */
    static InputColumnException fails(Dataset<Row> data) {
        return fails(classifier(), data);
    }

    static InputColumnException fails(Predictor<?, ?, ?> estimator, Dataset<Row> data) {
        JOBS.clear();
        InputColumnException e = assertThrows(InputColumnException.class, () -> estimator.fit(data));
        List<String> jobs = JOBS.descriptions();
        assertTrue(jobs.contains(JobDescription.READING), "the rows were read: " + jobs);
        assertEquals(0, JOBS.trainingRounds(), "no training round started: " + jobs);
        return e;
    }

    @Test
    void aMissingFeaturesColumnIsNamed() {
        InputColumnException e = assertThrows(InputColumnException.class,
                () -> classifier().setFeaturesCol("pixels").fit(frame(0, null, null, Metadata.empty())));
        assertEquals("pixels", e.column());
        assertEquals(0, e.row());
        assertTrue(e.getMessage().contains("column \"pixels\" is missing from the DataFrame, whose columns are"
                + " [label, features]"), e.getMessage());
    }

    @Test
    void aMissingLabelColumnIsNamed() {
        InputColumnException e = assertThrows(InputColumnException.class,
                () -> classifier().setLabelCol("admit").fit(frame(0, null, null, Metadata.empty())));
        assertEquals("admit", e.column());
        assertTrue(e.getMessage().contains("column \"admit\" is missing"), e.getMessage());
    }

    @Test
    void aColumnOfTheWrongTypeIsNamed() {
        Dataset<Row> data = frame(0, null, null, Metadata.empty());
        InputColumnException e = assertThrows(InputColumnException.class,
                () -> classifier().setFeaturesCol("label").setLabelCol("features").fit(data));
        assertEquals("label", e.column());
        assertTrue(e.getMessage().contains("holds double, not vectors"), e.getMessage());
    }

    @Test
    void aNullFeatureVectorNamesTheRow() {
        InputColumnException e = fails(frame(9, null, 1.0, Metadata.empty()));
        assertEquals("features", e.column());
        assertEquals(9, e.row());
        assertTrue(e.getMessage().startsWith("column \"features\", row 9 is null"), e.getMessage());
    }

    @Test
    void aVectorOfTheWrongSizeNamesTheRowAndBothSizes() {
        InputColumnException e = fails(frame(8, Vectors.dense(1, 2, 3), 1.0, Metadata.empty()));
        assertEquals(8, e.row());
        assertTrue(e.getMessage().startsWith("column \"features\", row 8 has a vector of 3 values, expected 4"
                + " (the size of the first row's vector)"), e.getMessage());
    }

    @Test
    void aNonFiniteFeatureNamesTheRowAndIndex() {
        InputColumnException e = fails(frame(11, Vectors.dense(1, Double.NaN, 0, 0), 1.0, Metadata.empty()));
        assertEquals(11, e.row());
        assertTrue(e.getMessage().startsWith("column \"features\", row 11 holds NaN at index 1"), e.getMessage());
    }

    @Test
    void aNullLabelNamesTheRow() {
        InputColumnException e = fails(frame(7, Vectors.dense(1, 2, 3, 4), null, Metadata.empty()));
        assertEquals("label", e.column());
        assertEquals(7, e.row());
        assertTrue(e.getMessage().startsWith("column \"label\", row 7 is null"), e.getMessage());
    }

    @Test
    void aLabelThatIsNoClassIndexNamesTheRow() {
        InputColumnException negative = fails(frame(10, Vectors.dense(1, 2, 3, 4), -1.0, Metadata.empty()));
        assertEquals(10, negative.row());
        assertTrue(negative.getMessage().startsWith("column \"label\", row 10 is -1.0; class labels are whole numbers"),
                negative.getMessage());
        InputColumnException fraction = fails(frame(12, Vectors.dense(1, 2, 3, 4), 1.5, Metadata.empty()));
        assertEquals(12, fraction.row());
    }

    @Test
    void aLabelOutOfTheClassesRangeNamesTheRow() {
        Metadata threeClasses = NominalAttribute.defaultAttr().withName("label")
                .withValues(new String[] {"cat", "dog", "fox"}).toMetadata();
        InputColumnException e = fails(frame(9, Vectors.dense(1, 2, 3, 4), 3.0, threeClasses));
        assertEquals(9, e.row());
        assertTrue(e.getMessage().startsWith("column \"label\", row 9 is 3.0 but there are 3 classes, labelled 0 to 2"),
                e.getMessage());
    }

    @Test
    void aNonFiniteRegressionTargetNamesTheRow() {
        Dataset<Row> data = frame(2, Vectors.dense(1, 2, 3, 4), Double.POSITIVE_INFINITY, Metadata.empty());
        InputColumnException e = fails(new ChainruleRegressor().setHiddenLayers(4).setEpochs(1), data);
        assertEquals(2, e.row());
        assertTrue(e.getMessage().startsWith("column \"label\", row 2 is Infinity; every label must be a finite number"),
                e.getMessage());
    }

    @Test
    void goodRowsTrainAndKeepTheClassNamesOfTheMetadata() {
        Metadata threeClasses = NominalAttribute.defaultAttr().withName("label")
                .withValues(new String[] {"cat", "dog", "fox"}).toMetadata();
        JOBS.clear();
        ChainruleClassificationModel model = classifier().fit(frame(0, null, null, threeClasses));
        assertEquals(3, JOBS.trainingRounds(), "12 rows in batches of 4: 3 rounds; jobs " + JOBS.descriptions());
        assertEquals(Arrays.asList("cat", "dog", "fox"), model.classNames());
    }
}
