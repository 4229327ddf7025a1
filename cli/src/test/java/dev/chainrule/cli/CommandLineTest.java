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
        for (String shown : List.of("Default: 0.1", "Default: 20", "Default: relu", "Default: 0.2", "Default: digits",
                "default: 50", "default: 128")) {
            assertTrue(train.out().contains(shown), shown + " missing from train --help");
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
        assertTrue(r.err().contains("epochs must be at least 1, got 0"), r.err());
        r = Cli.run("train", "--lr", "-1", "--epochs", "1");
        assertEquals(2, r.status(), r.toString());
        assertTrue(r.err().contains("learning rate must be a positive finite number, got -1.0"), r.err());
        r = Cli.run("train", "--test-fraction", "1.5");
        assertEquals(2, r.status(), r.toString());
        assertTrue(r.err().contains("--test-fraction must be in [0, 1), got 1.5"), r.err());
        r = Cli.run("train", "--activation", "swish", "--epochs", "1");
        assertEquals(2, r.status(), r.toString());
        assertTrue(r.err().contains("unknown activation 'swish'"), r.err());
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
        assertEquals(13, reports.size());
        for (Object o : reports) {
            var m = Json.asObject(o, "report");
            assertTrue(m.containsKey("worst_parameter") && m.containsKey("analytic") && m.containsKey("numeric")
                    && m.containsKey("relative_error"), m.toString());
        }
        Cli.Result table = Cli.run("gradcheck");
        assertTrue(table.out().contains("relative error"), table.out());
        assertTrue(table.out().contains("13 checks, 13 passed, 0 failed"), table.out());
        Cli.Result net = Cli.run("gradcheck", "--network", "examples/networks/seed003.json");
        assertEquals(0, net.status(), net.toString());
        assertTrue(net.out().contains("whole network seed003.json"), net.out());
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
