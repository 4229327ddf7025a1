package dev.chainrule.cli.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A line chart drawn as SVG: one or more series over a shared x axis, linear or logarithmic y,
 * an optional shaded band, and a legend under the plot. Series differ in colour and in dash
 * pattern and marker, so a black-and-white print still tells them apart. Each marker carries
 * its value as a tooltip. NaN values leave gaps.
 */
final class LineChart {
    /** Colour-blind-safe colours (Okabe and Ito). */
    private static final String[] COLORS = {"#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000"};
    private static final String[] DASHES = {null, "7 4", "2 3", "10 3 2 3"};
    private static final int MAX_MARKERS = 60;

    private record Series(String name, double[] x, double[] y, int style) {
    }

    private final String title;
    private final String xLabel;
    private final String yLabel;
    private final List<Series> series = new ArrayList<>();
    private boolean logY;
    private boolean integerX;
    private boolean fromZero;
    private double bandLow = Double.NaN;
    private double bandHigh = Double.NaN;
    private String bandLabel;
    private double width = 760;
    private double plotHeight = 260;

    LineChart(String title, String xLabel, String yLabel) {
        this.title = title;
        this.xLabel = xLabel;
        this.yLabel = yLabel;
    }

    /** Adds a series (x and y of equal length; NaN y values are gaps). */
    LineChart series(String name, double[] x, double[] y) {
        return series(name, x, y, series.size());
    }

    /** Adds a series drawn in style {@code style} (colour, dash and marker), to match another chart's. */
    LineChart series(String name, double[] x, double[] y, int style) {
        if (x.length != y.length) {
            throw new IllegalArgumentException("series " + name + ": " + x.length + " x values but " + y.length + " y values");
        }
        series.add(new Series(name, x, y, style));
        return this;
    }

    /** A y axis that starts at zero (or ends there, for negative values). */
    LineChart fromZero() {
        this.fromZero = true;
        return this;
    }

    /** A logarithmic y axis; values at or below zero are left out. */
    LineChart logY() {
        this.logY = true;
        return this;
    }

    /** Ticks on whole numbers of x only (epochs). */
    LineChart integerX() {
        this.integerX = true;
        return this;
    }

    /** A shaded horizontal band from {@code low} to {@code high}, named in the legend. */
    LineChart band(double low, double high, String label) {
        this.bandLow = low;
        this.bandHigh = high;
        this.bandLabel = label;
        return this;
    }

    LineChart size(double width, double plotHeight) {
        this.width = width;
        this.plotHeight = plotHeight;
        return this;
    }

    /** Whether some series has a value to draw. */
    boolean hasData() {
        for (Series s : series) {
            for (int i = 0; i < s.y.length; i++) {
                if (drawable(s.x[i], s.y[i])) {
                    return true;
                }
            }
        }
        return false;
    }

    private boolean drawable(double x, double y) {
        return Double.isFinite(x) && Double.isFinite(y) && (!logY || y > 0);
    }

