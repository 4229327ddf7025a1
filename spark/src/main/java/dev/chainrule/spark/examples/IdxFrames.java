package dev.chainrule.spark.examples;

import dev.chainrule.data.IdxReader;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.attribute.AttributeGroup;
import org.apache.spark.ml.attribute.NominalAttribute;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * IDX image files (MNIST, Fashion-MNIST) as a DataFrame of {@code (label, features)}: each
 * partition reads the files itself (they must be readable at the same path on every executor: a
 * local run, or a shared file system) and keeps its slice of the images, so the images never pass
 * through the driver. Pixels are scaled as chainrule scales them, {@code (float) (pixel / 255)};
 * the label column carries the class names as metadata (StringIndexer's form), which the trained
 * model keeps.
 */
public final class IdxFrames {
    private IdxFrames() {
    }

    /**
     * Rows of {@code images} (an IDX file of {@code [n, height, width]} bytes) and {@code labels}
     * (IDX {@code [n]}), in file order, in {@code partitions} partitions of consecutive images.
     */
    public static Dataset<Row> read(SparkSession spark, Path images, Path labels, List<String> classNames,
                                    int partitions) {
        return read(spark, images, labels, classNames, partitions, Integer.MAX_VALUE);
    }

    /** As {@link #read(SparkSession, Path, Path, List, int)}, the first {@code rows} images only. */
    public static Dataset<Row> read(SparkSession spark, Path images, Path labels, List<String> classNames,
                                    int partitions, int rows) {
        String imagesFile = images.toAbsolutePath().toString();
        String labelsFile = labels.toAbsolutePath().toString();
        int[] dims = IdxReader.dims(images, 3); // the header only: the images are read by the executors
        int pixels = dims[1] * dims[2];
        List<Integer> slices = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            slices.add(p);
        }
        JavaSparkContext context = JavaSparkContext.fromSparkContext(spark.sparkContext());
        int limit = Math.min(rows, dims[0]);
        var data = context.parallelize(slices, partitions)
                .flatMap(p -> slice(imagesFile, labelsFile, limit, p, partitions));
        StructType schema = new StructType(new StructField[] {
            new StructField("label", DataTypes.DoubleType, false, NominalAttribute.defaultAttr().withName("label")
                    .withValues(classNames.toArray(new String[0])).toMetadata()),
            new StructField("features", SQLDataTypes.VectorType(), false,
                    new AttributeGroup("features", pixels).toMetadata())});
        return spark.createDataFrame(data, schema);
    }

    /** Slice {@code p} of {@code partitions} of the first {@code n} images: {@code [p n / P, (p + 1) n / P)}. */
    private static java.util.Iterator<Row> slice(String imagesFile, String labelsFile, int n, int p, int partitions) {
        IdxReader.IdxArray images = IdxReader.read(Path.of(imagesFile), 3);
        IdxReader.IdxArray labels = IdxReader.read(Path.of(labelsFile), 1);
        int pixels = images.dims()[1] * images.dims()[2];
        int from = (int) ((long) p * n / partitions);
        int to = (int) ((long) (p + 1) * n / partitions);
        byte[] data = images.data();
        List<Row> rows = new ArrayList<>(to - from);
        for (int i = from; i < to; i++) {
            double[] x = new double[pixels];
            for (int j = 0; j < pixels; j++) {
                x[j] = (data[i * pixels + j] & 0xff) / 255f;
            }
            rows.add(RowFactory.create((double) labels.get(i), Vectors.dense(x)));
        }
        return rows.iterator();
    }
}
