package dev.chainrule.cli;

import dev.chainrule.cli.report.ExplainPage;
import dev.chainrule.cli.report.NetworkPicture;
import dev.chainrule.explain.BackpropTrace;
import dev.chainrule.explain.BackpropTrace.LayerTrace;
import dev.chainrule.tensor.Shape;
import dev.chainrule.io.AtomicFiles;
import dev.chainrule.io.Json;
import dev.chainrule.io.NetworkFile;
import dev.chainrule.model.Sequential;
import dev.chainrule.tensor.DType;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code chainrule explain}: one example's forward pass, error terms and weight steps, layer by
 * layer, as the seeds work them out by hand. Nothing is trained; the numbers are float64.
 */
@Command(name = "explain", mixinStandardHelpOptions = true, showDefaultValues = true, sortOptions = false,
        description = {"Show one backpropagation step on one example, layer by layer: inputs, weighted sums,"
            + " activations, error terms (delta = -dLoss/dOutput), weight and bias steps (-lr * dLoss/dW) and the"
            + " updated weights. Weights are input-major: a row per input, a column per unit."},
        footer = {"", "Example: chainrule explain --network examples/networks/seed004.json --input 0.5,0.1,-0.2"
            + " --target 0.6 --lr 0.5 --svg seed004.svg"})
