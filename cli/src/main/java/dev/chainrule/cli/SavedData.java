package dev.chainrule.cli;

import dev.chainrule.data.CsvFile;
import dev.chainrule.data.CsvFormat;
import dev.chainrule.data.PixelScaling;
import dev.chainrule.data.DataSource;
import dev.chainrule.data.Dataset;
import dev.chainrule.data.LoadedData;
import dev.chainrule.data.Preprocessing;
import dev.chainrule.data.TabularPreprocessing;
import dev.chainrule.io.DatasetRecord;
import dev.chainrule.io.SavedModel;
import dev.chainrule.tensor.DType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;

/** Loads data again for a saved model: the recorded data spec, and the saved preprocessing. */
final class SavedData {
    private SavedData() {
    }

    /** The data arguments the model was trained with, as recorded in its file (data null when none is). */
    static DataArgs args(SavedModel saved, Path modelFile) {
        DataArgs o = new DataArgs();
        DatasetRecord spec = saved.dataset();
        if (spec == null) {
            o.data = null;
            return o;
        }
        o.data = DataPaths.resolve(spec.data(), modelFile);
        o.target = spec.target();
        o.categorical = new ArrayList<>(spec.categorical());
        o.standardize = new ArrayList<>(spec.standardize());
        o.testFraction = spec.testFraction();
        o.testData = spec.testData() == null ? null : Path.of(DataPaths.resolve(spec.testData(), modelFile));
        return o;
    }

    /**
     * Examples of new data {@code data} for a saved model: every row of a CSV file, encoded with the
     * saved preprocessing (not fitted again); for image data, the test part (an IDX set's test files,
     * the digits' held-out part with the recorded fraction and seed).
     */
    static Dataset newData(String data, DataArgs recorded, long seed, Path dataDir, SavedModel saved, Path modelFile,
                           CsvFormatArgs format) {
        Preprocessing pre = saved.preprocessing();
        DType dtype = saved.model().dtype();
        Path path = Path.of(data);
        if (Files.isRegularFile(path) && !(pre instanceof PixelScaling)) {
            if (!(pre instanceof TabularPreprocessing tabular)) {
                throw new IllegalArgumentException(modelFile + " was not trained on CSV data, so it cannot read " + data);
            }
            return tabular.dataset(CsvFile.open(path, format.apply(tabular.format())), path.getFileName().toString(),
                    dtype);
        }
        if (Files.isRegularFile(path) && pre instanceof PixelScaling pixels) {
            CsvFile file = format.given() ? CsvFile.open(path, format.apply(CsvFormat.headerless()))
                    : CsvFile.openSniffingHeader(path, ',');
            return pixels.dataset(file, path.getFileName().toString(), dtype);
        }
        DataArgs args = recorded;
        args.data = data;
        args.dataDir = dataDir;
        args.testData = null;
        args.validationData = null;
        LoadedData loaded = DataSource.load(data, args.toOptions(seed, dtype));
        return loaded.test() != null && loaded.test().size() > 0 ? loaded.test() : loaded.train();
    }
}
