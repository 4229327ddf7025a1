package dev.chainrule.cli;

import dev.chainrule.check.GradientCheck;
import dev.chainrule.check.GradientCheck.Report;
import dev.chainrule.io.Json;
import dev.chainrule.io.NetworkFile;
import dev.chainrule.layer.Layer;
import dev.chainrule.model.Sequential;
import dev.chainrule.tensor.DType;
import dev.chainrule.tensor.Tensor;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;

/** {@code chainrule gradcheck}: back-propagated gradients against central differences, in float64. */
@Command(name = "gradcheck", mixinStandardHelpOptions = true, showDefaultValues = true, sortOptions = false,
        description = {"Compare every back-propagated gradient with central differences (f(w+eps) - f(w-eps)) / 2eps"
            + " in float64: every layer type and loss, or the layers, loss and whole model of a network file.",
            "Relative error = |analytic - numeric| / max(|analytic|, |numeric|, 1e-4). Exit status 4 when a check fails."})
final class GradcheckCommand implements Callable<Integer> {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--network", paramLabel = "FILE", description = "check this network file instead of the standard suite")
    Path network;

    @Option(names = "--seed", defaultValue = "1", description = "seed of the random inputs, targets and missing weights")
    long seed;

    @Option(names = "--batch", defaultValue = "3", description = "examples in the random batch (with --network)")
    int batch;

    @Option(names = "--tolerance", defaultValue = "1e-6", description = "largest relative error that passes")
    double tolerance;

    @Option(names = "--json", description = "print the reports as one JSON object")
    boolean json;

    @Mixin
    VerboseOption verbose;

    @Override
    public Integer call() throws Exception {
        if (batch < 1) {
            throw new IllegalArgumentException("--batch: must be at least 1, got " + batch);
        }
        if (!(tolerance > 0) || Double.isInfinite(tolerance)) {
            throw new IllegalArgumentException("--tolerance: the largest relative error that passes must be a positive"
                    + " number, got " + Numbers.seed(tolerance));
        }
        List<Report> reports = network == null ? GradientCheck.all(seed) : checkNetwork();
        boolean allPassed = reports.stream().allMatch(r -> r.passed(tolerance));
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            Map<String, Object> root = new LinkedHashMap<>();
            root.put("tolerance", tolerance);
            root.put("passed", allPassed);
            List<Object> list = new ArrayList<>();
            for (Report r : reports) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("subject", r.subject());
                m.put("entries", r.checked());
                if (r.worst() != null) {
                    m.put("worst_parameter", r.worst().tensor());
                    m.put("worst_index", new int[] {r.worst().row(), r.worst().col()});
                    m.put("analytic", r.worst().analytic());
                    m.put("numeric", r.worst().numeric());
                }
                m.put("relative_error", r.maxRelativeError());
                m.put("passed", r.passed(tolerance));
                list.add(m);
            }
            root.put("reports", list);
            out.println(Json.write(root));
        } else {
            TextTable t = new TextTable("", "subject", "entries", "worst", "index", "analytic", "numeric",
                    "relative error", "result");
            for (Report r : reports) {
                var w = r.worst();
                t.row(r.subject(), r.checked(), w == null ? "-" : w.tensor(),
                        w == null ? "-" : "(" + w.row() + ", " + w.col() + ")",
                        w == null ? "-" : String.format(Locale.ROOT, "%.6e", w.analytic()),
                        w == null ? "-" : String.format(Locale.ROOT, "%.6e", w.numeric()),
                        String.format(Locale.ROOT, "%.2e", r.maxRelativeError()), r.passed(tolerance) ? "pass" : "FAIL");
            }
            t.print(out);
            long failed = reports.stream().filter(r -> !r.passed(tolerance)).count();
            out.printf(Locale.ROOT, "%s, %d passed, %d failed (tolerance %.0e)%n", Numbers.plural(reports.size(), "check"),
                    reports.size() - failed, failed, tolerance);
        }
        return allPassed ? 0 : Main.CHECK_FAILED;
    }

    private List<Report> checkNetwork() throws Exception {
        Sequential model = NetworkFile.load(network, DType.FLOAT64, seed);
        List<Report> reports = new ArrayList<>();
        for (int i = 0; i < model.layers().size(); i++) {
            Layer layer = model.layers().get(i);
            reports.add(GradientCheck.layer("layer " + (i + 1) + " " + layer, layer, batch,
                    i == 0 ? model.inputShape() : model.outputShape(i - 1), seed + i));
        }
        if (model.loss() == null) {
            return reports;
        }
        reports.add(GradientCheck.loss(model.loss(), batch, model.outputs(), seed));
        Random random = new Random(seed);
        Tensor x = Tensor.zeros(DType.FLOAT64, batch, model.inputs());
        for (int k = 0; k < x.size(); k++) {
            x.setFlat(k, random.nextGaussian());
        }
        Tensor t = Tensor.zeros(DType.FLOAT64, batch, model.outputs());
        String loss = model.loss().name();
        for (int r = 0; r < batch; r++) {
            if (loss.equals("softmax-ce")) {
                t.set(r, random.nextInt(model.outputs()), 1);
            } else {
                for (int c = 0; c < model.outputs(); c++) {
                    t.set(r, c, loss.startsWith("bce") ? random.nextInt(2) : random.nextGaussian());
                }
            }
        }
        Report whole = GradientCheck.model(model, x, t);
        reports.add(new Report("whole network " + network.getFileName(), whole.checked(), whole.worst()));
        return reports;
    }
}
