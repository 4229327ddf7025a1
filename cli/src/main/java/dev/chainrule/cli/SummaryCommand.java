package dev.chainrule.cli;

import dev.chainrule.data.ColumnEncoding;
import dev.chainrule.data.PixelScaling;
import dev.chainrule.data.Preprocessing;
import dev.chainrule.data.TabularPreprocessing;
import dev.chainrule.data.TargetEncoding;
import dev.chainrule.io.DatasetRecord;
import dev.chainrule.io.Json;
import dev.chainrule.io.ModelFile;
import dev.chainrule.io.SavedModel;
import dev.chainrule.io.TrainingRecord;
import dev.chainrule.layer.Dense;
import dev.chainrule.layer.Dropout;
import dev.chainrule.layer.Layer;
import dev.chainrule.layer.LeakyReLU;
import dev.chainrule.layer.Parameter;
import dev.chainrule.model.Sequential;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code chainrule summary}: what a model file holds, without loading any data. */
@Command(name = "summary", mixinStandardHelpOptions = true, showDefaultValues = true, sortOptions = false,
        description = {"Describe a saved model: its layers with their shapes and parameter counts, the preprocessing"
            + " and the classes, the data and training settings it was trained with and the results, and the file's"
            + " format version."},
        footer = {"", "Example:", "  chainrule summary digits.model"})
