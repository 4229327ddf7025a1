package dev.chainrule.cli;

import dev.chainrule.data.BuiltinDataSets;
import dev.chainrule.data.ColumnEncoding;
import dev.chainrule.data.CsvTable;
import dev.chainrule.data.Preprocessing;
import dev.chainrule.data.PixelScaling;
import dev.chainrule.data.TabularPreprocessing;
import dev.chainrule.io.DatasetRecord;
import dev.chainrule.io.Excerpt;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Data paths as a model file records them: relative to the model file's folder, so a model
 * trained on {@code ../data/train.csv} evaluates from any folder, and a project folder can be
 * moved whole. Built-in names ({@code digits}, {@code fashion-mnist}) are kept as they are.
 *
 * <p>A recorded path is only data if it still looks like the data the model was trained on: a
 * CSV file must have the model's columns. Until that is checked nothing of the file's content
 * is shown in a message, so a model file that names {@code /etc/passwd} cannot make chainrule
 * echo it.
 */
final class DataPaths {
    private DataPaths() {
    }

    /** {@code record} with its data path (and test file) made relative to the folder of {@code modelFile}. */
    static DatasetRecord relativeTo(DatasetRecord record, Path modelFile) {
        if (record == null) {
            return null;
        }
        return new DatasetRecord(relative(record.data(), modelFile), record.target(), record.categorical(),
                record.standardize(), record.testFraction(), record.seed(),
                record.testData() == null ? null : relative(record.testData(), modelFile));
    }

    private static String relative(String recorded, Path modelFile) {
        if (isBuiltin(recorded)) {
            return recorded;
        }
        Path data;
        try {
            data = Path.of(recorded);
        } catch (InvalidPathException e) {
            return recorded;
        }
        if (!Files.exists(data)) {
            return recorded;
        }
        Path folder = modelFile.toAbsolutePath().normalize().getParent();
        String stored;
        try {
            stored = folder.relativize(data.toAbsolutePath().normalize()).toString().replace(File.separatorChar, '/');
        } catch (IllegalArgumentException e) {
            stored = data.toAbsolutePath().normalize().toString(); // another root (a Windows drive)
        }
        return stored.isEmpty() ? "." : stored;
    }

    /**
     * The path to load for a recorded {@code data}: a built-in name as it is; a relative path
     * against the model file's folder, or, for files written before paths were stored that way,
     * against the working folder when only that exists.
     */
    static String resolve(String data, Path modelFile) {
        if (isBuiltin(data)) {
            return data;
        }
        try {
            Path path = Path.of(data);
            if (path.isAbsolute()) {
                return data;
            }
            Path folder = modelFile.toAbsolutePath().getParent();
            Path besideModel = folder.resolve(path).normalize();
            if (Files.exists(besideModel) || !Files.exists(path)) {
                return besideModel.toString();
            }
            return data;
        } catch (InvalidPathException e) {
            return data;
        }
    }

    /**
     * Checks that a recorded CSV file still has the columns the model was trained on, without
     * showing anything of its content when it does not.
     */
    static void requireTrainingColumns(Path file, Preprocessing preprocessing, DatasetRecord record, Path modelFile) {
        if (!Files.isRegularFile(file) || preprocessing instanceof PixelScaling) {
            return;
        }
        List<String> needed = new ArrayList<>();
        if (preprocessing instanceof TabularPreprocessing tabular) {
            for (ColumnEncoding c : tabular.columns()) {
                needed.add(c.column());
            }
            needed.add(tabular.target().column());
        } else if (record != null && record.target() != null) {
            // no saved encoding (a model made through the library): the columns the record names
            needed.add(record.target());
            needed.addAll(record.categorical());
            needed.addAll(record.standardize());
        } else {
            return;
        }
        List<String> header;
        try {
            header = CsvTable.readHeader(file);
        } catch (RuntimeException e) {
            throw notTheData(file, modelFile, "cannot be read as a CSV file");
        }
        java.util.Set<String> present = new java.util.HashSet<>(header);
        for (String column : needed) {
            if (!present.contains(column)) {
                throw notTheData(file, modelFile, "has no column " + Excerpt.quoted(column) + ", which the model reads");
            }
        }
    }

    private static IllegalArgumentException notTheData(Path file, Path modelFile, String why) {
        return new IllegalArgumentException(modelFile + " records its training data as " + file + ", but that file " + why
                + "; give the data with --data");
    }

    private static boolean isBuiltin(String data) {
        return data == null || BuiltinDataSets.NAMES.contains(data);
    }
}
