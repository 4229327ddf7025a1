package dev.chainrule.cli;

import dev.chainrule.io.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the library has that a command-line user expects: a history log, top-k accuracy, a thread count. */
class LibraryOptionsTest {

    @Test
    void logWritesOneRowPerEpoch(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("history.csv");
        Cli.Result r = Cli.run("train", "--epochs", "3", "--hidden", "16", "--log", log.toString(), "--json");
        assertEquals(0, r.status(), r.toString());
        List<String> rows = Files.readAllLines(log);
        assertEquals("epoch,train_loss,train_accuracy,test_loss,test_accuracy,learning_rate,seconds", rows.get(0));
        assertEquals(4, rows.size(), String.join("\n", rows));
        String[] last = rows.get(3).split(",");
        assertEquals("3", last[0]);
        assertEquals(Json.asNumber(r.json().get("final_train_loss"), "loss"), Double.parseDouble(last[1]));
        assertEquals(Json.asNumber(r.json().get("test_accuracy"), "acc"), Double.parseDouble(last[4]));
        assertTrue(r.out().contains("wrote " + log + " (3 rows, one per epoch)"), r.out());

        Path val = dir.resolve("val.csv");
        Cli.Result v = Cli.run("train", "--epochs", "2", "--validation-fraction", "0.1", "--log", val.toString());
        assertEquals(0, v.status(), v.toString());
        assertTrue(Files.readAllLines(val).get(0).contains("val_loss,val_accuracy"), Files.readString(val));

        Path gre = dir.resolve("gre.csv");
        Cli.Result g = Cli.run("train", "--data", PredictCommandTest.ADMISSIONS, "--target", "gre", "--standardize", "gre,gpa",
                "--categorical", "rank", "--lr", "0.05", "--epochs", "2", "--log", gre.toString());
        assertEquals(0, g.status(), g.toString());
        assertTrue(Files.readAllLines(gre).get(0).contains("test_mae,test_rmse,test_r2"), Files.readString(gre));

        Path diverged = dir.resolve("diverged.csv");
        Cli.Result d = Cli.run("train", "--lr", "1e6", "--epochs", "3", "--log", diverged.toString());
        assertEquals(TrainCommand.DIVERGED, d.status(), d.toString());
    }

    @Test
    void topKAccuracyInTrainAndEvaluate(@TempDir Path dir) {
        Path model = dir.resolve("digits.model");
        Cli.Result r = Cli.run("train", "--epochs", "2", "--top-k", "3", "--out", model.toString(), "--json");
        assertEquals(0, r.status(), r.toString());
        Map<String, Object> s = r.json();
        assertEquals(3.0, s.get("top_k"));
        double top3 = Json.asNumber(s.get("test_top_k_accuracy"), "top-3");
        assertTrue(top3 >= Json.asNumber(s.get("test_accuracy"), "acc") && top3 <= 1, s.toString());
        assertTrue(r.out().contains("test top-3 accuracy "), r.out());
        Cli.Result e = Cli.run("evaluate", "--model", model.toString(), "--top-k", "3", "--json");
        assertEquals(0, e.status(), e.toString());
        assertEquals(s.get("test_top_k_accuracy"), e.json().get("test_top_k_accuracy"));
        Cli.Result one = Cli.run("train", "--data", PredictCommandTest.ADMISSIONS, "--target", "admit", "--loss", "bce",
                "--top-k", "2");
        assertEquals(2, one.status(), one.toString());
        assertTrue(one.err().contains("--top-k needs one output per class"), one.err());
    }

    @Test
    void threadsIsAppliedBeforeTheKernelsStart() {
        String before = System.getProperty(ThreadsOption.PROPERTY);
        try {
            ThreadsOption.apply(new String[] {"train", "--threads", "1"});
            assertEquals("1", System.getProperty(ThreadsOption.PROPERTY));
            ThreadsOption.apply(new String[] {"train", "--threads=3"});
            assertEquals("3", System.getProperty(ThreadsOption.PROPERTY));
            ThreadsOption.apply(new String[] {"train", "--threads", "zero"});
            assertEquals("3", System.getProperty(ThreadsOption.PROPERTY), "a bad value is left to the parser");
        } finally {
            if (before == null) {
                System.clearProperty(ThreadsOption.PROPERTY);
            } else {
                System.setProperty(ThreadsOption.PROPERTY, before);
            }
        }
        Cli.Result r = Cli.run("train", "--threads", "1", "--epochs", "1", "--progress", "none");
        assertEquals(0, r.status(), r.toString());
        Cli.Result bad = Cli.run("train", "--threads", "zero");
        assertEquals(2, bad.status());
        assertTrue(bad.err().contains("--threads"), bad.err());
    }
}
