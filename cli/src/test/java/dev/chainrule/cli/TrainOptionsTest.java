package dev.chainrule.cli;

import dev.chainrule.io.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The optimizer, regularization, schedule and early-stopping options of {@code train}. */
class TrainOptionsTest {
    @TempDir
    Path dir;

    @Test
    void helpShowsEveryTrainingOptionWithItsDefault() {
        String help = Cli.run("train", "--help").out().replaceAll("\\s+", " "); // words, wherever the lines wrap
        for (String option : List.of("--optimizer", "--momentum", "--weight-decay", "--l2", "--dropout", "--schedule",
                "--clip-norm", "--early-stopping", "--monitor", "--validation-fraction")) {
            assertTrue(help.contains(option), option + " missing from train --help");
        }
        for (String shown : List.of("Default: sgd", "Default: 0.9", "Default: constant", "Default: val_loss",
                "0.01 for adamw", "0.001 for adam")) {
            assertTrue(help.contains(shown), shown + " missing from train --help");
        }
    }

    @Test
    void adamWithDropoutScheduleAndEarlyStoppingTrainsAndSaves() {
        Path model = dir.resolve("m.model");
        Cli.Result r = Cli.run("train", "--optimizer", "adam", "--dropout", "0.2", "--schedule", "warmup:1+cosine",
                "--early-stopping", "2", "--epochs", "6", "--hidden", "32", "--out", model.toString(), "--json");
        assertEquals(0, r.status(), r.toString());
        Map<String, Object> s = r.json();
        assertEquals("adam", s.get("optimizer"));
        assertEquals(0.001, s.get("lr"));
        assertEquals(0.1, s.get("validation_fraction"));
        assertEquals("64-32-10", s.get("network"));
        assertTrue(Json.asNumber(s.get("test_accuracy"), "acc") > 0.8, s.toString());
        assertTrue(r.out().contains("1,293 training, 145 validation and 359 test examples (validation: 10% of the training part)"),
                r.out());
        String epoch = r.out().lines().filter(l -> l.startsWith("epoch 1/6")).findFirst().orElseThrow();
        assertTrue(epoch.contains("val loss") && epoch.contains("val acc") && !epoch.contains("test"), epoch);
        assertTrue(Files.exists(model));
        Cli.Result e = Cli.run("evaluate", "--model", model.toString(), "--json");
        assertEquals(0, e.status(), e.toString());
        assertEquals(s.get("test_accuracy"), e.json().get("test_accuracy"));
    }

    @Test
    void everyOptimizerRuns() {
        for (String name : List.of("sgd", "momentum", "nesterov", "adamw", "rmsprop")) {
            Cli.Result r = Cli.run("train", "--optimizer", name, "--epochs", "1", "--hidden", "16", "--l2", "1e-4",
                    "--clip-norm", "5", "--json");
            assertEquals(0, r.status(), name + ": " + r);
            assertEquals(name, r.json().get("optimizer"));
        }
    }

    @Test
    void aHugeLearningRateStopsWithTheDivergenceMessageAndSavesNothing() {
        Path model = dir.resolve("nan.model");
        Cli.Result r = Cli.run("train", "--lr", "1e6", "--epochs", "3", "--out", model.toString());
        assertEquals(TrainCommand.DIVERGED, r.status(), r.toString());
        assertTrue(r.err().contains("training diverged") && r.err().contains("epoch") && r.err().contains("batch"), r.err());
        assertFalse(r.err().contains("Exception") || r.err().contains("internal error"), r.err());
        assertFalse(Files.exists(model));
    }

    @Test
    void badSettingsNameTheValue() {
        Cli.Result opt = Cli.run("train", "--optimizer", "adagrad");
        assertEquals(2, opt.status());
        assertTrue(opt.err().contains("adagrad") && opt.err().contains("rmsprop"), opt.err());
        Cli.Result sched = Cli.run("train", "--schedule", "step:10");
        assertEquals(2, sched.status());
        assertTrue(sched.err().contains("step:10"), sched.err());
        Cli.Result momentum = Cli.run("train", "--optimizer", "momentum", "--momentum", "1.5");
        assertEquals(2, momentum.status());
        assertTrue(momentum.err().contains("momentum") && momentum.err().contains("1.5"), momentum.err());
        Cli.Result dropout = Cli.run("train", "--dropout", "1");
        assertEquals(2, dropout.status());
        assertTrue(dropout.err().contains("--dropout"), dropout.err());
    }
}