final class ExplainCommand implements Callable<Integer> {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--network", required = true, paramLabel = "FILE",
            description = "network file (JSON: input, layers with dense/bias/weights or activation, loss); required")
    Path network;

    @Option(names = "--input", required = true, split = ",", paramLabel = "X1,X2,...",
            description = "the example's input values, comma-separated; required")
    double[] input;

    @Option(names = "--target", required = true, split = ",", paramLabel = "Y1,...",
            description = "the example's target values, comma-separated; required")
    double[] target;

    @Option(names = "--lr", defaultValue = "0.5", description = "learning rate of the step")
    double lr;

    @Option(names = "--seed", defaultValue = "1", description = "seed for layers that have no weights in the file")
    long seed;

    @Option(names = "--json", description = "print the trace as one JSON object instead of tables")
    boolean json;

    @Option(names = "--svg", paramLabel = "FILE",
            description = "also draw the step as an SVG picture: units with their sums, activations and error terms,"
                    + " edges with weights, steps and new weights (networks of up to "
                    + NetworkPicture.MAX_NODES + " inputs and units)")
    Path svg;

    @Option(names = "--html", paramLabel = "FILE",
            description = "also write one self-contained HTML page with the picture and the tables")
    Path html;

    @Mixin
    VerboseOption verbose;

    @Override
    public Integer call() throws Exception {
        Sequential model = NetworkFile.load(network, DType.FLOAT64, seed);
        if (model.loss() == null) {
            throw new IllegalArgumentException(network + ": the network file names no \"loss\"; explain needs one"
                    + " (half-sse is the seeds' 1/2 * sum (y - y_hat)^2)");
        }
        BackpropTrace.Trace trace;
        try {
            trace = BackpropTrace.of(model, input, target, lr);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(network + ": " + e.getMessage(), e);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (svg != null || html != null) {
            NetworkPicture.Step step = new NetworkPicture.Step(network.getFileName().toString(), input, target, lr,
                    model.loss().name());
            String picture = NetworkPicture.toSvg(trace, step, true); // checks the size before anything is written
            if (svg != null) {
                AtomicFiles.write(svg, picture.getBytes(StandardCharsets.UTF_8));
            }
            if (html != null) {
                AtomicFiles.write(html, ExplainPage.render(trace, step).getBytes(StandardCharsets.UTF_8));
            }
        }
        if (json) {
            out.println(Json.write(toJson(trace)));
        } else {
            print(out, model, trace);
            for (Path p : new Path[] {svg, html}) {
                if (p != null) {
                    out.println();
                    out.println("wrote " + p + (p == svg ? " (the step as a picture)" : " (the picture and the tables)"));
                }
            }
        }
        return 0;
    }

    static Map<String, Object> toJson(BackpropTrace.Trace trace) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("loss", trace.loss());
        root.put("output", trace.output());
        List<Object> layers = new ArrayList<>();
        for (LayerTrace l : trace.layers()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("type", l.type());
            m.put("description", l.description());
            m.put("input_shape", l.inputShape().toArray());
            m.put("output_shape", l.outputShape().toArray());
            m.put("input", l.input());
            m.put("output", l.output());
            m.put("delta", l.delta());
            m.put("weight_step", l.weightStep());
            m.put("bias_step", l.biasStep());
            if (l.weights() != null) {
                m.put("weights", l.weights());
                m.put("updated_weights", l.updatedWeights());
                m.put("bias", l.bias());
                m.put("updated_bias", l.updatedBias());
            }
            List<Object> params = new ArrayList<>();
            for (BackpropTrace.ParameterTrace p : l.parameters()) {
                Map<String, Object> pm = new LinkedHashMap<>();
                pm.put("name", p.name());
                pm.put("shape", p.shape());
                pm.put("value", p.value());
                pm.put("step", p.step());
                pm.put("updated", p.updated());
                params.add(pm);
            }
            m.put("parameters", params);
            layers.add(m);
        }
        root.put("layers", layers);
        return root;
    }

    private void print(PrintWriter out, Sequential model, BackpropTrace.Trace trace) {
        out.println("One backpropagation step through " + network);
        out.println("  input x = " + Numbers.vector(input) + ", target y = " + Numbers.vector(target) + ", learning rate "
                + Numbers.seed(lr) + ", loss " + model.loss().name());
        out.println("  error term delta = -dLoss/d(layer output); weight step = -lr * dLoss/dW = lr * input * delta");
        List<LayerTrace> layers = trace.layers();
        for (int i = 0; i < layers.size(); i++) {
            LayerTrace l = layers.get(i);
            out.println();
            if (l.weights() != null) {
                printDense(out, l);
            } else if (l.parameters().isEmpty() && l.inputShape().isVector() && l.outputShape().equals(l.inputShape())) {
                printActivation(out, l, i > 0 ? layers.get(i - 1).delta() : null);
            } else {
                printShaped(out, l);
            }
        }
        out.println();
        out.println("Output " + Numbers.vector(trace.output()) + ", loss " + Numbers.seed(trace.loss()));
    }

    private static void printDense(PrintWriter out, LayerTrace l) {
        int in = l.input().length;
        int units = l.output().length;
        out.println("Layer " + l.index() + ": dense, " + in + " inputs -> " + units + (units == 1 ? " unit" : " units")
                + (l.bias() == null ? ", no bias" : ", with bias"));
        String[] unitHeader = new String[units + 1];
        unitHeader[0] = "unit";
        for (int u = 0; u < units; u++) {
            unitHeader[u + 1] = Integer.toString(u + 1);
        }
        TextTable perUnit = new TextTable("  ", unitHeader);
        perUnit.row(cells("weighted sum h", l.output()));
        perUnit.row(cells("error term delta", l.delta()));
        perUnit.print(out);
        out.println();
        List<String> header = new ArrayList<>();
        header.add("input");
        header.add("x");
        for (String what : new String[] {"weight", "step", "updated"}) {
            for (int u = 0; u < units; u++) {
                header.add(units == 1 ? what : what + " " + (u + 1));
            }
        }
        TextTable weights = new TextTable("  ", header.toArray(new String[0]));
        double[][] updated = l.updatedWeights();
        for (int r = 0; r < in; r++) {
            weights.row(weightRow("x" + (r + 1), l.input()[r], l.weights()[r], l.weightStep()[r], updated[r]));
        }
        if (l.bias() != null) {
            weights.row(weightRow("bias", 1.0, l.bias(), l.biasStep(), l.updatedBias()));
        }
        weights.print(out);
    }

    private static void printActivation(PrintWriter out, LayerTrace l, double[] deltaAtInput) {
        int units = l.output().length;
        out.println("Layer " + l.index() + ": " + l.type() + " activation");
        String[] header = new String[units + 1];
        header[0] = "unit";
        for (int u = 0; u < units; u++) {
            header[u + 1] = Integer.toString(u + 1);
        }
        TextTable t = new TextTable("  ", header);
        t.row(cells("weighted sum h", l.input()));
        t.row(cells("activation f(h)", l.output()));
        t.row(cells("error -dL/df", l.delta()));
        if (deltaAtInput != null) {
            t.row(cells("error term -dL/dh", deltaAtInput));
        }
        t.print(out);
    }

    /**
     * Any other layer (convolution, pooling, flatten, normalization, activations on images):
     * its output and error term, an image channel by channel as grids, then each parameter's
     * values, steps and updated values (a convolution's filter by filter and channel by channel).
     */
    private static void printShaped(PrintWriter out, LayerTrace l) {
        out.println("Layer " + l.index() + ": " + l.description() + ", " + l.inputShape() + " -> " + l.outputShape());
        Shape shape = l.outputShape();
        if (shape.isImage()) {
            int h = shape.dim(1);
            int w = shape.dim(2);
            for (int c = 0; c < shape.dim(0); c++) {
                List<String> header = new ArrayList<>();
                header.add("channel " + (c + 1));
                for (String what : new String[] {"output", "delta"}) {
                    for (int j = 0; j < w; j++) {
                        header.add(what + " " + (j + 1));
                    }
                }
                TextTable t = new TextTable("  ", header.toArray(new String[0]));
                for (int r = 0; r < h; r++) {
                    Object[] row = new Object[1 + 2 * w];
                    row[0] = "row " + (r + 1);
                    for (int j = 0; j < w; j++) {
                        row[1 + j] = l.output()[(c * h + r) * w + j];
                        row[1 + w + j] = l.delta()[(c * h + r) * w + j];
                    }
                    t.row(row);
                }
                t.print(out);
            }
        } else {
            String[] header = new String[l.output().length + 1];
            header[0] = "value";
            for (int u = 0; u < l.output().length; u++) {
                header[u + 1] = Integer.toString(u + 1);
            }
            TextTable t = new TextTable("  ", header);
            t.row(cells("output", l.output()));
            t.row(cells("error term delta", l.delta()));
            t.print(out);
        }
        for (BackpropTrace.ParameterTrace p : l.parameters()) {
            out.println();
            int[] d = p.shape();
            out.println("  " + p.name() + " " + java.util.Arrays.toString(d) + ": value, step (-lr * dLoss/dvalue), updated");
            double[] updated = p.updated();
            if (d.length == 4) {
                int kh = d[2];
                int kw = d[3];
                for (int f = 0; f < d[0]; f++) {
                    for (int c = 0; c < d[1]; c++) {
                        List<String> header = new ArrayList<>();
                        header.add("filter " + (f + 1) + ", channel " + (c + 1));
                        for (String what : new String[] {"weight", "step", "updated"}) {
                            for (int j = 0; j < kw; j++) {
                                header.add(what + " " + (j + 1));
                            }
                        }
                        TextTable t = new TextTable("  ", header.toArray(new String[0]));
                        for (int r = 0; r < kh; r++) {
                            Object[] row = new Object[1 + 3 * kw];
                            row[0] = "row " + (r + 1);
                            int base = ((f * d[1] + c) * kh + r) * kw;
                            for (int j = 0; j < kw; j++) {
                                row[1 + j] = p.value()[base + j];
                                row[1 + kw + j] = p.step()[base + j];
                                row[1 + 2 * kw + j] = updated[base + j];
                            }
                            t.row(row);
                        }
                        t.print(out);
                    }
                }
            } else {
                String[] header = new String[p.value().length + 1];
                header[0] = "";
                for (int u = 0; u < p.value().length; u++) {
                    header[u + 1] = Integer.toString(u + 1);
                }
                TextTable t = new TextTable("  ", header);
                t.row(cells("value", p.value()));
                t.row(cells("step", p.step()));
                t.row(cells("updated", updated));
                t.print(out);
            }
        }
    }

    private static Object[] cells(String label, double[] values) {
        Object[] row = new Object[values.length + 1];
        row[0] = label;
        for (int i = 0; i < values.length; i++) {
            row[i + 1] = values[i];
        }
        return row;
    }

    private static Object[] weightRow(String label, double x, double[] w, double[] step, double[] updated) {
        Object[] row = new Object[2 + 3 * w.length];
        row[0] = label;
        row[1] = x;
        for (int u = 0; u < w.length; u++) {
            row[2 + u] = w[u];
            row[2 + w.length + u] = step[u];
            row[2 + 2 * w.length + u] = updated[u];
        }
        return row;
    }
}
