package dev.chainrule.cli;

import dev.chainrule.io.DatasetRecord;
import dev.chainrule.io.ModelFile;
import dev.chainrule.io.SavedModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Data paths recorded in a model file are relative to the model file, and a recorded file that is not the data is never echoed. */
class DataPathsTest {
    private static final String CSV = "a,b,y\n1,2,x\n2,1,z\n3,3,x\n4,1,z\n5,2,x\n6,0,z\n7,1,x\n8,2,z\n9,9,x\n0,4,z\n";

    @Test
    void aModelEvaluatesFromAnyFolderAndAfterItsFolderMoves(@TempDir Path dir) throws Exception {
        Path project = Files.createDirectories(dir.resolve("project/models"));
        Path data = Files.writeString(dir.resolve("project/d.csv"), CSV);
        Path model = project.resolve("m.model");
        Cli.Result train = Cli.run("train", "--data", data.toString(), "--target", "y", "--epochs", "2",
                "--out", model.toString(), "--json");
        assertEquals(0, train.status(), train.toString());
        assertEquals("../d.csv", ModelFile.load(model).dataset().data());
        Cli.Result here = Cli.run("evaluate", "--model", model.toString(), "--json");
        assertEquals(0, here.status(), here.toString());
        assertEquals(train.json().get("test_accuracy"), here.json().get("test_accuracy"));

        Path moved = dir.resolve("moved");
        Files.move(dir.resolve("project"), moved);
        Cli.Result after = Cli.run("evaluate", "--model", moved.resolve("models/m.model").toString(), "--json");
        assertEquals(0, after.status(), after.toString());
        assertEquals(train.json().get("test_accuracy"), after.json().get("test_accuracy"));
    }

    @Test
    void aRecordedPathToAFileThatIsNotTheDataIsNotEchoed(@TempDir Path dir) throws Exception {
        Path data = Files.writeString(dir.resolve("d.csv"), CSV);
        Path model = dir.resolve("m.model");
        assertEquals(0, Cli.run("train", "--data", data.toString(), "--target", "y", "--epochs", "1", "--out", model.toString()).status());
        Path secret = Files.writeString(dir.resolve("secret.txt"), "root:x:0:0:TOP-SECRET:/root:/bin/bash\nsecond line\n");
        SavedModel saved = ModelFile.load(model);
        DatasetRecord r = saved.dataset();
        Path evil = dir.resolve("evil.model");
        ModelFile.save(evil, saved.toBuilder().dataset(new DatasetRecord(secret.toString(), r.target(), r.categorical(),
                r.standardize(), r.testFraction(), r.seed())).build());
        Cli.Result e = Cli.run("evaluate", "--model", evil.toString());
        assertEquals(Main.BAD_INPUT, e.status(), e.toString());
        assertFalse(e.err().contains("SECRET") || e.err().contains("root:x"), e.err());
        assertTrue(e.err().contains("secret.txt") && e.err().contains("--data"), e.err());
        // train --init-from without --data goes to the same recorded path: refused the same way
        Cli.Result t = Cli.run("train", "--init-from", evil.toString(), "--epochs", "1");
        assertEquals(Main.BAD_INPUT, t.status(), t.toString());
        assertFalse(t.err().contains("SECRET") || t.err().contains("root:x"), t.err());
        assertTrue(t.err().contains("secret.txt") && t.err().contains("--data"), t.err());
    }

    @Test
    void initFromResolvesTheRecordedDataBesideTheModelAndNeverWritesOverIt(@TempDir Path dir) throws Exception {
        Path project = Files.createDirectories(dir.resolve("project/models"));
        Path data = Files.writeString(dir.resolve("project/d.csv"), CSV);
        Path model = project.resolve("m.model");
        assertEquals(0, Cli.run("train", "--data", data.toString(), "--target", "y", "--epochs", "1", "--out",
                model.toString()).status());
        Path moved = Files.move(dir.resolve("project"), dir.resolve("moved"));
        Cli.Result again = Cli.run("train", "--init-from", moved.resolve("models/m.model").toString(), "--epochs", "1");
        assertEquals(0, again.status(), again.toString());
        String before = Files.readString(moved.resolve("d.csv"));
        Cli.Result over = Cli.run("train", "--init-from", moved.resolve("models/m.model").toString(), "--epochs", "1",
                "--log", moved.resolve("d.csv").toString());
        assertEquals(Main.BAD_INPUT, over.status(), over.toString());
        assertTrue(over.err().contains("--log") && over.err().contains("records"), over.err());
        assertEquals(before, Files.readString(moved.resolve("d.csv")));
    }
}
