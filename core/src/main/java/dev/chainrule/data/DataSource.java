package dev.chainrule.data;

import dev.chainrule.tensor.DType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The one entry point from a data specification to training and test sets. {@code spec} is:
 *
 * <ul>
 *   <li>a built-in name: {@code digits} (embedded 8x8 digits, the default when {@code spec} is
 *       null or empty), {@code mnist} or {@code fashion-mnist} (IDX, found or downloaded by
 *       {@link DataLocator});</li>
 *   <li>a folder of IDX files in the MNIST layout ({@link IdxFolder});</li>
 *   <li>a CSV file, with {@link DataOptions#csv()} naming the target and the categorical and
 *       standardized columns ({@link CsvOptions}).</li>
 * </ul>
 *
 * <p>IDX sets come with their own train/test files; CSV files and {@code digits} are split by a
 * seeded held-out fraction ({@link DataOptions#testFraction()}), stratified for classes, and their
 * preprocessing is fitted on the training part only: categories and classes are those seen in
 * the training rows (a value met only in the test rows is an error naming its line), means and
 * standard deviations those of the training rows. Class labels of a CSV target are sorted
 * ({@link CategoryOrder}) to stratify the split.
 *
 * <pre>{@code
 * // chainrule train --data binary.csv --target admit --categorical rank --standardize gre,gpa --test-fraction 0.1
 * DataOptions options = DataOptions.defaults().withTestFraction(0.1).withSeed(21)
 *         .withCsv(CsvOptions.target("admit").withCategorical(List.of("rank"))
 *                 .withStandardize(List.of("gre", "gpa")).withTwoClassesAsOneColumn(true));
 * LoadedData data = DataSource.load("binary.csv", options);
 * data.train();          // 360 examples: [360, 6] features gre, gpa, rank_1..rank_4; [360, 1] targets
 * data.test();           // 40 held-out examples
 * data.preprocessing();  // saved with the model: SavedModel.builder(net).preprocessing(data.preprocessing())
 *
 * // chainrule train --data fashion-mnist
 * LoadedData fashion = DataSource.load("fashion-mnist", DataOptions.defaults());  // [60000, 784], [10000, 784]
 * }</pre>
 *
 * Bad input throws {@link DataFormatException} (file, line, column), a missing data set
 * {@link DataNotFoundException} (where it looked, how to get it); both are
 * {@link IllegalArgumentException}s.
 */
public final class DataSource {
    private DataSource() {
    }

    /**
     * Loads {@code spec} as described above.
     *
     * @param spec a built-in name, a folder of IDX files or a CSV file; null or empty for {@code digits}
     * @param options the split, dtype, CSV columns and where to look
     * @return the loaded data
     */
    public static LoadedData load(String spec, DataOptions options) {
        if (spec == null || spec.isBlank() || spec.equals("digits")) {
            return digits(options);
        }
        Optional<IdxDataSet> builtin = BuiltinDataSets.idx(spec);
        if (builtin.isPresent()) {
            IdxDataSet set = builtin.get();
            return IdxFolder.load(DataLocator.locate(set, options), set.name(), set.classNames(), options.dtype());
        }
        Path path = Path.of(spec);
        if (Files.isDirectory(path)) {
            Path name = path.toAbsolutePath().normalize().getFileName();
            return IdxFolder.load(path, name == null ? spec : name.toString(), null, options.dtype());
        }
        if (Files.exists(path)) {
            if (options.csv() == null) {
                throw new IllegalArgumentException(spec + ": a CSV file needs a target column (--target COLUMN)");
            }
            try {
                return csv(CsvFile.open(path, options.csv().format()), options);
            } catch (DataFormatException e) {
                throw DataFiles.blameGzip(path, e); // a damaged gzip can read as a wrong header or a wrong row
            }
        }
        throw new DataNotFoundException("no data set \"" + spec + "\": not a built-in name (" + String.join(", ", BuiltinDataSets.NAMES)
                + "), and no such file or folder" + (path.isAbsolute() ? "" : " (relative to " + Path.of("").toAbsolutePath() + ")")
                + "; --data takes a built-in name, a folder of IDX files or a CSV file");
    }

    /**
     * Loads {@code spec} as {@link #load(String, DataOptions)} does, but encodes it with a
     * preprocessing fitted before (a saved model's, to train it further) instead of fitting one:
     * a CSV file's columns go through {@code fitted}'s encodings (its target column is the target;
     * the split is the one {@link #load(String, DataOptions)} makes); images must be of the size
     * and scale {@code fitted} says.
     *
     * @param spec a built-in name, a folder of IDX files or a CSV file; null or empty for {@code digits}
     * @param options the split, dtype, CSV columns and where to look
     * @param fitted the preprocessing fitted before (a saved model's)
     * @return the loaded data
     * @throws IllegalArgumentException when the data does not fit {@code fitted}, naming what differs
     */
    public static LoadedData load(String spec, DataOptions options, Preprocessing fitted) {
        if (fitted instanceof TabularPreprocessing columns) {
            Path path = Path.of(spec);
            if (!Files.isRegularFile(path)) {
                throw new IllegalArgumentException(spec + " is not a CSV file, but the preprocessing reads CSV columns ("
                        + String.join(", ", columns.featureNames()) + ")");
            }
            CsvOptions target = (options.csv() != null ? options.csv() : CsvOptions.target(columns.target().column()))
                    .withFormat(columns.format()).withMissing(columns.missing());
            try {
                return csv(CsvFile.open(path, columns.format()), options.withCsv(target), columns);
            } catch (DataFormatException e) {
                throw DataFiles.blameGzip(path, e);
            }
        }
        LoadedData loaded = load(spec, options);
        if (!fitted.equals(loaded.preprocessing())) {
            throw new IllegalArgumentException(loaded.name() + " does not fit the preprocessing: it is "
                    + describe(loaded.preprocessing()) + ", expected " + describe(fitted));
        }
        return loaded;
    }

    private static String describe(Preprocessing p) {
        if (p instanceof PixelScaling s) {
            return s.height() + "x" + s.width() + " images with pixels up to " + s.maxValue() + " and classes "
                    + String.join(",", s.classNames());
        }
        return "CSV columns " + String.join(", ", p.featureNames());
    }

    /**
     * The embedded digits, split by the seeded stratified test fraction.
     *
     * @param options the split and dtype
     * @return the embedded digits, split by the seeded stratified test fraction
     */
    public static LoadedData digits(DataOptions options) {
        Dataset all = BuiltinDigits.load(options.dtype());
        Split split = Split.of(all, options.testFraction(), options.seed());
        PixelScaling pixels = new PixelScaling(8, 8, BuiltinDigits.MAX_PIXEL, all.classNames());
        return new LoadedData("digits", rename(split.train(), "digits (train)"), rename(split.heldOut(), "digits (test)"), pixels);
    }

    /**
     * CSV data split by the seeded test fraction (stratified by the target's classes), with the
     * preprocessing fitted on the training rows and applied to both parts. Read in two streaming
     * passes (see {@link TabularPreprocessing}); rows with a missing value are left out first when
     * {@link CsvOptions#missing()} says so.
     *
     * @param table the CSV table
     * @param options the split, dtype and CSV columns
     * @return the loaded data
     */
    public static LoadedData csv(CsvSource table, DataOptions options) {
        return csv(table, options, null);
    }

    /** {@link #csv(CsvSource, DataOptions)} with the preprocessing {@code fitted} before, or fitted here when null. */
    private static LoadedData csv(CsvSource source, DataOptions options, TabularPreprocessing fitted) {
        CsvOptions columns = options.csv();
        TabularPreprocessing.Layout layout = fitted != null ? fitted.layout(source, true)
                : TabularPreprocessing.Layout.of(source, columns);
        MissingValues missing = fitted != null ? fitted.missing() : columns.missing();
        CsvScan scan = CsvScan.run(source, layout.plan(missing, fitted == null));
        int[] kept = scan.keptRows();
        if (kept.length == 0) {
            throw new DataFormatException(source.source(), 0, "every one of the " + scan.rows + " rows has a missing value");
        }
        boolean classes = fitted != null ? fitted.target() instanceof TargetEncoding.Classes
                : scan.targetIsClasses(columns.targetKind());
        int[] labels = new int[kept.length];
        int classCount = 1;
        if (classes && !scan.targetTooMany) {
            // stratified by the classes in sorted order, whatever order the encoding keeps them in
            List<String> names = CategoryOrder.SORTED.arrange(scan.targetTexts);
            java.util.Map<String, Integer> index = new java.util.HashMap<>();
            for (int i = 0; i < names.size(); i++) {
                index.put(names.get(i), i);
            }
            int[] label = new int[scan.targetTexts.size()];
            for (int code = 0; code < label.length; code++) {
                label[code] = index.get(scan.targetTexts.get(code));
            }
            for (int i = 0; i < kept.length; i++) {
                labels[i] = label[scan.targetCode[kept[i]]];
            }
            classCount = names.size();
        }
        Split.Rows rows = Split.rows(labels, classCount, options.testFraction(), options.seed());
        int[] train = rowsOf(rows.train(), kept);
        int[] test = rowsOf(rows.heldOut(), kept);
        TabularPreprocessing prep = fitted != null ? fitted : TabularPreprocessing.fit(scan, layout, train, columns);
        TabularPreprocessing.Encoded e = prep.encode(source, new int[][] {train, test}, options.dtype(), true,
                fitted == null && missing == MissingValues.MEAN);
        if (e.fitted() != null) {
            prep = e.fitted();
        }
        String name = Path.of(source.source()).getFileName().toString();
        return new LoadedData(name, new Dataset(name + " (train)", e.features()[0], e.targets()[0], prep.classNames()),
                new Dataset(name + " (test)", e.features()[1], e.targets()[1], prep.classNames()), prep);
    }

    private static int[] rowsOf(int[] positions, int[] kept) {
        int[] out = new int[positions.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = kept[positions[i]];
        }
        return out;
    }

    private static Dataset rename(Dataset d, String name) {
        return new Dataset(name, d.features(), d.targets(), d.classNames());
    }
}
