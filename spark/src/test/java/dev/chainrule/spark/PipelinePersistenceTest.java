package dev.chainrule.spark;

import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.feature.StandardScaler;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The classifier inside a Pipeline with VectorAssembler and StandardScaler, saved and loaded with ML persistence. */
class PipelinePersistenceTest {
    /** The admissions CSV (400 rows), from the repository root (the tests run there). */
    static final String ADMISSIONS = "core/src/test/resources/admissions/binary.csv";

    static Dataset<Row> admissions() {
        return LocalSpark.session().read().option("header", true).option("inferSchema", true).csv(ADMISSIONS)
                .repartition(2);
    }

    static Pipeline pipeline() {
        VectorAssembler assembler = new VectorAssembler().setInputCols(new String[] {"gre", "gpa", "rank"})
                .setOutputCol("raw");
        StandardScaler scaler = new StandardScaler().setInputCol("raw").setOutputCol("features")
                .setWithMean(true).setWithStd(true);
        ChainruleClassifier classifier = new ChainruleClassifier().setLabelCol("admit").setHiddenLayers(8)
                .setOptimizer("adam").setLearningRate(0.01).setEpochs(5).setBatchSize(32).setSeed(3);
        return new Pipeline().setStages(new PipelineStage[] {assembler, scaler, classifier});
    }

    @Test
    void aSavedAndLoadedPipelineModelPredictsTheSame(@TempDir Path dir) throws IOException {
        Dataset<Row> data = admissions().cache();
        PipelineModel fitted = pipeline().fit(data);
        String path = dir.resolve("pipeline-model").toString();
        fitted.write().overwrite().save(path);
        PipelineModel loaded = PipelineModel.load(path);

        List<Row> before = fitted.transform(data).select("probability", "rawPrediction", "prediction").collectAsList();
        List<Row> after = loaded.transform(data).select("probability", "rawPrediction", "prediction").collectAsList();
        assertEquals(400, before.size());
        for (int i = 0; i < before.size(); i++) {
            for (int c = 0; c < 2; c++) {
                assertArrayEquals(((Vector) before.get(i).get(c)).toArray(), ((Vector) after.get(i).get(c)).toArray(),
                        "row " + (i + 1) + ", column " + c);
            }
            assertEquals(before.get(i).getDouble(2), after.get(i).getDouble(2));
        }
        ChainruleClassificationModel model = (ChainruleClassificationModel) loaded.stages()[2];
        assertEquals(List.of("0", "1"), model.classNames());
        assertEquals(3, model.numFeatures());
        assertTrue(((ChainruleClassificationModel) fitted.stages()[2]).summary().objectiveHistory().length == 5);
    }

    @Test
    void aSavedPipelineKeepsTheClassifiersParams(@TempDir Path dir) throws IOException {
        LocalSpark.session();
        String path = dir.resolve("pipeline").toString();
        pipeline().write().overwrite().save(path);
        Pipeline loaded = Pipeline.load(path);
        ChainruleClassifier classifier = (ChainruleClassifier) loaded.getStages()[2];
        assertArrayEquals(new int[] {8}, classifier.getHiddenLayers());
        assertEquals("adam", classifier.getOptimizer());
        assertEquals(0.01, classifier.getLearningRate());
        assertEquals(5, classifier.getEpochs());
        assertEquals(32, classifier.getBatchSize());
        assertEquals(3, classifier.getSeed());
        assertEquals("admit", classifier.getLabelCol());
        assertEquals(0, classifier.getWeightDecay()); // adam's default: not set, so not saved
    }
}
