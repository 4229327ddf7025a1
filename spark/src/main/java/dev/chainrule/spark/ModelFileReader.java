package dev.chainrule.spark;

import dev.chainrule.io.ModelFile;
import dev.chainrule.io.ModelFileException;
import dev.chainrule.io.SavedModel;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.ml.param.Params;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.MLReader;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.BiFunction;

/**
 * Loads what {@link ModelFileWriter} saved: Spark's metadata (checked to be of the expected class),
 * then the chainrule model file, checked as every chainrule model file is (header, version,
 * SHA-256), then the saved Params.
 *
 * @param <M> the model class
 */
final class ModelFileReader<M extends Params> extends MLReader<M> {
    private final Class<M> modelClass;
    private final BiFunction<String, SavedModel, M> create;

    /** @param create makes the model from its uid and the model file's contents */
    ModelFileReader(Class<M> modelClass, BiFunction<String, SavedModel, M> create) {
        this.modelClass = modelClass;
        this.create = create;
    }

    @Override
    public M load(String path) {
        DefaultParamsReader.Metadata metadata = DefaultParamsReader.loadMetadata(path, sparkSession(),
                modelClass.getName());
        Path file = new Path(path, ModelFileWriter.MODEL_FILE);
        byte[] bytes;
        try {
            FileSystem fs = file.getFileSystem(sc().hadoopConfiguration());
            try (FSDataInputStream in = fs.open(file)) {
                bytes = in.readAllBytes();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the chainrule model file " + file + ": " + e.getMessage(), e);
        }
        SavedModel saved;
        try {
            saved = ModelFile.fromBytes(bytes, file.toString());
        } catch (ModelFileException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        M model = create.apply(metadata.uid(), saved);
        metadata.getAndSetParams(model, scala.Option.empty());
        return model;
    }
}
