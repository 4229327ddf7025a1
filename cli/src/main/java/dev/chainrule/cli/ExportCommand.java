package dev.chainrule.cli;

import dev.chainrule.io.ModelFile;
import dev.chainrule.io.SavedModel;
import dev.chainrule.io.StateDict;
import dev.chainrule.onnx.OnnxExport;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code chainrule export}: a saved model for other tools (ONNX, safetensors). */
@Command(name = "export", mixinStandardHelpOptions = true, showDefaultValues = true, sortOptions = false,
        description = {"Write a saved model in a format other tools read.",
            "--onnx writes the whole model as an ONNX graph (opset 13: Gemm, Conv, MaxPool, AveragePool,"
                + " GlobalAveragePool, Flatten, BatchNormalization, Relu, Sigmoid, Tanh, LeakyRelu, Softmax) that takes"
                + " the raw inputs, [batch, features] or [batch, channels, height, width]: pixel scaling and z-scores are"
                + " folded into it; one-hot columns stay outside (the input holds the indicators). The output is what"
                + " predict gives: class probabilities, or the predicted values.",
            "--safetensors writes the weights as PyTorch's nn.Sequential of the same layers names and lays them out:"
                + " the layer at position i (0-based, activations, pooling and flatten counted) has i.weight and i.bias;"
                + " a dense weight is [out, in], a conv2d weight [out, in, kH, kW], and batchnorm adds i.running_mean"
                + " and i.running_var."},
        footer = {"", "Examples:",
            "  chainrule export digits.model --onnx digits.onnx",
            "  chainrule export digits.model --safetensors digits.safetensors",
            "  python3 -c \"from safetensors.torch import load_file; print(load_file('digits.safetensors').keys())\""})
final class ExportCommand implements Callable<Integer> {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "MODEL", description = "a model file saved by train --out")
    Path modelFile;

    @Option(names = "--onnx", paramLabel = "FILE", description = "write the model here as ONNX (atomically)")
    Path onnx;

    @Option(names = "--safetensors", paramLabel = "FILE", description = "write the weights here as safetensors (atomically)")
    Path safetensors;

    @Mixin
    VerboseOption verbose;

    @Override
    public Integer call() throws IOException {
        if (safetensors == null && onnx == null) {
            throw new IllegalArgumentException("say what to write: --onnx FILE, --safetensors FILE, or both");
        }
        if (onnx != null) {
            refuseOverwritingTheModel(onnx, "--onnx");
        }
        if (safetensors != null) {
            refuseOverwritingTheModel(safetensors, "--safetensors");
        }
        SavedModel saved = ModelFile.load(modelFile);
        PrintWriter out = spec.commandLine().getOut();
        if (onnx != null) {
            OnnxExport.save(onnx, saved);
            String input = saved.model().inputShape().toString();
            out.println("wrote " + onnx + " (ONNX opset " + OnnxExport.OPSET + "; input \"input\" [batch, "
                    + input.substring(1) + ", output \"output\" [batch, " + saved.model().outputs() + "])");
        }
        if (safetensors != null) {
            StateDict.save(safetensors, saved.model());
            out.println("wrote " + safetensors + " (" + StateDict.of(saved.model()).size() + " tensors, PyTorch names and"
                    + " layouts)");
        }
        out.flush();
        return 0;
    }

    private void refuseOverwritingTheModel(Path target, String option) throws IOException {
        if (Files.exists(target) && Files.exists(modelFile) && Files.isSameFile(target, modelFile)) {
            throw new IllegalArgumentException(option + " " + target + " is the model file itself; give another file name");
        }
    }
}
