package dev.chainrule.io;

import dev.chainrule.layer.Dense;
import dev.chainrule.layer.Layer;
import dev.chainrule.model.Sequential;
import dev.chainrule.tensor.Tensor;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A network's parameters under PyTorch's names and layouts (a {@code state_dict}), to write as
 * safetensors and to read from one.
 *
 * <p><b>Names.</b> The dense layer at (0-based) position {@code i} of the network's layer list has
 * {@code i.weight} and {@code i.bias}: exactly the names of PyTorch's {@code nn.Sequential} with
 * the same layers in the same order (Linear for dense, ReLU, Sigmoid, Tanh, LeakyReLU, Softmax,
 * Dropout), e.g. {@code 0.weight, 0.bias, 2.weight, 2.bias} for 784-50-10 with ReLU.
 *
 * <p><b>Layouts.</b> PyTorch's Linear weight is {@code [out, in]}; chainrule's dense weight is
 * input-major {@code [in, out]}: a weight is transposed on the way out and on the way in. A bias is
 * {@code [out]} in the file ({@code [1, out]} in chainrule).
 *
 * <p><b>Reading</b> ({@link #load}) finds each dense layer's tensors by the first rule that fits
 * every dense layer:
 * <ol>
 *   <li>by position: {@code PREFIX i.weight} for the layer at position {@code i}, with one common
 *       {@code PREFIX} (empty for a plain {@code nn.Sequential}; {@code model.} or {@code net.} for
 *       one held in a field), as PyTorch names them;</li>
 *   <li>by order: when the file holds exactly one two-dimensional tensor whose name ends in
 *       {@code weight} per dense layer, they are taken in the natural order of their names
 *       (numbers compared as numbers: {@code fc2} before {@code fc10}), and each layer's bias is
 *       the name with {@code weight} replaced by {@code bias} (e.g. {@code fc1.weight},
 *       {@code fc1.bias}, {@code fc2.weight}, ...).</li>
 * </ol>
 * Every shape is checked (a message names the layer, the tensor and both shapes); a tensor of the
 * file that no layer takes is an error, as in PyTorch's strict {@code load_state_dict}. Values of
 * {@code F32}, {@code F16} and {@code BF16} files load exactly into a float32 network; {@code F64}
 * values are rounded to float32 there (exact in a float64 network).
 */
public final class StateDict {
    private static final Pattern POSITION = Pattern.compile("(.*?)(\\d+)\\.weight");

    private StateDict() {
    }

    /**
     * The network's parameters under PyTorch's names and layouts: {@code F32} for a float32
     * network, {@code F64} for a float64 one, in layer order.
     *
     * @param model the model
     * @return the network's parameters under PyTorch's names and layouts: {@code F32} for a float32 network, {@code
     *         F64} for a float64 one, in layer order
     */
    public static Map<String, SafeTensor> of(Sequential model) {
        Map<String, SafeTensor> out = new LinkedHashMap<>();
        List<Layer> layers = model.layers();
        for (int i = 0; i < layers.size(); i++) {
            Layer layer = layers.get(i);
            if (layer instanceof Dense d) {
                Tensor w = d.weight().value();
                out.put(i + ".weight", tensor(transpose(w), new int[] {d.outFeatures(), d.inFeatures()}));
                if (d.hasBias()) {
                    out.put(i + ".bias", tensor(d.bias().value(), new int[] {d.outFeatures()}));
                }
            } else if (!layer.parameters().isEmpty()) {
                throw new IllegalArgumentException("layer " + (i + 1) + " (" + layer.type()
                        + ") has parameters that have no safetensors name yet");
            }
        }
        return out;
    }

    /**
     * Writes the network's parameters as a safetensors file ({@link #of}), atomically, with the
     * metadata {@code format: pt} (what PyTorch's loaders look for) and {@code chainrule.network}
     * (the network file form without weights, so the file says which architecture it fits).
     *
     * @param file the file
     * @param model the model
     * @throws IOException when the file cannot be read or written
     */
    public static void save(Path file, Sequential model) throws IOException {
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("format", "pt");
        metadata.put("chainrule.network", Json.write(NetworkSpec.of(model, false).toJson()));
        Safetensors.write(file, of(model), metadata);
    }

    /**
     * Copies the file's tensors into the network's dense layers, as the class comment describes.
     *
     * @param model the model
     * @param tensors the tensors by PyTorch name
     * @return one line per dense layer saying which tensors it took, e.g.
     *         {@code layer 1 (dense 784 -> 50): 0.weight F32 [50, 784] transposed, 0.bias F32 [50]}
     * @throws IllegalArgumentException when a tensor is missing, has the wrong shape or a non-float
     *                                  dtype, or is left over; nothing is changed then
     */
    public static List<String> load(Sequential model, Map<String, SafeTensor> tensors) {
        List<Integer> positions = new ArrayList<>();
        for (int i = 0; i < model.layers().size(); i++) {
            Layer layer = model.layers().get(i);
            if (layer instanceof Dense) {
                positions.add(i);
            } else if (!layer.parameters().isEmpty()) {
                throw new IllegalArgumentException("layer " + (i + 1) + " (" + layer.type()
                        + ") has parameters that cannot be read from safetensors yet");
            }
        }
        List<String> weightNames = byPosition(positions, tensors);
        if (weightNames == null) {
            weightNames = byOrder(positions, tensors);
        }
        // check everything first, then copy: a refused file changes nothing
        List<Tensor[]> values = new ArrayList<>();
        List<String> report = new ArrayList<>();
        Set<String> used = new LinkedHashSet<>();
        for (int k = 0; k < positions.size(); k++) {
            int i = positions.get(k);
            Dense d = (Dense) model.layers().get(i);
            String where = "layer " + (i + 1) + " (dense " + d.inFeatures() + " -> " + d.outFeatures() + ")";
            String weightName = weightNames.get(k);
            String biasName = weightName.substring(0, weightName.length() - "weight".length()) + "bias";
            SafeTensor w = tensors.get(weightName);
            checkFloat(w, weightName, where);
            if (!Arrays.equals(w.shape(), new int[] {d.outFeatures(), d.inFeatures()})) {
                boolean inputMajor = Arrays.equals(w.shape(), new int[] {d.inFeatures(), d.outFeatures()});
                throw new IllegalArgumentException(where + ": " + weightName + " has shape " + Arrays.toString(w.shape())
                        + ", expected [" + d.outFeatures() + ", " + d.inFeatures() + "] (PyTorch's Linear layout, [out, in])"
                        + (inputMajor ? "; it looks input-major: transpose it" : ""));
            }
            Tensor weight = Tensor.zeros(model.dtype(), d.inFeatures(), d.outFeatures());
            double[] wv = w.toDoubles();
            for (int out = 0; out < d.outFeatures(); out++) {
                for (int in = 0; in < d.inFeatures(); in++) {
                    weight.set(in, out, wv[out * d.inFeatures() + in]);
                }
            }
            used.add(weightName);
            String line = where + ": " + weightName + " " + w + " transposed";
            Tensor bias = null;
            SafeTensor b = tensors.get(biasName);
            if (d.hasBias()) {
                if (b == null) {
                    throw new IllegalArgumentException(where + " has a bias, but the file has no " + biasName);
                }
                checkFloat(b, biasName, where);
                if (!Arrays.equals(b.shape(), new int[] {d.outFeatures()})) {
                    throw new IllegalArgumentException(where + ": " + biasName + " has shape " + Arrays.toString(b.shape())
                            + ", expected [" + d.outFeatures() + "]");
                }
                bias = Tensor.zeros(model.dtype(), 1, d.outFeatures());
                double[] bv = b.toDoubles();
                for (int c = 0; c < bv.length; c++) {
                    bias.set(0, c, bv[c]);
                }
                used.add(biasName);
                line += ", " + biasName + " " + b;
            } else if (b != null) {
                throw new IllegalArgumentException(where + " has no bias, but the file has " + biasName
                        + "; give the layer \"bias\": true");
            }
            values.add(new Tensor[] {weight, bias});
            report.add(line);
        }
        List<String> left = new ArrayList<>();
        for (String name : tensors.keySet()) {
            if (!used.contains(name)) {
                left.add(name);
            }
        }
        if (!left.isEmpty()) {
            throw new IllegalArgumentException("the file holds " + left.size() + " tensor" + (left.size() == 1 ? "" : "s")
                    + " that no layer of the network takes: " + String.join(", ", left.subList(0, Math.min(5, left.size())))
                    + (left.size() > 5 ? ", ..." : "") + " (the network has " + positions.size() + " dense layers)");
        }
        for (int k = 0; k < positions.size(); k++) {
            Dense d = (Dense) model.layers().get(positions.get(k));
            d.weight().value().copyFrom(values.get(k)[0]);
            if (values.get(k)[1] != null) {
                d.bias().value().copyFrom(values.get(k)[1]);
            }
        }
        return report;
    }

    /** Rule 1: {@code PREFIX i.weight} for every dense position, with one prefix; null when no prefix fits. */
    private static List<String> byPosition(List<Integer> positions, Map<String, SafeTensor> tensors) {
        if (positions.isEmpty()) {
            return List.of();
        }
        Set<String> prefixes = new LinkedHashSet<>();
        for (String name : tensors.keySet()) {
            Matcher m = POSITION.matcher(name);
            if (m.matches() && m.group(2).equals(Integer.toString(positions.get(0)))) {
                prefixes.add(m.group(1));
            }
        }
        List<List<String>> fits = new ArrayList<>();
        for (String prefix : prefixes) {
            List<String> names = new ArrayList<>();
            for (int i : positions) {
                names.add(prefix + i + ".weight");
            }
            if (tensors.keySet().containsAll(names)) {
                fits.add(names);
            }
        }
        return fits.size() == 1 ? fits.get(0) : null;
    }

    /** Rule 2: the two-dimensional {@code ...weight} tensors in the natural order of their names. */
    private static List<String> byOrder(List<Integer> positions, Map<String, SafeTensor> tensors) {
        List<String> weights = new ArrayList<>();
        for (Map.Entry<String, SafeTensor> e : tensors.entrySet()) {
            if (e.getKey().endsWith("weight") && e.getValue().shape().length == 2) {
                weights.add(e.getKey());
            }
        }
        if (weights.size() != positions.size()) {
            throw new IllegalArgumentException("cannot tell which tensors belong to which layer: the network has "
                    + positions.size() + " dense layers, named " + expectedNames(positions)
                    + " in PyTorch's nn.Sequential, and the file has " + weights.size() + " two-dimensional weight"
                    + (weights.size() == 1 ? "" : "s") + (weights.isEmpty() ? "" : " (" + String.join(", ",
                    weights.subList(0, Math.min(5, weights.size()))) + (weights.size() > 5 ? ", ..." : "") + ")"));
        }
        weights.sort(StateDict::naturalOrder);
        return weights;
    }

    private static String expectedNames(List<Integer> positions) {
        List<String> names = new ArrayList<>();
        for (int i : positions) {
            names.add(i + ".weight");
        }
        return String.join(", ", names);
    }

    /** Compares names piece by piece, runs of digits as numbers: {@code fc2 < fc10}, {@code layers.2 < layers.10}. */
    static int naturalOrder(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            char ca = a.charAt(i);
            char cb = b.charAt(j);
            if (Character.isDigit(ca) && Character.isDigit(cb)) {
                int ei = i;
                while (ei < a.length() && Character.isDigit(a.charAt(ei))) {
                    ei++;
                }
                int ej = j;
                while (ej < b.length() && Character.isDigit(b.charAt(ej))) {
                    ej++;
                }
                int c = new java.math.BigInteger(a.substring(i, ei)).compareTo(new java.math.BigInteger(b.substring(j, ej)));
                if (c != 0) {
                    return c;
                }
                i = ei;
                j = ej;
            } else {
                if (ca != cb) {
                    return Character.compare(ca, cb);
                }
                i++;
                j++;
            }
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }

    private static void checkFloat(SafeTensor t, String name, String where) {
        if (!List.of("F32", "F64", "F16", "BF16").contains(t.dtype())) {
            throw new IllegalArgumentException(where + ": " + name + " is " + t.dtype()
                    + "; weights must be floating point (F32, F64, F16 or BF16)");
        }
    }

    private static Tensor transpose(Tensor w) {
        Tensor t = Tensor.zeros(w.dtype(), w.cols(), w.rows());
        for (int r = 0; r < w.rows(); r++) {
            for (int c = 0; c < w.cols(); c++) {
                t.set(c, r, w.get(r, c));
            }
        }
        return t;
    }

    private static SafeTensor tensor(Tensor t, int[] shape) {
        return t.isFloat32() ? SafeTensor.ofFloats(shape, t.floats().clone()) : SafeTensor.ofDoubles(shape, t.doubles().clone());
    }
}