    /** The chart as an SVG element (inline in HTML). */
    String toSvg() {
        double xMin = Double.POSITIVE_INFINITY;
        double xMax = Double.NEGATIVE_INFINITY;
        double yMin = Double.POSITIVE_INFINITY;
        double yMax = Double.NEGATIVE_INFINITY;
        for (Series s : series) {
            for (int i = 0; i < s.y.length; i++) {
                if (drawable(s.x[i], s.y[i])) {
                    xMin = Math.min(xMin, s.x[i]);
                    xMax = Math.max(xMax, s.x[i]);
                    yMin = Math.min(yMin, s.y[i]);
                    yMax = Math.max(yMax, s.y[i]);
                }
            }
        }
        if (xMin > xMax) {
            xMin = 0;
            xMax = 1;
            yMin = logY ? 0.1 : 0;
            yMax = 1;
        }
        if (fromZero && !logY) {
            yMin = Math.min(yMin, 0);
            yMax = Math.max(yMax, 0);
        }
        if (!Double.isNaN(bandLow)) {
            yMin = Math.min(yMin, bandLow);
            yMax = Math.max(yMax, bandHigh);
        }
        if (xMax == xMin) {
            xMin -= integerX ? 1 : Math.max(1e-9, Math.abs(xMin) * 0.1);
            xMax += integerX ? 1 : Math.max(1e-9, Math.abs(xMax) * 0.1);
        }
        double[] yTicks;
        if (logY) {
            if (yMax / yMin < 1.0001) {
                yMin /= 2;
                yMax *= 2;
            }
            yTicks = Ticks.log(yMin, yMax);
        } else {
            if (yMax - yMin < 1e-12 * Math.max(1, Math.abs(yMax))) {
                double pad = yMax == 0 ? 1 : Math.abs(yMax) * 0.1;
                yMin -= pad;
                yMax += pad;
            }
            yTicks = Ticks.linear(yMin, yMax, 5, false);
        }
        double[] xTicks = Ticks.linear(xMin, xMax, 8, integerX);
        double y0 = Math.min(yMin, yTicks[0]);
        double y1 = Math.max(yMax, yTicks[yTicks.length - 1]);
        double x0 = xMin;
        double x1 = xMax;

        double left = 72;
        double right = 20;
        double top = 34;
        double plotWidth = width - left - right;
        List<String> legend = new ArrayList<>();
        for (Series s : series) {
            legend.add(s.name);
        }
        if (bandLabel != null) {
            legend.add(bandLabel);
        }
        double[] legendRows = legendLayout(legend, plotWidth);
        int rows = (int) legendRows[legend.size()];
        double legendTop = top + plotHeight + 52;
        double height = legendTop + rows * 20 + 6;
        Svg svg = new Svg(width, height, false, title);
        svg.text(width / 2, 20, title, 15, "middle", "font-weight", "bold");
        Scale sx = new Scale(x0, x1, left, left + plotWidth, false);
        Scale sy = new Scale(y0, y1, top + plotHeight, top, logY);

        if (!Double.isNaN(bandLow)) {
            double a = sy.at(bandHigh);
            double b = sy.at(bandLow);
            svg.element("rect", null, "x", left, "y", a, "width", plotWidth, "height", b - a, "fill", "#2ca02c",
                    "fill-opacity", 0.12, "class", "band");
        }
        for (double t : yTicks) {
            if (t < y0 || t > y1) {
                continue;
            }
            double y = sy.at(t);
            svg.line(left, y, left + plotWidth, y, "#dddddd", 1.0);
            svg.text(left - 6, y + 4, Ticks.label(t), 11, "end");
        }
        for (double t : xTicks) {
            if (t < x0 - 1e-9 || t > x1 + 1e-9) {
                continue;
            }
            double x = sx.at(t);
            svg.line(x, top, x, top + plotHeight, "#eeeeee", 1.0);
            svg.line(x, top + plotHeight, x, top + plotHeight + 4, "#333333", 1.0);
            svg.text(x, top + plotHeight + 17, Ticks.label(t), 11, "middle");
        }
        svg.element("rect", null, "x", left, "y", top, "width", plotWidth, "height", plotHeight, "fill", "none",
                "stroke", "#333333", "stroke-width", 1.0);
        svg.text(left + plotWidth / 2, top + plotHeight + 36, xLabel, 12, "middle");
        double yLabelX = 16;
        double yLabelY = top + plotHeight / 2;
        svg.text(yLabelX, yLabelY, yLabel, 12, "middle", "transform",
                String.format(Locale.ROOT, "rotate(-90 %s %s)", Svg.num(yLabelX), Svg.num(yLabelY)));

        for (int k = 0; k < series.size(); k++) {
            Series s = series.get(k);
            String color = COLORS[s.style % COLORS.length];
            String dash = DASHES[s.style % DASHES.length];
            svg.open("g", "class", "series", "data-name", s.name);
            StringBuilder points = new StringBuilder();
            for (int i = 0; i <= s.y.length; i++) {
                boolean ok = i < s.y.length && drawable(s.x[i], s.y[i]);
                if (ok) {
                    if (points.length() > 0) {
                        points.append(' ');
                    }
                    points.append(Svg.num(sx.at(s.x[i]))).append(',').append(Svg.num(sy.at(s.y[i])));
                } else if (points.length() > 0) {
                    svg.element("polyline", null, "points", points.toString(), "fill", "none", "stroke", color,
                            "stroke-width", 2.0, "stroke-dasharray", dash, "stroke-linejoin", "round");
                    points.setLength(0);
                }
            }
            if (drawnPoints(s) <= MAX_MARKERS) {
                for (int i = 0; i < s.y.length; i++) {
                    if (drawable(s.x[i], s.y[i])) {
                        marker(svg, s.style, sx.at(s.x[i]), sy.at(s.y[i]), color,
                                s.name + ": " + Ticks.label(s.x[i]) + ", " + value(s.y[i]));
                    }
                }
            }
            svg.close("g");
        }
        for (int k = 0; k < legend.size(); k++) {
            double x = left + legendRows[2 * legend.size() + 1 + k];
            double y = legendTop + legendRows[legend.size() + 1 + k] * 20;
            boolean band = k >= series.size();
            if (band) {
                svg.element("rect", null, "x", x, "y", y - 9, "width", 26.0, "height", 12.0, "fill", "#2ca02c",
                        "fill-opacity", 0.25);
            } else {
                Series s = series.get(k);
                String color = COLORS[s.style % COLORS.length];
                svg.line(x, y - 3, x + 26, y - 3, color, 2.0, "stroke-dasharray", DASHES[s.style % DASHES.length]);
                if (drawnPoints(s) <= MAX_MARKERS) {
                    marker(svg, s.style, x + 13, y - 3, color, null);
                }
            }
            svg.text(x + 32, y + 1, legend.get(k), 12, "start");
        }
        return svg.finish();
    }

