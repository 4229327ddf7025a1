package dev.chainrule.data;

import dev.chainrule.io.Excerpt;
import dev.chainrule.tensor.DType;
import dev.chainrule.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Streaming CSV files: gzip, formats, missing values, target kinds, wide headers and bad input. */
class CsvFileTest {
    static final String ADMISSIONS = "admit,gre,gpa,rank\n0,380,3.61,3\n1,660,3.67,3\n1,800,4,1\n1,640,3.19,4\n0,520,2.93,4\n"
            + "1,760,3,2\n0,560,2.98,1\n0,400,3.08,2\n1,540,3.39,3\n0,700,3.92,2\n";

    static byte[] gzip(String text) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }

    private static DataOptions options(CsvOptions csv) {
        return DataOptions.defaults().withCsv(csv).withTestFraction(0.2).withSeed(3);
    }

    private static CsvOptions admit() {
        return CsvOptions.target("admit").withCategorical(List.of("rank")).withStandardize(List.of("gre", "gpa"));
    }

    private static String refused(Path file, CsvOptions csv) {
        DataFormatException e = assertThrows(DataFormatException.class, () -> DataSource.load(file.toString(), options(csv)));
        assertTrue(e.getMessage().length() <= Excerpt.MAX_LINE, e.getMessage());
        return e.getMessage();
    }

    @Test
    void plainGzippedAndMultiMemberGzipReadTheSameBits(@TempDir Path dir) throws IOException {
        Path plain = Files.writeString(dir.resolve("a.csv"), ADMISSIONS);
        Path gz = Files.write(dir.resolve("a.csv.gz"), gzip(ADMISSIONS));
        int cut = ADMISSIONS.indexOf("1,760");
        ByteArrayOutputStream two = new ByteArrayOutputStream();
        two.write(gzip(ADMISSIONS.substring(0, cut)));
        two.write(gzip(ADMISSIONS.substring(cut)));
        Path members = Files.write(dir.resolve("members.bin"), two.toByteArray());
        LoadedData a = DataSource.load(plain.toString(), options(admit()));
        for (Path p : List.of(gz, members)) {
            LoadedData b = DataSource.load(p.toString(), options(admit()));
            assertTrue(a.train().features().sameBits(b.train().features()), p.toString());
            assertTrue(a.test().targets().sameBits(b.test().targets()), p.toString());
            assertEquals(a.preprocessing(), b.preprocessing());
        }
    }

    @Test
    void corruptAndTruncatedGzipAreNamedAsSuch(@TempDir Path dir) throws IOException {
        byte[] good = gzip(ADMISSIONS);
        byte[] flipped = good.clone();
        flipped[good.length - 6] ^= 0x55; // in the CRC
        byte[] cut = java.util.Arrays.copyOf(good, good.length / 2);
        byte[] trailing = java.util.Arrays.copyOf(good, good.length + 3);
        trailing[good.length] = 'x';
        String m = refused(Files.write(dir.resolve("crc.csv.gz"), flipped), admit());
        assertTrue(m.contains("crc.csv.gz") && m.contains("corrupt gzip data") && m.contains("CRC"), m);
        m = refused(Files.write(dir.resolve("cut.csv.gz"), cut), admit());
        assertTrue(m.contains("cut.csv.gz") && m.contains("truncated gzip data"), m);
        m = refused(Files.write(dir.resolve("trailing.csv.gz"), trailing), admit());
        assertTrue(m.contains("corrupt gzip data") && m.contains("not another gzip member"), m);
        // a flipped byte inside the deflate data decodes into wrong text (a field too many, a bad number) before the
        // member's CRC-32 is reached: reported as the gzip damage it is, not as a CSV problem
        for (int i = 10; i < good.length - 9; i++) { // (the last deflate byte may have unused bits)
            byte[] damaged = good.clone();
            damaged[i] ^= 0x10;
            Path file = Files.write(dir.resolve("damaged.csv.gz"), damaged);
            DataFormatException e = assertThrows(DataFormatException.class,
                    () -> DataSource.load(file.toString(), options(admit())), "byte " + i);
            assertTrue(e.getMessage().contains("gzip data"), "byte " + i + ": " + e.getMessage());
        }
        byte[] padded = java.util.Arrays.copyOf(good, good.length + 512); // zeros after the member: accepted
        assertEquals(8, DataSource.load(Files.write(dir.resolve("padded.gz"), padded).toString(), options(admit())).train().size());
    }

    @Test
    void delimitersAndFilesWithoutAHeader(@TempDir Path dir) throws IOException {
        LoadedData comma = DataSource.load(Files.writeString(dir.resolve("a.csv"), ADMISSIONS).toString(), options(admit()));
        Path semi = Files.writeString(dir.resolve("a.txt"), ADMISSIONS.replace(',', ';'));
        LoadedData s = DataSource.load(semi.toString(), options(admit().withFormat(CsvFormat.DEFAULT.withDelimiter(';'))));
        assertTrue(comma.train().features().sameBits(s.train().features()));
        Path tab = Files.writeString(dir.resolve("a.tsv"), ADMISSIONS.replace(',', '\t'));
        CsvFormat tabs = CsvFormat.DEFAULT.withDelimiter(CsvFormat.parseDelimiter("tab"));
        assertTrue(comma.train().features().sameBits(DataSource.load(tab.toString(), options(admit().withFormat(tabs))).train().features()));
        // no header: columns are 1, 2, 3, 4
        Path bare = Files.writeString(dir.resolve("bare.csv"), ADMISSIONS.substring(ADMISSIONS.indexOf('\n') + 1));
        CsvOptions byIndex = CsvOptions.target("1").withCategorical(List.of("4")).withStandardize(List.of("2", "3"))
                .withFormat(CsvFormat.headerless());
        LoadedData b = DataSource.load(bare.toString(), options(byIndex));
        assertTrue(comma.train().features().sameBits(b.train().features()));
        assertEquals(List.of("2", "3", "4_1", "4_2", "4_3", "4_4"), b.preprocessing().featureNames());
        // the wrong delimiter names the problem
        String m = refused(semi, admit());
        assertTrue(m.contains("no target column \"admit\"") && m.contains("admit;gre;gpa;rank"), m);
    }

    @Test
    void ignoredColumnsAndForcedTargetKinds(@TempDir Path dir) throws IOException {
        String withId = ADMISSIONS.lines().map(l -> (l.startsWith("admit") ? "id," : "x" + l.hashCode() + ",") + l)
                .reduce("", (a, l) -> a + l + "\n");
        Path file = Files.writeString(dir.resolve("ids.csv"), withId);
        assertTrue(refused(file, admit()).contains("column \"id\""));
        LoadedData d = DataSource.load(file.toString(), options(admit().withIgnore(List.of("id"))));
        assertEquals(6, d.train().inputs());
        LoadedData numbers = DataSource.load(file.toString(), options(admit().withIgnore(List.of("id"))
                .withTargetKind(TargetKind.VALUES)));
        assertTrue(numbers.train().classNames().isEmpty());
        assertEquals(1, numbers.train().outputs());
        Path grades = Files.writeString(dir.resolve("g.csv"), "x,grade\n1,1.5\n2,2.5\n3,1.5\n4,2.5\n5,1.5\n");
        LoadedData classes = DataSource.load(grades.toString(), options(CsvOptions.target("grade")
                .withTargetKind(TargetKind.CLASSES)).withTestFraction(0));
        assertEquals(List.of("1.5", "2.5"), classes.train().classNames());
        String m = refused(Files.writeString(dir.resolve("t.csv"), "x,y\n1,a\n2,b\n"), CsvOptions.target("y").withTargetKind(TargetKind.VALUES));
        assertTrue(m.contains("not numbers"), m);
    }

    @Test
    void missingValuesAreAnErrorOrDroppedOrFilledWithTheTrainingMean(@TempDir Path dir) throws IOException {
        String text = ADMISSIONS.replace("1,640,3.19,4", "1,NA,3.19,4").replace("0,400,3.08,2", "NA,400,3.08,2")
                .replace("1,540,3.39,3", "1,540,,3");
        Path file = Files.writeString(dir.resolve("m.csv"), text);
        String m = refused(file, admit());
        assertTrue(m.contains("line 5") && m.contains("column \"gre\"") && m.contains("\"NA\"") && m.contains("drop or mean"), m);
        LoadedData dropped = DataSource.load(file.toString(), options(admit().withMissing(MissingValues.DROP)));
        assertEquals(7, dropped.train().size() + dropped.test().size());
        CsvOptions mean = CsvOptions.target("admit").withMissing(MissingValues.MEAN);
        LoadedData filled = DataSource.load(file.toString(), options(mean).withTestFraction(0));
        assertEquals(9, filled.train().size(), "the row without a target is left out");
        TabularPreprocessing p = (TabularPreprocessing) filled.preprocessing();
        double greMean = (380 + 660 + 800 + 520 + 760 + 560 + 540 + 700) / 8.0;
        assertEquals(greMean, ((ColumnEncoding.Numeric) p.columns().get(0)).fill(), 1e-12);
        assertEquals((float) greMean, filled.train().features().get(3, 0), 0.0);
        // the fill travels with the preprocessing and is used for new rows
        Preprocessing back = Preprocessing.fromMap(p.toMap());
        assertEquals(p, back);
        Path later = Files.writeString(dir.resolve("later.csv"), "gre,gpa,rank\n,3.5,2\n");
        assertEquals((float) greMean, back.features(CsvFile.open(later), DType.FLOAT32).get(0, 0), 0.0);
        // a model that does not fill refuses a missing feature at predict time
        TabularPreprocessing strict = p.with(MissingValues.ERROR, CsvFormat.DEFAULT);
        assertThrows(DataFormatException.class, () -> strict.features(CsvFile.open(later), DType.FLOAT32));
    }

    @Test
    void naInTheTargetIsNeverAClass(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("t.csv"), "x,y\n1,a\n2,b\n3,NA\n4,a\n5,b\n");
        String m = refused(file, CsvOptions.target("y"));
        assertTrue(m.contains("line 4") && m.contains("target"), m);
        LoadedData d = DataSource.load(file.toString(), options(CsvOptions.target("y").withMissing(MissingValues.DROP)).withTestFraction(0));
        assertEquals(List.of("a", "b"), d.train().classNames());
        assertEquals(4, d.train().size());
    }

    @Test
    void aCategoryInOneRowIsAcceptedWhereverTheSplitPutsIt(@TempDir Path dir) throws IOException {
        StringBuilder sb = new StringBuilder("x,c,y\n");
        for (int i = 0; i < 40; i++) {
            sb.append(i).append(',').append(i == 17 ? "rare" : i % 2 == 0 ? "a" : "b").append(',').append(i % 3 == 0 ? "p" : "q").append('\n');
        }
        Path file = Files.writeString(dir.resolve("rare.csv"), sb.toString());
        for (long seed = 0; seed < 30; seed++) {
            LoadedData d = DataSource.load(file.toString(), options(CsvOptions.target("y").withCategorical(List.of("c"))).withSeed(seed));
            assertEquals(List.of("x", "c_a", "c_b", "c_rare"), d.preprocessing().featureNames());
        }
    }

    @Test
    void valuesOutsideFloat32AreRefusedNamingTheLineEvenInTheHeldOutPart(@TempDir Path dir) throws IOException {
        StringBuilder sb = new StringBuilder("x,y\n");
        for (int i = 0; i < 20; i++) {
            sb.append(i == 13 ? "1e39" : Integer.toString(i)).append(',').append(i % 2).append('\n');
        }
        Path file = Files.writeString(dir.resolve("big.csv"), sb.toString());
        for (long seed = 0; seed < 5; seed++) {
            long s = seed;
            DataFormatException e = assertThrows(DataFormatException.class,
                    () -> DataSource.load(file.toString(), options(CsvOptions.target("y")).withSeed(s)));
            assertTrue(e.getMessage().contains("line 15") && e.getMessage().contains("float32"), e.getMessage());
        }
        LoadedData wide = DataSource.load(file.toString(), options(CsvOptions.target("y")).withDtype(DType.FLOAT64));
        assertEquals(20, wide.train().size() + wide.test().size(), "a float64 run reads it");
        // -3e38 fits float32, but standardized with a fitted mean and deviation it does not: said so, with the line
        LoadedData fitted = DataSource.load(Files.writeString(dir.resolve("fit.csv"), "x,y\n1.000,0\n1.001,1\n1.002,0\n1.003,1\n1.004,0\n")
                .toString(), options(CsvOptions.target("y").withStandardize(List.of("x"))));
        Path later = Files.writeString(dir.resolve("later.csv"), "x,y\n2,0\n-3e38,1\n");
        DataFormatException s = assertThrows(DataFormatException.class, () -> DataSource.load(later.toString(),
                options(CsvOptions.target("y")), fitted.preprocessing()));
        assertTrue(s.getMessage().contains("line 3") && s.getMessage().contains("\"-3e38\" standardized")
                && s.getMessage().contains("float32"), s.getMessage());
        Path huge = Files.writeString(dir.resolve("huge.csv"), "x,y\n1e400,0\n2,1\n");
        assertTrue(refused(huge, CsvOptions.target("y")).contains("outside the double range"));
    }

    @Test
    void aWideHeaderIsReadInLinearTime(@TempDir Path dir) throws IOException {
        int columns = 300_000;
        StringBuilder sb = new StringBuilder(columns * 9);
        for (int c = 0; c < columns; c++) {
            sb.append(c == 0 ? "" : ",").append('c').append(c);
        }
        sb.append('\n');
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < columns; c++) {
                sb.append(c == 0 ? "" : ",").append(c == 0 ? r % 2 : 1);
            }
            sb.append('\n');
        }
        Path file = Files.writeString(dir.resolve("wide.csv"), sb);
        // a hang guard, not a speed test: the quadratic lookup took minutes here
        LoadedData d = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> DataSource.load(file.toString(),
                options(CsvOptions.target("c0").withIgnore(List.of("c5", "c299999"))).withTestFraction(0)));
        assertEquals(columns - 3, d.train().inputs());
        DataFormatException e = assertThrows(DataFormatException.class, () -> DataSource.load(file.toString(),
                options(CsvOptions.target("nope"))));
        assertTrue(e.getMessage().length() <= Excerpt.MAX_LINE && e.getMessage().contains("300,000 columns"), e.getMessage());
    }

    @Test
    void longValuesAreElidedAndNonFilesRefused(@TempDir Path dir) throws IOException {
        String long50mb = "v".repeat(50_000_000);
        Path file = Files.writeString(dir.resolve("long.csv"), "x,y\n" + long50mb + ",1\n2,0\n");
        String m = refused(file, CsvOptions.target("y"));
        assertTrue(m.contains("line 2") && m.contains("column \"x\""), m);
        assertTrue(refused(dir, CsvOptions.target("y")).contains("IDX"), "a folder is read as IDX files");
        if (Files.exists(Path.of("/dev/zero"))) {
            assertTrue(refused(Path.of("/dev/zero"), CsvOptions.target("y")).contains("not a regular file"));
        }
    }

    @Test
    void numbersParseAsDoubleParseDoubleDoes() {
        String[] texts = {"0", "-0", "3.19", ".5", "5.", "1e-3", "+2.5E+10", "123456789012345678901234", "0.1", "3.4028235e38",
            "1e-320", "4.9e-324", "9007199254740993", "1.7976931348623157e308", " 7 ", "0.30000000000000004"};
        for (String t : texts) {
            byte[] b = t.getBytes(StandardCharsets.US_ASCII);
            assertEquals(Double.doubleToRawLongBits(Double.parseDouble(t.strip())), Double.doubleToRawLongBits(Decimals.parse(b, 0, b.length)), t);
        }
        java.util.Random random = new java.util.Random(7);
        for (int i = 0; i < 50_000; i++) {
            String t = i % 2 == 0 ? Double.toString(random.nextGaussian() * Math.pow(10, random.nextInt(40) - 20))
                    : String.format(java.util.Locale.ROOT, "%." + random.nextInt(12) + "f", random.nextDouble() * 1000);
            byte[] b = t.getBytes(StandardCharsets.US_ASCII);
            assertEquals(Double.doubleToRawLongBits(Double.parseDouble(t)), Double.doubleToRawLongBits(Decimals.parse(b, 0, b.length)), t);
        }
        for (String bad : new String[] {"", "-", ".", "e5", "1e", "1.2.3", "0x10", "NaN", "Infinity", "1f", "1,5", "--1"}) {
            byte[] b = bad.getBytes(StandardCharsets.US_ASCII);
            assertTrue(Double.isNaN(Decimals.parse(b, 0, b.length)), bad);
        }
        assertEquals(Double.POSITIVE_INFINITY, Decimals.parse("1e400"));
    }

    @Test
    void pixelCsvFilesWithLabelsGiveDatasets(@TempDir Path dir) throws IOException {
        PixelScaling pixels = new PixelScaling(1, 2, 16, List.of("zero", "one"));
        Path headerless = Files.writeString(dir.resolve("p.csv"), "0,16,1\n8,4,zero\n");
        Dataset d = pixels.dataset(CsvFile.openSniffingHeader(headerless, ','), "p", DType.FLOAT32);
        assertEquals(1, d.label(0));
        assertEquals(0, d.label(1));
        assertEquals(0.5, d.features().get(1, 0));
        Path kaggle = Files.writeString(dir.resolve("k.csv"), "label,pixel1,pixel2\n1,0,16\n");
        Dataset k = pixels.dataset(CsvFile.openSniffingHeader(kaggle, ','), "k", DType.FLOAT32);
        assertEquals(1.0, k.features().get(0, 1));
        assertEquals(1, k.label(0));
        Tensor x = pixels.features(CsvFile.open(headerless, CsvFormat.headerless()), DType.FLOAT32);
        assertEquals(2, x.rows());
        assertThrows(DataFormatException.class, () -> pixels.dataset(CsvFile.open(Files.writeString(dir.resolve("bad.csv"),
                "0,16,7\n"), CsvFormat.headerless()), "bad", DType.FLOAT32));
    }
}
