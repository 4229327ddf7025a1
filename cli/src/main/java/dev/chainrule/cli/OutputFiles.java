package dev.chainrule.cli;

import dev.chainrule.data.BuiltinDataSets;
import dev.chainrule.data.DataLocator;
import dev.chainrule.data.DataOptions;
import dev.chainrule.data.IdxDataSet;
import dev.chainrule.data.IdxFolder;
import dev.chainrule.io.AtomicFiles;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.ParseResult;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The files a command will write, checked before it starts any work (loading data, training),
 * so that a missing folder or a bad target is reported at once and not after an hour of
 * training:
 *
 * <ul>
 *   <li>each output can be written ({@link AtomicFiles#writablePath}: its folder exists, it is a
 *       regular file or nothing yet, a symbolic link points to a regular file);</li>
 *   <li>no output is one of the command's input files (the data, the network, the model, the
 *       rows to predict), so an input is never overwritten;</li>
 *   <li>no two outputs are the same file.</li>
 * </ul>
 *
 * <p>Options are told apart by name: a new option that writes a file goes in {@link #OUTPUTS},
 * one that reads a file in {@link #INPUTS}.
 */
final class OutputFiles {
    /** Options that name a file the command writes ({@code --checkpoint} names a folder: train checks it). */
    static final Set<String> OUTPUTS = Set.of("--out", "--plot", "--failures", "--confusion", "--output", "--log",
            "--svg", "--html", "--report", "--export", "--safetensors", "--onnx");
    /** Options that name a file or folder the command reads. */
    static final Set<String> INPUTS = Set.of("--data", "--network", "--model", "--input", "--test-data",
            "--validation-data", "--resume", "--init-from");

    private OutputFiles() {
    }

    /** Checks the outputs of the command that {@code parsed} ends in, as described above. */
    static void check(ParseResult parsed) {
        ParseResult command = parsed;
        while (command.hasSubcommand()) {
            command = command.subcommand();
        }
        Map<String, Path> outputs = new LinkedHashMap<>();
        Map<String, List<Path>> inputs = new LinkedHashMap<>();
        Path dataDir = null;
        for (OptionSpec option : command.matchedOptions()) {
            if (option.longestName().equals("--data-dir") && option.getValue() instanceof Path p) {
                dataDir = p;
            }
        }
        for (OptionSpec option : command.matchedOptions()) {
            String name = option.longestName();
            Object value = option.getValue();
            if (!(value instanceof Path) && !(value instanceof String)) {
                continue;
            }
            if (OUTPUTS.contains(name)) {
                outputs.put(name, value instanceof Path p ? p : path(name, (String) value));
            } else if (INPUTS.contains(name)) {
                inputs.put(name, inputFiles(value.toString(), dataDir));
            }
        }
        for (PositionalParamSpec positional : command.matchedPositionals()) {
            Object value = positional.getValue();
            if (value instanceof Path || value instanceof String) {
                inputs.put(positional.paramLabel(), inputFiles(value.toString(), dataDir)); // export MODEL, summary MODEL
            }
        }
        if (outputs.isEmpty()) {
            return;
        }
        Map<String, Path> real = new LinkedHashMap<>();
        for (Map.Entry<String, Path> out : outputs.entrySet()) {
            try {
                real.put(out.getKey(), AtomicFiles.writablePath(out.getValue()));
            } catch (IOException e) {
                throw cannotWrite(out.getKey(), e);
            }
        }
        for (Map.Entry<String, Path> out : outputs.entrySet()) {
            for (Map.Entry<String, List<Path>> in : inputs.entrySet()) {
                for (Path file : in.getValue()) {
                    if (sameFile(real.get(out.getKey()), file)) {
                        throw new IllegalArgumentException(out.getKey() + " " + out.getValue() + " is "
                                + (file.toString().equals(in.getValue().get(0).toString()) && in.getValue().size() == 1
                                ? "the " + in.getKey() + " file" : "a file of " + in.getKey() + " (" + file + ")")
                                + ", an input of this run; writing it would overwrite the input: choose another file name");
                    }
                }
            }
        }
        List<String> names = new ArrayList<>(real.keySet());
        for (int i = 0; i < names.size(); i++) {
            for (int j = i + 1; j < names.size(); j++) {
                if (real.get(names.get(i)).normalize().equals(real.get(names.get(j)).normalize())) {
                    throw new IllegalArgumentException(names.get(i) + " and " + names.get(j) + " name the same file ("
                            + outputs.get(names.get(i)) + "); the second would overwrite the first");
                }
            }
        }
    }

    /**
     * Refuses an output that is {@code input}: for inputs found only while running, such as the
     * data a model file records.
     */
    static void requireNotInput(String outputOption, Path output, Path input, String what) {
        if (output == null || input == null) {
            return;
        }
        try {
            if (sameFile(AtomicFiles.writablePath(output), input)) {
                throw new IllegalArgumentException(outputOption + " " + output + " is " + what
                        + ", an input of this run; writing it would overwrite the input: choose another file name");
            }
        } catch (IOException e) {
            throw cannotWrite(outputOption, e);
        }
    }

    /** "--out m.model: is a folder; ...": the option, the path as given, and what is wrong with it. */
    private static IllegalArgumentException cannotWrite(String option, IOException e) {
        IllegalArgumentException bad = new IllegalArgumentException(option + " " + Main.message(e));
        bad.initCause(e);
        return bad;
    }

    /** The files an input option's value reads: the file, the IDX files of a folder or of a built-in data set. */
    private static List<Path> inputFiles(String value, Path dataDir) {
        Path path;
        try {
            path = Path.of(value);
        } catch (InvalidPathException e) {
            return List.of();
        }
        if (Files.isDirectory(path)) {
            return idxFiles(path);
        }
        if (Files.exists(path)) {
            return List.of(path);
        }
        Optional<IdxDataSet> builtin = BuiltinDataSets.idx(value);
        if (builtin.isPresent()) {
            try {
                DataOptions options = DataOptions.defaults().withDownload(false);
                return idxFiles(DataLocator.locate(builtin.get(), dataDir == null ? options : options.withDataDir(dataDir)));
            } catch (RuntimeException e) {
                return List.of(); // not found: loading it will say so
            }
        }
        return List.of();
    }

    private static List<Path> idxFiles(Path folder) {
        List<Path> files = new ArrayList<>();
        for (String name : IdxFolder.FILES) {
            Path f = IdxFolder.find(folder, name);
            if (f != null) {
                files.add(f);
            }
        }
        return files;
    }

    private static boolean sameFile(Path output, Path input) {
        if (!Files.exists(output) || !Files.exists(input)) {
            return false;
        }
        try {
            return Files.isSameFile(output, input);
        } catch (IOException e) {
            return output.normalize().equals(input.toAbsolutePath().normalize());
        }
    }

    private static Path path(String option, String value) {
        try {
            return Path.of(value);
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException(option + " " + value + ": not a valid path");
        }
    }
}