    private int drawnPoints(Series s) {
        int n = 0;
        for (int i = 0; i < s.y.length; i++) {
            if (drawable(s.x[i], s.y[i])) {
                n++;
            }
        }
        return n;
    }

    /**
     * Places legend entries in rows: for entry k, its row at [n + 1 + k] and its x offset at
     * [2n + 1 + k]; the number of rows at [n].
     */
    private static double[] legendLayout(List<String> names, double width) {
        int n = names.size();
        double[] out = new double[3 * n + 1];
        double x = 0;
        int row = 0;
        for (int k = 0; k < n; k++) {
            double w = 32 + Svg.textWidth(names.get(k), 12) + 18;
            if (x > 0 && x + w > width) {
                row++;
                x = 0;
            }
            out[n + 1 + k] = row;
            out[2 * n + 1 + k] = x;
            x += w;
        }
        out[n] = n == 0 ? 0 : row + 1;
        return out;
    }

    private static void marker(Svg svg, int k, double x, double y, String color, String tooltip) {
        String shape = switch (k % 4) {
            case 0 -> "circle";
            case 1 -> "rect";
            case 2 -> "polygon";
            default -> "diamond";
        };
        switch (shape) {
            case "circle" -> svg.open("circle", "cx", x, "cy", y, "r", 3.5, "fill", color);
            case "rect" -> svg.open("rect", "x", x - 3.2, "y", y - 3.2, "width", 6.4, "height", 6.4, "fill", color);
            case "polygon" -> svg.open("polygon", "points", Svg.num(x) + "," + Svg.num(y - 4.2) + " " + Svg.num(x - 4)
                    + "," + Svg.num(y + 3) + " " + Svg.num(x + 4) + "," + Svg.num(y + 3), "fill", color);
            default -> svg.open("polygon", "points", Svg.num(x) + "," + Svg.num(y - 4.5) + " " + Svg.num(x - 4.5) + ","
                    + Svg.num(y) + " " + Svg.num(x) + "," + Svg.num(y + 4.5) + " " + Svg.num(x + 4.5) + "," + Svg.num(y),
                    "fill", color);
        }
        if (tooltip != null) {
            svg.title(tooltip);
        }
        svg.close(shape.equals("diamond") ? "polygon" : shape);
    }

    private static String value(double v) {
        double a = Math.abs(v);
        return a != 0 && (a < 1e-3 || a >= 1e6) ? String.format(Locale.ROOT, "%.4e", v)
                : String.format(Locale.ROOT, "%.4f", v);
    }

    /** Maps data values to pixels, linearly or by log10. */
    private record Scale(double from, double to, double pixelFrom, double pixelTo, boolean log) {
        double at(double v) {
            double a = log ? Math.log10(from) : from;
            double b = log ? Math.log10(to) : to;
            double x = log ? Math.log10(v) : v;
            return pixelFrom + (x - a) / (b - a) * (pixelTo - pixelFrom);
        }
    }
}
