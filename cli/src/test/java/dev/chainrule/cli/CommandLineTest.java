package dev.chainrule.cli;

import dev.chainrule.io.Json;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Help, refusals, gradcheck, and the command run as a separate process. */
class CommandLineTest {

    @Test
    void helpListsEveryCommandAndEveryOptionWithItsDefault() {
        Cli.Result r = Cli.run("--help");
        assertEquals(0, r.status(), r.toString());
        for (String command : List.of("train", "evaluate", "predict", "explain", "gradcheck")) {
            assertTrue(r.out().contains(command), command);
        }
        Cli.Result train = Cli.run("train", "--help");
        for (String option : List.of("--data", "--target", "--categorical", "--standardize", "--data-dir",
                "--test-fraction", "--hidden", "--layers", "--activation", "--loss", "--network", "--lr", "--batch",
                "--epochs", "--seed", "--out", "--plot", "--failures", "--confusion", "--json", "--progress", "--verbose")) {
            assertTrue(train.out().contains(option), option + " missing from train --help");
        }
        for (String shown : List.of("Default: 0.1", "Default: 20", "Default: relu", "default: 0.2", "Default: digits",
                "default: 50", "default: 128")) {
            // words, not lines: picocli sizes the option column by the longest option, so wrapping moves
            assertTrue(train.out().replaceAll("\\s+", " ").contains(shown), shown + " missing from train --help");
        }
        for (String command : List.of("evaluate", "predict", "explain", "gradcheck")) {
            Cli.Result h = Cli.run(command, "--help");
            assertEquals(0, h.status(), command);
            assertTrue(h.out().contains("--verbose"), command);
        }
        assertTrue(Cli.run("explain", "--help").out().contains("Default: 0.5"));
    }

    @Test
    void unknownOptionsAndBadValuesAreRefusedByName() {
        Cli.Result r = Cli.run("train", "--epoch", "3");
        assertEquals(2, r.status(), r.toString());
        assertTrue(r.err().contains("--epoch"), r.err());
        r = Cli.run("train", "--epochs", "many");
        assertEquals(2, r.status(), r.toString());
        assertTrue(r.err().contains("--epochs") && r.err().contains("many"), r.err());
        r = Cli.run("train", "--epochs", "0");
        assertEquals(2, r.status(), r.toString());
        assertTrue(r.err().contains("chainrule train: --epochs: must be at least 1, got 0"), r.err());
        r = Cli.run("train", "--lr", "-1", "--epochs", "1");
        assertEquals(2, r.status(), r.toString());
        assertTrue(r.err().contains("chainrule train: --lr: the learning rate must be a positive number, got -1"), r.err());
        r = Cli.run("train", "--test-fraction", "1.5");
        assertEquals(2, r.status(), r.toString());
        assertTrue(r.err().contains("--test-fraction: must be in [0, 1), got 1.5"), r.err());
        r = Cli.run("train", "--activation", "swish", "--epochs", "1");
        assertEquals(2, r.status(), r.toString());
        assertTrue(r.err().contains("--activation: unknown activation 'swish'"), r.err());
        r = Cli.run("frobnicate");
        assertEquals(2, r.status(), r.toString());
        assertTrue(r.err().contains("frobnicate"), r.err());
        r = Cli.run("train", "--progress", "sometimes");
        assertEquals(2, r.status(), r.toString());
        assertTrue(r.err().contains("sometimes"), r.err());
        assertFalse(r.err().contains("\tat "), "no stack trace without --verbose");
    }

    @Test
    void verboseShowsTheStackTrace() {
        Cli.Result r = Cli.run("evaluate", "--model", "no/such.model", "--verbose");
        assertEquals(2, r.status(), r.toString());
        assertTrue(r.err().contains("\tat "), r.err());
    }

    @Test
    void gradcheckPassesEveryLayerAndLoss() {
        Cli.Result r = Cli.run("gradcheck", "--json");
        assertEquals(0, r.status(), r.toString());
        var root = r.json();
        assertEquals(true, root.get("passed"));
        List<Object> reports = Json.asArray(root.get("reports"), "reports");
        // every sample of every registered layer type (dev.chainrule.layer.LayerRegistry) and the 5 losses
        int checks = dev.chainrule.layer.LayerRegistry.all().stream().mapToInt(t -> t.samples().size()).sum() + 5;
        assertEquals(checks, reports.size());
        for (Object o : reports) {
            var m = Json.asObject(o, "report");
            assertTrue(m.containsKey("worst_parameter") && m.containsKey("analytic") && m.containsKey("numeric")
                    && m.containsKey("relative_error"), m.toString());
        }
        Cli.Result table = Cli.run("gradcheck");
        assertTrue(table.out().contains("relative error"), table.out());
        assertTrue(table.out().contains(checks + " checks, " + checks + " passed, 0 failed"), table.out());
        assertTrue(table.out().contains("conv2d stride 2, padding 1 on [2, 6, 5]"), table.out());
        Cli.Result net = Cli.run("gradcheck", "--network", "examples/networks/seed003.json");
        assertEquals(0, net.status(), net.toString());
        assertTrue(net.out().contains("whole network seed003.json"), net.out());
    }

