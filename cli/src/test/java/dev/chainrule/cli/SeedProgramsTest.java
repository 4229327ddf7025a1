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
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the seeds' programs need from the command line: batching modes, one output for two
 * classes, float64, separate test and validation files, and training on every row.
 */
class SeedProgramsTest {
    static final String ADMISSIONS = PredictCommandTest.ADMISSIONS;
    static final Path FIXTURE = Seed000CommandTest.FIXTURE;

    private static String[] admissions(String... more) {
        List<String> args = new java.util.ArrayList<>(List.of("train", "--data", ADMISSIONS, "--target", "admit",
                "--categorical", "rank", "--standardize", "gre,gpa", "--progress", "none", "--json"));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    @Test
    void everyBatchingModeTrainsAndIsRecorded() {
        for (String mode : List.of("shuffled", "full", "sampled", "ordered")) {
            Cli.Result r = Cli.run(admissions("--batching", mode, "--epochs", "2"));
            assertEquals(0, r.status(), mode + ": " + r);
            assertEquals(mode, r.json().get("batching"));
        }
        Cli.Result full = Cli.run(admissions("--batching", "full", "--epochs", "1"));
        assertEquals(320.0, full.json().get("batch"), "one batch of every training example");
        assertTrue(full.out().contains("full batch"), full.out());
        Cli.Result wrong = Cli.run("train", "--batching", "shufled");
        assertEquals(2, wrong.status());
        assertTrue(wrong.err().contains("--batching: unknown batching 'shufled'; did you mean shuffled?"), wrong.err());
        Cli.Result both = Cli.run("train", "--batching", "full", "--batch", "10");
        assertEquals(2, both.status());
        assertTrue(both.err().contains("--batch 10 does not apply to --batching full"), both.err());
    }

    @Test
    void twoClassesBecomeOneColumnWhenTheLossOrTheNetworkHasOneOutput(@TempDir Path dir) throws Exception {
        Cli.Result bce = Cli.run(admissions("--loss", "bce", "--epochs", "3"));
        assertEquals(0, bce.status(), bce.toString());
        assertEquals("6-50-1", bce.json().get("network"));
        Cli.Result prob = Cli.run(admissions("--loss", "bce-prob", "--epochs", "3"));
        assertEquals("6-50-1", prob.json().get("network"));
        Cli.Result softmax = Cli.run(admissions("--epochs", "3"));
        assertEquals("6-50-2", softmax.json().get("network"), "softmax-ce keeps two one-hot columns");
        // seed 000's 6-2-1 network file, one sigmoid output, on the raw CSV with the seeds' preprocessing
        Path model = dir.resolve("m.model");
        Cli.Result net = Cli.run(admissions("--network", FIXTURE.resolve("network.json").toString(), "--epochs", "3",
                "--lr", "0.5", "--out", model.toString()));
        assertEquals(0, net.status(), net.toString());
        assertEquals("6-2-1", net.json().get("network"));
        Cli.Result predict = Cli.run("predict", "--model", model.toString(), "--input", ADMISSIONS);
        assertEquals(0, predict.status(), predict.toString());
        assertEquals("row,predicted,p_0,p_1", predict.out().lines().findFirst().orElseThrow());
        Cli.Result evaluate = Cli.run("evaluate", "--model", model.toString(), "--json");
        assertEquals(net.json().get("test_accuracy"), evaluate.json().get("test_accuracy"));
        Cli.Result tooMany = Cli.run("train", "--network", FIXTURE.resolve("network.json").toString());
        assertEquals(2, tooMany.status());
        assertTrue(tooMany.err().contains("the network takes 6 inputs but digits has 64 features"), tooMany.err());
    }

    @Test
    void float64TrainsInDoublesAndPredictsThem(@TempDir Path dir) throws Exception {
        Path model = dir.resolve("m.model");
        Cli.Result r = Cli.run(admissions("--dtype", "float64", "--epochs", "2", "--out", model.toString()));
        assertEquals(0, r.status(), r.toString());
        assertEquals("float64", r.json().get("dtype"));
        assertEquals(dev.chainrule.tensor.DType.FLOAT64, dev.chainrule.io.ModelFile.load(model).model().dtype());
        String row = Cli.run("predict", "--model", model.toString(), "--input", ADMISSIONS).out().lines().skip(1)
                .findFirst().orElseThrow();
        String p1 = row.split(",")[3];
        assertEquals(Double.parseDouble(p1), Double.parseDouble(Double.toString(Double.parseDouble(p1))));
        assertTrue(p1.length() > 12, "a double's digits: " + row);
        Cli.Result bad = Cli.run("train", "--dtype", "float16");
        assertEquals(2, bad.status());
        assertTrue(bad.err().contains("--dtype: unknown type 'float16'"), bad.err());
    }

    @Test
    void separateTestAndValidationFiles() {
        String train = FIXTURE.resolve("train.csv").toString();
        String test = FIXTURE.resolve("test.csv").toString();
        Cli.Result r = Cli.run("train", "--data", train, "--target", "admit", "--test-data", test, "--validation-data",
                test, "--epochs", "2", "--json");
        assertEquals(0, r.status(), r.toString());
        Map<String, Object> s = r.json();
        assertEquals(360.0, s.get("train_examples"), "--test-data: nothing held out of --data");
        assertEquals(40.0, s.get("validation_examples"));
        assertEquals(40.0, s.get("test_examples"));
        assertTrue(r.out().contains("val loss") && r.out().contains("val acc"), r.out());
        assertTrue(r.out().contains("(validation: --validation-data)"), r.out());
        Cli.Result both = Cli.run("train", "--data", train, "--target", "admit", "--test-data", test,
                "--test-fraction", "0.2");
        assertEquals(2, both.status());
        assertTrue(both.err().contains("give either --test-data or --test-fraction, not both"), both.err());
        Cli.Result images = Cli.run("train", "--test-data", test);
        assertEquals(2, images.status());
        assertTrue(images.err().contains("--test-data takes a CSV file with the training columns"), images.err());
        Cli.Result missing = Cli.run("train", "--data", train, "--target", "admit", "--test-data", "no/such.csv");
        assertEquals(2, missing.status());
        assertTrue(missing.err().contains("no/such.csv"), missing.err());
    }

    @Test
    void testFractionZeroTrainsOnEveryRow() {
        Cli.Result r = Cli.run(admissions("--test-fraction", "0", "--epochs", "2"));
        assertEquals(0, r.status(), r.toString());
        assertEquals(400.0, r.json().get("train_examples"));
        assertEquals(0.0, r.json().get("test_examples"));
        assertTrue(r.out().contains("400 training examples (no test part)"), r.out());
        assertFalse(r.out().contains("test accuracy"), r.out());
        Cli.Result digits = Cli.run("train", "--test-fraction", "0", "--epochs", "1", "--json");
        assertEquals(1797.0, digits.json().get("train_examples"));
        Cli.Result confusion = Cli.run("train", "--test-fraction", "0", "--confusion", "c.png");
        assertEquals(2, confusion.status());
        assertTrue(confusion.err().contains("need test examples"), confusion.err());
    }

    @Test
    void initializerIsChosenByName() {
        Cli.Result he = Cli.run(admissions("--init", "he", "--epochs", "1"));
        Cli.Result lecun = Cli.run(admissions("--init", "lecun", "--epochs", "1"));
        assertEquals(0, he.status(), he.toString());
        assertEquals("lecun", lecun.json().get("init"));
        assertNotEquals(he.json().get("final_train_loss"), lecun.json().get("final_train_loss"));
        Cli.Result normal = Cli.run(admissions("--init", "normal:0.01", "--epochs", "1"));
        assertEquals(0, normal.status(), normal.toString());
        Cli.Result bad = Cli.run("train", "--init", "glorot");
        assertEquals(2, bad.status());
        assertTrue(bad.err().contains("--init: unknown initializer 'glorot'"), bad.err());
        assertEquals(452.0, Json.asNumber(he.json().get("parameters"), "parameters"));
    }
}
