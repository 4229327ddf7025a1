package dev.chainrule.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a person reads on the console: a bar that fits, the loading line, labels, numbers and plurals. */
class TerminalOutputTest {

    @Test
    void theProgressBarFitsEveryWidth() {
        for (int columns = 8; columns <= 200; columns++) {
            String line = Progress.barLine(columns - 1, 12, 20, 0.45, 123_456, 0.123456, 75, 3725);
            assertTrue(line.length() <= columns - 1, columns + " columns: " + line.length() + " '" + line + "'");
            if (columns >= 60) {
                assertTrue(line.startsWith("epoch 12/20 [") && line.contains("45%") && line.contains("loss 0.1235"),
                        columns + ": " + line);
            } else if (columns >= 44) {
                assertTrue(line.startsWith("epoch 12/20") && line.contains("45%"), columns + ": " + line);
            }
        }
        assertEquals("epoch 12/20 [===========             ]  45%  123,456 ex/s  loss 0.1235  elapsed 1:15  remaining 1:02:05",
                Progress.barLine(119, 12, 20, 0.45, 123_456, 0.123456, 75, 3725));
        assertTrue(Progress.barLine(79, 12, 20, 0.45, 123_456, 0.123456, 75, 3725).length() <= 79);
        assertTrue(Progress.barLine(79, 12, 20, 0.45, 123_456, 0.123456, 75, 3725).contains("eta 1:02:05"));
    }

    @Test
    void aBarRunSaysWhatIsLoadingAndRedrawsInPlace() {
        Cli.Result r = Cli.run("train", "--epochs", "1", "--progress", "bar");
        assertEquals(0, r.status(), r.toString());
        assertTrue(r.out().startsWith("loading digits...\r"), r.out());
        assertTrue(r.out().contains("\repoch 1/1 ["), r.out());
        for (String piece : r.out().split("[\r\n]")) {
            assertTrue(piece.length() < 200, piece);
        }
        Cli.Result lines = Cli.run("train", "--epochs", "1", "--progress", "lines");
        assertFalse(lines.out().contains("loading"), "no loading line in a log");
    }

    @Test
    void heldOutColumnsSayWhatTheyMeasureWithCounts() {
        Cli.Result test = Cli.run("train", "--epochs", "1");
        assertTrue(test.out().contains("1,438 training and 359 test examples"), test.out());
        assertTrue(test.out().contains("the epoch lines' test columns measure the test part (359 examples)"), test.out());
        assertTrue(test.out().contains("test loss") && test.out().contains("test acc"), test.out());
        Cli.Result val = Cli.run("train", "--epochs", "1", "--validation-fraction", "0.1");
        assertTrue(val.out().contains("1,293 training, 145 validation and 359 test examples"), val.out());
        assertTrue(val.out().contains("the epoch lines' val columns measure the validation part (145 examples)"), val.out());
        String epoch = val.out().lines().filter(l -> l.startsWith("epoch 1/1")).findFirst().orElseThrow();
        assertTrue(epoch.contains("val loss") && epoch.contains("val acc") && !epoch.contains("test"), epoch);
        assertTrue(val.out().contains("test accuracy"), "the test part is still reported at the end: " + val.out());
    }

    @Test
    void pluralsAndThousandsSeparators() {
        assertEquals("1 epoch", Numbers.plural(1, "epoch"));
        assertEquals("2 epochs", Numbers.plural(2, "epoch"));
        assertEquals("1 output", Numbers.plural(1, "output"));
        assertEquals("3 classes", Numbers.plural(3, "class"));
        assertEquals("12,345 examples", Numbers.plural(12_345, "example"));
        Cli.Result r = Cli.run("train", "--epochs", "1", "--hidden", "1");
        assertTrue(r.out().contains(", 1 epoch\n") || r.out().contains(", 1 epoch" + System.lineSeparator()), r.out());
        assertTrue(r.out().contains("1 epoch in "), r.out());
        assertFalse(r.out().contains("1 epochs"), r.out());
        Cli.Result big = Cli.run("train", "--epochs", "1", "--hidden", "100");
        assertTrue(big.out().contains("(7,510 parameters"), big.out());
    }

    @Test
    void predictWritesTheShortestFloat32Form(@TempDir Path dir) {
        // 0.9988229 reads back as the same float32 as 0.9988229274749756 (0.99882287 would not)
        assertEquals("0.9988229", Numbers.shortest(0.9988229274749756, false));
        assertEquals(0.9988229274749756f, Float.parseFloat(Numbers.shortest(0.9988229274749756, false)));
        assertEquals("-0.125", Numbers.shortest(-0.125, false));
        assertEquals("1e-30", Numbers.shortest(1e-30f, false));
        assertEquals("1.2345678e7", Numbers.shortest(12345678, true));
        assertEquals("1234567", Numbers.shortest(1234567, false));
        assertEquals("2.89e-7", Numbers.shortest(2.89E-7f, false));
        assertEquals("1", Numbers.shortest(1.0, false));
        assertEquals("0.9988229274749756", Numbers.shortest(0.9988229274749756, true));
        Path model = dir.resolve("digits.model");
        assertEquals(0, Cli.run("train", "--epochs", "2", "--out", model.toString(), "--progress", "none").status());
        Cli.Result p = Cli.run("predict", "--model", model.toString(), "--input",
                "core/src/test/resources/admissions/seed000/test.csv");
        // the wrong columns for a pixel model: one line naming the file
        assertEquals(2, p.status(), p.toString());
        List<String> csv = List.of(Cli.run("predict", "--model", model.toString(), "--input", pixelRows(dir).toString())
                .out().split("\n"));
        for (String row : csv.subList(1, csv.size())) {
            String[] fields = row.split(",");
            for (int i = 2; i < fields.length; i++) {
                float f = Float.parseFloat(fields[i]);
                assertEquals(Numbers.shortest(f, false), fields[i], row);
                assertFalse(fields[i].contains("E"), row);
            }
        }
    }

    private static Path pixelRows(Path dir) {
        StringBuilder sb = new StringBuilder();
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 64; c++) {
                sb.append(c == 0 ? "" : ",").append((r * 7 + c * 3) % 17);
            }
            sb.append('\n');
        }
        Path file = dir.resolve("pixels.csv");
        try {
            java.nio.file.Files.writeString(file, sb.toString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return file;
    }
}
