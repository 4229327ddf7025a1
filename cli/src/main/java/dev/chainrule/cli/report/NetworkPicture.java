package dev.chainrule.cli.report;

import dev.chainrule.cli.Numbers;
import dev.chainrule.explain.BackpropTrace;
import dev.chainrule.explain.BackpropTrace.LayerTrace;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * One backpropagation step drawn as the seeds draw it: the inputs on the left, then a column per
 * layer of units, each with its weighted sum {@code h}, its activation {@code f(h)} and, in
 * red, the error flowing back to it and its error term {@code delta}; every edge labelled with
 * its weight {@code w}, the weight step {@code dw = lr * delta * x} and the new weight; red
 * dashed arrows carrying the error terms back along the edges. The numbers are printed as the
 * {@code explain} tables print them (the seeds' numpy digits), so the picture and the tables
 * can be read against each other and against the seeds.
 */
public final class NetworkPicture {
    /** The picture draws networks of at most this many inputs and units together. */
    public static final int MAX_NODES = 32;

    /** Edge labels between two columns sit in at most this many lanes side by side (more would make the gap too wide). */
    private static final int MAX_LANES = 4;
    private static final Set<String> ELEMENTWISE = Set.of("sigmoid", "tanh", "relu", "leaky_relu");
    private static final double FONT = 11;
    private static final double LINE = 15;
    private static final double NODE_WIDTH = 188;
    private static final double INPUT_WIDTH = 110;
    private static final double V_GAP = 34;
    private static final String BACK = "#c0392b";
    private static final String FORWARD = "#555555";

    private record Line(String text, String color, boolean bold) {
    }

    private static final class Node {
        final List<Line> lines = new ArrayList<>();
        double x;
        double y;
        double width;

        double height() {
            return lines.size() * LINE + 10;
        }

        /** Wide enough for the longest line (bold lines a little wider). */
        void fit(double minimum) {
            width = minimum;
            for (Line l : lines) {
                width = Math.max(width, Svg.textWidth(l.text(), FONT) * (l.bold() ? 1.1 : 1) + 16);
            }
        }
    }

    private record Edge(Node from, Node to, List<String> label) {
    }

    /** A placed rectangle, to keep labels apart. */
    private record Box(double x, double y, double w, double h) {
        boolean overlaps(Box o) {
            return x < o.x + o.w && o.x < x + w && y < o.y + o.h && o.y < y + h;
        }
    }

    /**
     * What the step was made from, for the title.
     *
     * @param source the network file's name
     */
    public record Step(String source, double[] input, double[] target, double learningRate, String loss) {
    }

    private NetworkPicture() {
    }

    /** The number of inputs and units the picture of {@code trace} draws. */
    public static int nodes(BackpropTrace.Trace trace) {
        int n = trace.layers().isEmpty() ? 0 : trace.layers().get(0).input().length;
        List<LayerTrace> layers = trace.layers();
        for (int i = 0; i < layers.size(); i++) {
            n += layers.get(i).output().length;
            if (layers.get(i).weights() != null && i + 1 < layers.size() && ELEMENTWISE.contains(layers.get(i + 1).type())) {
                i++;
            }
        }
        return n;
    }

    /**
     * The picture as SVG.
     *
     * @param standalone true for a separate {@code .svg} file (adds the SVG namespace), false
     *                   for inline SVG in HTML
     * @throws IllegalArgumentException when the network has more than {@value #MAX_NODES} inputs and units,
     *                                  or a layer the picture cannot draw (one with parameters other
     *                                  than a dense layer's, or one that changes the width)
     */
    public static String toSvg(BackpropTrace.Trace trace, Step step, boolean standalone) {
        for (LayerTrace l : trace.layers()) {
            boolean unitToUnit = l.parameters().isEmpty() && l.output().length == l.input().length;
            if (l.weights() == null && !unitToUnit) {
                throw new IllegalArgumentException(step.source() + ": layer " + l.index() + " (" + l.type() + ") cannot be"
                        + " drawn: the picture draws dense layers, activations, dropout and flatten (leave out --svg and"
                        + " --html for the tables, which trace every layer)");
            }
        }
        int count = nodes(trace);
        if (count > MAX_NODES) {
            throw new IllegalArgumentException(step.source() + " has " + count + " inputs and units; the picture draws at"
                    + " most " + MAX_NODES + " (leave out --svg and --html for the tables, which take any size)");
        }
        List<List<Node>> columns = new ArrayList<>();
        List<Edge> edges = new ArrayList<>();
        List<Node> inputs = new ArrayList<>();
        for (int r = 0; r < step.input().length; r++) {
            Node n = new Node();
            n.width = INPUT_WIDTH;
            n.lines.add(new Line("input x" + (r + 1), "#000000", true));
            n.lines.add(new Line("x = " + Numbers.seed(step.input()[r]), "#000000", false));
            n.fit(INPUT_WIDTH);
            inputs.add(n);
        }
        columns.add(inputs);
        List<LayerTrace> layers = trace.layers();
        int denseCount = 0;
        int denseTotal = 0;
        for (LayerTrace l : layers) {
            denseTotal += l.weights() != null ? 1 : 0;
        }
        for (int i = 0; i < layers.size(); i++) {
            LayerTrace l = layers.get(i);
            List<Node> previous = columns.get(columns.size() - 1);
            List<Node> column = new ArrayList<>();
            if (l.weights() != null) {
                denseCount++;
                LayerTrace activation = i + 1 < layers.size() && ELEMENTWISE.contains(layers.get(i + 1).type())
                        ? layers.get(i + 1) : null;
                String role = denseCount == denseTotal ? "output" : "hidden";
                double[][] updated = l.updatedWeights();
                for (int j = 0; j < l.output().length; j++) {
                    Node n = new Node();
                    n.width = NODE_WIDTH;
                    n.lines.add(new Line(role + " unit " + (j + 1) + (denseTotal > 2 && role.equals("hidden")
                            ? " (layer " + l.index() + ")" : ""), "#000000", true));
                    n.lines.add(new Line("h = " + Numbers.seed(l.output()[j]), "#000000", false));
                    if (activation != null) {
                        n.lines.add(new Line("f(h) = " + Numbers.seed(activation.output()[j]) + "  (" + activation.type()
                                + ")", "#000000", false));
                        n.lines.add(new Line("error -dL/df = " + Numbers.seed(activation.delta()[j]), BACK, false));
                    }
                    n.lines.add(new Line("\u03b4 = -dL/dh = " + Numbers.seed(l.delta()[j]), BACK, true));
                    if (l.bias() != null) {
                        n.lines.add(new Line("bias " + Numbers.seed(l.bias()[j]) + " \u0394b " + Numbers.seed(l.biasStep()[j]),
                                "#000000", false));
                        n.lines.add(new Line("new bias " + Numbers.seed(l.updatedBias()[j]), "#1a7f37", false));
                    }
                    n.fit(NODE_WIDTH);
                    column.add(n);
                    for (int r = 0; r < previous.size(); r++) {
                        edges.add(new Edge(previous.get(r), n, List.of("w " + Numbers.seed(l.weights()[r][j]) + " \u2192 "
                                + Numbers.seed(updated[r][j]), "\u0394w " + Numbers.seed(l.weightStep()[r][j]))));
                    }
                }
                if (activation != null) {
                    i++;
                }
            } else {
                boolean oneToOne = !l.type().equals("softmax");
                for (int j = 0; j < l.output().length; j++) {
                    Node n = new Node();
                    n.width = NODE_WIDTH;
                    n.lines.add(new Line(l.type() + " " + (j + 1) + " (layer " + l.index() + ")", "#000000", true));
                    n.lines.add(new Line("in = " + Numbers.seed(l.input()[j]), "#000000", false));
                    n.lines.add(new Line("out = " + Numbers.seed(l.output()[j]), "#000000", false));
                    n.lines.add(new Line("error -dL/dout = " + Numbers.seed(l.delta()[j]), BACK, true));
                    n.fit(NODE_WIDTH);
                    column.add(n);
                    for (int r = 0; r < previous.size(); r++) {
                        if (!oneToOne || r == j) {
                            edges.add(new Edge(previous.get(r), n, List.of()));
                        }
                    }
                }
            }
            columns.add(column);
        }
        return draw(columns, edges, trace, step, standalone);
    }

    private static String draw(List<List<Node>> columns, List<Edge> edges, BackpropTrace.Trace trace, Step step,
                               boolean standalone) {
        double top = 84;
        double left = 24;
        double tallest = 0;
        for (List<Node> column : columns) {
            tallest = Math.max(tallest, columnHeight(column));
        }
        double x = left;
        for (int c = 0; c < columns.size(); c++) {
            List<Node> column = columns.get(c);
            double y = top + (tallest - columnHeight(column)) / 2;
            double width = 0;
            for (Node n : column) {
                n.x = x;
                n.y = y;
                y += n.height() + V_GAP;
                width = Math.max(width, n.width);
            }
            if (c + 1 < columns.size()) {
                double labelWidth = 0;
                for (Edge e : edges) {
                    if (column.contains(e.from())) {
                        labelWidth = Math.max(labelWidth, labelWidth(e));
                    }
                }
                double[] lanes = lanes(columns.get(c + 1).size());
                int laneCount = Math.min(column.size(), MAX_LANES);
                x += width + (labelWidth == 0 ? 120 : Math.max(240, laneCount * (labelWidth + 14) / (lanes[1] - lanes[0])));
            } else {
                x += width;
            }
        }
        List<String> result = List.of("target y = " + Numbers.vector(step.target()),
                "output = " + Numbers.vector(trace.output()),
                "loss (" + step.loss() + ") = " + Numbers.seed(trace.loss()));
        double resultWidth = 0;
        for (String s : result) {
            resultWidth = Math.max(resultWidth, Svg.textWidth(s, FONT) + 20);
        }
        double resultX = x + 40;
        double width = resultX + resultWidth + 24;
        List<String> legend = List.of(
                "Forward (grey): each unit's weighted sum h = sum of w * x" + (hasBias(trace) ? " + bias" : "")
                        + ", its activation f(h). Edge labels: weight w \u2192 new weight w + \u0394w, and the weight"
                        + " step \u0394w = lr * \u03b4 * x (x: the value leaving the edge's source).",
                "Backward (red, dashed): the error reaching a unit is -dL/df (for the output, y - output with the seeds'"
                        + " half-sse); its error term is \u03b4 = f'(h) * error; a hidden unit's error is the sum of w * \u03b4"
                        + " over the edges leaving it.");
        double height = top + tallest + 30 + legend.size() * 18 + 10;
        width = Math.max(width, 760);
        String title = String.format(Locale.ROOT, "One backpropagation step through %s: x = %s, y = %s, learning rate %s,"
                + " loss %s", step.source(), Numbers.vector(step.input()), Numbers.vector(step.target()),
                Numbers.seed(step.learningRate()), step.loss());
        Svg svg = new Svg(width, height, standalone, title);
        svg.text(left, 26, "One backpropagation step through " + step.source(), 16, "start", "font-weight", "bold");
        svg.text(left, 48, String.format(Locale.ROOT, "input x = %s, target y = %s, learning rate %s, loss %s",
                Numbers.vector(step.input()), Numbers.vector(step.target()), Numbers.seed(step.learningRate()), step.loss()),
                12, "start");

        List<Box> placed = new ArrayList<>();
        for (List<Node> column : columns) {
            for (Node n : column) {
                placed.add(new Box(n.x, n.y, n.width, n.height()));
            }
        }
        svg.open("g", "class", "edges");
        for (Edge e : edges) {
            double x1 = e.from().x + e.from().width;
            double y1 = e.from().y + e.from().height() / 2;
            double x2 = e.to().x;
            double y2 = e.to().y + e.to().height() / 2;
            svg.line(x1, y1, x2 - 7, y2, FORWARD, 1.2);
            arrowHead(svg, x1, y1, x2, y2, FORWARD);
            double dx = x2 - x1;
            double dy = y2 - y1;
            double len = Math.hypot(dx, dy);
            double ox = -dy / len * 5;
            double oy = dx / len * 5;
            svg.line(x2 + ox, y2 + oy, x1 + ox + dx / len * 7, y1 + oy + dy / len * 7, BACK, 1.0,
                    "stroke-dasharray", "5 3", "class", "back");
            arrowHead(svg, x2 + ox, y2 + oy, x1 + ox, y1 + oy, BACK);
        }
        svg.close("g");
        svg.open("g", "class", "weights");
        for (int c = 0; c + 1 < columns.size(); c++) {
            List<Node> from = columns.get(c);
            double[] lanes = lanes(columns.get(c + 1).size());
            for (Edge e : edges) {
                int r = from.indexOf(e.from());
                if (r >= 0 && !e.label().isEmpty()) {
                    int laneCount = Math.min(from.size(), MAX_LANES);
                    label(svg, e, placed, lanes[0] + (lanes[1] - lanes[0]) * (r % laneCount + 0.5) / laneCount);
                }
            }
        }
        svg.close("g");
        svg.open("g", "class", "units");
        for (List<Node> column : columns) {
            for (Node n : column) {
                svg.element("rect", null, "x", n.x, "y", n.y, "width", n.width, "height", n.height(), "rx", 6.0,
                        "fill", "#ffffff", "stroke", "#333333", "stroke-width", 1.2);
                for (int k = 0; k < n.lines.size(); k++) {
                    Line line = n.lines.get(k);
                    svg.text(n.x + 8, n.y + 17 + k * LINE, line.text(), FONT, "start", "fill", line.color(),
                            "font-weight", line.bold() ? "bold" : null);
                }
            }
        }
        svg.close("g");
        List<Node> outputs = columns.get(columns.size() - 1);
        double resultY = outputs.get(0).y;
        svg.element("rect", null, "x", resultX, "y", resultY, "width", resultWidth, "height", result.size() * LINE + 10,
                "rx", 6.0, "fill", "#f5f5f5", "stroke", "#999999", "stroke-width", 1.0);
        for (int k = 0; k < result.size(); k++) {
            svg.text(resultX + 10, resultY + 17 + k * LINE, result.get(k), FONT, "start", "font-weight",
                    k == 2 ? "bold" : null);
        }
        for (int k = 0; k < legend.size(); k++) {
            svg.text(left, top + tallest + 30 + k * 18, legend.get(k), 11.5, "start", "fill", k == 1 ? BACK : "#333333");
        }
        return svg.finish();
    }

    /**
     * Where along the edges between two columns their labels go: each source unit has its own
     * lane (a fraction of the way from source to target), so labels of edges from different
     * sources sit side by side; with several targets the lanes keep away from the sources,
     * where the edges of one source are still close together.
     */
    private static double[] lanes(int targets) {
        return targets > 1 ? new double[] {0.32, 0.9} : new double[] {0.12, 0.88};
    }

    private static double labelWidth(Edge e) {
        double w = 0;
        for (String s : e.label()) {
            w = Math.max(w, Svg.textWidth(s, 10) + 8);
        }
        return w;
    }

    /**
     * Places an edge's label on its lane at {@code lane} of the way along, or, when that
     * overlaps a label or unit placed before, at the nearest point along the edge that does not.
     */
    private static void label(Svg svg, Edge e, List<Box> placed, double lane) {
        double w = labelWidth(e);
        double h = e.label().size() * 12 + 4;
        double x1 = e.from().x + e.from().width;
        double y1 = e.from().y + e.from().height() / 2;
        double x2 = e.to().x;
        double y2 = e.to().y + e.to().height() / 2;
        Box best = null;
        int bestOverlaps = Integer.MAX_VALUE;
        for (int k = 0; k <= 40 && bestOverlaps > 0; k++) {
            // the lane, then alternately a little further towards either end
            double t = lane + (k % 2 == 0 ? 1 : -1) * ((k + 1) / 2) * 0.02;
            if (t < 0.05 || t > 0.95) {
                continue;
            }
            Box b = new Box(x1 + t * (x2 - x1) - w / 2, y1 + t * (y2 - y1) - h / 2, w, h);
            int overlaps = 0;
            for (Box p : placed) {
                if (b.overlaps(p)) {
                    overlaps++;
                }
            }
            if (overlaps < bestOverlaps) {
                best = b;
                bestOverlaps = overlaps;
            }
        }
        placed.add(best);
        svg.element("rect", null, "x", best.x(), "y", best.y(), "width", best.w(), "height", best.h(), "rx", 3.0,
                "fill", "#ffffff", "fill-opacity", 0.92, "stroke", "#bbbbbb", "stroke-width", 0.6);
        for (int k = 0; k < e.label().size(); k++) {
            svg.text(best.x() + 4, best.y() + 12 + k * 12, e.label().get(k), 10, "start",
                    "fill", k == 1 ? BACK : "#000000");
        }
    }

    /** A filled arrowhead at (x2, y2), pointing from (x1, y1). */
    private static void arrowHead(Svg svg, double x1, double y1, double x2, double y2, String color) {
        double a = Math.atan2(y2 - y1, x2 - x1);
        double l = 8;
        double s = 3.5;
        double bx = x2 - l * Math.cos(a);
        double by = y2 - l * Math.sin(a);
        String points = Svg.num(x2) + "," + Svg.num(y2) + " " + Svg.num(bx - s * Math.sin(a)) + ","
                + Svg.num(by + s * Math.cos(a)) + " " + Svg.num(bx + s * Math.sin(a)) + "," + Svg.num(by - s * Math.cos(a));
        svg.element("polygon", null, "points", points, "fill", color);
    }

    private static double columnHeight(List<Node> column) {
        double h = 0;
        for (Node n : column) {
            h += n.height() + V_GAP;
        }
        return h - V_GAP;
    }

    private static boolean hasBias(BackpropTrace.Trace trace) {
        for (LayerTrace l : trace.layers()) {
            if (l.bias() != null) {
                return true;
            }
        }
        return false;
    }
}