final class SummaryCommand implements Callable<Integer> {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "MODEL", description = "a model file saved by train --out")
    Path modelFile;

    @Option(names = "--json", description = "print one JSON object instead of the text")
    boolean json;

    @Mixin
    VerboseOption verbose;

    @Override
    public Integer call() throws IOException {
        ModelFile.Info info = ModelFile.info(modelFile);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(Json.write(toJson(info)));
        } else {
            print(out, info);
        }
        out.flush();
        return 0;
    }

    private void print(PrintWriter out, ModelFile.Info info) {
        SavedModel saved = info.saved();
        Sequential model = saved.model();
        out.printf(Locale.ROOT, "%s: chainrule model file, format version %d, %s bytes, SHA-256 %s%n", modelFile,
                info.version(), Numbers.count(info.bytes()), info.sha256());
        out.printf(Locale.ROOT, "network %s, %s, loss %s, %s parameters%n", ModelOptions.sizes(model),
                model.dtype().toString().toLowerCase(Locale.ROOT), model.loss() == null ? "none" : model.loss().name(),
                Numbers.count(model.parameterCount()));
        out.println();
        TextTable layers = new TextTable("  ", "layer", "input", "output", "parameters", "shapes");
        for (int i = 0; i < model.layers().size(); i++) {
            Layer layer = model.layers().get(i);
            dev.chainrule.tensor.Shape in = i == 0 ? model.inputShape() : model.outputShape(i - 1);
            long count = 0;
            List<String> shapes = new ArrayList<>();
            for (Parameter p : layer.parameters()) {
                count += p.size();
                shapes.add(p.name().substring(p.name().lastIndexOf('.') + 1) + " " + p.value().shape());
            }
            layers.row((i + 1) + " " + describe(layer, in), in.toString(), model.outputShape(i).toString(),
                    Numbers.count(count), String.join(", ", shapes));
        }
        layers.print(out);
        out.println();
        out.println("preprocessing: " + describe(saved.preprocessing()));
        List<String> classes = saved.classNames();
        out.println(classes.isEmpty() ? "classes: none (the outputs are numbers)"
                : "classes (" + classes.size() + "): " + String.join(", ", classes));
        DatasetRecord data = saved.dataset();
        if (data == null) {
            out.println("data: not recorded");
        } else {
            StringBuilder d = new StringBuilder("data: ").append(data.data());
            if (data.target() != null) {
                d.append(", target ").append(data.target());
            }
            if (!data.categorical().isEmpty()) {
                d.append(", one-hot ").append(String.join(",", data.categorical()));
            }
            if (!data.standardize().isEmpty()) {
                d.append(", standardized ").append(String.join(",", data.standardize()));
            }
            if (data.testData() != null) {
                d.append(", test file ").append(data.testData());
            } else if (data.target() != null || data.data().equals("digits")) {
                d.append(", test fraction ").append(Numbers.seed(data.testFraction())); // CSV and digits: a held-out part
            } else {
                d.append(", test part: its own test files"); // IDX data sets come with theirs
            }
            d.append(", split seed ").append(data.seed());
            out.println(d);
        }
        TrainingRecord training = saved.training();
        if (training == null) {
            out.println("training: not recorded");
            return;
        }
        TrainingRecord.Settings s = training.settings();
        StringBuilder t = new StringBuilder("training: ").append(s.optimizer()).append(", lr ").append(Numbers.seed(s.learningRate()));
        if (!Double.isNaN(s.momentum())) {
            t.append(", momentum ").append(Numbers.seed(s.momentum()));
        }
        if (s.weightDecay() != 0) {
            t.append(", weight decay ").append(Numbers.seed(s.weightDecay()));
        }
        if (s.l2() != 0) {
            t.append(", l2 ").append(Numbers.seed(s.l2()));
        }
        t.append(", schedule ").append(s.schedule());
        if (s.clipNorm() != 0) {
            t.append(", clip norm ").append(Numbers.seed(s.clipNorm()));
        }
        t.append(", batch ").append(s.batch()).append(", ").append(s.epochs()).append(" epochs");
        if (s.patience() > 0) {
            t.append(", early stopping ").append(s.patience()).append(" on ").append(s.monitor());
        }
        if (s.validationFraction() > 0) {
            t.append(", validation fraction ").append(Numbers.seed(s.validationFraction()));
        }
        t.append(", seed ").append(s.seed());
        if (s.initFrom() != null) {
            t.append(", started from ").append(s.initFrom());
        }
        out.println(t);
        TrainingRecord.Results r = training.results();
        StringBuilder res = new StringBuilder("results: ");
        res.append(r.epochsRun() > 0 ? r.epochsRun() + " epochs run" : "epochs run not recorded").append(" (").append(r.stopReason())
                .append(")");
        if (r.bestEpoch() > 0 && r.bestEpoch() != r.epochsRun()) {
            res.append(", kept the weights of epoch ").append(r.bestEpoch());
        }
        res.append(", final train loss ").append(Numbers.f4(r.finalTrainLoss()));
        if (r.testExamples() > 0) {
            res.append(", test loss ").append(Numbers.f4(r.testLoss()));
            if (!Double.isNaN(r.testAccuracy())) {
                res.append(", test accuracy ").append(Numbers.f4(r.testAccuracy()));
            }
        }
        res.append("; ").append(Numbers.count(r.trainExamples())).append(" training and ").append(Numbers.count(r.testExamples()))
                .append(" held-out examples");
        out.println(res);
    }

    /** The layer as its registered config labels it for this input ({@code conv2d, 16 filters 3x3, padding 1}). */
    static String describe(Layer layer, dev.chainrule.tensor.Shape input) {
        if (layer instanceof Dense || layer instanceof Dropout || layer instanceof LeakyReLU) {
            return describe(layer);
        }
        try {
            return layer.config().label(input);
        } catch (UnsupportedOperationException e) {
            return layer.type();
        }
    }

    static String describe(Layer layer) {
        if (layer instanceof Dense d) {
            return "dense " + d.inFeatures() + " -> " + d.outFeatures() + (d.hasBias() ? "" : ", no bias");
        }
        if (layer instanceof Dropout d) {
            return "dropout " + Numbers.seed(d.rate());
        }
        if (layer instanceof LeakyReLU l && layer.type().equals("leaky_relu")) {
            return "leaky_relu, slope " + Numbers.seed(l.slope());
        }
        return layer.type();
    }

    static String describe(Preprocessing pre) {
        if (pre == null) {
            return "none (features are used as given)";
        }
        if (pre instanceof PixelScaling p) {
            return String.format(Locale.ROOT, "%dx%d images, pixel / %s (to [0, 1])", p.height(), p.width(),
                    Numbers.seed(p.maxValue()));
        }
        TabularPreprocessing t = (TabularPreprocessing) pre;
        List<String> columns = new ArrayList<>();
        for (ColumnEncoding c : t.columns()) {
            if (c instanceof ColumnEncoding.Standardized z) {
                columns.add(z.column() + " (x - " + Numbers.seed(z.mean()) + ") / " + Numbers.seed(z.std()));
            } else if (c instanceof ColumnEncoding.OneHot h) {
                columns.add(h.column() + " one-hot " + String.join("|", h.categories()));
            } else {
                columns.add(c.column());
            }
        }
        TargetEncoding target = t.target();
        String targetText = target instanceof TargetEncoding.Classes k
                ? (k.oneColumn() ? "one 0/1 column" : "one-hot classes") : "values";
        return "CSV columns " + String.join(", ", columns) + " -> " + t.inputs() + " features; target " + target.column()
                + " as " + targetText;
    }

    private Map<String, Object> toJson(ModelFile.Info info) {
        SavedModel saved = info.saved();
        Sequential model = saved.model();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("model", modelFile.toString());
        m.put("format_version", info.version());
        m.put("bytes", info.bytes());
        m.put("sha256", info.sha256());
        m.put("network", ModelOptions.sizes(model));
        m.put("dtype", model.dtype().toString().toLowerCase(Locale.ROOT));
        m.put("loss", model.loss() == null ? null : model.loss().name());
        m.put("parameters", model.parameterCount());
        List<Object> layers = new ArrayList<>();
        int width = model.inputs();
        for (Layer layer : model.layers()) {
            Map<String, Object> l = new LinkedHashMap<>();
            int next = layer.outputSize(width);
            l.put("type", layer.type());
            l.put("description", describe(layer));
            l.put("inputs", width);
            l.put("outputs", next);
            long count = 0;
            Map<String, Object> shapes = new LinkedHashMap<>();
            for (Parameter p : layer.parameters()) {
                count += p.size();
                shapes.put(p.name(), p.value().dims());
            }
            l.put("parameters", count);
            l.put("shapes", shapes);
            layers.add(l);
            width = next;
        }
        m.put("layers", layers);
        m.put("preprocessing", saved.preprocessing() == null ? null : saved.preprocessing().toMap());
        m.put("class_names", saved.classNames());
        DatasetRecord data = saved.dataset();
        if (data != null) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("data", data.data());
            d.put("target", data.target());
            d.put("categorical", data.categorical());
            d.put("standardize", data.standardize());
            d.put("test_fraction", data.testFraction());
            d.put("seed", data.seed());
            m.put("dataset", d);
        } else {
            m.put("dataset", null);
        }
        TrainingRecord training = saved.training();
        if (training != null) {
            TrainingRecord.Settings s = training.settings();
            Map<String, Object> st = new LinkedHashMap<>();
            st.put("optimizer", s.optimizer());
            st.put("lr", s.learningRate());
            st.put("momentum", s.momentum());
            st.put("weight_decay", s.weightDecay());
            st.put("l2", s.l2());
            st.put("schedule", s.schedule());
            st.put("clip_norm", s.clipNorm());
            st.put("batch", s.batch());
            st.put("epochs", s.epochs());
            st.put("early_stopping", s.patience());
            st.put("monitor", s.monitor());
            st.put("validation_fraction", s.validationFraction());
            st.put("seed", s.seed());
            st.put("init_from", s.initFrom());
            m.put("training", st);
            TrainingRecord.Results r = training.results();
            Map<String, Object> rs = new LinkedHashMap<>();
            rs.put("train_examples", r.trainExamples());
            rs.put("test_examples", r.testExamples());
            rs.put("epochs_run", r.epochsRun());
            rs.put("final_train_loss", r.finalTrainLoss());
            rs.put("test_loss", r.testLoss());
            rs.put("test_accuracy", r.testAccuracy());
            rs.put("stop_reason", r.stopReason());
            rs.put("best_epoch", r.bestEpoch());
            m.put("results", rs);
        } else {
            m.put("training", null);
            m.put("results", null);
        }
        return m;
    }
}
