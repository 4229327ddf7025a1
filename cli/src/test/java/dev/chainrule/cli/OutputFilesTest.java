package dev.chainrule.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Outputs never overwrite an input of the same run, and every output path is checked before any training. */
class OutputFilesTest {
    private static final String CSV = "a,b,y\n1,2,x\n2,1,z\n3,3,x\n4,1,z\n5,2,x\n6,0,z\n7,1,x\n8,2,z\n9,9,x\n0,4,z\n";

    /** Exit 2, one line naming the option, and no training started. */
    private static String refused(Cli.Result r) {
        assertEquals(Main.BAD_INPUT, r.status(), r.toString());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertFalse(r.out().contains("epoch"), r.out());
        return r.err();
    }

    @Test
    void anOutputThatIsAnInputIsRefusedAndTheInputKept(@TempDir Path dir) throws Exception {
        Path data = Files.writeString(dir.resolve("d.csv"), CSV);
        byte[] before = Files.readAllBytes(data);
        for (String option : new String[] {"--out", "--plot", "--confusion"}) {
            String err = refused(Cli.run("train", "--data", data.toString(), "--target", "y", "--epochs", "1",
                    option, data.toString()));
            assertTrue(err.contains(option + " " + data) && err.contains("--data"), err);
        }
        // the same file through another path, and through a symbolic link
        Path link = Files.createSymbolicLink(dir.resolve("link.csv"), data);
        String err = refused(Cli.run("train", "--data", dir.resolve(".").resolve("d.csv").toString(), "--target", "y",
                "--epochs", "1", "--out", link.toString()));
        assertTrue(err.contains("overwrite the input"), err);
        assertArrayEquals(before, Files.readAllBytes(data));

        Path net = Files.writeString(dir.resolve("net.json"), "{\"input\": 2, \"layers\": [{\"dense\": 2}]}");
        err = refused(Cli.run("train", "--data", data.toString(), "--target", "y", "--network", net.toString(),
                "--epochs", "1", "--plot", net.toString()));
        assertTrue(err.contains("--network"), err);

        Path model = dir.resolve("m.model");
        Cli.Result train = Cli.run("train", "--data", data.toString(), "--target", "y", "--epochs", "1", "--out", model.toString());
        assertEquals(0, train.status(), train.toString());
        byte[] modelBytes = Files.readAllBytes(model);
        refused(Cli.run("predict", "--model", model.toString(), "--input", data.toString(), "--output", data.toString()));
        refused(Cli.run("predict", "--model", model.toString(), "--input", data.toString(), "--output", model.toString()));
        refused(Cli.run("evaluate", "--model", model.toString(), "--confusion", model.toString()));
        refused(Cli.run("export", model.toString(), "--safetensors", model.toString())); // a positional input
        assertArrayEquals(before, Files.readAllBytes(data));
        assertArrayEquals(modelBytes, Files.readAllBytes(model));
    }

    @Test
    void badOutputPathsAreReportedBeforeTraining(@TempDir Path dir) throws Exception {
        String err = refused(Cli.run("train", "--epochs", "1", "--out", dir.resolve("missing/m.model").toString()));
        assertTrue(err.contains("--out") && err.contains("folder") && err.contains("does not exist"), err);
        err = refused(Cli.run("train", "--epochs", "1", "--plot", dir.toString()));
        assertTrue(err.contains("--plot " + dir + ": is a folder"), err);
        err = refused(Cli.run("train", "--epochs", "1", "--plot", dir.resolve("a.png").toString(),
                "--confusion", dir.resolve("a.png").toString()));
        assertTrue(err.contains("--plot and --confusion name the same file"), err);
        if (Files.exists(Path.of("/dev/null"))) {
            err = refused(Cli.run("train", "--epochs", "1", "--out", "/dev/null"));
            assertTrue(err.contains("not a regular file"), err);
        }
        try (var files = Files.list(dir)) {
            assertEquals(0, files.count());
        }
    }

    @Test
    void savedFilesHonourTheUmask(@TempDir Path dir) throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(
                java.nio.file.FileSystems.getDefault().supportedFileAttributeViews().contains("posix"));
        String expected = PosixFilePermissions.toString(Files.getPosixFilePermissions(Files.createFile(dir.resolve("ref"))));
        Cli.Result r = Cli.run("train", "--epochs", "1", "--out", dir.resolve("m.model").toString(),
                "--plot", dir.resolve("p.png").toString());
        assertEquals(0, r.status(), r.toString());
        for (String f : new String[] {"m.model", "p.png"}) {
            assertEquals(expected, PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(f))), f);
        }
    }
}
