package dev.chainrule.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Model files with a valid checksum whose contents are still refused: huge layers, NaN weights, wrong class names, non-files. */
class ModelFileChecksTest {

    /** A model file around {@code header} and {@code payload}, with the right magic, version and checksum. */
    static byte[] file(String header, byte[] payload) throws Exception {
        return file(header.getBytes(StandardCharsets.UTF_8), payload);
    }

    static byte[] file(byte[] h, byte[] payload) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.write("chainrule-model\n".getBytes(StandardCharsets.US_ASCII));
        out.writeInt(1); // the headers below are in format version 1 (rows and cols), which every reader reads
        out.writeInt(h.length);
        out.write(h);
        out.write(payload);
        byte[] body = bytes.toByteArray();
        out.write(MessageDigest.getInstance("SHA-256").digest(body));
        return bytes.toByteArray();
    }

    private static String header(int inputs, int units, String classNames) {
        return "{\"format\": \"chainrule-model\", \"version\": 1, \"network\": {\"input\": " + inputs
                + ", \"layers\": [{\"dense\": " + units + ", \"bias\": false}], \"loss\": \"mse\"}, \"dtype\": \"float32\","
                + " \"parameters\": [{\"name\": \"dense_1.weight\", \"rows\": " + inputs + ", \"cols\": " + units + "}],"
                + " \"class_names\": " + classNames + "}";
    }

    private static byte[] floats(float... values) {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(4 * values.length);
        for (float v : values) {
            b.putFloat(v);
        }
        return b.array();
    }

    private static String refusal(byte[] bytes) {
        ModelFileException e = assertThrows(ModelFileException.class, () -> ModelFile.fromBytes(bytes, "m.model"));
        assertTrue(e.getMessage().length() <= Excerpt.MAX_LINE && !e.getMessage().contains("\n"), e.getMessage());
        return e.getMessage();
    }

    @Test
    void aSmallFileAskingForAHugeLayerIsRefusedBeforeAllocating() throws Exception {
        String m = refusal(file(header(46000, 46000, "[]"), new byte[0]));
        assertTrue(m.contains("46,000 x 46,000") && m.contains("largest layer") && m.contains("-D" + Limits.LAYER_PROPERTY), m);
    }

    @Test
    void nonFiniteWeightsAreRefusedNamingTheParameter() throws Exception {
        assertEquals(1, ModelFile.fromBytes(file(header(2, 1, "[]"), floats(0.5f, -1)), "m").model().outputs());
        for (float bad : new float[] {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY}) {
            String m = refusal(file(header(2, 1, "[]"), floats(0.5f, bad)));
            assertTrue(m.contains("dense_1.weight") && m.contains("[2, 1]") && m.contains("finite"), m);
        }
    }

    @Test
    void classNamesMustNameTheOutputs() throws Exception {
        assertEquals(List.of("no", "yes"), ModelFile.fromBytes(file(header(2, 1, "[\"no\", \"yes\"]"), floats(1, 2)), "m").classNames());
        assertEquals(List.of("a", "b"), ModelFile.fromBytes(file(header(1, 2, "[\"a\", \"b\"]"), floats(1, 2)), "m").classNames());
        String m = refusal(file(header(1, 2, "[\"a\", \"b\", \"c\"]"), floats(1, 2)));
        assertTrue(m.contains("3 class names for 2 outputs"), m);
        m = refusal(file(header(2, 1, "[\"a\", \"b\", \"c\"]"), floats(1, 2)));
        assertTrue(m.contains("3 class names for 1 outputs"), m);
        var inconsistent = new SavedModel(ModelFileTest.tiny(), List.of("only"), null, null, null);
        assertThrows(IllegalArgumentException.class, () -> ModelFile.toBytes(inconsistent));
    }

    @Test
    void classNamesMustDifferAndTheHeaderMustBeUtf8() throws Exception {
        String m = refusal(file(header(1, 2, "[\"a\", \"a\"]"), floats(1, 2)));
        assertTrue(m.contains("class name \"a\" appears twice"), m);
        byte[] h = header(2, 1, "[\"no\", \"yes\"]").getBytes(StandardCharsets.UTF_8);
        h[h.length - 4] = (byte) 0xff; // inside "yes": not UTF-8
        m = refusal(file(h, floats(1, 2)));
        assertTrue(m.contains("not UTF-8"), m);
    }

    @Test
    void thePreprocessingMustGiveTheNetworksInputs() throws Exception {
        String oneFeature = "{\"format\": \"chainrule-preprocessing\", \"version\": 1, \"kind\": \"columns\", \"columns\":"
                + " [{\"column\": \"a\", \"encoding\": \"numeric\"}], \"target\": {\"column\": \"y\", \"encoding\": \"values\"}}";
        String header = header(2, 1, "[]");
        header = header.substring(0, header.length() - 1) + ", \"preprocessing\": " + oneFeature + "}";
        String m = refusal(file(header, floats(1, 2)));
        assertTrue(m.contains("the preprocessing gives 1 features, but the network takes 2 inputs"), m);
    }

    @Test
    void aFileThatFailsToReadIsNamed() throws Exception {
        Path mem = Path.of("/proc/self/mem"); // a "regular file" whose reading fails with a bare I/O error
        assumeTrue(Files.exists(mem));
        java.nio.file.FileSystemException e = assertThrows(java.nio.file.FileSystemException.class, () -> ModelFile.load(mem));
        assertTrue(e.getMessage().contains("/proc/self/mem") && e.getMessage().contains("could not be read"), e.getMessage());
    }

    @Test
    void isModelFileRefusesFoldersAndPipesWithoutReading(@TempDir Path dir) throws Exception {
        String m = assertThrows(IllegalArgumentException.class, () -> ModelFile.isModelFile(dir)).getMessage();
        assertTrue(m.contains("is a folder"), m);
        Path fifo = dir.resolve("fifo");
        assumeTrue(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor() == 0);
        m = assertTimeoutPreemptively(java.time.Duration.ofSeconds(30),
                () -> assertThrows(IllegalArgumentException.class, () -> ModelFile.isModelFile(fifo)).getMessage());
        assertTrue(m.contains("not a regular file"), m);
    }

    @Test
    void aFolderADeviceAndAMissingFileAreNamed(@TempDir Path dir) throws Exception {
        String m = assertThrows(IllegalArgumentException.class, () -> ModelFile.load(dir)).getMessage();
        assertTrue(m.contains(dir.toString()) && m.contains("is a folder") && m.contains("model file"), m);
        Path zero = Path.of("/dev/zero");
        if (Files.exists(zero)) {
            m = assertThrows(IllegalArgumentException.class, () -> ModelFile.load(zero)).getMessage();
            assertTrue(m.contains("not a regular file"), m);
        }
        NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> ModelFile.load(dir.resolve("none.model")));
        assertEquals("no such model file", e.getReason());
    }

    @Test
    void aFileOverTheSizeLimitIsRefusedBeforeReading(@TempDir Path dir) throws Exception {
        Path big = dir.resolve("big.model");
        Files.write(big, new byte[4096]);
        String old = System.setProperty(Limits.FILE_PROPERTY, "1000");
        try {
            String m = assertThrows(IllegalArgumentException.class, () -> ModelFile.load(big)).getMessage();
            assertTrue(m.contains("4,096 bytes") && m.contains("1,000 bytes") && m.contains("-D" + Limits.FILE_PROPERTY), m);
            m = assertThrows(IllegalArgumentException.class, () -> NetworkFile.read(big)).getMessage();
            assertTrue(m.contains("largest network file"), m);
        } finally {
            if (old == null) {
                System.clearProperty(Limits.FILE_PROPERTY);
            } else {
                System.setProperty(Limits.FILE_PROPERTY, old);
            }
        }
    }

    @Test
    void aLayerOverTheFreeHeapIsRefusedNamingTheHeap() {
        long units = Math.max(2, Runtime.getRuntime().maxMemory() / 4 / 1000 + 1);
        String old = System.setProperty(Limits.LAYER_PROPERTY, Long.toString(Long.MAX_VALUE));
        try {
            String m = assertThrows(IllegalArgumentException.class,
                    () -> NetworkFile.parse("{\"input\": 1000, \"layers\": [{\"dense\": " + units + "}]}", "net.json")).getMessage();
            assertTrue(m.contains("Java heap") && m.contains("-Xmx"), m);
        } finally {
            if (old == null) {
                System.clearProperty(Limits.LAYER_PROPERTY);
            } else {
                System.setProperty(Limits.LAYER_PROPERTY, old);
            }
        }
    }

    @Test
    void networkNumbersMustFitTheirType() {
        String m = assertThrows(IllegalArgumentException.class,
                () -> NetworkFile.parse("{\"input\": 1, \"layers\": [{\"dense\": 1, \"weights\": [[1e400]]}]}", "net.json")).getMessage();
        assertTrue(m.contains("net.json") && m.contains("line 1") && m.contains("1e400") && m.contains("too large"), m);
        NetworkSpec spec = NetworkFile.parse("{\"input\": 1, \"layers\": [{\"dense\": 1, \"weights\": [[1e39]]}]}", "net.json");
        m = assertThrows(IllegalArgumentException.class, () -> spec.build(dev.chainrule.tensor.DType.FLOAT32, 1)).getMessage();
        assertTrue(m.contains("layer 1") && m.contains("[1][1]") && m.contains("float32"), m);
        assertEquals(1e39, spec.build(dev.chainrule.tensor.DType.FLOAT64, 1).layers().size() == 1 ? 1e39 : 0);
    }

    @Test
    void longValuesAreElided() {
        String key = "k".repeat(1_000_000);
        String m = assertThrows(IllegalArgumentException.class,
                () -> NetworkFile.parse("{\"input\": 1, \"" + key + "\": 2}", "net.json")).getMessage();
        assertTrue(m.length() < 200 && m.contains("1,000,000 characters"), m);
    }
}