    @Test
    void misspeltCommandsAndOptionsGetTheNearestName() {
        Cli.Result r = Cli.run("trian");
        assertEquals(2, r.status(), r.toString());
        assertTrue(r.err().startsWith("chainrule: unknown command 'trian'; did you mean train?"), r.err());
        assertTrue(r.err().contains("Run 'chainrule --help'"), r.err());
        assertFalse(r.err().contains("chainrule :") || r.err().contains("  --help"), "no stray spaces: " + r.err());
        r = Cli.run("train", "--epoch", "3");
        assertTrue(r.err().startsWith("chainrule train: unknown option '--epoch'; did you mean --epochs?"), r.err());
        assertTrue(r.err().contains("Run 'chainrule train --help'"), r.err());
        r = Cli.run("train", "--optimiser", "adam");
        assertTrue(r.err().contains("did you mean --optimizer?"), r.err());
        r = Cli.run("train", "--optimizer", "adma");
        assertTrue(r.err().contains("--optimizer: unknown optimizer 'adma'; did you mean adam?"), r.err());
        r = Cli.run("train", "--activation", "rleu");
        assertTrue(r.err().contains("did you mean relu?"), r.err());
        r = Cli.run("xyzzy");
        assertTrue(r.err().startsWith("chainrule: unknown command 'xyzzy' (commands: train,"), r.err());
        assertEquals("train", Suggest.nearest("trian", List.of("train", "evaluate", "explain")));
        assertEquals("explain", Suggest.nearest("explian", List.of("train", "evaluate", "explain")));
        assertEquals(null, Suggest.nearest("zz", List.of("train", "evaluate")));
    }

    @Test
    void errorsNameTheOption() {
        for (String[] c : new String[][] {
            {"--hidden", "0", "--hidden: layer sizes must be at least 1, got 0"},
            {"--lr", "-1", "--lr: the learning rate must be a positive number, got -1"},
            {"--lr", "0", "--lr: the learning rate must be a positive number, got 0"},
            {"--epochs", "0", "--epochs: must be at least 1, got 0"},
            {"--batch", "0", "--batch: must be at least 1, got 0"},
            {"--dropout", "1.5", "--dropout: must be in [0, 1), got 1.5"},
            {"--momentum", "-0.5", "--momentum: must be in [0, 1), got -0.5"},
            {"--l2", "-1", "--l2: must be a number >= 0, got -1"},
            {"--validation-fraction", "1", "--validation-fraction: must be in [0, 1), got 1"},
            {"--early-stopping", "-2", "--early-stopping: takes a patience of at least 1 epoch"},
            {"--schedule", "step:x", "--schedule: "},
            {"--threads", "0", "--threads: must be at least 1, got 0"},
            {"--top-k", "0", "--top-k: must be at least 1, got 0"}}) {
            Cli.Result r = Cli.run("train", c[0], c[1]);
            assertEquals(2, r.status(), String.join(" ", c) + ": " + r);
            assertTrue(r.err().startsWith("chainrule train: " + c[2]), String.join(" ", c) + ": " + r.err());
            assertEquals(1, r.err().strip().lines().count(), r.err());
        }
    }

    @Test
    void settingsThatAreWrongTogether() {
        Cli.Result bce = Cli.run("train", "--loss", "bce");
        assertEquals(2, bce.status(), bce.toString());
        assertTrue(bce.err().contains("--loss bce is for two classes with one output, but digits has 10 classes;"
                + " use --loss softmax-ce"), bce.err());
        Cli.Result softmax = Cli.run("train", "--activation", "softmax");
        assertEquals(2, softmax.status());
        assertTrue(softmax.err().contains("--activation softmax: softmax is an output function"), softmax.err());
        Cli.Result monitor = Cli.run("train", "--monitor", "val_accuracy", "--epochs", "1", "--progress", "none");
        assertEquals(0, monitor.status(), monitor.toString());
        assertTrue(monitor.err().contains("warning: --monitor val_accuracy has no effect without --early-stopping"),
                monitor.err());
        Cli.Result noValidation = Cli.run("train", "--early-stopping", "2", "--validation-fraction", "0");
        assertEquals(2, noValidation.status());
        assertTrue(noValidation.err().contains("needs a validation part"), noValidation.err());
        Cli.Result tolerance = Cli.run("gradcheck", "--tolerance", "-1");
        assertEquals(2, tolerance.status());
        assertTrue(tolerance.err().contains("--tolerance: the largest relative error that passes must be a positive"
                + " number, got -1"), tolerance.err());
    }

