package dev.chainrule.cli.report;

import dev.chainrule.diagnostics.Diagnosis;
import dev.chainrule.diagnostics.Finding;
import dev.chainrule.diagnostics.LayerStatistics;
import dev.chainrule.io.AtomicFiles;
import dev.chainrule.metrics.ConfusionMatrix;
import dev.chainrule.train.EpochResult;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * Writes a {@link TrainingReport} as one self-contained HTML file: charts as inline SVG drawn
 * here, images as {@code data:} URIs, the style inline, no script and no reference to anything
 * outside the file, so it opens with no network connection and prints as it shows.
 */
public final class HtmlReport {
    /** Per-batch series are thinned to at most this many points (means of consecutive batches). */
    static final int MAX_BATCH_POINTS = 400;

    private HtmlReport() {
    }

    /** Writes the report to {@code file} atomically (a temporary file renamed over it). */
    public static void write(Path file, TrainingReport report) throws IOException {
        AtomicFiles.write(file, render(report).getBytes(StandardCharsets.UTF_8));
    }

    /** The report as an HTML document. */
    public static String render(TrainingReport r) {
        StringBuilder b = Html.page(r.title());
        b.append("<h1>").append(Html.esc(r.title())).append("</h1>\n");
        b.append("<p class=\"meta\">").append(Html.esc(r.command())).append("</p>\n");
        Map<String, String> sections = new LinkedHashMap<>();
        if (r.findings() != null) {
            sections.put("findings", "Findings");
        }
        sections.put("settings", "Settings");
        if (r.curves() != null) {
            sections.put("curves", "Curves");
        }
        if (r.results() != null) {
            sections.put("results", "Results");
        }
        if (r.failures() != null) {
            sections.put("failures", "Failures");
        }
        sections.put("timing", "Timing");
        if (!r.layers().isEmpty()) {
            sections.put("layers", "Layers");
        }
        b.append("<nav>");
        sections.forEach((id, name) -> b.append("<a href=\"#").append(id).append("\">").append(name).append("</a>"));
        b.append("</nav>\n");

        if (r.findings() != null) {
            findings(b, r);
        }
        settings(b, r);
        if (r.curves() != null) {
            curves(b, r.curves());
        }
        if (r.results() != null) {
            results(b, r.results());
        }
        if (r.failures() != null) {
            failures(b, r.failures());
        }
        b.append("<h2 id=\"timing\">Timing and throughput</h2>\n");
        Html.items(b, r.timing());
        if (r.curves() != null && !r.curves().epochs().isEmpty()) {
            epochTable(b, r.curves());
        }
        if (!r.layers().isEmpty()) {
            layers(b, r.layers());
        }
        for (String note : r.notes()) {
            b.append("<p class=\"note\">").append(Html.esc(note)).append("</p>\n");
        }
        return b.append(Html.end()).toString();
    }

    private static void findings(StringBuilder b, TrainingReport r) {
        b.append("<h2 id=\"findings\">Findings</h2>\n");
        if (r.findings().isEmpty()) {
            b.append("<p class=\"healthy\">Nothing looks wrong").append(r.layers().isEmpty() ? "" : ": every layer's"
                    + " update-to-weight ratio is within a decade of the healthy -3 (in log10), no ReLU layer has most of"
                    + " its units dead,"
                    + " no sigmoid or tanh layer is mostly saturated").append(r.curves() == null ? "" : ", and the training"
                    + " loss fell every epoch").append(".</p>\n");
            return;
        }
        for (Finding f : r.findings()) {
            b.append("<p class=\"finding\" data-kind=\"").append(f.kind().name().toLowerCase(Locale.ROOT)).append("\">")
                    .append(Html.esc(f.message())).append("</p>\n");
        }
    }

