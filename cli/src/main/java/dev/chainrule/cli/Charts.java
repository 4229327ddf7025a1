package dev.chainrule.cli;

import dev.chainrule.data.Dataset;
import dev.chainrule.io.AtomicFiles;
import dev.chainrule.metrics.Accuracy;
import dev.chainrule.metrics.ConfusionMatrix;
import dev.chainrule.tensor.Tensor;
import dev.chainrule.train.EpochResult;
import dev.chainrule.train.History;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
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

    static {
        System.setProperty("java.awt.headless", "true");
    }

    private Charts() {
    }

    /** Loss per epoch (left) and accuracy per epoch (right), training and held-out, in one picture. */
    static void history(Path file, History history, String title) throws IOException {
        List<Double> epochs = new ArrayList<>();
        List<Double> trainLoss = new ArrayList<>();
        List<Double> testLoss = new ArrayList<>();
        List<Double> trainAcc = new ArrayList<>();
        List<Double> testAcc = new ArrayList<>();
        for (EpochResult e : history.epochs()) {
            epochs.add((double) e.epoch());
            trainLoss.add(e.trainLoss());
            testLoss.add(e.validationLoss());
            trainAcc.add(e.trainAccuracy());
            testAcc.add(e.validationAccuracy());
        }
        XYChart loss = lineChart("Loss per epoch", "loss", Styler.LegendPosition.InsideNE);
        addSeries(loss, "training loss (mean over the epoch's batches)", epochs, trainLoss, TRAIN);
        addSeries(loss, "held-out loss (after the epoch)", epochs, testLoss, HELD_OUT);
        XYChart acc = lineChart("Accuracy per epoch", "accuracy", Styler.LegendPosition.InsideSE);
        addSeries(acc, "training accuracy", epochs, trainAcc, TRAIN);
        addSeries(acc, "held-out accuracy", epochs, testAcc, HELD_OUT);
        int w = 640;
        int h = 440;
        int top = 40;
        BufferedImage image = new BufferedImage(2 * w, h + top, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = canvas(image);
        title(g, title, 2 * w, 26);
        if (acc.getSeriesMap().isEmpty()) {
            g.drawImage(BitmapEncoder.getBufferedImage(loss), w / 2, top, null);
        } else {
            g.drawImage(BitmapEncoder.getBufferedImage(loss), 0, top, null);
            g.drawImage(BitmapEncoder.getBufferedImage(acc), w, top, null);
        }
        g.dispose();
        write(image, file);
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

    /** The confusion matrix as a heat map with the count in every cell; rows true class, columns predicted. */
    static void confusion(Path file, ConfusionMatrix matrix, List<String> classNames, String title) throws IOException {
        int k = matrix.classes();
        List<String> names = new ArrayList<>();
        for (int c = 0; c < k; c++) {
            names.add(name(classNames, c));
        }
        int longest = 1;
        for (String n : names) {
            longest = Math.max(longest, n.length());
        }
        int cell = Math.max(48, Math.min(110, 8 * longest + 14));
        int size = Math.max(520, Math.min(1800, cell * k + 220));
        HeatMapChart chart = new HeatMapChartBuilder().width(size + 120).height(Math.max(520, Math.min(1400, 60 * k + 220))).title(title)
                .xAxisTitle("predicted class").yAxisTitle("true class").build();
        chart.getStyler().setShowValue(true);
        chart.getStyler().setHeatMapValueDecimalPattern("#");
        chart.getStyler().setValueFont(new Font(Font.SANS_SERIF, Font.BOLD, k > 20 ? 9 : 13));
        chart.getStyler().setValueFontColor(Color.BLACK);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setRangeColors(new Color[] {new Color(247, 251, 255), new Color(158, 202, 225),
            new Color(33, 113, 181)});
        chart.getStyler().setMin(0);
        chart.getStyler().setLegendVisible(true);
        chart.getStyler().setAntiAlias(true);
        List<Number[]> cells = new ArrayList<>();
        long max = 1;
        for (int t = 0; t < k; t++) {
            for (int p = 0; p < k; p++) {
                // y index 0 is drawn at the bottom: put true class 0 on top, as a table reads
                cells.add(new Number[] {p, k - 1 - t, matrix.count(t, p)});
                max = Math.max(max, matrix.count(t, p));
            }
        }
        chart.getStyler().setMax(max);
        List<String> yNames = new ArrayList<>(names);
        java.util.Collections.reverse(yNames);
        chart.addSeries("count", names, yNames, cells);
        BufferedImage image = BitmapEncoder.getBufferedImage(chart);
        write(image, file);
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
