package dev.chainrule.cli;

import dev.chainrule.io.Json;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code train} then {@code evaluate} on the embedded digits, as a person runs them. */
class TrainEvaluateTest {
    @TempDir
    static Path dir;
    static Path model;
    static Cli.Result train;

    @BeforeAll
    static void trainOnce() {
        model = dir.resolve("digits.model");
        train = Cli.run("train", "--epochs", "4", "--hidden", "32", "--out", model.toString(),
                "--plot", dir.resolve("loss.png").toString(), "--failures", dir.resolve("failures.png").toString(),
                "--confusion", dir.resolve("confusion.png").toString(), "--json");
    }

    @Test
    void trainPrintsOneLinePerEpochAndAJsonSummaryLast() {
        assertEquals(0, train.status(), train.toString());
        assertEquals(4, train.out().lines().filter(l -> l.startsWith("epoch ")).count(), train.out());
        assertFalse(train.out().contains("\r"), "no progress bar when the output is not a terminal");
        Map<String, Object> s = train.json();
        for (String key : List.of("dataset", "train_examples", "test_examples", "epochs", "seconds", "seconds_per_epoch",
                "final_train_loss", "test_loss", "test_accuracy")) {
            assertTrue(s.containsKey(key), key);
        }
        assertEquals("digits", s.get("dataset"));
        assertEquals(1797.0, Json.asNumber(s.get("train_examples"), "n") + Json.asNumber(s.get("test_examples"), "n"));
        assertEquals(4.0, s.get("epochs"));
        assertEquals("64-32-10", s.get("network"));
        assertTrue(Json.asNumber(s.get("test_accuracy"), "acc") > 0.85, s.toString());
    }

    @Test
    void evaluateRepeatsTheTestAccuracyOfTraining() {
        Cli.Result r = Cli.run("evaluate", "--model", model.toString(), "--json");
        assertEquals(0, r.status(), r.toString());
        Map<String, Object> e = r.json();
        Map<String, Object> t = train.json();
        assertEquals(t.get("test_accuracy"), e.get("test_accuracy"));
        assertEquals(t.get("test_loss"), e.get("test_loss"));
        assertEquals(t.get("test_examples"), e.get("test_examples"));
        assertEquals(t.get("train_examples"), e.get("train_examples"));
        for (String key : List.of("dataset", "train_examples", "test_examples", "epochs", "seconds", "seconds_per_epoch",
                "final_train_loss", "test_loss", "test_accuracy")) {
            assertTrue(e.containsKey(key), "the --json contract's key " + key);
        }
        assertEquals(t.get("epochs"), e.get("epochs"), "the epochs the model was trained for, from its file");
        assertEquals(t.get("final_train_loss"), e.get("final_train_loss"));
        assertNull(e.get("seconds"), "evaluate does not train: no training time");
        assertFalse(e.containsKey("lr"), "no training settings beyond the contract's keys");
        double[][] confusion = Json.asMatrix(e.get("confusion_matrix"), "confusion");
        assertEquals(10, confusion.length);
        double diagonal = 0;
        double total = 0;
        for (int i = 0; i < 10; i++) {
            for (int j = 0; j < 10; j++) {
                total += confusion[i][j];
                diagonal += i == j ? confusion[i][j] : 0;
            }
        }
        assertEquals(Json.asNumber(e.get("test_accuracy"), "acc"), diagonal / total, 1e-12);
        assertEquals(10, Json.asArray(e.get("per_class"), "per_class").size());
        assertTrue(r.out().contains("precision"), r.out());
        assertTrue(r.out().contains("macro average"), r.out());
    }

    @Test
    void picturesOpenAreSensiblySizedAndNotBlank() throws Exception {
        for (String name : List.of("loss.png", "failures.png", "confusion.png")) {
            BufferedImage image = ImageIO.read(dir.resolve(name).toFile());
            assertTrue(image != null, name + " opens as an image");
            assertTrue(image.getWidth() >= 400 && image.getWidth() <= 3000, name + " width " + image.getWidth());
            assertTrue(image.getHeight() >= 100 && image.getHeight() <= 3000, name + " height " + image.getHeight());
            Set<Integer> colors = new HashSet<>();
            int dark = 0;
            for (int y = 0; y < image.getHeight(); y += 2) {
                for (int x = 0; x < image.getWidth(); x += 2) {
                    int rgb = image.getRGB(x, y) & 0xffffff;
                    colors.add(rgb);
                    if ((rgb & 0xff) + (rgb >> 8 & 0xff) + (rgb >> 16 & 0xff) < 300) {
                        dark++;
                    }
                }
            }
            assertTrue(colors.size() > 20, name + " has only " + colors.size() + " colours");
            assertTrue(dark > 200, name + " has almost nothing drawn on it");
        }
    }

