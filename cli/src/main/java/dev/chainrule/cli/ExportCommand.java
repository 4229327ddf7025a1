package dev.chainrule.cli;

import dev.chainrule.io.ModelFile;
import dev.chainrule.io.SavedModel;
import dev.chainrule.io.StateDict;
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

/** {@code chainrule export}: a saved model's weights for other tools (safetensors). */
@Command(name = "export", mixinStandardHelpOptions = true, showDefaultValues = true, sortOptions = false,
        description = {"Write a saved model in a format other tools read.",
            "--safetensors writes the weights as PyTorch's nn.Sequential of the same layers names and lays them out:"
                + " the dense layer at position i (0-based, activations counted) is i.weight [out, in] and i.bias [out]."},
        footer = {"", "Examples:",
            "  chainrule export digits.model --safetensors digits.safetensors",
            "  python3 -c \"from safetensors.torch import load_file; print(load_file('digits.safetensors').keys())\""})
final class ExportCommand implements Callable<Integer> {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "MODEL", description = "a model file saved by train --out")
    Path modelFile;

    @Option(names = "--safetensors", paramLabel = "FILE", description = "write the weights here as safetensors (atomically)")
    Path safetensors;

    @Mixin
    VerboseOption verbose;

    @Override
    public Integer call() throws IOException {
        if (safetensors == null) {
            throw new IllegalArgumentException("say what to write: --safetensors FILE");
        }
        refuseOverwritingTheModel(safetensors, "--safetensors");
        SavedModel saved = ModelFile.load(modelFile);
        PrintWriter out = spec.commandLine().getOut();
        StateDict.save(safetensors, saved.model());
        out.println("wrote " + safetensors + " (" + StateDict.of(saved.model()).size() + " tensors, PyTorch names and"
                + " layouts)");
        out.flush();
        return 0;
    }

    private void refuseOverwritingTheModel(Path target, String option) throws IOException {
        if (Files.exists(target) && Files.exists(modelFile) && Files.isSameFile(target, modelFile)) {
            throw new IllegalArgumentException(option + " " + target + " is the model file itself; give another file name");
        }
    }
}
