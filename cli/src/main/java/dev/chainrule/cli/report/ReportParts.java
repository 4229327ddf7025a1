package dev.chainrule.cli.report;

import dev.chainrule.data.ColumnEncoding;
import dev.chainrule.data.Dataset;
import dev.chainrule.data.PixelScaling;
import dev.chainrule.data.Preprocessing;
import dev.chainrule.data.TabularPreprocessing;
import dev.chainrule.io.NetworkSpec;
import dev.chainrule.layer.Dropout;
import dev.chainrule.layer.Layer;
import dev.chainrule.layer.LeakyReLU;
import dev.chainrule.layer.Parameter;
import dev.chainrule.metrics.Accuracy;
import dev.chainrule.metrics.ConfusionMatrix;
import dev.chainrule.metrics.RegressionMetrics;
import dev.chainrule.model.Sequential;
import dev.chainrule.tensor.Tensor;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Builds the parts of a {@link TrainingReport} that come from a model and data. */
public final class ReportParts {
    /** At most this many failures are shown, as seed 001 shows them (6 rows of 10). */
    public static final int MAX_FAILURES = 60;

    private ReportParts() {
    }

    /** The network table: every layer's type, output shape per example ({@code [4, 8, 8]}), parameter shapes and count. */
    public static TrainingReport.Network network(Sequential model) {
        List<TrainingReport.LayerRow> rows = new ArrayList<>();
        List<Layer> layers = model.layers();
        for (int i = 0; i < layers.size(); i++) {
            Layer layer = layers.get(i);
            List<String> shapes = new ArrayList<>();
            long count = 0;
            for (Parameter p : layer.parameters()) {
                String name = p.name().contains(".") ? p.name().substring(p.name().lastIndexOf('.') + 1) : p.name();
                shapes.add(name + " " + p.value().shape());
                count += p.size();
            }
            String type = layer instanceof Dropout d ? "dropout " + d.rate() : layer instanceof LeakyReLU l
                    && layer.type().equals("leaky_relu") ? "leaky_relu (slope " + l.slope() + ")" : layer.type();
            rows.add(new TrainingReport.LayerRow(i + 1, type, model.outputShape(i).toString(), String.join(", ", shapes),
                    count));
        }
        return new TrainingReport.Network(NetworkSpec.of(model, false).sizes(), rows,
                model.loss() == null ? "none" : model.loss().name(), model.parameterCount());
    }

    /**
     * The results on held-out examples: loss, and for classes the confusion matrix, or for
     * numbers the regression metrics.
     *
     * @param probabilities the model's predictions for {@code data} ({@link Sequential#predict})
     * @param regression    for numeric targets, the errors in the targets' own units; null for classes
     */
    public static TrainingReport.Results results(String on, Sequential model, Dataset data, Tensor probabilities,
                                                 List<String> classNames, RegressionMetrics regression) {
        double loss = model.evaluateLoss(data.features(), data.targets());
        if (!classNames.isEmpty()) {
            return new TrainingReport.Results(on, loss, ConfusionMatrix.of(probabilities, data.targets()), classNames,
                    List.of());
        }
        RegressionMetrics m = regression != null ? regression : RegressionMetrics.of(probabilities, data.targets());
        return new TrainingReport.Results(on, loss, null, classNames, List.of(
                new TrainingReport.Item("mean absolute error", String.format(Locale.ROOT, "%.6g", m.meanAbsoluteError())),
                new TrainingReport.Item("root mean squared error",
                        String.format(Locale.ROOT, "%.6g", m.rootMeanSquaredError())),
                new TrainingReport.Item("R\u00b2", String.format(Locale.ROOT, "%.4f", m.rSquared()))));
    }

    /** The preprocessing in a phrase: how pixels are scaled, or how each CSV column is encoded. */
    public static String describe(Preprocessing preprocessing) {
        if (preprocessing == null) {
            return "none";
        }
        if (preprocessing instanceof PixelScaling p) {
            return String.format(Locale.ROOT, "pixels divided by %s, to [0, 1]", Ticks.label(p.maxValue()));
        }
        TabularPreprocessing t = (TabularPreprocessing) preprocessing;
        List<String> parts = new ArrayList<>();
        for (ColumnEncoding c : t.columns()) {
            if (c instanceof ColumnEncoding.Standardized s) {
                parts.add(String.format(Locale.ROOT, "%s standardized (mean %.4g, std %.4g, from the training part)",
                        c.column(), s.mean(), s.std()));
            } else if (c instanceof ColumnEncoding.OneHot o) {
                parts.add(c.column() + " one-hot (" + String.join(", ", o.categories()) + ")");
            } else {
                parts.add(c.column() + " as is");
            }
        }
        return String.join("; ", parts);
    }

    /**
     * The misclassified examples of {@code data} as images of {@code height x width} pixels (the
     * first {@value #MAX_FAILURES} in data order), each grey-scaled from its own minimum to maximum.
     */
    public static TrainingReport.Failures failures(Dataset data, Tensor probabilities, List<String> classNames,
                                                   int height, int width) {
        List<TrainingReport.Failure> shown = new ArrayList<>();
        int wrong = 0;
        for (int r = 0; r < data.size(); r++) {
            int predicted = Accuracy.predictedClass(probabilities, r, 0.5);
            int actual = Accuracy.trueClass(data.targets(), r);
            if (predicted == actual) {
                continue;
            }
            wrong++;
            if (shown.size() < MAX_FAILURES) {
                shown.add(new TrainingReport.Failure(png(data.features(), r, height, width), r,
                        ConfusionChart.name(classNames, predicted), ConfusionChart.name(classNames, actual)));
            }
        }
        return new TrainingReport.Failures(shown, wrong, data.size());
    }

    /** Row {@code r} of {@code features} as a grey PNG, white for the row's largest value. */
    static byte[] png(Tensor features, int r, int height, int width) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (int p = 0; p < height * width; p++) {
            double v = features.get(r, p);
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        double range = max > min ? max - min : 1;
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                double v = (features.get(r, y * width + x) - min) / range;
                int grey = (int) Math.round(255 * Math.max(0, Math.min(1, v)));
                image.getRaster().setSample(x, y, 0, grey);
            }
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, "png", bytes)) {
                throw new IOException("no PNG writer in this Java runtime");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
