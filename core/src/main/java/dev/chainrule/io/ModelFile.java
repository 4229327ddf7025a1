package dev.chainrule.io;

import dev.chainrule.data.Preprocessing;
import dev.chainrule.layer.Parameter;
import dev.chainrule.model.Sequential;
import dev.chainrule.tensor.DType;
import dev.chainrule.tensor.Tensor;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Model files: one file holding a trained network and what is needed to use it again.
 *
 * <p>Layout (all integers big-endian):
 * <pre>
 *   16 bytes  magic "chainrule-model\n"
 *    4 bytes  format version ({@value #VERSION}; version 1 files are read too)
 *    4 bytes  header length H
 *    H bytes  header: UTF-8 JSON, {"network": {...network file form, no weights...},
 *             "dtype": "float32", "parameters": [{"name", "shape": [...]}, ...],
 *             "buffers": [{"name", "shape": [...]}, ...],
 *             "class_names": [...], "preprocessing": {...}, "dataset": {...}, "training": {...}}
 *             (the sections are {@link dev.chainrule.data.Preprocessing}, {@link DatasetRecord} and
 *             {@link TrainingRecord}; keys in a fixed order, no timings, so the same run gives the
 *             same bytes; version 1 gives each parameter "rows" and "cols" instead of "shape",
 *             and has no buffers)
 *    P bytes  parameter values in the order of "parameters", then buffer values (batch
 *             normalization's running statistics) in the order of "buffers", row-major, as
 *             IEEE 754 bits (4 bytes each for float32, 8 for float64): exactly the bits trained
 *   32 bytes  SHA-256 of every byte before it
 * </pre>
 *
 * <p>Reading checks, in this order, the magic (a foreign file), the checksum (a truncated or
 * damaged file), the version, then the header and the payload's length; each failure is one
 * {@link ModelFileException} with a one-line message. Writing is atomic ({@link AtomicFiles}):
 * an interrupted save leaves the previous model file as it was. No Java serialization. The
 * repository's {@code docs/model-format.md} describes every field.
 */
public final class ModelFile {
    /** The current format version; files of a newer version are refused with a message. */
    public static final int VERSION = 2;
    /** The oldest format version this chainrule reads. */
    public static final int OLDEST_VERSION = 1;
    private static final byte[] MAGIC = "chainrule-model\n".getBytes(StandardCharsets.US_ASCII);
    private static final int DIGEST = 32;

    private ModelFile() {
    }

    /**
     * Writes {@code saved} to {@code file} atomically.
     *
     * @param file the file
     * @param saved the saved model
     * @throws IOException when the file cannot be read or written
     */
    public static void save(Path file, SavedModel saved) throws IOException {
        AtomicFiles.write(file, toBytes(saved));
    }

    /**
     * The file's bytes for {@code saved}.
     *
     * @param saved the saved model
     * @return the file's bytes for {@code saved}
     */
    public static byte[] toBytes(SavedModel saved) {
        Sequential model = saved.model();
        checkClassNames(saved.classNames(), model.outputs());
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("format", "chainrule-model");
        header.put("version", VERSION);
        header.put("network", NetworkSpec.of(model, false).toJson());
        header.put("dtype", model.dtype() == DType.FLOAT32 ? "float32" : "float64");
        List<Object> params = new ArrayList<>();
        for (Parameter p : model.parameters()) {
            params.add(entry(p.name(), p.value()));
        }
        header.put("parameters", params);
        List<Object> buffers = new ArrayList<>();
        for (Map.Entry<String, Tensor> b : model.buffers().entrySet()) {
            buffers.add(entry(b.getKey(), b.getValue()));
        }
        header.put("buffers", buffers);
        header.put("class_names", saved.classNames());
        header.put("preprocessing", saved.preprocessing() == null ? null : saved.preprocessing().toMap());
        header.put("dataset", saved.dataset() == null ? null : saved.dataset().toJson());
        header.put("training", saved.training() == null ? null : saved.training().toJson());
        byte[] headerBytes = Json.write(header).getBytes(StandardCharsets.UTF_8);
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            out.write(MAGIC);
            out.writeInt(VERSION);
            out.writeInt(headerBytes.length);
            out.write(headerBytes);
            List<Tensor> values = new ArrayList<>();
            for (Parameter p : model.parameters()) {
                values.add(p.value());
            }
            values.addAll(model.buffers().values());
            for (Tensor v : values) {
                if (v.isFloat32()) {
                    for (float f : v.floats()) {
                        out.writeInt(Float.floatToRawIntBits(f));
                    }
                } else {
                    for (double d : v.doubles()) {
                        out.writeLong(Double.doubleToRawLongBits(d));
                    }
                }
            }
            out.flush();
            byte[] body = bytes.toByteArray();
            byte[] all = Arrays.copyOf(body, body.length + DIGEST);
            System.arraycopy(sha256(body, body.length), 0, all, body.length, DIGEST);
            return all;
        } catch (IOException e) {
            throw new IllegalStateException("writing to memory cannot fail", e);
        }
    }

    private static Map<String, Object> entry(String name, Tensor value) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        List<Object> shape = new ArrayList<>();
        for (int d : value.dims()) {
            shape.add(d);
        }
        m.put("shape", shape);
        return m;
    }

    /**
     * Reads and checks a model file.
     *
     * @param file the file
     * @return the saved model
     * @throws IOException when the file cannot be read or written
     */
    public static SavedModel load(Path file) throws IOException {
        long size = Limits.checkFile(file, "model file");
        Limits.checkHeap(file.toString(), Limits.multiply(size, 2)); // the bytes, then the weights read from them
        return fromBytes(Limits.readAll(file), file.toString());
    }

    /**
     * Whether {@code file} starts with the model-file magic (nothing else is checked: {@link #load}
     * does that). A missing or unreadable file is an exception, and so is a folder, a device or a
     * pipe ({@link Limits#checkFile}).
     *
     * @param file the file
     * @return whether {@code file} starts with the model-file magic (nothing else is checked: {@link #load} does that)
     * @throws IOException when the file cannot be read or written
     */
    public static boolean isModelFile(Path file) throws IOException {
        Limits.checkFile(file, "model or weights file"); // a folder, a FIFO (which would block), a device: refused by name
        byte[] start = new byte[MAGIC.length];
        int read;
        try (var in = Files.newInputStream(file)) {
            read = in.readNBytes(start, 0, start.length);
        } catch (java.nio.file.FileSystemException e) {
            throw e;
        } catch (IOException e) {
            throw new java.nio.file.FileSystemException(file.toString(), null, "could not be read: " + e.getMessage());
        }
        return read == MAGIC.length && Arrays.equals(start, MAGIC);
    }

    /**
     * A model file as a whole: what {@code chainrule summary} prints.
     *
     * @param version the format version it was written in
     * @param bytes   its size
     * @param sha256  its checksum (the last 32 bytes), in hex
     * @param saved   its contents
     */
    public record Info(int version, long bytes, String sha256, SavedModel saved) {
    }

    /**
     * Reads and checks a model file, keeping its format version, size and checksum.
     *
     * @param file the file
     * @return the info
     * @throws IOException when the file cannot be read or written
     */
    public static Info info(Path file) throws IOException {
        long size = Limits.checkFile(file, "model file");
        Limits.checkHeap(file.toString(), Limits.multiply(size, 2));
        byte[] bytes = Limits.readAll(file);
        SavedModel saved = fromBytes(bytes, file.toString());
        int version = ByteBuffer.wrap(bytes, MAGIC.length, 4).getInt();
        return new Info(version, bytes.length,
                java.util.HexFormat.of().formatHex(bytes, bytes.length - DIGEST, bytes.length), saved);
    }

    /**
     * Reads a model from a file's bytes; {@code source} names it in messages.
     *
     * @param bytes a model file's bytes
     * @param source names the input in messages
     * @return the saved model
     * @throws ModelFileException when the bytes are not a valid model file (the message says why)
     */
    public static SavedModel fromBytes(byte[] bytes, String source) throws ModelFileException {
        if (bytes.length < MAGIC.length || !Arrays.equals(bytes, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            throw new ModelFileException(source + " is not a chainrule model file (it does not start with the"
                    + " chainrule-model header)");
        }
        int minimum = MAGIC.length + 8 + DIGEST;
        if (bytes.length < minimum) {
            throw new ModelFileException(source + " is truncated: " + bytes.length + " bytes, less than the "
                    + minimum + " of an empty model file");
        }
        int bodyLength = bytes.length - DIGEST;
        if (!Arrays.equals(sha256(bytes, bodyLength), 0, DIGEST, bytes, bodyLength, bytes.length)) {
            throw new ModelFileException(source + " is damaged or truncated: its SHA-256 checksum does not match"
                    + " its contents (" + bytes.length + " bytes); save the model again");
        }
        ByteBuffer in = ByteBuffer.wrap(bytes, 0, bodyLength);
        in.position(MAGIC.length);
        int version = in.getInt();
        if (version < OLDEST_VERSION || version > VERSION) {
            throw new ModelFileException(source + " is a chainrule model file of format version " + version
                    + ", but this chainrule reads versions " + OLDEST_VERSION + " to " + VERSION
                    + (version > VERSION ? "; use a newer chainrule" : ""));
        }
        int headerLength = in.getInt();
        if (headerLength < 0 || headerLength > in.remaining()) {
            throw new ModelFileException(source + ": header length " + headerLength + " does not fit the file");
        }
        String headerText;
        try {
            headerText = StandardCharsets.UTF_8.newDecoder()
                    .decode(ByteBuffer.wrap(bytes, in.position(), headerLength)).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new ModelFileException(source + " is not a valid chainrule model file: its header is not UTF-8 text");
        }
        in.position(in.position() + headerLength);
        try {
            Map<String, Object> header = Json.asObject(Json.parse(headerText, source + " header"), "the header");
            DType dtype = switch (Json.asString(header.get("dtype"), "\"dtype\"")) {
                case "float32" -> DType.FLOAT32;
                case "float64" -> DType.FLOAT64;
                default -> throw new IllegalArgumentException("unknown dtype " + header.get("dtype"));
            };
            NetworkSpec spec = NetworkSpec.fromJson(header.get("network"), "network");
            long weightBytes = Limits.multiply(spec.weightCount(), dtype == DType.FLOAT32 ? 4 : 8);
            if (weightBytes > in.remaining()) {
                // before anything is allocated: a header cannot ask for more weights than the file holds
                throw new IllegalArgumentException("the network has at least " + spec.weightCount() + " weights, "
                        + weightBytes + " bytes, but the file holds " + in.remaining() + " bytes of them");
            }
            Sequential model = spec.build(dtype, 0);
            List<Object> params = Json.asArray(header.get("parameters"), "\"parameters\"");
            List<Parameter> parameters = model.parameters();
            if (params.size() != parameters.size()) {
                throw new IllegalArgumentException("the header lists " + params.size() + " parameters, the network has "
                        + parameters.size());
            }
            for (int i = 0; i < parameters.size(); i++) {
                Tensor v = parameters.get(i).value();
                Map<String, Object> p = Json.asObject(params.get(i), "parameter " + (i + 1));
                checkShape(version, p, v, "parameter " + parameters.get(i).name());
                read(in, v, parameters.get(i).name());
            }
            Map<String, Tensor> buffers = model.buffers();
            List<Object> listed = version == 1 || header.get("buffers") == null ? List.of()
                    : Json.asArray(header.get("buffers"), "\"buffers\"");
            if (listed.size() != buffers.size()) {
                throw new IllegalArgumentException("the header lists " + listed.size() + " buffers (running statistics), the"
                        + " network has " + buffers.size());
            }
            int k = 0;
            for (Map.Entry<String, Tensor> b : buffers.entrySet()) {
                Map<String, Object> m = Json.asObject(listed.get(k++), "buffer " + k);
                if (!b.getKey().equals(m.get("name"))) {
                    throw new IllegalArgumentException("buffer " + k + " is " + Excerpt.quoted(String.valueOf(m.get("name")))
                            + " in the header but " + b.getKey() + " in the network");
                }
                checkShape(version, m, b.getValue(), "buffer " + b.getKey());
                read(in, b.getValue(), b.getKey());
            }
            if (in.remaining() != 0) {
                throw new IllegalArgumentException(in.remaining() + " bytes follow the last weight");
            }
            List<String> classNames = header.get("class_names") == null ? List.of()
                    : Json.asStrings(header.get("class_names"), "\"class_names\"");
            checkClassNames(classNames, model.outputs());
            Preprocessing preprocessing = header.get("preprocessing") == null ? null
                    : Preprocessing.fromMap(Json.asObject(header.get("preprocessing"), "\"preprocessing\""));
            if (preprocessing != null && preprocessing.inputs() != model.inputs()) {
                throw new IllegalArgumentException("the preprocessing gives " + preprocessing.inputs()
                        + " features, but the network takes " + model.inputs() + " inputs");
            }
            DatasetRecord dataset = header.get("dataset") == null ? null : DatasetRecord.fromJson(header.get("dataset"));
            TrainingRecord training = header.get("training") == null ? null
                    : TrainingRecord.fromJson(header.get("training"));
            return new SavedModel(model, classNames, preprocessing, dataset, training);
        } catch (IllegalArgumentException e) {
            throw new ModelFileException(source + " is not a valid chainrule model file: " + e.getMessage());
        }
    }

    /** The header's shape of a tensor ({@code rows}/{@code cols} in version 1, {@code shape} since 2) against the network's. */
    private static void checkShape(int version, Map<String, Object> entry, Tensor v, String what) {
        if (version == 1) {
            int rows = Json.asInt(entry.get("rows"), "rows");
            int cols = Json.asInt(entry.get("cols"), "cols");
            if (rows != v.rows() || cols != v.cols()) {
                throw new IllegalArgumentException(what + " is [" + rows + ", " + cols + "] in the header but " + v.shape()
                        + " in the network");
            }
            return;
        }
        List<Object> shape = Json.asArray(entry.get("shape"), what + " \"shape\"");
        boolean same = shape.size() == v.rank();
        for (int d = 0; same && d < shape.size(); d++) {
            same = Json.asInt(shape.get(d), what + " \"shape\"") == v.dim(d);
        }
        if (!same) {
            throw new IllegalArgumentException(what + " is " + Excerpt.of(shape.toString()) + " in the header but "
                    + v.shape() + " in the network");
        }
    }

    /** Reads {@code v}'s values from the payload, refusing a short payload or a value that is not finite. */
    private static void read(ByteBuffer in, Tensor v, String name) {
        long need = (long) v.size() * (v.isFloat32() ? 4 : 8);
        if (need > in.remaining()) {
            throw new IllegalArgumentException("the weights end early, in " + name);
        }
        int cols = Math.max(1, v.cols());
        if (v.isFloat32()) {
            float[] f = v.floats();
            for (int k = 0; k < f.length; k++) {
                f[k] = Float.intBitsToFloat(in.getInt());
                if (!Float.isFinite(f[k])) {
                    throw notFinite(name, f[k], k, cols);
                }
            }
        } else {
            double[] d = v.doubles();
            for (int k = 0; k < d.length; k++) {
                d[k] = Double.longBitsToDouble(in.getLong());
                if (!Double.isFinite(d[k])) {
                    throw notFinite(name, d[k], k, cols);
                }
            }
        }
    }

    private static IllegalArgumentException notFinite(String parameter, double value, int index, int cols) {
        return new IllegalArgumentException("parameter " + parameter + " holds " + value + " at [" + (index / cols + 1) + ", "
                + (index % cols + 1) + "]; every weight must be a finite number (was the model saved after training diverged?)");
    }

    /**
     * Class names must name the outputs: one per output, or two for a single 0/1 output; else
     * predictions would be written under the wrong names.
     */
    static void checkClassNames(List<String> classNames, int outputs) {
        Map<String, Integer> seen = new java.util.HashMap<>();
        for (int i = 0; i < classNames.size(); i++) {
            Integer first = seen.putIfAbsent(classNames.get(i), i);
            if (first != null) {
                throw new IllegalArgumentException("class name " + Excerpt.quoted(classNames.get(i)) + " appears twice"
                        + " (classes " + (first + 1) + " and " + (i + 1) + "); each output needs its own name");
            }
        }
        if (classNames.isEmpty() || classNames.size() == outputs || (outputs == 1 && classNames.size() == 2)) {
            return;
        }
        throw new IllegalArgumentException(classNames.size() + " class names for " + outputs + " outputs; expected "
                + outputs + (outputs == 1 ? " or 2 (one 0/1 output)" : "") + ", one per output");
    }

    private static byte[] sha256(byte[] bytes, int length) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(bytes, 0, length);
            return md.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
