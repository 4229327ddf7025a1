package dev.chainrule.cli.report;

import dev.chainrule.cli.Numbers;
import dev.chainrule.explain.BackpropTrace;
import dev.chainrule.explain.BackpropTrace.LayerTrace;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code explain --html}: one self-contained page with the {@link NetworkPicture} of the step
 * and, under it, the same numbers as tables, layer by layer, as {@code explain} prints them.
 */
public final class ExplainPage {
    private ExplainPage() {
    }

    public static String render(BackpropTrace.Trace trace, NetworkPicture.Step step) {
        String title = "One backpropagation step through " + step.source();
        StringBuilder b = Html.page(title);
        b.append("<h1>").append(Html.esc(title)).append("</h1>\n");
        b.append("<p class=\"meta\">input x = ").append(Html.esc(Numbers.vector(step.input()))).append(", target y = ")
                .append(Html.esc(Numbers.vector(step.target()))).append(", learning rate ")
                .append(Html.esc(Numbers.seed(step.learningRate()))).append(", loss ").append(Html.esc(step.loss()))
                .append("</p>\n");
        b.append("<p>The error term of a unit is \u03b4 = -dLoss/dh; a weight step is \u0394w = -lr * dLoss/dw ="
                + " lr * x * \u03b4, the change plain gradient descent applies; the new weight is w + \u0394w.</p>\n");
        b.append("<div style=\"overflow-x:auto\"><figure class=\"chart\" id=\"chart-network\">\n")
                .append(NetworkPicture.toSvg(trace, step, false).replace("<svg ", "<svg style=\"max-width:none\" "))
                .append("\n</figure></div>\n");
        b.append("<h2>Layer by layer</h2>\n");
        List<LayerTrace> layers = trace.layers();
        for (int i = 0; i < layers.size(); i++) {
            LayerTrace l = layers.get(i);
            if (l.weights() != null) {
                dense(b, l);
            } else {
                activation(b, l, i > 0 ? layers.get(i - 1).delta() : null);
            }
        }
        b.append("<p><b>Output</b> ").append(Html.esc(Numbers.vector(trace.output()))).append(", loss ")
                .append(Html.esc(Numbers.seed(trace.loss()))).append("</p>\n");
        return b.append(Html.end()).toString();
    }

    private static void dense(StringBuilder b, LayerTrace l) {
        int in = l.input().length;
        int units = l.output().length;
        b.append("<h3>Layer ").append(l.index()).append(": dense, ").append(in).append(" inputs \u2192 ").append(units)
                .append(units == 1 ? " unit" : " units").append(l.bias() == null ? ", no bias" : ", with bias")
                .append("</h3>\n");
        List<String> header = new ArrayList<>(List.of("unit"));
        for (int u = 0; u < units; u++) {
            header.add(Integer.toString(u + 1));
        }
        Html.table(b, "units", header, List.of(row("weighted sum h", l.output()), row("error term \u03b4", l.delta())));
        List<String> wh = new ArrayList<>(List.of("input", "x"));
        for (String what : new String[] {"weight", "step", "updated"}) {
            for (int u = 0; u < units; u++) {
                wh.add(units == 1 ? what : what + " " + (u + 1));
            }
        }
        List<List<String>> rows = new ArrayList<>();
        double[][] updated = l.updatedWeights();
        for (int r = 0; r < in; r++) {
            rows.add(weightRow("x" + (r + 1), l.input()[r], l.weights()[r], l.weightStep()[r], updated[r]));
        }
        if (l.bias() != null) {
            rows.add(weightRow("bias", 1.0, l.bias(), l.biasStep(), l.updatedBias()));
        }
        Html.table(b, "weights", wh, rows);
    }

    private static void activation(StringBuilder b, LayerTrace l, double[] deltaAtInput) {
        b.append("<h3>Layer ").append(l.index()).append(": ").append(Html.esc(l.type())).append(" activation</h3>\n");
        List<String> header = new ArrayList<>(List.of("unit"));
        for (int u = 0; u < l.output().length; u++) {
            header.add(Integer.toString(u + 1));
        }
        List<List<String>> rows = new ArrayList<>(List.of(row("weighted sum h", l.input()),
                row("activation f(h)", l.output()), row("error -dL/df", l.delta())));
        if (deltaAtInput != null) {
            rows.add(row("error term -dL/dh", deltaAtInput));
        }
        Html.table(b, "activation", header, rows);
    }

    private static List<String> row(String label, double[] values) {
        List<String> r = new ArrayList<>(List.of(label));
        for (double v : values) {
            r.add(Numbers.seed(v));
        }
        return r;
    }

    private static List<String> weightRow(String label, double x, double[] w, double[] step, double[] updated) {
        List<String> r = new ArrayList<>(List.of(label, Numbers.seed(x)));
        for (double v : w) {
            r.add(Numbers.seed(v));
        }
        for (double v : step) {
            r.add(Numbers.seed(v));
        }
        for (double v : updated) {
            r.add(Numbers.seed(v));
        }
        return r;
    }
}
