package dev.chainrule.cli;

import dev.chainrule.data.CsvFile;
import dev.chainrule.data.CsvFormat;
import dev.chainrule.data.TabularPreprocessing;
import dev.chainrule.data.IdxReader;
import dev.chainrule.data.PixelScaling;
import dev.chainrule.data.Preprocessing;
import dev.chainrule.data.TabularPreprocessing;
import dev.chainrule.io.AtomicFiles;
import dev.chainrule.io.ModelFile;
import dev.chainrule.io.SavedModel;
import dev.chainrule.metrics.Accuracy;
import dev.chainrule.model.Sequential;
import dev.chainrule.tensor.DType;
import dev.chainrule.tensor.Tensor;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code chainrule predict}: a saved model applied to new rows, written as CSV. */
@Command(name = "predict", mixinStandardHelpOptions = true, showDefaultValues = true, sortOptions = false,
        description = {"Apply a saved model to new examples and write, per row, the predicted class and the"
            + " probability of every class as CSV (for a model of numbers: the predicted values).",
            "The input is a CSV file with the training columns (the target column may be there; it is ignored),"
                + " or for an image model an IDX image file or a CSV of raw pixel rows without a header."
                + " The saved preprocessing is applied, never fitted again."})
final class PredictCommand implements Callable<Integer> {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "MODEL", description = "a model file saved by train --out; required")
    Path modelFile;

    @Option(names = "--input", required = true, paramLabel = "FILE", description = "rows to predict: CSV, or IDX images; required")
    Path input;

    @Option(names = "--output", paramLabel = "CSV", description = "write the predictions here (atomically) instead of to standard output")
    Path output;

    @Mixin
    ThreadsOption threads;

    @Mixin
    CsvFormatArgs format = new CsvFormatArgs();

    @Mixin
    VerboseOption verbose;

    @Override
    public Integer call() throws Exception {
        threads.check();
        SavedModel saved = ModelFile.load(modelFile);
        Sequential model = saved.model();
        Preprocessing pre = saved.preprocessing();
        boolean float64 = model.dtype() == DType.FLOAT64;
        Tensor x = features(pre, model);
        if (x.cols() != model.inputs()) {
            throw new IllegalArgumentException(input + ": " + x.cols() + " features per row, but the model takes "
                    + model.inputs());
        }
        Tensor p = model.predict(x);
        if (classes(saved).isEmpty() && pre instanceof TabularPreprocessing tabular) {
            p = tabular.targetValues(p); // a standardized target back in its own units
        }
        StringBuilder csv = new StringBuilder();
        List<String> classes = saved.classNames();
        boolean classification = !classes.isEmpty();
        csv.append("row");
        if (classification) {
            csv.append(",predicted");
            for (String c : classes) {
                csv.append(",p_").append(csvField(c));
            }
        } else {
            for (int c = 0; c < p.cols(); c++) {
                csv.append(",prediction").append(p.cols() == 1 ? "" : "_" + (c + 1));
            }
        }
        csv.append('\n');
        for (int r = 0; r < p.rows(); r++) {
            csv.append(r + 1);
            if (classification) {
                int k = Accuracy.predictedClass(p, r, 0.5);
                csv.append(',').append(csvField(k < classes.size() ? classes.get(k) : Integer.toString(k)));
                if (p.cols() == 1 && classes.size() == 2) {
                    double one = p.get(r, 0);
                    csv.append(',').append(number(float64, 1 - one)).append(',').append(number(float64, one));
                } else {
                    for (int c = 0; c < p.cols(); c++) {
                        csv.append(',').append(number(float64, p.get(r, c)));
                    }
                }
            } else {
                for (int c = 0; c < p.cols(); c++) {
                    csv.append(',').append(number(float64, p.get(r, c)));
                }
            }
            csv.append('\n');
        }
        if (output != null) {
            AtomicFiles.write(output, csv.toString().getBytes(StandardCharsets.UTF_8));
            spec.commandLine().getErr().printf(Locale.ROOT, "wrote %s to %s%n", Numbers.plural(p.rows(), "prediction"), output);
        } else {
            PrintWriter out = spec.commandLine().getOut();
            out.print(csv);
            out.flush();
        }
        return 0;
    }

    private Tensor features(Preprocessing pre, Sequential model) {
        String name = input.getFileName().toString().toLowerCase(Locale.ROOT).replaceFirst("\\.gz$", "");
        boolean csv = name.endsWith(".csv") || name.endsWith(".txt") || name.endsWith(".tsv");
        if (pre instanceof PixelScaling pixels) {
            if (csv) {
                CsvFile file = format.given() ? CsvFile.open(input, format.apply(CsvFormat.headerless()))
                        : CsvFile.openSniffingHeader(input, ',');
                return pixels.features(file, model.dtype());
            }
            return IdxReader.readImages(input, pixels, model.dtype());
        }
        if (pre instanceof TabularPreprocessing tabular) {
            return tabular.features(CsvFile.open(input, format.apply(tabular.format())), model.dtype());
        }
        return CsvFile.open(input, format.apply(CsvFormat.headerless())).numbers(model.dtype());
    }

    /** The shortest text that reads back as the value the model computed (float32 or float64). */
    private static String number(boolean float64, double v) {
        return Numbers.shortest(v, float64);
    }

    private static List<String> classes(SavedModel saved) {
        return saved.classNames();
    }

    private static String csvField(String s) {
        if (s.contains(",") || s.contains("\"") || s.contains("\n")) {
            return "\"" + s.replace("\"", "\"\"") + "\"";
        }
        return s;
    }
}