    private static void settings(StringBuilder b, TrainingReport r) {
        b.append("<h2 id=\"settings\">Settings</h2>\n");
        TrainingReport.Network n = r.network();
        b.append("<h3>Network ").append(Html.esc(n.sizes())).append(", loss ").append(Html.esc(n.loss()))
                .append("</h3>\n");
        List<List<String>> rows = new ArrayList<>();
        for (TrainingReport.LayerRow l : n.layers()) {
            rows.add(List.of(Integer.toString(l.index()), l.type(), l.outputShape(), l.parameterShapes(),
                    count(l.parameters())));
        }
        rows.add(List.of("total", "", "", "", count(n.parameters())));
        Html.table(b, "network", List.of("layer", "type", "output shape", "parameters", "count"), rows);
        if (!r.training().isEmpty()) {
            b.append("<h3>Training</h3>\n");
            Html.items(b, r.training());
        }
        b.append("<h3>Data</h3>\n");
        Html.items(b, r.data());
    }

    private static void curves(StringBuilder b, TrainingReport.Curves c) {
        b.append("<h2 id=\"curves\">Curves</h2>\n");
        List<EpochResult> epochs = c.epochs();
        double[] x = new double[epochs.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = epochs.get(i).epoch();
        }
        String val = c.validationName();
        LineChart loss = new LineChart("Loss per epoch", "epoch", "loss").integerX()
                .series("training (mean over the epoch's batches)", x, column(epochs, EpochResult::trainLoss));
        if (val != null) {
            loss.series(val + " (after the epoch)", x, column(epochs, EpochResult::validationLoss));
        }
        if (c.testLoss() != null) {
            loss.series("test (after the epoch)", x, c.testLoss());
        }
        Html.chart(b, "loss", loss.toSvg(), "The training loss is the mean of the batch losses of the epoch, each taken"
                + " before its batch's update; the others are measured after the epoch, dropout off.");
        double[] trainAccuracy = column(epochs, EpochResult::trainAccuracy);
        LineChart accuracy = new LineChart("Accuracy per epoch", "epoch", "accuracy").integerX()
                .series("training (on the batches as they were seen)", x, trainAccuracy);
        if (val != null) {
            accuracy.series(val, x, column(epochs, EpochResult::validationAccuracy));
        }
        if (c.testAccuracy() != null) {
            accuracy.series("test", x, c.testAccuracy());
        }
        if (accuracy.hasData()) {
            Html.chart(b, "accuracy", accuracy.toSvg(), null);
        }
        if (c.batchLoss().length > 0) {
            int every = Math.max(1, (c.batchLoss().length + MAX_BATCH_POINTS - 1) / MAX_BATCH_POINTS);
            double[][] thinned = thin(c.batchLoss(), every);
            LineChart batches = new LineChart("Loss per batch", "batch (counted over all epochs; "
                    + c.batchesPerEpoch() + " per epoch)", "loss").series(every == 1 ? "batch loss"
                    : "batch loss, mean of every " + every + " batches", thinned[0], thinned[1]);
            Html.chart(b, "batch-loss", batches.toSvg(), "Each batch's loss before its update"
                    + (every == 1 ? "." : "; the " + c.batchLoss().length + " batches are thinned to "
                    + thinned[0].length + " points, each the mean of " + every + " consecutive batches."));
            double[][] accuracies = thin(c.batchAccuracy(), every);
            LineChart batchAccuracy = new LineChart("Accuracy per batch", "batch (counted over all epochs)", "accuracy")
                    .series(every == 1 ? "batch accuracy" : "batch accuracy, mean of every " + every + " batches",
                            accuracies[0], accuracies[1]);
            if (batchAccuracy.hasData()) {
                Html.chart(b, "batch-accuracy", batchAccuracy.toSvg(), "The share of each batch's examples classified"
                        + " right by the weights before its update, thinned as above.");
            }
            double[][] rates = thin(c.batchRate(), every);
            LineChart lr = new LineChart("Learning rate", "batch (counted over all epochs)", "learning rate").fromZero()
                    .series("learning rate of the step", rates[0], rates[1]);
            Html.chart(b, "learning-rate", lr.toSvg(), "The rate the optimizer used for each step, as the schedule set it.");
        }
    }

    /** Means of consecutive groups of {@code every} values: x is the group's middle batch (1-based). */
    static double[][] thin(double[] values, int every) {
        int n = (values.length + every - 1) / every;
        double[] x = new double[n];
        double[] y = new double[n];
        for (int g = 0; g < n; g++) {
            int from = g * every;
            int to = Math.min(values.length, from + every);
            double sum = 0;
            for (int i = from; i < to; i++) {
                sum += values[i];
            }
            x[g] = (from + 1 + to) / 2.0;
            y[g] = sum / (to - from);
        }
        return new double[][] {x, y};
    }

