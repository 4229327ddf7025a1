package dev.chainrule.examples;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The README's Java tour runs as written (on the embedded digits, to stay quick). */
class QuickTourTest {

    @Test
    void readmeTourTrainsSavesLoadsAndPredicts(@TempDir Path dir) throws Exception {
        Path model = dir.resolve("digits.model");
        String out = SeedMainsTest.run(() -> {
            try {
                QuickTour.main(new String[] {"digits", model.toString()});
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertTrue(Files.size(model) > 0);
        double accuracy = Double.parseDouble(out.lines().filter(l -> l.startsWith("test accuracy"))
                .findFirst().orElseThrow().split(" ")[2]);
        assertTrue(accuracy > 0.9, out);
        assertTrue(out.contains("first test image: class"), out);
    }

    @Test
    void readmeShowsTheTourVerbatim() throws Exception {
        String source = Files.readString(Path.of("examples/src/main/java/dev/chainrule/examples/QuickTour.java"));
        String body = source.substring(source.indexOf("// README: begin") + "// README: begin".length(),
                source.indexOf("        // README: end"));
        String readme = Files.readString(Path.of("README.md"));
        for (String line : body.strip().split("\n")) {
            assertTrue(readme.contains(line.strip()), "README lacks: " + line.strip());
        }
    }
}
