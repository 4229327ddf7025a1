package dev.chainrule.cli;

import dev.chainrule.data.CsvTable;
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
            spec.commandLine().getErr().printf(Locale.ROOT, "wrote %d predictions to %s%n", p.rows(), output);
        } else {
            PrintWriter out = spec.commandLine().getOut();
            out.print(csv);
            out.flush();
        }
        return 0;
    }

    private Tensor features(Preprocessing pre, Sequential model) {
        String name = input.getFileName().toString().toLowerCase(Locale.ROOT);
        boolean csv = name.endsWith(".csv") || name.endsWith(".txt");
        if (pre instanceof PixelScaling pixels) {
            if (csv) {
                return pixels.features(CsvTable.readHeaderless(input), model.dtype());
            }
            IdxReader.IdxArray images = IdxReader.read(input, 3);
            int n = images.dims()[0];
            int h = images.dims()[1];
            int w = images.dims()[2];
            if (h != pixels.height() || w != pixels.width()) {
                throw new IllegalArgumentException(input + ": images of " + h + "x" + w + " pixels, but the model was trained"
                        + " on " + pixels.height() + "x" + pixels.width());
            }
            Tensor x = Tensor.zeros(model.dtype(), n, h * w);
            byte[] data = images.data();
            for (int i = 0; i < x.size(); i++) {
                x.setFlat(i, (data[i] & 0xff) / pixels.maxValue());
            }
            return x;
        }
        if (!csv) {
            throw new IllegalArgumentException(input + ": expected a CSV file (.csv) with the training columns");
        }
        if (pre != null) {
            return pre.features(CsvTable.read(input), model.dtype());
        }
        CsvTable table = CsvTable.readHeaderless(input);
        Tensor x = Tensor.zeros(model.dtype(), table.size(), table.header().size());
        for (int r = 0; r < table.size(); r++) {
            for (int c = 0; c < table.header().size(); c++) {
                String field = table.field(r, c).trim();
                try {
                    x.set(r, c, Double.parseDouble(field));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(input + ": line " + table.line(r) + ", column " + (c + 1) + ": '"
                            + field + "' is not a number");
                }
            }
        }
        return x;
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
