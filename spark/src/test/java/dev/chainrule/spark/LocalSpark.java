package dev.chainrule.spark;

import dev.chainrule.data.Dataset;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import java.util.ArrayList;
import java.util.List;

/** The tests' one SparkSession: local[2], on the loopback address, no UI; and DataFrames made from chainrule data sets. */
final class LocalSpark {
    private static SparkSession session;

    private LocalSpark() {
    }

    static synchronized SparkSession session() {
        if (session == null) {
            session = SparkSession.builder()
                    .master("local[2]")
                    .appName("chainrule-spark-tests")
                    .config("spark.driver.host", "127.0.0.1")
                    .config("spark.driver.bindAddress", "127.0.0.1")
                    .config("spark.ui.enabled", "false")
                    .config("spark.ui.showConsoleProgress", "false")
                    .config("spark.sql.shuffle.partitions", "2")
                    .getOrCreate();
        }
        return session;
    }

    static JavaSparkContext context() {
        return JavaSparkContext.fromSparkContext(session().sparkContext());
    }

    /**
     * The rows of {@code data} as a DataFrame of {@code (label, features)} in {@code partitions}
     * partitions, in the data set's order: a class index for a classification set, the target
     * for a one-column regression set.
     */
    static org.apache.spark.sql.Dataset<Row> frame(Dataset data, int partitions) {
        List<Row> rows = new ArrayList<>();
        for (int r = 0; r < data.size(); r++) {
            double label = data.isClassification() ? data.label(r) : data.targets().get(r, 0);
            rows.add(RowFactory.create(label, Vectors.dense(data.features().rowAsDoubles(r))));
        }
        StructType schema = new StructType(new StructField[] {
            new StructField("label", DataTypes.DoubleType, false, Metadata.empty()),
            new StructField("features", SQLDataTypes.VectorType(), true, Metadata.empty())});
        return session().createDataFrame(context().parallelize(rows, partitions), schema);
    }
}
