package dev.chainrule.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes safetensors files, the weights format of PyTorch and Hugging Face:
 * <pre>
 *   8 bytes  N, the header length, an unsigned 64-bit little-endian integer
 *   N bytes  header: a UTF-8 JSON object, {"NAME": {"dtype": "F32", "shape": [50, 784],
 *            "data_offsets": [BEGIN, END]}, ..., "__metadata__": {"key": "text", ...}}
 *            (the metadata is optional; trailing spaces pad the header)
 *   the data: every tensor's values, row-major, little-endian, at [BEGIN, END) of this part
 * </pre>
 *
 * <p>Reading checks every bound against a damaged or hostile file, and each failure is one
 * {@link SafetensorsException} line naming the file: the file is at least 8 bytes; {@code N} is
 * at most {@value #MAX_HEADER_BYTES} bytes and fits the file; the header is UTF-8 and a JSON
 * object; every tensor has exactly a known {@code dtype}, a {@code shape} of whole numbers
 * {@code >= 0} and {@code data_offsets} {@code [BEGIN, END]} with {@code BEGIN <= END}; {@code
 * END - BEGIN} is the element count times the element size (no overflow); the tensors' byte ranges,
 * in order, start at 0, neither overlap nor leave gaps, and end exactly at the end of the file.
 * A file is read whole: it must be no larger than {@link Limits#maxFileBytes()}.
 *
 * <p>Writing puts the tensors in the order given, one after another, pads the header with
 * spaces to a multiple of 8 bytes (so the data is 8-byte aligned, as the reference writer does),
 * and replaces the file atomically ({@link AtomicFiles}). The same tensors give the same bytes.
 */
public final class Safetensors {
    /** The largest header read (the reference implementation's limit too). */
    public static final long MAX_HEADER_BYTES = 100_000_000;
    private static final String METADATA = "__metadata__";

    private Safetensors() {
    }

    /**
     * A file's contents.
     *
     * @param tensors  the tensors by name, in the order of their data
     * @param metadata the {@code __metadata__} text entries, empty when there are none
     */
    public record Contents(Map<String, SafeTensor> tensors, Map<String, String> metadata) {
        /**
         * Copies the maps.
         *
         * @param tensors the tensors by name, in the order of their data
         * @param metadata the {@code __metadata__} text entries, empty when there are none
         */
        public Contents {
            tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
            metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
        }
    }

    /**
     * Writes {@code tensors} (in their map order) and {@code metadata} to {@code file}, atomically.
     *
     * @param file the file
     * @param tensors the tensors by name
     * @param metadata string metadata for the header
     * @throws IOException when the file cannot be read or written
     */
    public static void write(Path file, Map<String, SafeTensor> tensors, Map<String, String> metadata) throws IOException {
        AtomicFiles.write(file, toBytes(tensors, metadata));
    }

    /**
     * The file's bytes for {@code tensors} (in their map order) and {@code metadata} (may be empty).
     *
     * @param tensors the tensors by name
     * @param metadata string metadata for the header
     * @return the file's bytes for {@code tensors} (in their map order) and {@code metadata} (may be empty)
     */
    public static byte[] toBytes(Map<String, SafeTensor> tensors, Map<String, String> metadata) {
        Map<String, Object> header = new LinkedHashMap<>();
        if (!metadata.isEmpty()) {
            header.put(METADATA, new LinkedHashMap<>(metadata));
        }
        long offset = 0;
        for (Map.Entry<String, SafeTensor> e : tensors.entrySet()) {
            if (e.getKey().equals(METADATA)) {
                throw new IllegalArgumentException("a tensor cannot be named " + METADATA);
            }
            SafeTensor t = e.getValue();
            Map<String, Object> info = new LinkedHashMap<>();
            info.put("dtype", t.dtype());
            info.put("shape", t.shape());
            info.put("data_offsets", List.of(offset, offset + t.byteCount()));
            header.put(e.getKey(), info);
            offset += t.byteCount();
        }
        byte[] json = Json.write(header).getBytes(StandardCharsets.UTF_8);
        int headerLength = (json.length + 7) / 8 * 8;
        if (headerLength > MAX_HEADER_BYTES) {
            throw new IllegalArgumentException("a safetensors header of " + headerLength + " bytes is more than the "
                    + MAX_HEADER_BYTES + " that readers take");
        }
        long total = 8L + headerLength + offset;
        if (total > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("a safetensors file of " + total + " bytes is more than chainrule writes (2 GiB)");
        }
        ByteBuffer out = ByteBuffer.allocate((int) total).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(headerLength);
        out.put(json);
        for (int i = json.length; i < headerLength; i++) {
            out.put((byte) ' ');
        }
        for (SafeTensor t : tensors.values()) {
            t.writeTo(out);
        }
        return out.array();
    }

    /**
     * Reads and checks a safetensors file.
     *
     * @param file the file
     * @return the contents
     * @throws IOException when the file cannot be read or written
     */
    public static Contents read(Path file) throws IOException {
        long size = Limits.checkFile(file, "safetensors file");
        Limits.checkHeap(file.toString(), Limits.multiply(size, 3)); // the bytes, the tensors' copies, the weights
        return fromBytes(Limits.readAll(file), file.toString());
    }

    /**
     * Reads a safetensors file's bytes; {@code source} names it in messages.
     *
     * @param bytes a safetensors file's bytes
     * @param source names the input in messages
     * @return the contents
     * @throws SafetensorsException when the bytes are not a valid safetensors file (the message says why)
     */
    public static Contents fromBytes(byte[] bytes, String source) throws SafetensorsException {
        if (bytes.length < 8) {
            throw new SafetensorsException(source + " is not a safetensors file: " + bytes.length
                    + " bytes, less than the 8 of the header length");
        }
        long headerLength = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        if (headerLength < 0 || headerLength > MAX_HEADER_BYTES) {
            throw new SafetensorsException(source + " is not a safetensors file: its header length "
                    + Long.toUnsignedString(headerLength) + " is more than the " + MAX_HEADER_BYTES + " bytes allowed");
        }
        if (headerLength > bytes.length - 8) {
            throw new SafetensorsException(source + " is truncated or not a safetensors file: its header length "
                    + headerLength + " runs past the end of the file (" + bytes.length + " bytes)");
        }
        if (headerLength < 2 || bytes[8] != '{') {
            throw new SafetensorsException(source + " is not a safetensors file: the header does not start with '{'");
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, 8, (int) headerLength)).toString();
        } catch (CharacterCodingException e) {
            throw new SafetensorsException(source + " is not a safetensors file: its header is not UTF-8 text");
        }
        int dataStart = 8 + (int) headerLength;
        long dataLength = bytes.length - dataStart;
        try {
            Map<String, Object> header = Json.asObject(Json.parse(text, source + " header"), "the header");
            Map<String, String> metadata = metadata(header.get(METADATA));
            List<Entry> entries = new ArrayList<>();
            for (Map.Entry<String, Object> e : header.entrySet()) {
                if (!e.getKey().equals(METADATA)) {
                    entries.add(entry(e.getKey(), e.getValue(), dataLength));
                }
            }
            Map<String, SafeTensor> tensors = new LinkedHashMap<>();
            for (Entry e : inDataOrder(entries, dataLength)) {
                byte[] data = java.util.Arrays.copyOfRange(bytes, dataStart + (int) e.begin, dataStart + (int) e.end);
                tensors.put(e.name, SafeTensor.of(e.dtype, e.shape, data));
            }
            return new Contents(tensors, metadata);
        } catch (IllegalArgumentException | ArithmeticException e) {
            String message = e.getMessage();
            throw new SafetensorsException(message != null && message.startsWith(source) ? message
                    : source + " is not a valid safetensors file: " + message);
        }
    }

    /** One header entry, checked on its own. */
    private record Entry(String name, String dtype, int[] shape, long begin, long end) {
    }

    private static Map<String, String> metadata(Object json) {
        Map<String, String> out = new LinkedHashMap<>();
        if (json == null) {
            return out;
        }
        for (Map.Entry<String, Object> e : Json.asObject(json, "\"" + METADATA + "\"").entrySet()) {
            out.put(e.getKey(), Json.asString(e.getValue(), METADATA + " \"" + e.getKey() + "\""));
        }
        return out;
    }

    private static Entry entry(String name, Object json, long dataLength) {
        String where = "tensor \"" + name + "\"";
        Map<String, Object> info = Json.asObject(json, where);
        for (String key : info.keySet()) {
            if (!List.of("dtype", "shape", "data_offsets").contains(key)) {
                throw new IllegalArgumentException(where + ": unknown key \"" + key + "\"; expected dtype, shape and data_offsets");
            }
        }
        for (String key : List.of("dtype", "shape", "data_offsets")) {
            if (!info.containsKey(key)) {
                throw new IllegalArgumentException(where + ": \"" + key + "\" is missing");
            }
        }
        String dtype = Json.asString(info.get("dtype"), where + " dtype");
        int elementSize = SafeTensor.elementSize(dtype);
        if (elementSize < 0) {
            throw new IllegalArgumentException(where + ": unknown dtype \"" + dtype + "\"; expected one of F64, F32, F16,"
                    + " BF16, F8_E4M3, F8_E5M2, I64, I32, I16, I8, U64, U32, U16, U8, BOOL");
        }
        List<Object> dims = Json.asArray(info.get("shape"), where + " shape");
        int[] shape = new int[dims.size()];
        for (int i = 0; i < shape.length; i++) {
            double d = Json.asNumber(dims.get(i), where + " shape[" + i + "]");
            if (d != Math.rint(d) || d < 0 || d > Integer.MAX_VALUE) {
                throw new IllegalArgumentException(where + ": shape[" + i + "] must be a whole number >= 0, got "
                        + Json.describe(dims.get(i)));
            }
            shape[i] = (int) d;
        }
        List<Object> offsets = Json.asArray(info.get("data_offsets"), where + " data_offsets");
        if (offsets.size() != 2) {
            throw new IllegalArgumentException(where + ": data_offsets must be [BEGIN, END], got " + offsets.size()
                    + " numbers");
        }
        long begin = offset(offsets.get(0), where + " data_offsets BEGIN", dataLength);
        long end = offset(offsets.get(1), where + " data_offsets END", dataLength);
        if (begin > end) {
            throw new IllegalArgumentException(where + ": data_offsets [" + begin + ", " + end + "] end before they begin");
        }
        long elements;
        long bytes;
        try {
            elements = SafeTensor.elements(shape);
            bytes = Math.multiplyExact(elements, elementSize);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(where + ": shape " + java.util.Arrays.toString(shape)
                    + " has more elements than a file can hold");
        }
        if (end - begin != bytes) {
            throw new IllegalArgumentException(where + ": " + dtype + " " + java.util.Arrays.toString(shape) + " needs "
                    + bytes + " bytes, but data_offsets [" + begin + ", " + end + "] hold " + (end - begin));
        }
        if (elements > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(where + ": " + elements + " elements, more than chainrule holds in one tensor");
        }
        return new Entry(name, dtype, shape, begin, end);
    }

    private static long offset(Object json, String what, long dataLength) {
        double v = Json.asNumber(json, what);
        if (v != Math.rint(v) || v < 0) {
            throw new IllegalArgumentException(what + " must be a whole number >= 0, got " + Json.describe(json));
        }
        if (v > dataLength) {
            throw new IllegalArgumentException(what + " " + Json.describe(json).replace("the number ", "")
                    + " lies past the end of the data (" + dataLength + " bytes)");
        }
        return (long) v;
    }

    /**
     * The entries in the order of their data, checking that their byte ranges tile the data
     * exactly: from 0, no overlap, no gap, to the end.
     */
    private static List<Entry> inDataOrder(List<Entry> entries, long dataLength) {
        List<Entry> sorted = new ArrayList<>(entries);
        sorted.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        long expected = 0;
        String previous = null;
        for (Entry e : sorted) {
            if (e.begin < expected) {
                throw new IllegalArgumentException("tensor \"" + e.name + "\" (bytes " + e.begin + " to " + e.end
                        + ") overlaps tensor \"" + previous + "\" (which ends at " + expected + ")");
            }
            if (e.begin > expected) {
                throw new IllegalArgumentException("bytes " + expected + " to " + e.begin + " of the data belong to no"
                        + " tensor (a gap before \"" + e.name + "\")");
            }
            expected = e.end;
            previous = e.name;
        }
        if (expected != dataLength) {
            throw new IllegalArgumentException("the tensors end at byte " + expected + " of the data, but the data has "
                    + dataLength + " bytes");
        }
        return sorted;
    }
}
