package dev.chainrule.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The CSV options of train, evaluate and predict: gzip, --no-header, --delimiter, --ignore, --missing, --target-kind. */
class CsvOptionsTest {
    private static final String DATA = "id,a,b,y\n" + String.join("\n",
            "r1,1,2,x", "r2,2,1,z", "r3,3,3,x", "r4,4,1,z", "r5,5,2,x", "r6,6,0,z", "r7,7,1,x", "r8,8,2,z", "r9,9,9,x", "r10,0,4,z") + "\n";

    private static Cli.Result ok(String... args) {
        Cli.Result r = Cli.run(args);
        assertEquals(0, r.status(), r.toString());
        return r;
    }

    @Test
    void gzippedHeaderlessAndOtherDelimitersTrainAlike(@TempDir Path dir) throws Exception {
        Path plain = Files.writeString(dir.resolve("d.csv"), DATA);
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(DATA.getBytes(StandardCharsets.UTF_8));
        }
        Path zipped = Files.write(dir.resolve("d.csv.gz"), gz.toByteArray());
        Path semi = Files.writeString(dir.resolve("d.txt"), DATA.replace(',', ';'));
        Path bare = Files.writeString(dir.resolve("bare.csv"), DATA.substring(DATA.indexOf('\n') + 1));
        Object want = ok("train", "--data", plain.toString(), "--target", "y", "--ignore", "id", "--epochs", "3", "--json")
                .json().get("final_train_loss");
        assertEquals(want, ok("train", "--data", zipped.toString(), "--target", "y", "--ignore", "id", "--epochs", "3", "--json")
                .json().get("final_train_loss"));
        assertEquals(want, ok("train", "--data", semi.toString(), "--delimiter", ";", "--target", "y", "--ignore", "id",
                "--epochs", "3", "--json").json().get("final_train_loss"));
        assertEquals(want, ok("train", "--data", bare.toString(), "--no-header", "--target", "4", "--ignore", "1",
                "--epochs", "3", "--json").json().get("final_train_loss"));

        // the model remembers the format: evaluate and predict read the same kind of file
        Path model = dir.resolve("semi.model");
        ok("train", "--data", semi.toString(), "--delimiter", "semicolon", "--target", "y", "--ignore", "id", "--epochs", "2",
                "--out", model.toString());
        assertEquals(10.0, ok("evaluate", "--model", model.toString(), "--data", semi.toString(), "--json").json().get("test_examples"));
        Cli.Result p = ok("predict", "--model", model.toString(), "--input", semi.toString());
        assertEquals(11, p.out().strip().lines().count(), p.out());
    }

    @Test
    void missingValuesAndTargetKinds(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("m.csv"), DATA.replace("r3,3,3,x", "r3,NA,3,x").replace("r5,5,2,x", "r5,5,2,"));
        Cli.Result error = Cli.run("train", "--data", file.toString(), "--target", "y", "--ignore", "id", "--epochs", "1");
        assertEquals(Main.BAD_INPUT, error.status(), error.toString());
        assertTrue(error.err().contains("line 4") && error.err().contains("\"a\"") && error.err().contains("NA"), error.err());
        Cli.Result drop = ok("train", "--data", file.toString(), "--target", "y", "--ignore", "id", "--missing", "drop",
                "--test-fraction", "0", "--epochs", "1", "--json");
        assertEquals(8.0, drop.json().get("train_examples"));
        Cli.Result mean = ok("train", "--data", file.toString(), "--target", "y", "--ignore", "id", "--missing", "mean",
                "--test-fraction", "0", "--epochs", "1", "--json");
        assertEquals(9.0, mean.json().get("train_examples"));
        Cli.Result numbers = ok("train", "--data", Files.writeString(dir.resolve("n.csv"), "a,y\n1,0\n2,1\n3,0\n4,1\n5,0\n").toString(),
                "--target", "y", "--target-kind", "numbers", "--epochs", "1", "--json");
        assertEquals("mse", numbers.json().get("loss"));
        Cli.Result bad = Cli.run("train", "--data", file.toString(), "--target", "y", "--missing", "guess");
        assertEquals(Main.BAD_INPUT, bad.status());
        assertTrue(bad.err().contains("error, drop or mean"), bad.err());
        Cli.Result noTarget = Cli.run("train", "--no-header", "--epochs", "1");
        assertEquals(Main.BAD_INPUT, noTarget.status());
    }

    @Test
    void evaluateTakesAPixelCsvAsPredictDoes(@TempDir Path dir) throws Exception {
        Path model = dir.resolve("digits.model");
        ok("train", "--epochs", "2", "--out", model.toString());
        dev.chainrule.data.Dataset digits = dev.chainrule.data.BuiltinDigits.load(dev.chainrule.tensor.DType.FLOAT32);
        StringBuilder sb = new StringBuilder();
        for (int r = 0; r < 50; r++) {
            for (int c = 0; c < 64; c++) {
                sb.append(Math.round(digits.features().get(r, c) * 16)).append(',');
            }
            sb.append(digits.label(r)).append('\n');
        }
        Path pixels = Files.writeString(dir.resolve("pixels.csv"), sb);
        Cli.Result e = ok("evaluate", "--model", model.toString(), "--data", pixels.toString(), "--json");
        assertEquals(50.0, e.json().get("test_examples"));
        Cli.Result p = ok("predict", "--model", model.toString(), "--input", pixels.toString());
        assertEquals(51, p.out().strip().lines().count());
    }
}