    private static void results(StringBuilder b, TrainingReport.Results res) {
        b.append("<h2 id=\"results\">Results</h2>\n");
        ConfusionMatrix m = res.matrix();
        List<TrainingReport.Item> figures = new ArrayList<>();
        figures.add(new TrainingReport.Item("evaluated on", res.on()));
        if (m != null) {
            figures.add(new TrainingReport.Item("accuracy", String.format(Locale.ROOT, "%.4f (%d of %d)", m.accuracy(),
                    Math.round(m.accuracy() * m.total()), m.total())));
        }
        figures.add(new TrainingReport.Item("loss", String.format(Locale.ROOT, "%.6g", res.loss())));
        figures.addAll(res.extra());
        Html.items(b, figures);
        if (m == null) {
            return;
        }
        Html.chart(b, "confusion", ConfusionChart.toSvg(m, res.classNames(), "Confusion matrix"),
                "Rows are the true class, columns the predicted class; each cell holds a count, shaded by its share"
                        + " of the row (blue: right, red: wrong). Hover over a cell for its share.");
        List<List<String>> rows = new ArrayList<>();
        double sp = 0;
        double sr = 0;
        double sf = 0;
        for (int c = 0; c < m.classes(); c++) {
            rows.add(List.of(ConfusionChart.name(res.classNames(), c), f4(m.precision(c)), f4(m.recall(c)), f4(m.f1(c)),
                    Long.toString(m.support(c))));
            sp += zeroIfNaN(m.precision(c));
            sr += zeroIfNaN(m.recall(c));
            sf += zeroIfNaN(m.f1(c));
        }
        int k = m.classes();
        rows.add(List.of("macro average", f4(sp / k), f4(sr / k), f4(sf / k), Long.toString(m.total())));
        b.append("<h3>Per class</h3>\n");
        Html.table(b, "per-class", List.of("class", "precision", "recall", "F1", "support"), rows);
        b.append("<p>Precision: of the examples predicted as the class, the share that are; recall: of the class's"
                + " examples, the share found; F1: their harmonic mean. A class never predicted has no precision"
                + " (shown as -, counted as 0 in the average).</p>\n");
    }

    private static void failures(StringBuilder b, TrainingReport.Failures f) {
        b.append("<h2 id=\"failures\">Failures</h2>\n");
        b.append("<p>").append(f.wrong()).append(" of ").append(f.total()).append(" examples misclassified");
        if (f.shown().size() < f.wrong()) {
            b.append("; the first ").append(f.shown().size()).append(" are shown");
        }
        b.append(". Under each image: the predicted class (red) and the true class.</p>\n");
        b.append("<div class=\"failures\">\n");
        for (TrainingReport.Failure one : f.shown()) {
            String uri = "data:image/png;base64," + Base64.getEncoder().encodeToString(one.png());
            b.append("<figure><img src=\"").append(uri).append("\" alt=\"example ").append(one.row())
                    .append(": predicted ").append(Html.esc(one.predicted())).append(", true ")
                    .append(Html.esc(one.actual())).append("\"><figcaption><span class=\"pred\">")
                    .append(Html.esc(one.predicted())).append("</span><br>true ").append(Html.esc(one.actual()))
                    .append("</figcaption></figure>\n");
        }
        b.append("</div>\n");
    }

