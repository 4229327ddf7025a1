package dev.chainrule.cli;

import dev.chainrule.io.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A numeric target: MAE, RMSE and R² in the epoch lines and evaluate, target scaling undone at predict time. */
class RegressionCommandTest {
    static final String ADMISSIONS = PredictCommandTest.ADMISSIONS;

    @Test
    void aStandardizedTargetTrainsAndIsPredictedInItsOwnUnits(@TempDir Path dir) throws Exception {
        Path model = dir.resolve("gre.model");
        Path plot = dir.resolve("gre.png");
        Cli.Result r = Cli.run("train", "--data", ADMISSIONS, "--target", "gre", "--categorical", "rank",
                "--standardize", "gre,gpa", "--epochs", "8", "--lr", "0.05", "--out", model.toString(),
                "--plot", plot.toString(), "--json");
        assertEquals(0, r.status(), r.toString());
        String epochLine = r.out().lines().filter(l -> l.startsWith("epoch 8/8")).findFirst().orElseThrow();
        assertTrue(epochLine.contains("test mae ") && epochLine.contains(" rmse ") && epochLine.contains(" r2 "), epochLine);
        assertTrue(!epochLine.contains("acc"), "no accuracy for numbers: " + epochLine);
        Map<String, Object> s = r.json();
        double mae = Json.asNumber(s.get("test_mae"), "mae");
        double rmse = Json.asNumber(s.get("test_rmse"), "rmse");
        assertTrue(mae > 20 && mae < 200, "MAE in GRE points, not standard deviations: " + mae);
        assertTrue(rmse >= mae, rmse + " >= " + mae);
        assertTrue(Json.asNumber(s.get("test_r2"), "r2") < 1);

        Cli.Result e = Cli.run("evaluate", "--model", model.toString(), "--json");
        assertEquals(0, e.status(), e.toString());
        assertEquals(s.get("test_mae"), e.json().get("test_mae"));
        assertEquals(s.get("test_r2"), e.json().get("test_r2"));
        assertTrue(e.out().contains("mae ") && e.out().contains("r2 "), e.out());

        Cli.Result p = Cli.run("predict", "--model", model.toString(), "--input", ADMISSIONS);
        assertEquals(0, p.status(), p.toString());
        List<String> rows = p.out().lines().toList();
        assertEquals("row,prediction", rows.get(0));
        for (String row : rows.subList(1, rows.size())) {
            double gre = Double.parseDouble(row.split(",")[1]);
            assertTrue(gre > 200 && gre < 900, "a GRE score, not a z-score: " + row);
        }

        BufferedImage image = ImageIO.read(plot.toFile());
        assertEquals(1280, image.getWidth(), "two panels: the loss and the held-out errors");
    }

    @Test
    void anUnscaledTargetThatDivergesSaysHowToScaleIt() {
        Cli.Result r = Cli.run("train", "--data", ADMISSIONS, "--target", "gre", "--epochs", "3");
        assertEquals(TrainCommand.DIVERGED, r.status(), r.toString());
        assertTrue(r.err().contains("--standardize gre scales it"), r.err());
        Cli.Result classes = Cli.run("train", "--data", ADMISSIONS, "--target", "admit", "--standardize", "admit");
        assertEquals(2, classes.status(), classes.toString());
        assertTrue(classes.err().contains("target column \"admit\" holds classes, so it cannot be standardized"),
                classes.err());
    }

    @Test
    void softmaxAndBceRefuseNumbers() {
        for (String loss : List.of("softmax-ce", "bce")) {
            Cli.Result r = Cli.run("train", "--data", ADMISSIONS, "--target", "gre", "--standardize", "gre", "--loss", loss);
            assertEquals(2, r.status(), r.toString());
            assertTrue(r.err().contains("holds numbers; use --loss mse"), r.err());
        }
        assertTrue(Files.isRegularFile(Path.of(ADMISSIONS)));
    }
}