    @Test
    void damagedModelFilesExitTwoWithOneLine() throws Exception {
        byte[] good = Files.readAllBytes(model);
        Path half = dir.resolve("half.model");
        Files.write(half, java.util.Arrays.copyOf(good, good.length / 2));
        byte[] flippedBytes = good.clone();
        flippedBytes[good.length / 3] ^= 0x01;
        Path flipped = dir.resolve("flipped.model");
        Files.write(flipped, flippedBytes);
        byte[] noise = new byte[good.length];
        new Random(3).nextBytes(noise);
        Path random = dir.resolve("random.model");
        Files.write(random, noise);
        for (Path bad : List.of(half, flipped, random, dir.resolve("absent.model"))) {
            Cli.Result r = Cli.run("evaluate", "--model", bad.toString());
            assertEquals(2, r.status(), bad + ": " + r);
            assertEquals(1, r.err().strip().lines().count(), r.err());
            assertTrue(r.err().contains(bad.toString()), r.err());
        }
        assertTrue(Cli.run("evaluate", "--model", half.toString()).err().contains("damaged or truncated"));
        assertTrue(Cli.run("evaluate", "--model", random.toString()).err().contains("not a chainrule model file"));
    }

    @Test
    void trainOnANetworkFileAndRefuseLayersThatDoNotFit() {
        Cli.Result r = Cli.run("train", "--network", "examples/networks/digits-tanh.json", "--epochs", "2", "--json");
        assertEquals(0, r.status(), r.toString());
        assertEquals("64-32-10", r.json().get("network"));
        r = Cli.run("train", "--layers", "784-50-10", "--epochs", "1");
        assertEquals(2, r.status(), r.toString());
        assertTrue(r.err().contains("--layers 784-50-10 does not fit digits: it has 64 input features and 10 outputs"
                + " (10 classes); try --layers 64-50-10"), r.err());
        r = Cli.run("train", "--network", "examples/networks/seed004.json", "--epochs", "1");
        assertEquals(2, r.status(), r.toString());
        assertTrue(r.err().contains("the network takes 3 inputs but digits has 64 features"), r.err());
    }

    @Test
    void sameSeedSameResultAndLayersEqualsHidden() {
        Cli.Result a = Cli.run("train", "--layers", "64-16-10", "--epochs", "2", "--progress", "none", "--json");
        Cli.Result b = Cli.run("train", "--hidden", "16", "--epochs", "2", "--progress", "none", "--json");
        assertEquals(0, a.status(), a.toString());
        assertEquals(a.json().get("final_train_loss"), b.json().get("final_train_loss"));
        assertEquals(a.json().get("test_accuracy"), b.json().get("test_accuracy"));
    }

    @Test
    void outputLayerFollowsTheLoss() {
        Cli.Result r = Cli.run("train", "--loss", "half-sse", "--lr", "0.5", "--epochs", "2", "--progress", "none", "--json");
        assertEquals(0, r.status(), r.toString());
        assertEquals("half-sse", r.json().get("loss"));
        r = Cli.run("train", "--loss", "hinge", "--epochs", "1");
        assertEquals(2, r.status(), r.toString());
        assertTrue(r.err().contains("unknown loss 'hinge'"), r.err());
    }

    @Test
    void progressBarRedrawsInPlace() {
        Cli.Result r = Cli.run("train", "--epochs", "2", "--progress", "bar");
        assertEquals(0, r.status(), r.toString());
        assertTrue(r.out().contains("\repoch 1/2 ["), r.out());
        assertTrue(r.out().contains("ex/s"), r.out());
        assertTrue(r.out().contains("eta ") || r.out().contains("remaining"), r.out());
    }
}