    private static void epochTable(StringBuilder b, TrainingReport.Curves c) {
        List<String> header = new ArrayList<>(List.of("epoch", "seconds", "examples/s", "learning rate", "train loss",
                "train accuracy"));
        String val = c.validationName();
        if (val != null) {
            header.add(val + " loss");
            header.add(val + " accuracy");
        }
        if (c.testLoss() != null) {
            header.add("test loss");
            header.add("test accuracy");
        }
        List<List<String>> rows = new ArrayList<>();
        for (int i = 0; i < c.epochs().size(); i++) {
            EpochResult e = c.epochs().get(i);
            List<String> row = new ArrayList<>(List.of(Integer.toString(e.epoch()), String.format(Locale.ROOT, "%.3f",
                    e.seconds()), count(examplesPerSecond(c, i)), String.format(Locale.ROOT, "%.4g", e.learningRate()),
                    f4(e.trainLoss()), f4(e.trainAccuracy())));
            if (i > 0 && e.trainLoss() > c.epochs().get(i - 1).trainLoss()) {
                row.set(4, "!" + row.get(4));
            }
            if (val != null) {
                row.add(f4(e.validationLoss()));
                row.add(f4(e.validationAccuracy()));
            }
            if (c.testLoss() != null) {
                row.add(f4(c.testLoss()[i]));
                row.add(c.testAccuracy() == null ? "-" : f4(c.testAccuracy()[i]));
            }
            rows.add(row);
        }
        b.append("<h3>Per epoch</h3>\n");
        Html.table(b, "epochs", header, rows);
        b.append("<p>Seconds are the epoch's training steps, this report's measurements at the watched steps"
                + " included, validation excluded. A shaded training loss rose from the epoch before.</p>\n");
    }

    private static double examplesPerSecond(TrainingReport.Curves c, int epochIndex) {
        double seconds = c.epochs().get(epochIndex).seconds();
        return seconds > 0 ? c.examplesPerEpoch() / seconds : Double.NaN;
    }

    private static void layers(StringBuilder b, List<LayerStatistics> stats) {
        b.append("<h2 id=\"layers\">Layers</h2>\n");
        b.append("<p>Per layer and per epoch, as a training dashboard shows them, measured on steps watched at even"
                + " intervals through each epoch. The <b>update-to-weight ratio</b> (log10 of mean |step| / mean"
                + " |weight| over the layer's parameters) says how fast its weights move: about -3 is healthy, above -2"
                + " the steps are too large, below -4 too small. The <b>outputs</b> (weighted sums for dense layers,"
                + " activations for the others, dropout on as in training) and the <b>weight gradients</b> (of each"
                + " watched batch's mean loss) pool the watched batches. A ReLU unit that never fires on any of their"
                + " examples is <b>dead</b>; a sigmoid output within 0.05 of 0 or 1 (tanh: of -1 or 1) is"
                + " <b>saturated</b>.</p>\n");
        int epochs = stats.get(stats.size() - 1).epoch();
        Map<Integer, String> names = new LinkedHashMap<>();
        for (LayerStatistics s : stats) {
            names.putIfAbsent(s.layer(), "layer " + s.layer() + " (" + s.type() + ")");
        }
        double[] x = new double[epochs];
        for (int e = 0; e < epochs; e++) {
            x[e] = e + 1;
        }
        LineChart ratio = new LineChart("Update-to-weight ratio", "epoch", "log10(|step| / |weight|)")
                .integerX().band(Diagnosis.RATIO_LOW, Diagnosis.RATIO_HIGH, "healthy: within a decade of -3");
        LineChart mean = new LineChart("Layer outputs: mean", "epoch", "mean of the outputs").integerX();
        LineChart spread = new LineChart("Layer outputs: spread", "epoch", "standard deviation of the outputs").integerX();
        LineChart gradients = new LineChart("Weight gradients: spread", "epoch", "standard deviation of dLoss/dw")
                .integerX().logY();
        LineChart health = new LineChart("Dead and saturated units", "epoch", "share of the layer (%)").integerX();
        int style = -1;
        for (Map.Entry<Integer, String> layer : names.entrySet()) {
            style++;
            double[] r = series(stats, layer.getKey(), epochs, LayerStatistics::updateRatioLog10);
            double[] gs = series(stats, layer.getKey(), epochs, LayerStatistics::gradientStd);
            if (anyFinite(r)) {
                ratio.series(layer.getValue(), x, r, style);
            }
            if (anyFinite(gs)) {
                gradients.series(layer.getValue(), x, gs, style);
            }
            mean.series(layer.getValue(), x, series(stats, layer.getKey(), epochs, LayerStatistics::outputMean), style);
            spread.series(layer.getValue(), x, series(stats, layer.getKey(), epochs, LayerStatistics::outputStd), style);
            double[] dead = series(stats, layer.getKey(), epochs, s -> 100 * s.inactiveFraction());
            double[] saturated = series(stats, layer.getKey(), epochs, s -> 100 * s.saturatedFraction());
            if (anyFinite(dead)) {
                health.series(layer.getValue() + ": units never active", x, dead, style);
            }
            if (anyFinite(saturated)) {
                health.series(layer.getValue() + ": outputs saturated", x, saturated, style);
            }
        }
        if (ratio.hasData()) {
            Html.chart(b, "update-ratio", ratio.toSvg(), "Shaded: the healthy band from -4 to -2.");
        }
        Html.chart(b, "output-mean", mean.toSvg(), null);
        Html.chart(b, "output-spread", spread.toSvg(), "A spread that collapses toward 0 or grows without bound from"
                + " layer to layer is a sign of poor initialization or learning rate.");
        if (gradients.hasData()) {
            Html.chart(b, "gradient-spread", gradients.toSvg(), "Logarithmic scale. Gradients that shrink by decades from"
                    + " the last layer to the first are vanishing: the first layers barely learn.");
        }
        if (health.hasData()) {
            Html.chart(b, "unit-health", health.toSvg(), "More than 50% is flagged in the findings.");
        }
        List<List<String>> last = new ArrayList<>();
        List<List<String>> all = new ArrayList<>();
        for (LayerStatistics s : stats) {
            List<String> row = layerRow(s);
            all.add(row);
            if (s.epoch() == epochs) {
                last.add(row.subList(1, row.size()));
            }
        }
        List<String> header = List.of("epoch", "layer", "type", "units", "update ratio (log10)", "output mean",
                "output std", "gradient mean", "gradient std", "never active", "saturated");
        b.append("<h3>After the last epoch (").append(epochs).append(")</h3>\n");
        Html.table(b, "layers-last", header.subList(1, header.size()), last);
        b.append("<details><summary>Every epoch</summary>\n");
        Html.table(b, "layers-all", header, all);
        b.append("</details>\n");
    }

