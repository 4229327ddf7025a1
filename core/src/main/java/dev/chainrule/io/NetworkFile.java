package dev.chainrule.io;

import dev.chainrule.model.Sequential;
import dev.chainrule.tensor.DType;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads and writes network files: the JSON form of {@link NetworkSpec}. Every
 * error names the file and, for a syntax error, the line and column; for a shape error, the
 * layer and both shapes.
 */
public final class NetworkFile {
    private NetworkFile() {
    }

    /**
     * Reads and checks a network file.
     *
     * @param file the file
     * @return the network spec
     * @throws IOException when the file cannot be read or written
     */
    public static NetworkSpec read(Path file) throws IOException {
        long size = Limits.checkFile(file, "network file");
        // parsed JSON holds every number as a boxed double in a list: up to about 16 bytes per byte of text
        Limits.checkHeap(file + " (a network file of " + size + " bytes)", Limits.multiply(size, 16));
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(Limits.readAll(file))).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new IllegalArgumentException(file + ": not a UTF-8 text file, so not a JSON network file");
        }
        return parse(text, file.toString());
    }

    /**
     * Parses network-file text; {@code source} names it in messages.
     *
     * @param text the network file's JSON text
     * @param source names the input in messages
     * @return the network spec
     */
    public static NetworkSpec parse(String text, String source) {
        return NetworkSpec.fromJson(Json.parse(text, source), source);
    }

    /**
     * Reads a network file and builds the model ({@code seed} initializes layers without weights).
     *
     * @param file the file
     * @param dtype the element type of the tensors
     * @param seed seed of the random source (the same seed gives the same result)
     * @return the sequential
     * @throws IOException when the file cannot be read or written
     */
    public static Sequential load(Path file, DType dtype, long seed) throws IOException {
        NetworkSpec spec = read(file);
        try {
            return spec.build(dtype, seed);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads a network file and takes its layers' weights and biases (and batch normalization's
     * running statistics) from a safetensors file, such as a PyTorch {@code state_dict} saved with
     * {@code safetensors.torch.save_file}: how the tensors' names map to the layers, and the
     * transposition of PyTorch's {@code [out, in]} Linear weights (convolution weights are not
     * transposed), are described in {@link StateDict}. The network file must not give weights of
     * its own.
     *
     * @param network the network file (JSON)
     * @param weights a safetensors file with the weights, under PyTorch's names
     * @param dtype the element type of the tensors
     * @return the network, with every dense, conv2d and batchnorm layer's tensors from {@code weights}
     * @throws IOException when the file cannot be read or written
     */
    public static Sequential load(Path network, Path weights, DType dtype) throws IOException {
        NetworkSpec spec = read(network);
        for (int i = 0; i < spec.layers().size(); i++) {
            var layer = spec.layers().get(i);
            if (layer instanceof dev.chainrule.layer.DenseConfig d && (d.weights() != null || d.biases() != null)
                    || layer instanceof dev.chainrule.layer.Conv2D.Config c && (c.weights() != null || c.biases() != null)) {
                throw new IllegalArgumentException(network + ": layer " + (i + 1) + " gives its own weights or biases, and "
                        + weights + " gives them too; leave them out of the network file");
            }
        }
        Sequential model;
        try {
            model = spec.build(dtype, 0);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(network + ": " + e.getMessage(), e);
        }
        loadWeights(model, weights);
        return model;
    }

    /**
     * Replaces the weights, biases and running statistics of {@code model}'s layers by those of a
     * safetensors file ({@link StateDict} says which tensor goes where); a file that does not fit
     * changes nothing.
     *
     * @param model the model
     * @param weights a safetensors file with the weights, under PyTorch's names
     * @return one line per layer with weights naming the tensors it took
     * @throws IOException when the file cannot be read or written
     */
    public static List<String> loadWeights(Sequential model, Path weights) throws IOException {
        Safetensors.Contents contents = Safetensors.read(weights);
        try {
            return StateDict.load(model, contents.tensors());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(weights + ": " + e.getMessage(), e);
        }
    }

    /**
     * Writes a network file (with weights when the spec has them), one layer per line.
     *
     * @param spec the specification
     * @param file the file
     * @throws IOException when the file cannot be read or written
     */
    public static void write(NetworkSpec spec, Path file) throws IOException {
        var json = spec.toJson();
        StringBuilder sb = new StringBuilder("{\"input\": ").append(Json.write(spec.inputJson())).append(",\n \"layers\": [");
        var layers = (java.util.List<?>) json.get("layers");
        for (int i = 0; i < layers.size(); i++) {
            sb.append(i == 0 ? "" : ",\n            ");
            Json.write(layers.get(i), sb);
        }
        sb.append(']');
        if (spec.loss() != null) {
            sb.append(",\n \"loss\": ");
            Json.write(spec.loss(), sb);
        }
        if (spec.init() != null) {
            sb.append(",\n \"init\": ");
            Json.write(spec.init(), sb);
        }
        sb.append("}\n");
        AtomicFiles.write(file, sb.toString().getBytes(StandardCharsets.UTF_8));
    }
}
