package dev.chainrule.cli;

import dev.chainrule.data.Dataset;
import dev.chainrule.io.AtomicFiles;
import dev.chainrule.metrics.Accuracy;
import dev.chainrule.metrics.ConfusionMatrix;
import dev.chainrule.metrics.RegressionMetrics;
import dev.chainrule.tensor.Tensor;
import dev.chainrule.train.EpochResult;
import dev.chainrule.train.History;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The pictures of a training run, as PNG files: the loss and accuracy curves (the seed's
 * {@code plot_error}), the misclassified test images (the seed's {@code show_failures}) and the
 * confusion matrix as a heat map. Charts are drawn by XChart; the image grid by Java2D.
 */
final class Charts {
    /** At most this many failures are shown, as the seed does (6 rows of 10). */
    static final int MAX_FAILURES = 60;
    private static final Color TRAIN = new Color(31, 119, 180);
    private static final Color HELD_OUT = new Color(255, 127, 14);
    private static final Color MAE = new Color(44, 160, 44);
    private static final Color BEST = new Color(120, 120, 120);

    static {
        System.setProperty("java.awt.headless", "true");
    }

    private Charts() {
    }

    /**
     * Loss per epoch on a log scale (left) and, beside it, accuracy per epoch for classes or the
     * held-out MAE and RMSE for numbers, training and held-out; a panel without data is left out
     * (one panel then fills the picture). When early stopping chose an epoch, a dashed line marks it.
     *
     * @param metrics      regression figures per epoch (empty for classes)
     * @param heldOutLabel {@code val} or {@code test}: what the held-out curves measure
     */
    static void history(Path file, History history, EpochMetrics metrics, String heldOutLabel, String title)
            throws IOException {
        List<Double> epochs = new ArrayList<>();
        List<Double> trainLoss = new ArrayList<>();
        List<Double> testLoss = new ArrayList<>();
        List<Double> trainAcc = new ArrayList<>();
        List<Double> testAcc = new ArrayList<>();
        List<Double> mae = new ArrayList<>();
        List<Double> rmse = new ArrayList<>();
        for (EpochResult e : history.epochs()) {
            epochs.add((double) e.epoch());
            trainLoss.add(e.trainLoss());
            testLoss.add(e.validationLoss());
            trainAcc.add(e.trainAccuracy());
            testAcc.add(e.validationAccuracy());
            RegressionMetrics m = metrics == null ? null : metrics.epoch(e.epoch());
            mae.add(m == null ? Double.NaN : m.meanAbsoluteError());
            rmse.add(m == null ? Double.NaN : m.rootMeanSquaredError());
        }
        String partName = heldOutLabel.equals("val") ? "validation" : "test";
        boolean positive = trainLoss.stream().allMatch(v -> Double.isNaN(v) || v > 0)
                && testLoss.stream().allMatch(v -> Double.isNaN(v) || v > 0);
        XYChart loss = lineChart(positive ? "Loss per epoch (log scale)" : "Loss per epoch", "loss",
                Styler.LegendPosition.InsideNE);
        loss.getStyler().setYAxisLogarithmic(positive);
        addSeries(loss, "training loss (mean over the epoch's batches)", epochs, trainLoss, TRAIN);
        addSeries(loss, partName + " loss (after the epoch)", epochs, testLoss, HELD_OUT);
        XYChart right;
        if (metrics != null && metrics.regression()) {
            right = lineChart(partName + " error per epoch (target units)", "error", Styler.LegendPosition.InsideNE);
            addSeries(right, partName + " RMSE", epochs, rmse, HELD_OUT);
            addSeries(right, partName + " MAE", epochs, mae, MAE);
        } else {
            right = lineChart("Accuracy per epoch", "accuracy", Styler.LegendPosition.InsideSE);
            addSeries(right, "training accuracy", epochs, trainAcc, TRAIN);
            addSeries(right, partName + " accuracy", epochs, testAcc, HELD_OUT);
        }
        if (history.bestEpoch() > 0) {
            markEpoch(loss, history.bestEpoch(), "best epoch " + history.bestEpoch() + " (its weights are kept)");
            markEpoch(right, history.bestEpoch(), "best epoch " + history.bestEpoch());
        }
        List<XYChart> panels = new ArrayList<>();
        panels.add(loss);
        if (!right.getSeriesMap().isEmpty()) {
            panels.add(right);
        }
        int w = 640;
        int h = 440;
        int top = 40;
        BufferedImage image = new BufferedImage(panels.size() * w, h + top, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = canvas(image);
        title(g, title, image.getWidth(), 26);
        for (int i = 0; i < panels.size(); i++) {
            g.drawImage(BitmapEncoder.getBufferedImage(panels.get(i)), i * w, top, null);
        }
        g.dispose();
        write(image, file);
    }

    /** A dashed vertical line at {@code epoch} across the chart's data, in the legend as {@code label}. */
    private static void markEpoch(XYChart chart, int epoch, String label) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (XYSeries s : chart.getSeriesMap().values()) {
            for (double v : s.getYData()) {
                if (!Double.isNaN(v)) {
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
            }
        }
        if (min > max) {
            return;
        }
        XYSeries series = chart.addSeries(label, new double[] {epoch, epoch}, new double[] {min, max});
        series.setLineColor(BEST);
        series.setMarker(SeriesMarkers.NONE);
        series.setLineStyle(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                new float[] {6f, 4f}, 0f));
    }

    private static XYChart lineChart(String title, String yLabel, Styler.LegendPosition legend) {
        XYChart chart = new XYChartBuilder().width(640).height(440).title(title).xAxisTitle("epoch").yAxisTitle(yLabel).build();
        Styler s = chart.getStyler();
        s.setLegendPosition(legend);
        s.setChartBackgroundColor(Color.WHITE);
        s.setPlotBackgroundColor(Color.WHITE);
        s.setLegendBorderColor(Color.LIGHT_GRAY);
        chart.getStyler().setPlotGridLinesColor(new Color(225, 225, 225));
        chart.getStyler().setXAxisDecimalPattern("#");
        chart.getStyler().setAntiAlias(true);
        return chart;
    }

    private static void addSeries(XYChart chart, String name, List<Double> x, List<Double> y, Color color) {
        List<Double> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        for (int i = 0; i < x.size(); i++) {
            if (!Double.isNaN(y.get(i))) {
                xs.add(x.get(i));
                ys.add(y.get(i));
            }
        }
        if (xs.isEmpty()) {
            return;
        }
        XYSeries series = chart.addSeries(name, xs, ys);
        series.setLineColor(color);
        series.setMarkerColor(color);
        series.setMarker(xs.size() <= 40 ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
        series.setLineStyle(new BasicStroke(2f));
    }

    /**
     * Up to {@value #MAX_FAILURES} misclassified images, 10 per row, each captioned with the
     * predicted and the true class.
     *
     * @param probabilities the model's predictions for {@code data}
     * @return the number of misclassified examples
     */
    static int failures(Path file, Dataset data, Tensor probabilities, List<String> classNames, int height, int width,
                        String title) throws IOException {
        List<int[]> failures = new ArrayList<>();
        for (int r = 0; r < data.size(); r++) {
            int predicted = Accuracy.predictedClass(probabilities, r, 0.5);
            int actual = Accuracy.trueClass(data.targets(), r);
            if (predicted != actual) {
                failures.add(new int[] {r, predicted, actual});
            }
        }
        int shown = Math.min(MAX_FAILURES, failures.size());
        int columns = 10;
        int rows = Math.max(1, (shown + columns - 1) / columns);
        int scale = Math.max(1, 84 / Math.max(height, width));
        Font caption = new Font(Font.SANS_SERIF, Font.BOLD, 12);
        BufferedImage probe = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        FontMetrics fm = probe.createGraphics().getFontMetrics(caption);
        int textWidth = 0;
        for (int i = 0; i < shown; i++) {
            int[] f = failures.get(i);
            textWidth = Math.max(textWidth, fm.stringWidth("pred " + name(classNames, f[1])));
            textWidth = Math.max(textWidth, fm.stringWidth("true " + name(classNames, f[2])));
        }
        int cellW = Math.max(width * scale, textWidth) + 14;
        int cellH = height * scale + 2 * fm.getHeight() + 12;
        int top = 56;
        BufferedImage image = new BufferedImage(Math.max(640, columns * cellW + 16), top + rows * cellH + 8,
                BufferedImage.TYPE_INT_RGB);
        Graphics2D g = canvas(image);
        title(g, title, image.getWidth(), 24);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        g.setColor(Color.DARK_GRAY);
        String sub = failures.isEmpty() ? "no misclassified examples"
                : String.format(Locale.ROOT, "%d of %d misclassified%s; under each image the predicted (red) and the"
                + " true class", failures.size(), data.size(), shown < failures.size() ? ", the first " + shown + " shown" : "");
        centered(g, sub, image.getWidth(), 46);
        for (int i = 0; i < shown; i++) {
            int[] f = failures.get(i);
            int cellX = 8 + (i % columns) * cellW;
            int x0 = cellX + (cellW - width * scale) / 2;
            int y0 = top + (i / columns) * cellH + 4;
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            for (int p = 0; p < height * width; p++) {
                double v = data.features().get(f[0], p);
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
            double range = max > min ? max - min : 1;
            for (int py = 0; py < height; py++) {
                for (int px = 0; px < width; px++) {
                    double v = (data.features().get(f[0], py * width + px) - min) / range;
                    int gray = (int) Math.round(255 * Math.max(0, Math.min(1, v)));
                    g.setColor(new Color(gray, gray, gray));
                    g.fillRect(x0 + px * scale, y0 + py * scale, scale, scale);
                }
            }
            g.setFont(caption);
            String predicted = "pred " + name(classNames, f[1]);
            String actual = "true " + name(classNames, f[2]);
            int line1 = y0 + height * scale + fm.getAscent() + 3;
            g.setColor(new Color(200, 30, 30));
            g.drawString(predicted, cellX + (cellW - fm.stringWidth(predicted)) / 2, line1);
            g.setColor(Color.BLACK);
            g.drawString(actual, cellX + (cellW - fm.stringWidth(actual)) / 2, line1 + fm.getHeight());
        }
        g.dispose();
        write(image, file);
        return failures.size();
    }

    /**
     * The confusion matrix as a heat map of square cells, rows the true class and columns the
     * predicted one, each cell's count written in it (white on the dark cells, black on the light
     * ones), with a colour bar whose ticks are whole counts.
     */
    static void confusion(Path file, ConfusionMatrix matrix, List<String> classNames, String title) throws IOException {
        int k = matrix.classes();
        long max = 1;
        for (int t = 0; t < k; t++) {
            for (int p = 0; p < k; p++) {
                max = Math.max(max, matrix.count(t, p));
            }
        }
        Font labelFont = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
        Font valueFont = new Font(Font.SANS_SERIF, Font.BOLD, k > 20 ? 9 : 13);
        Font titleFont = new Font(Font.SANS_SERIF, Font.BOLD, 17);
        FontMetrics lm = metrics(labelFont);
        FontMetrics vm = metrics(valueFont);
        int longestName = 0;
        for (int c = 0; c < k; c++) {
            longestName = Math.max(longestName, lm.stringWidth(name(classNames, c)));
        }
        int cell = Math.max(Math.max(36, vm.stringWidth(Long.toString(max)) + 10), Math.min(64, 640 / Math.max(1, k)));
        int grid = cell * k;
        int left = 40 + longestName + 12;
        int top = 70;
        int barGap = 30;
        int barWidth = 22;
        int tickWidth = lm.stringWidth(Long.toString(max)) + 12;
        int width = Math.max(left + grid + barGap + barWidth + tickWidth + 20, metrics(titleFont).stringWidth(title) + 40);
        int bottom = top + grid + 30 + longestName + 30;
        BufferedImage image = new BufferedImage(width, bottom, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = canvas(image);
        title(g, title, width, 28);
        for (int t = 0; t < k; t++) {
            for (int p = 0; p < k; p++) {
                long count = matrix.count(t, p);
                Color fill = heat((double) count / max);
                int x = left + p * cell;
                int y = top + t * cell;
                g.setColor(fill);
                g.fillRect(x, y, cell, cell);
                g.setColor(Color.WHITE);
                g.drawRect(x, y, cell, cell);
                g.setFont(valueFont);
                g.setColor(luminance(fill) < 0.5 ? Color.WHITE : Color.BLACK);
                String text = Long.toString(count);
                g.drawString(text, x + (cell - vm.stringWidth(text)) / 2, y + (cell + vm.getAscent() - vm.getDescent()) / 2);
            }
        }
        g.setFont(labelFont);
        g.setColor(Color.BLACK);
        for (int c = 0; c < k; c++) {
            String n = name(classNames, c);
            g.drawString(n, left - 8 - lm.stringWidth(n), top + c * cell + (cell + lm.getAscent() - lm.getDescent()) / 2);
            Graphics2D rotated = (Graphics2D) g.create();
            rotated.translate(left + c * cell + (cell + lm.getAscent() - lm.getDescent()) / 2, top + grid + 8);
            rotated.rotate(Math.PI / 2);
            rotated.drawString(n, 0, 0);
            rotated.dispose();
        }
        centeredAt(g, "predicted class", left + grid / 2, top + grid + 8 + longestName + 24);
        Graphics2D axis = (Graphics2D) g.create();
        axis.translate(22, top + grid / 2);
        axis.rotate(-Math.PI / 2);
        centeredAt(axis, "true class", 0, 0);
        axis.dispose();
        int barX = left + grid + barGap;
        for (int y = 0; y < grid; y++) {
            g.setColor(heat(1 - (double) y / Math.max(1, grid - 1)));
            g.drawLine(barX, top + y, barX + barWidth, top + y);
        }
        g.setColor(Color.GRAY);
        g.drawRect(barX, top, barWidth, grid);
        g.setColor(Color.BLACK);
        for (long tick : ticks(max)) {
            int y = top + (int) Math.round((1 - (double) tick / max) * (grid - 1));
            g.drawLine(barX + barWidth, y, barX + barWidth + 4, y);
            g.drawString(Long.toString(tick), barX + barWidth + 7, y + (lm.getAscent() - lm.getDescent()) / 2);
        }
        g.dispose();
        write(image, file);
    }

    /** Whole-number ticks from 0 to {@code max}: at most about six, at a step of 1, 2 or 5 times a power of ten. */
    static List<Long> ticks(long max) {
        long step = 1;
        while (max / step > 5) {
            long s = step;
            step = s * 2;
            if (max / step > 5) {
                step = s * 5;
            }
            if (max / step > 5) {
                step = s * 10;
            }
        }
        List<Long> ticks = new ArrayList<>();
        for (long v = 0; v <= max; v += step) {
            ticks.add(v);
        }
        if (ticks.get(ticks.size() - 1) != max && max - ticks.get(ticks.size() - 1) > step / 2) {
            ticks.add(max);
        }
        return ticks;
    }

    /** White at 0 through light blue to dark blue at 1. */
    private static Color heat(double v) {
        double[][] stops = {{247, 251, 255}, {158, 202, 225}, {33, 113, 181}, {8, 48, 107}};
        double x = Math.max(0, Math.min(1, v)) * (stops.length - 1);
        int i = Math.min(stops.length - 2, (int) x);
        double f = x - i;
        return new Color((int) Math.round(stops[i][0] + f * (stops[i + 1][0] - stops[i][0])),
                (int) Math.round(stops[i][1] + f * (stops[i + 1][1] - stops[i][1])),
                (int) Math.round(stops[i][2] + f * (stops[i + 1][2] - stops[i][2])));
    }

    /** Relative luminance in [0, 1] (Rec. 709 weights on the sRGB values). */
    static double luminance(Color c) {
        return (0.2126 * c.getRed() + 0.7152 * c.getGreen() + 0.0722 * c.getBlue()) / 255;
    }

    private static FontMetrics metrics(Font font) {
        BufferedImage probe = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = probe.createGraphics();
        FontMetrics fm = g.getFontMetrics(font);
        g.dispose();
        return fm;
    }

    private static void centeredAt(Graphics2D g, String text, int x, int baseline) {
        g.drawString(text, x - g.getFontMetrics().stringWidth(text) / 2, baseline);
    }

    private static String name(List<String> classNames, int c) {
        return c < classNames.size() ? classNames.get(c) : Integer.toString(c);
    }

    private static Graphics2D canvas(BufferedImage image) {
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        return g;
    }

    private static void title(Graphics2D g, String text, int width, int baseline) {
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 17));
        centered(g, text, width, baseline);
    }

    private static void centered(Graphics2D g, String text, int width, int baseline) {
        FontMetrics fm = g.getFontMetrics();
        g.drawString(text, Math.max(4, (width - fm.stringWidth(text)) / 2), baseline);
    }

    /** Encodes the image as PNG and writes it atomically. */
    private static void write(BufferedImage image, Path file) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        if (!ImageIO.write(image, "png", bytes)) {
            throw new IOException("no PNG writer in this Java runtime");
        }
        AtomicFiles.write(file, bytes.toByteArray());
    }
}