    private static List<String> layerRow(LayerStatistics s) {
        String ratio = Double.isNaN(s.updateRatioLog10()) ? "-" : String.format(Locale.ROOT, "%.2f", s.updateRatioLog10());
        if (s.updateRatioLog10() > Diagnosis.RATIO_HIGH || s.updateRatioLog10() < Diagnosis.RATIO_LOW) {
            ratio = "!" + ratio;
        }
        String dead = Double.isNaN(s.inactiveFraction()) ? "-" : String.format(Locale.ROOT, "%.0f%%", 100 * s.inactiveFraction());
        if (s.inactiveFraction() > Diagnosis.MAX_INACTIVE) {
            dead = "!" + dead;
        }
        String saturated = Double.isNaN(s.saturatedFraction()) ? "-"
                : String.format(Locale.ROOT, "%.0f%%", 100 * s.saturatedFraction());
        if (s.saturatedFraction() > Diagnosis.MAX_SATURATED) {
            saturated = "!" + saturated;
        }
        return List.of(Integer.toString(s.epoch()), Integer.toString(s.layer()), s.type(), Integer.toString(s.units()),
                ratio, g4(s.outputMean()), g4(s.outputStd()), g4(s.gradientMean()), g4(s.gradientStd()), dead, saturated);
    }

    private static double[] series(List<LayerStatistics> stats, int layer, int epochs, ToDoubleFunction<LayerStatistics> f) {
        double[] y = new double[epochs];
        java.util.Arrays.fill(y, Double.NaN);
        for (LayerStatistics s : stats) {
            if (s.layer() == layer) {
                y[s.epoch() - 1] = f.applyAsDouble(s);
            }
        }
        return y;
    }

    private static boolean anyFinite(double[] v) {
        for (double d : v) {
            if (Double.isFinite(d)) {
                return true;
            }
        }
        return false;
    }

    private static double[] column(List<EpochResult> epochs, ToDoubleFunction<EpochResult> f) {
        double[] y = new double[epochs.size()];
        for (int i = 0; i < y.length; i++) {
            y[i] = f.applyAsDouble(epochs.get(i));
        }
        return y;
    }

    static String f4(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.4f", v);
    }

    static String g4(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.4g", v);
    }

    static String count(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%,d", Math.round(v));
    }

    private static double zeroIfNaN(double v) {
        return Double.isNaN(v) ? 0 : v;
    }
}
