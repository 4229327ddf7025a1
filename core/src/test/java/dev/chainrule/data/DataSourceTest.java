package dev.chainrule.data;

import dev.chainrule.tensor.DType;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DataSourceTest {
    /** The admissions data, a public teaching data set, embedded in the test resources (attribution beside it). */
    static final Path ADMISSIONS = Path.of("core/src/test/resources/admissions/binary.csv");
    static final Path FASHION = Path.of("/usr/share/datasets/fashion-mnist");

    @Test
    void digitsIsTheDefaultAndSplitsStratified() {
        LoadedData d = DataSource.load(null, DataOptions.defaults().withTestFraction(0.2).withSeed(3));
        assertEquals("digits", d.name());
        assertEquals(1797, d.train().size() + d.test().size());
        assertEquals(64, d.preprocessing().inputs());
        assertEquals(new PixelScaling(8, 8, 16, d.train().classNames()), d.preprocessing());
        Split same = Split.of(BuiltinDigits.load(DType.FLOAT32), 0.2, 3);
        assertTrue(same.heldOut().features().sameBits(d.test().features()), "same rows as Split.of with the same seed");
    }

    @Test
    void splitRowsAreSeededStratifiedAndDisjoint() {
        int[] labels = new int[100];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = i < 70 ? 0 : 1;
        }
        Split.Rows a = Split.rows(labels, 2, 0.1, 5);
        Split.Rows b = Split.rows(labels, 2, 0.1, 5);
        assertArrayEquals(a.heldOut(), b.heldOut());
        assertEquals(10, a.heldOut().length);
        assertEquals(7, Arrays.stream(a.heldOut()).filter(r -> r < 70).count(), "round(0.1 * 70) of class 0");
        assertEquals(90, a.train().length);
        assertTrue(Arrays.stream(a.train()).noneMatch(r -> Arrays.binarySearch(a.heldOut(), r) >= 0));
    }

    @Test
    void admissionsCsvEndToEnd() {
        DataOptions options = DataOptions.defaults().withTestFraction(0.1).withSeed(21)
                .withCsv(CsvOptions.target("admit").withCategorical(List.of("rank"))
                        .withStandardize(List.of("gre", "gpa")).withTwoClassesAsOneColumn(true));
        LoadedData d = DataSource.load(ADMISSIONS.toString(), options);
        assertEquals("binary.csv", d.name());
        assertEquals(360, d.train().size());
        assertEquals(40, d.test().size());
        assertEquals(List.of("gre", "gpa", "rank_1", "rank_2", "rank_3", "rank_4"), d.preprocessing().featureNames());
        assertEquals(1, d.train().outputs());
        double mean = 0;
        for (int r = 0; r < d.train().size(); r++) {
            mean += d.train().features().get(r, 0) / d.train().size();
        }
        assertEquals(0, mean, 1e-5, "gre is standardized with the training rows' mean");
        assertEquals(Math.round(0.1 * 273) + Math.round(0.1 * 127), d.test().size(), "stratified: 273 rejected, 127 admitted");
    }

    @Test
    void csvNeedsATargetAndUnknownSpecsAreNamed(@TempDir Path dir) throws IOException {
        Path csv = Files.writeString(dir.resolve("t.csv"), "a,b\n1,2\n");
        IllegalArgumentException noTarget = assertThrows(IllegalArgumentException.class,
                () -> DataSource.load(csv.toString(), DataOptions.defaults()));
        assertTrue(noTarget.getMessage().contains("--target"), noTarget.getMessage());
        DataNotFoundException unknown = assertThrows(DataNotFoundException.class,
                () -> DataSource.load(dir.resolve("nothing-here").toString(), DataOptions.defaults()));
        assertTrue(unknown.getMessage().contains("nothing-here") && unknown.getMessage().contains("digits, mnist, fashion-mnist"),
                unknown.getMessage());
        Path empty = Files.writeString(dir.resolve("empty.csv"), "");
        DataFormatException e = assertThrows(DataFormatException.class,
                () -> DataSource.load(empty.toString(), DataOptions.defaults().withCsv(CsvOptions.target("y"))));
        assertTrue(e.getMessage().startsWith(empty + ": the file is empty"), e.getMessage());
    }

    @Test
    void anIdxFolderIsItsOwnTrainAndTestSplit(@TempDir Path dir) throws IOException {
        Path folder = IdxFiles.folder(dir.resolve("shapes"), 10, 4, false);
        LoadedData d = DataSource.load(folder.toString(), DataOptions.defaults().withDtype(DType.FLOAT64));
        assertEquals("shapes", d.name());
        assertEquals(10, d.train().size());
        assertEquals(4, d.test().size());
        assertEquals(DType.FLOAT64, d.train().features().dtype());
    }

    @Test
    void fashionMnistFromTheDebianFolder() {
        Assumptions.assumeTrue(Files.isDirectory(FASHION) && IdxFolder.missing(FASHION).isEmpty(),
                "skipped: " + FASHION + " is absent (apt-get install dataset-fashion-mnist)");
        DataOptions options = DataOptions.defaults().withEnvironmentDataDir(null).withDownload(false)
                .withCacheRoot(Path.of("target/no-cache"));
        LoadedData d = DataSource.load("fashion-mnist", options);
        assertEquals(60000, d.train().size());
        assertEquals(10000, d.test().size());
        assertEquals(784, d.train().inputs());
        assertEquals("Ankle boot", d.train().classNames().get(9));
        assertEquals(new PixelScaling(28, 28, 255, BuiltinDataSets.FASHION_MNIST.classNames()), d.preprocessing());
    }
}