    @Test
    void aFailedGradientCheckExitsFour() {
        Cli.Result r = Cli.run("gradcheck", "--tolerance", "1e-30");
        assertEquals(Main.CHECK_FAILED, r.status(), r.toString());
        assertEquals(4, Main.CHECK_FAILED);
        assertTrue(r.out().contains("failed"), r.out());
        assertTrue(Cli.run("gradcheck", "--help").out().replaceAll("\\s+", " ").contains("Exit status 4 when a check fails"));
        String help = Cli.run("--help").out().replaceAll("\\s+", " ");
        assertTrue(help.contains("0 done, 1 internal error, 2 bad input") && help.contains("4 a gradient check failed, 130 interrupted"),
                help);
    }

    @Test
    void bashCompletionComesFromTheCommandDefinitions() {
        Cli.Result r = Cli.run("completion", "bash");
        assertEquals(0, r.status(), r.toString());
        String script = r.out();
        assertTrue(script.startsWith("#!/usr/bin/env bash"), script.substring(0, 40));
        assertTrue(script.contains("complete -F"), "registers a completion function");
        for (String word : List.of("train", "evaluate", "predict", "gradcheck", "--batching", "--dtype",
                "(\"shuffled\" \"full\" \"sampled\" \"ordered\")", "(\"float32\" \"float64\")")) {
            assertTrue(script.contains(word), word + " missing from the completion script");
        }
        Cli.Result fish = Cli.run("completion", "fish");
        assertEquals(2, fish.status());
    }

    /** The real process: exit codes, standard streams, and no terminal. */
    @Test
    void runsAsASeparateProcess() throws Exception {
        List<String> java = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        Path jar = Path.of("cli/target/chainrule.jar");
        List<String> base = new ArrayList<>(java);
        base.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.chainrule.cli.Main"));
        assertProcess(base);
        assumeTrue(Files.isRegularFile(jar), "the shaded jar is built by 'mvn package' (./chainrule does it)");
        // A jar older than the classes under test is a leftover of an earlier build, not this code.
        Path mainClass = Path.of("cli/target/classes/dev/chainrule/cli/Main.class");
        assumeTrue(!Files.exists(mainClass)
                        || !Files.getLastModifiedTime(jar).toInstant().isBefore(Files.getLastModifiedTime(mainClass).toInstant()),
                "the shaded jar is older than the compiled classes; './chainrule' rebuilds it");
        List<String> shaded = new ArrayList<>(java);
        shaded.addAll(List.of("-jar", jar.toString()));
        assertProcess(shaded);
    }

    private static void assertProcess(List<String> command) throws Exception {
        List<String> explain = new ArrayList<>(command);
        explain.addAll(List.of("explain", "--network", ExplainCommandTest.SEED004, "--input", "0.5,0.1,-0.2",
                "--target", "0.6", "--lr", "0.5", "--json"));
        String[] result = exec(explain);
        assertEquals("0", result[0], result[2]);
        var trace = Json.asObject(Json.parse(result[1].strip()), "trace");
        Cli.assertPrinted("0.00804047", Json.asMatrix(
                Json.asObject(Json.asArray(trace.get("layers"), "l").get(2), "l").get("weight_step"), "s")[0][0], "step");
        List<String> bad = new ArrayList<>(command);
        bad.addAll(List.of("train", "--epochs", "x"));
        result = exec(bad);
        assertEquals("2", result[0], result[2]);
        assertTrue(result[2].contains("--epochs"), result[2]);
    }

    private static String[] exec(List<String> command) throws Exception {
        File err = File.createTempFile("chainrule", ".err");
        try {
            Process p = new ProcessBuilder(command).redirectError(err).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the process finished");
            return new String[] {Integer.toString(p.exitValue()), out, Files.readString(err.toPath())};
        } finally {
            err.delete();
        }
    }
}
