package dev.chainrule.data;

import dev.chainrule.tensor.DType;
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
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IdxReaderTest {
    @TempDir
    Path dir;

    private Path write(String name, byte[] bytes) throws IOException {
        Path f = dir.resolve(name);
        Files.write(f, bytes);
        return f;
    }

    private String refused(Path file, int dims) {
        return assertThrows(DataFormatException.class, () -> IdxReader.read(file, dims)).getMessage();
    }

    @Test
    void readsPlainAndGzippedAlike() throws IOException {
        byte[][] files = IdxFiles.imagesAndLabels(5, 3, 2);
        IdxReader.IdxArray plain = IdxReader.read(write("images", files[0]), 3);
        IdxReader.IdxArray gz = IdxReader.read(write("images.bin", IdxFiles.gzip(files[0])), 3);
        assertArrayEquals(new int[] {5, 3, 3}, plain.dims());
        assertArrayEquals(plain.data(), gz.data(), "gzip is detected by its magic bytes, not the name");
        assertEquals(6, plain.get(4 * 9 + 2));
        IdxReader.IdxArray labels = IdxReader.read(write("labels.gz", IdxFiles.gzip(files[1])), 1);
        assertEquals(5, labels.count());
        assertEquals(1, labels.get(3));
    }

    @Test
    void dimsReadsTheHeaderOnly() throws IOException {
        byte[][] files = IdxFiles.imagesAndLabels(5, 3, 2);
        assertArrayEquals(new int[] {5, 3, 3}, IdxReader.dims(write("images", files[0]), 3));
        assertArrayEquals(new int[] {5}, IdxReader.dims(write("labels.gz", IdxFiles.gzip(files[1])), 1));
        // a gzipped file cut after its header: read() needs the pixels and refuses it, dims() does not read them
        byte[] gz = IdxFiles.gzip(files[0]);
        Path cut = write("cut.gz", Arrays.copyOf(gz, gz.length - 10));
        refused(cut, 3);
        assertArrayEquals(new int[] {5, 3, 3}, IdxReader.dims(cut, 3));
        String labelsAsImages = assertThrows(DataFormatException.class,
                () -> IdxReader.dims(write("labels", files[1]), 3)).getMessage();
        assertTrue(labelsAsImages.contains("header has 1 dimensions, expected 3"), labelsAsImages);
    }

    @Test
    void truncatedFilesAreRefused() throws IOException {
        byte[] good = IdxFiles.imagesAndLabels(5, 3, 2)[0];
        byte[] cut = Arrays.copyOf(good, good.length - 7);
        String plain = refused(write("cut", cut), 3);
        assertTrue(plain.contains("truncated") && plain.contains("cut"), plain);
        byte[] gz = IdxFiles.gzip(good);
        String gzCut = refused(write("cut.gz", Arrays.copyOf(gz, gz.length - 10)), 3);
        assertTrue(gzCut.contains("cut.gz"), gzCut);
        String header = refused(write("short", Arrays.copyOf(good, 9)), 3);
        assertTrue(header.contains("truncated"), header);
        byte[] longer = Arrays.copyOf(good, good.length + 3);
        assertTrue(refused(write("long", longer), 3).contains("longer than its header says"));
    }

    @Test
    void corruptFilesAreRefused() throws IOException {
        byte[] good = IdxFiles.imagesAndLabels(5, 3, 2)[0];
        byte[] gz = IdxFiles.gzip(good);
        byte[] flipped = gz.clone();
        for (int i = 12; i < flipped.length - 8; i++) {
            flipped[i] ^= 0x5a;
        }
        String corrupt = refused(write("corrupt.gz", flipped), 3);
        assertTrue(corrupt.contains("corrupt.gz"), corrupt);
        byte[] big = IdxFiles.gzip(IdxFiles.imagesAndLabels(200, 8, 2)[0]);
        for (int i = 10; i < big.length - 8; i++) { // one flipped byte in the deflate data is gzip damage, never "bytes left over"
            byte[] damaged = big.clone();
            damaged[i] ^= 0x10;
            Path file = write("damaged.gz", damaged);
            try {
                IdxReader.read(file, 3);
                assertTrue(i == big.length - 9, "byte " + i + " read as valid"); // only the last byte's unused bits may
            } catch (DataFormatException e) {
                assertTrue(e.getMessage().contains("gzip data"), "byte " + i + ": " + e.getMessage());
            }
        }

        byte[] magic = good.clone();
        magic[0] = 0x12;
        assertTrue(refused(write("magic", magic), 3).contains("not an IDX file: magic number 0x12000803"));
        byte[] type = good.clone();
        type[2] = 0x0D;
        assertTrue(refused(write("float", type), 3).contains("element type 0x0d is not supported; expected 0x08"));
        assertTrue(refused(write("labels", IdxFiles.imagesAndLabels(5, 3, 2)[1]), 3).contains("1 dimensions, expected 3"));
        String text = refused(write("text.idx", "hello, world\n".getBytes()), 3);
        assertTrue(text.contains("not an IDX file"), text);
        assertTrue(refused(write("empty", new byte[0]), 1).contains("truncated"));
    }

    @Test
    void absurdHeaderIsRefusedBeforeAllocating() throws IOException {
        byte[] billions = IdxFiles.idx(new int[] {2_000_000_000, 28, 28}, new byte[100]);
        String plain = assertTimeoutPreemptively(java.time.Duration.ofSeconds(5), () -> refused(write("huge", billions), 3));
        assertTrue(plain.contains("2000000000 x 28 x 28") && plain.contains("corrupt"), plain);
        String gz = refused(write("huge.gz", IdxFiles.gzip(billions)), 3);
        assertTrue(gz.contains("2000000000 x 28 x 28"), gz);
        byte[] fits = IdxFiles.idx(new int[] {1_000_000, 28, 28}, new byte[100]);
        String lying = refused(write("lying.gz", IdxFiles.gzip(fits)), 3);
        assertTrue(lying.contains("gzipped bytes hold at most"), "a header that fits an array but not the file: " + lying);
        byte[] negative = IdxFiles.idx(new int[] {-1, 28, 28}, new byte[0]);
        assertTrue(refused(write("negative", negative), 3).contains("dimension 1 is 4294967295"));
    }

    @Test
    void folderChecksCountsAndLabels() throws IOException {
        Path folder = IdxFiles.folder(dir.resolve("set"), 12, 6, true);
        LoadedData data = IdxFolder.load(folder, "set", null, DType.FLOAT32);
        assertEquals(12, data.train().size());
        assertEquals(6, data.test().size());
        assertEquals(16, data.train().inputs());
        assertEquals(List.of("0", "1", "2"), data.train().classNames());
        assertEquals(5 / 255.0f, data.train().features().get(2, 3), 0.0, "pixels / 255");
        assertEquals(2, data.train().label(5));
        assertEquals(new PixelScaling(4, 4, 255, List.of("0", "1", "2")), data.preprocessing());

        Files.write(folder.resolve("t10k-labels-idx1-ubyte.gz"), IdxFiles.gzip(IdxFiles.imagesAndLabels(5, 4, 3)[1]));
        String mismatch = assertThrows(DataFormatException.class, () -> IdxFolder.load(folder, "set", null, DType.FLOAT32)).getMessage();
        assertTrue(mismatch.contains("t10k-images-idx3-ubyte holds 6 images but t10k-labels-idx1-ubyte holds 5 labels"), mismatch);

        Files.delete(folder.resolve("train-labels-idx1-ubyte.gz"));
        String missing = assertThrows(DataFormatException.class, () -> IdxFolder.load(folder, "set", null, DType.FLOAT32)).getMessage();
        assertTrue(missing.contains("lacks train-labels-idx1-ubyte"), missing);
    }

    @Test
    void labelsBeyondTheClassNamesAreRefused() throws IOException {
        Path folder = IdxFiles.folder(dir.resolve("set"), 4, 4, false);
        String e = assertThrows(DataFormatException.class,
                () -> IdxFolder.load(folder, "set", List.of("a", "b"), DType.FLOAT32)).getMessage();
        assertTrue(e.contains("label 3 is 2; expected 0 to 1"), e);
    }
}
