package dev.chainrule.data;

import dev.chainrule.io.Fuzz;
import dev.chainrule.tensor.DType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Random and adversarial bytes into the CSV, gzip and IDX readers: each file is read or refused
 * with an {@link IllegalArgumentException} (a {@link DataFormatException} naming the file, or a
 * limit), never another exception and never an {@link OutOfMemoryError}. The time limits are hang
 * guards, not speed targets.
 */
class DataFuzzTest {
    private static final Duration HANG = Duration.ofSeconds(40);
    private static final String CSV_ALPHABET = "0123456789.,,,-+eE\"\r\n\n \tNA;xy?";

    static byte[] gzip(byte[] bytes) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        }
        return out.toByteArray();
    }

    @Test
    void csvFiles(@TempDir Path dir) throws Exception {
        Random random = new Random(21);
        byte[] valid = CsvFileTest.ADMISSIONS.getBytes(StandardCharsets.UTF_8);
        byte[] validGz = gzip(valid);
        Path file = dir.resolve("fuzz.csv");
        List<DataOptions> options = List.of(
                DataOptions.defaults().withCsv(CsvOptions.target("admit").withCategorical(List.of("rank"))
                        .withStandardize(List.of("gre", "gpa"))),
                DataOptions.defaults().withCsv(CsvOptions.target("admit").withMissing(MissingValues.MEAN)),
                DataOptions.defaults().withCsv(CsvOptions.target("1").withFormat(CsvFormat.headerless())
                        .withMissing(MissingValues.DROP)).withTestFraction(0));
        assertTimeoutPreemptively(HANG, () -> {
            for (int i = 0; i < 900; i++) {
                byte[] in = switch (i % 3) {
                    case 0 -> Fuzz.random(random, CSV_ALPHABET, 400);
                    case 1 -> Fuzz.mutate(random, valid);
                    default -> Fuzz.mutate(random, validGz);
                };
                Files.write(file, in);
                DataOptions o = options.get(random.nextInt(options.size()));
                Fuzz.survives("DataSource.load", in, () -> DataSource.load(file.toString(), o), IllegalArgumentException.class);
                Fuzz.survives("CsvTable.read", in, () -> CsvTable.read(file), IllegalArgumentException.class);
                Fuzz.survives("PixelScaling.features", in, () -> new PixelScaling(1, 3, 255, List.of("a", "b"))
                        .features(CsvFile.openSniffingHeader(file, ','), DType.FLOAT32), IllegalArgumentException.class);
            }
        });
    }

    @Test
    void idxFiles(@TempDir Path dir) throws Exception {
        Random random = new Random(22);
        byte[][] valid = IdxFiles.imagesAndLabels(7, 4, 3);
        byte[] validGz = IdxFiles.gzip(valid[0]);
        Path file = dir.resolve("fuzz-idx");
        PixelScaling pixels = PixelScaling.bytes(4, 4, List.of("0", "1", "2"));
        assertTimeoutPreemptively(HANG, () -> {
            for (int i = 0; i < 1500; i++) {
                byte[] in = switch (i % 4) {
                    case 0 -> Fuzz.mutate(random, valid[0]);
                    case 1 -> Fuzz.mutate(random, validGz);
                    case 2 -> Fuzz.mutate(random, valid[1]);
                    default -> hugeHeader(random, i % 8 == 3);
                };
                Files.write(file, in);
                Fuzz.survives("IdxReader.read", in, () -> IdxReader.read(file, 3), IllegalArgumentException.class);
                Fuzz.survives("IdxReader.read labels", in, () -> IdxReader.read(file, 1), IllegalArgumentException.class);
                Fuzz.survives("IdxReader.readImages", in, () -> IdxReader.readImages(file, pixels, DType.FLOAT32),
                        IllegalArgumentException.class);
            }
        });
    }

    /** An image header claiming up to billions of pixels, over a little data, plain or gzipped. */
    private static byte[] hugeHeader(Random random, boolean gzipped) throws Exception {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(16 + random.nextInt(64));
        b.putInt(0x00000803);
        for (int d = 0; d < 3; d++) {
            b.putInt(random.nextInt(4) == 0 ? -1 - random.nextInt(1000) : 1 + random.nextInt(d == 0 ? Integer.MAX_VALUE : 50_000));
        }
        return gzipped ? gzip(b.array()) : b.array();
    }

    @Test
    void aFolderOfDamagedIdxFiles(@TempDir Path dir) throws Exception {
        Random random = new Random(23);
        byte[][] train = IdxFiles.imagesAndLabels(12, 4, 3);
        byte[][] test = IdxFiles.imagesAndLabels(6, 4, 3);
        assertTimeoutPreemptively(HANG, () -> {
            for (int i = 0; i < 200; i++) {
                byte[][] files = {train[0], train[1], test[0], test[1]};
                int k = random.nextInt(4);
                files[k] = Fuzz.mutate(random, files[k]);
                for (int f = 0; f < 4; f++) {
                    Files.write(dir.resolve(IdxFolder.FILES.get(f)), files[f]);
                }
                Fuzz.survives("IdxFolder.load", files[k], () -> IdxFolder.load(dir, "fuzz", null, DType.FLOAT32),
                        IllegalArgumentException.class);
            }
        });
    }
}
