package dev.chainrule.spark;

import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.ml.param.Params;
import org.apache.spark.ml.util.DefaultParamsWriter;
import org.apache.spark.ml.util.MLWriter;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Saves a chainrule model with Spark's ML persistence: Spark's metadata (class, uid, Params) in
 * {@code PATH/metadata}, as every Spark ML stage writes it, and chainrule's own model file in
 * {@code PATH/data/model.chainrule}, byte for byte what {@code chainrule train --out} writes, so
 * {@code chainrule evaluate} and {@code chainrule predict} read it as it is. Works on any Hadoop
 * file system Spark reaches (local, HDFS, S3).
 */
final class ModelFileWriter extends MLWriter {
    /** Where the model file sits in a saved model's directory. */
    static final String MODEL_FILE = "data/model.chainrule";

    private final Params instance;
    private final byte[] modelFile;

    ModelFileWriter(Params instance, byte[] modelFile) {
        this.instance = instance;
        this.modelFile = modelFile;
    }

    @Override
    public void saveImpl(String path) {
        DefaultParamsWriter.saveMetadata(instance, path, sparkSession());
        Path file = new Path(path, MODEL_FILE);
        try {
            FileSystem fs = file.getFileSystem(sc().hadoopConfiguration());
            try (FSDataOutputStream out = fs.create(file, true)) {
                out.write(modelFile);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
