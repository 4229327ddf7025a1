package dev.chainrule.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SafetensorsTest {

    static Map<String, SafeTensor> sample() {
        Map<String, SafeTensor> t = new LinkedHashMap<>();
        t.put("0.weight", SafeTensor.ofFloats(new int[] {2, 3}, new float[] {1.5f, -0f, Float.MIN_VALUE, 3e38f, -7f, 0.1f}));
        t.put("0.bias", SafeTensor.ofFloats(new int[] {2}, new float[] {Float.NaN, 1}));
        t.put("scalar", SafeTensor.ofDoubles(new int[] {}, new double[] {Math.PI}));
        t.put("empty", SafeTensor.ofFloats(new int[] {0, 4}, new float[0]));
        return t;
    }

    @Test
    void theRoundTripIsExactAndTheBytesAreAFunctionOfTheContents(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("w.safetensors");
        Safetensors.write(file, sample(), Map.of("format", "pt"));
        Safetensors.Contents back = Safetensors.read(file);
        assertEquals(sample(), back.tensors());
        assertEquals(List.copyOf(sample().keySet()), List.copyOf(back.tensors().keySet()));
        assertEquals(Map.of("format", "pt"), back.metadata());
        assertArrayEquals(Files.readAllBytes(file), Safetensors.toBytes(back.tensors(), back.metadata()));
        assertEquals(0, (Files.size(file) - 8 - 8 - (24 + 8 + 8)) % 8, "the data starts 8-byte aligned");
        assertEquals(Math.PI, back.tensors().get("scalar").toDoubles()[0]);
        assertEquals(Float.floatToRawIntBits(-0f), Float.floatToRawIntBits(back.tensors().get("0.weight").toFloats()[1]));
    }

    @Test
    void halfPrecisionAndIntegerTypesConvertExactly() {
        ByteBuffer b = ByteBuffer.allocate(10).order(ByteOrder.LITTLE_ENDIAN);
        b.putShort((short) 0x3c00).putShort((short) 0xc000).putShort((short) 0x0001).putShort((short) 0x7bff)
                .putShort((short) 0xfc00);
        assertArrayEquals(new double[] {1, -2, 0x1p-24, 65504, Double.NEGATIVE_INFINITY},
                SafeTensor.of("F16", new int[] {5}, b.array()).toDoubles());
        ByteBuffer bf = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
        bf.putShort((short) 0x3fc0).putShort((short) 0xc080);
        assertArrayEquals(new double[] {1.5, -4}, SafeTensor.of("BF16", new int[] {2}, bf.array()).toDoubles());
        ByteBuffer i = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(-3);
        assertArrayEquals(new double[] {-3}, SafeTensor.of("I64", new int[] {}, i.array()).toDoubles());
        assertArrayEquals(new double[] {255, 1}, SafeTensor.of("U8", new int[] {2}, new byte[] {-1, 1}).toDoubles());
    }

    /** A file with the given header text and {@code data} bytes after it. */
    static byte[] file(String header, int data) {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + data).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(h.length).put(h);
        return b.array();
    }

    static String refused(byte[] bytes) {
        SafetensorsException e = assertThrows(SafetensorsException.class, () -> Safetensors.fromBytes(bytes, "w.st"));
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        assertTrue(e.getMessage().startsWith("w.st"), e.getMessage());
        return e.getMessage();
    }

    @Test
    void everyBoundIsCheckedWithAOneLineMessage() {
        assertTrue(refused(new byte[5]).contains("less than the 8 of the header length"));
        byte[] huge = new byte[16];
        ByteBuffer.wrap(huge).order(ByteOrder.LITTLE_ENDIAN).putLong(-1L);
        assertTrue(refused(huge).contains("header length 18446744073709551615 is more than the 100000000 bytes allowed"));
        ByteBuffer.wrap(huge).order(ByteOrder.LITTLE_ENDIAN).putLong(50);
        assertTrue(refused(huge).contains("header length 50 runs past the end of the file (16 bytes)"));
        assertTrue(refused(file("[1, 2]", 0)).contains("does not start with '{'"));
        byte[] latin = file("{\"\u00e9\": 1}", 0);
        latin[10] = (byte) 0xff;
        assertTrue(refused(latin).contains("not UTF-8"));
        assertTrue(refused(file("{\"a\": {\"dtype\": \"F32\", \"shape\": [2]}}", 8)).contains("\"data_offsets\" is missing"));
        assertTrue(refused(file("{\"a\": {\"dtype\": \"F31\", \"shape\": [2], \"data_offsets\": [0, 8]}}", 8))
                .contains("unknown dtype \"F31\""));
        assertTrue(refused(file("{\"a\": {\"dtype\": \"F32\", \"shape\": [2, -1], \"data_offsets\": [0, 8]}}", 8))
                .contains("shape[1] must be a whole number >= 0"));
        assertTrue(refused(file("{\"a\": {\"dtype\": \"F32\", \"shape\": [2.5], \"data_offsets\": [0, 8]}}", 8))
                .contains("shape[0] must be a whole number >= 0"));
        assertTrue(refused(file("{\"a\": {\"dtype\": \"F32\", \"shape\": [3], \"data_offsets\": [0, 8]}}", 8))
                .contains("F32 [3] needs 12 bytes, but data_offsets [0, 8] hold 8"));
        assertTrue(refused(file("{\"a\": {\"dtype\": \"F32\", \"shape\": [2], \"data_offsets\": [8, 0]}}", 8))
                .contains("end before they begin"));
        assertTrue(refused(file("{\"a\": {\"dtype\": \"F32\", \"shape\": [2], \"data_offsets\": [0, 800]}}", 8))
                .contains("lies past the end of the data (8 bytes)"));
        assertTrue(refused(file("{\"a\": {\"dtype\": \"F32\", \"shape\": [2], \"data_offsets\": [0, 1e300]}}", 8))
                .contains("lies past the end of the data"));
        assertTrue(refused(file("{\"a\": {\"dtype\": \"U8\", \"shape\": [65536, 65536, 65536, 65536, 65536], "
                + "\"data_offsets\": [0, 8]}}", 8)).contains("more elements than a file can hold"));
        assertTrue(refused(file("{\"a\": {\"dtype\": \"F32\", \"shape\": [2], \"data_offsets\": [0, 8]},"
                + " \"b\": {\"dtype\": \"F32\", \"shape\": [1], \"data_offsets\": [4, 8]}}", 8))
                .contains("overlaps tensor \"a\""));
        assertTrue(refused(file("{\"a\": {\"dtype\": \"F32\", \"shape\": [1], \"data_offsets\": [4, 8]}}", 8))
                .contains("bytes 0 to 4 of the data belong to no tensor"));
        assertTrue(refused(file("{\"a\": {\"dtype\": \"F32\", \"shape\": [1], \"data_offsets\": [0, 4]}}", 8))
                .contains("the tensors end at byte 4 of the data, but the data has 8 bytes"));
        assertTrue(refused(file("{\"a\": {\"dtype\": \"F32\", \"shape\": [1], \"data_offsets\": [0, 4], \"x\": 1}}", 4))
                .contains("unknown key \"x\""));
        assertTrue(refused(file("{\"__metadata__\": {\"k\": 3}}", 0)).contains("__metadata__ \"k\" must be a string"));
        assertTrue(refused(file("{\"a\": 1, \"a\": 2}", 0)).contains("duplicate key"));
        assertTrue(refused(file("{\"a\": {", 0)).contains("line 1"));
    }

    @Test
    void theWriterRefusesWhatAReaderWouldRefuse() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SafeTensor.ofFloats(new int[] {2, 3}, new float[5]))
                .getMessage().contains("holds 6"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SafeTensor.ofDoubles(new int[] {2, -3}, new double[0]))
                .getMessage().contains("dimensions must be >= 0"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SafeTensor.of("F31", new int[] {1}, new byte[4]))
                .getMessage().contains("unknown safetensors dtype \"F31\""));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SafeTensor.of("F32", new int[] {2}, new byte[4]))
                .getMessage().contains("needs 8"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SafeTensor.of("U8", new int[] {65536, 65536, 65536,
            65536, 65536}, new byte[4])).getMessage().contains("more elements than a file can hold"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Safetensors.toBytes(Map.of("__metadata__",
                SafeTensor.ofFloats(new int[] {1}, new float[1])), Map.of())).getMessage().contains("cannot be named"));
        String huge = "x".repeat((int) Safetensors.MAX_HEADER_BYTES);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Safetensors.toBytes(Map.of(), Map.of("note", huge)))
                .getMessage().contains("more than the 100000000 that readers take"));
    }

    @Test
    void randomDamageIsAlwaysAOneLineRefusalOrTheSameTensors() throws Exception {
        byte[] good = Safetensors.toBytes(sample(), Map.of("format", "pt"));
        Random random = new Random(5);
        for (int trial = 0; trial < 2000; trial++) {
            byte[] bad = good.clone();
            int flips = 1 + random.nextInt(3);
            for (int k = 0; k < flips; k++) {
                bad[random.nextInt(bad.length)] ^= (byte) (1 << random.nextInt(8));
            }
            if (random.nextInt(4) == 0) {
                bad = java.util.Arrays.copyOf(bad, random.nextInt(bad.length));
            }
            try {
                Safetensors.Contents c = Safetensors.fromBytes(bad, "w.st");
                // damage to values, names or padding can pass (the format has no checksum), but what is read
                // is still a consistent file: the tensors tile the data exactly
                long header = ByteBuffer.wrap(bad, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
                long data = 0;
                for (SafeTensor t : c.tensors().values()) {
                    data += t.data().length;
                }
                assertEquals(bad.length - 8 - header, data);
            } catch (SafetensorsException e) {
                assertFalse(e.getMessage().contains("\n"), e.getMessage());
            }
        }
    }

    @Test
    void aMissingFileIsNamed(@TempDir Path dir) {
        var e = assertThrows(java.nio.file.NoSuchFileException.class, () -> Safetensors.read(dir.resolve("absent.safetensors")));
        assertEquals("no such safetensors file", e.getReason());
    }
}
