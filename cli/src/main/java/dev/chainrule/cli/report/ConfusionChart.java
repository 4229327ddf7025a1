package dev.chainrule.cli.report;

import dev.chainrule.metrics.ConfusionMatrix;

import java.util.List;
import java.util.Locale;

/**
 * The confusion matrix as an SVG heat map: rows the true class, columns the predicted class,
 * the count written in every cell. A cell's shade is its share of the row (of that class's
 * examples), so the errors of a small class show as clearly as those of a large one; the
 * diagonal is the recall of each class.
 */
final class ConfusionChart {
    private ConfusionChart() {
    }

    static String toSvg(ConfusionMatrix matrix, List<String> classNames, String title) {
        int k = matrix.classes();
        double cell = Math.max(26, Math.min(56, 620.0 / k));
        double labelWidth = 0;
        for (int c = 0; c < k; c++) {
            labelWidth = Math.max(labelWidth, Svg.textWidth(name(classNames, c), 11));
        }
        labelWidth = Math.min(labelWidth, 160);
        boolean rotate = labelWidth > cell - 4;
        double left = 44 + labelWidth + 8;
        double top = 60;
        double bottomLabels = rotate ? labelWidth + 14 : 20;
        double width = Math.max(360, left + k * cell + 24);
        double height = top + k * cell + bottomLabels + 36;
        Svg svg = new Svg(width, height, false, title);
        svg.text(width / 2, 20, title, 15, "middle", "font-weight", "bold");
        svg.text(left + k * cell / 2, 44, "predicted class", 12, "middle");
        double yLabelX = 16;
        double yLabelY = top + k * cell / 2;
        svg.text(yLabelX, yLabelY, "true class", 12, "middle", "transform",
                String.format(Locale.ROOT, "rotate(-90 %s %s)", Svg.num(yLabelX), Svg.num(yLabelY)));
        double fontSize = cell >= 40 ? 12 : 10;
        for (int t = 0; t < k; t++) {
            long support = matrix.support(t);
            double y = top + t * cell;
            svg.text(left - 6, y + cell / 2 + 4, name(classNames, t), 11, "end");
            for (int p = 0; p < k; p++) {
                long count = matrix.count(t, p);
                double share = support == 0 ? 0 : (double) count / support;
                double x = left + p * cell;
                svg.open("rect", "x", x, "y", y, "width", cell, "height", cell, "fill", shade(share, t == p),
                        "stroke", "#ffffff", "stroke-width", 1.0);
                svg.title(String.format(Locale.ROOT, "true %s, predicted %s: %d (%.1f%% of %d)", name(classNames, t),
                        name(classNames, p), count, 100 * share, support));
                svg.close("rect");
                if (count > 0) {
                    svg.text(x + cell / 2, y + cell / 2 + fontSize / 3, Long.toString(count), fontSize, "middle",
                            "fill", share > 0.5 ? "#ffffff" : "#000000");
                }
            }
        }
        for (int p = 0; p < k; p++) {
            double x = left + p * cell + cell / 2;
            double y = top + k * cell + 14;
            if (rotate) {
                svg.text(x + 4, y - 6, name(classNames, p), 11, "end", "transform",
                        String.format(Locale.ROOT, "rotate(-60 %s %s)", Svg.num(x + 4), Svg.num(y - 6)));
            } else {
                svg.text(x, y, name(classNames, p), 11, "middle");
            }
        }
        svg.element("rect", null, "x", left, "y", top, "width", k * cell, "height", k * cell, "fill", "none",
                "stroke", "#333333", "stroke-width", 1.0);
        return svg.finish();
    }

    /** Blue for the diagonal (right), orange-red off it (wrong), darker for a larger share of the row. */
    private static String shade(double share, boolean diagonal) {
        if (share == 0) {
            return "#f7f7f7";
        }
        double s = Math.min(1, 0.12 + 0.88 * Math.sqrt(share));
        int[] to = diagonal ? new int[] {8, 81, 156} : new int[] {179, 40, 0};
        int r = (int) Math.round(255 + (to[0] - 255) * s);
        int g = (int) Math.round(255 + (to[1] - 255) * s);
        int b = (int) Math.round(255 + (to[2] - 255) * s);
        return String.format(Locale.ROOT, "#%02x%02x%02x", r, g, b);
    }

    static String name(List<String> classNames, int c) {
        return c < classNames.size() ? classNames.get(c) : Integer.toString(c);
    }
}
