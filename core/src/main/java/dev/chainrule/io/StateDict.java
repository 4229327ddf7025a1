package dev.chainrule.io;

import dev.chainrule.layer.BatchNorm;
import dev.chainrule.layer.Conv2D;
import dev.chainrule.layer.Dense;
import dev.chainrule.layer.Layer;
import dev.chainrule.model.Sequential;
import dev.chainrule.tensor.DType;
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
 * <p><b>Names.</b> The layer at (0-based) position {@code i} of the network's layer list has its
 * tensors under {@code i.NAME}: exactly the names of PyTorch's {@code nn.Sequential} with the same
 * layers in the same order (Linear for dense, Conv2d for conv2d, BatchNorm1d or BatchNorm2d for
 * batchnorm, and ReLU, Sigmoid, Tanh, LeakyReLU, Softmax, Dropout, MaxPool2d, AvgPool2d, Flatten,
 * which hold no tensors), e.g. {@code 0.weight, 0.bias, 2.weight, 2.bias} for 784-50-10 with ReLU.
 * <ul>
 *   <li>dense: {@code i.weight} {@code [out, in]}, {@code i.bias} {@code [out]};</li>
 *   <li>conv2d: {@code i.weight} {@code [filters, inChannels, kH, kW]}, {@code i.bias}
 *       {@code [filters]};</li>
 *   <li>batchnorm: {@code i.weight} (gamma) and {@code i.bias} (beta) {@code [channels]}, and
 *       the buffers {@code i.running_mean} and {@code i.running_var} {@code [channels]}.
 *       PyTorch's {@code i.num_batches_tracked} (an {@code I64} count of training batches) has
 *       no counterpart: it is not written (PyTorch's loader fills it in with 0) and is skipped
 *       when read.</li>
 * </ul>
 *
 * <p><b>Layouts.</b> PyTorch's Linear weight is {@code [out, in]}; chainrule's dense weight is
 * input-major {@code [in, out]}: a dense weight is transposed on the way out and on the way in.
 * Convolution weights are {@code [out, in, kH, kW]} in both, so they are copied as they are. A
 * bias, gamma, beta or running statistic is {@code [n]} in the file ({@code [1, n]} in chainrule).
 *
 * <p><b>Reading</b> ({@link #load}) finds the tensors of each layer with weights (dense, conv2d,
 * batchnorm) by the first rule that fits every such layer:
 * <ol>
 *   <li>by position: {@code PREFIX i.weight} for the layer at position {@code i}, with one common
 *       {@code PREFIX} (empty for a plain {@code nn.Sequential}; {@code model.} or {@code net.} for
 *       one held in a field), as PyTorch names them;</li>
 *   <li>by order: when the file holds exactly one tensor whose name ends in {@code weight} per
 *       layer with weights, with that layer's number of dimensions (2 for dense, 4 for conv2d, 1
 *       for batchnorm), they are taken in the natural order of their names (numbers compared as
 *       numbers: {@code fc2} before {@code fc10}), and each of the layer's other tensors is the
 *       name with {@code weight} replaced by {@code bias}, {@code running_mean} or
 *       {@code running_var} (e.g. {@code conv1.weight}, {@code conv1.bias}, {@code bn1.weight},
 *       ..., {@code fc1.weight}).</li>
 * </ol>
 * Every shape is checked (a message names the layer, the tensor and both shapes); a tensor of the
 * file that no layer takes is an error, as in PyTorch's strict {@code load_state_dict}. Values of
 * {@code F32}, {@code F16} and {@code BF16} files load exactly into a float32 network; {@code F64}
 * values are rounded to float32 there (exact in a float64 network). NaN, infinite values and
 * {@code F64} values beyond float32's range in a float32 network are refused with the tensor's
 * name and the index.
 */
public final class StateDict {
    private static final Pattern POSITION = Pattern.compile("(.*?)(\\d+)\\.weight");
    private static final String BATCHES_TRACKED = "num_batches_tracked";

    private StateDict() {
    }

    /**
     * One tensor of a layer in PyTorch's form: its name after the layer's prefix, its shape in the
     * file, the live chainrule tensor it is, and whether it is a dense weight (transposed).
     */
    private record Entry(String suffix, int[] shape, Tensor value, boolean transposed) {
    }

    /** A layer with tensors: where it is, how messages name it, what PyTorch calls its module, and its tensors. */
    private record Slot(int position, String where, String module, int weightRank, List<Entry> entries, boolean hasBias) {
    }

    /** The layers with tensors, in order; a layer with parameters of an unknown kind is refused. */
    private static List<Slot> slots(Sequential model) {
        List<Slot> slots = new ArrayList<>();
        List<Layer> layers = model.layers();
        for (int i = 0; i < layers.size(); i++) {
            Layer layer = layers.get(i);
            String where = "layer " + (i + 1) + " (";
            if (layer instanceof Dense d) {
                List<Entry> entries = new ArrayList<>();
                entries.add(new Entry("weight", new int[] {d.outFeatures(), d.inFeatures()}, d.weight().value(), true));
                if (d.hasBias()) {
                    entries.add(new Entry("bias", new int[] {d.outFeatures()}, d.bias().value(), false));
                }
                slots.add(new Slot(i, where + "dense " + d.inFeatures() + " -> " + d.outFeatures() + ")", "Linear", 2,
                        entries, d.hasBias()));
            } else if (layer instanceof Conv2D c) {
                List<Entry> entries = new ArrayList<>();
                entries.add(new Entry("weight", c.weight().value().dims(), c.weight().value(), false));
                if (c.bias() != null) {
                    entries.add(new Entry("bias", new int[] {c.bias().value().size()}, c.bias().value(), false));
                }
                slots.add(new Slot(i, where + c.config().label(c.inputShape()) + ")", "Conv2d", 4, entries, c.bias() != null));
            } else if (layer instanceof BatchNorm b) {
                int channels = b.gamma().value().size();
                int[] shape = {channels};
                List<Entry> entries = new ArrayList<>();
                entries.add(new Entry("weight", shape, b.gamma().value(), false));
                entries.add(new Entry("bias", shape, b.beta().value(), false));
                for (Map.Entry<String, Tensor> buffer : b.buffers().entrySet()) {
                    String key = buffer.getKey();
                    entries.add(new Entry(key.substring(key.lastIndexOf('.') + 1), shape, buffer.getValue(), false));
                }
                slots.add(new Slot(i, where + "batchnorm, " + channels + " channel" + (channels == 1 ? "" : "s") + ")",
                        "BatchNorm", 1, entries, true));
            } else if (!layer.parameters().isEmpty() || !layer.buffers().isEmpty()) {
                throw new IllegalArgumentException("layer " + (i + 1) + " (" + layer.type()
                        + ") has tensors that have no PyTorch name in chainrule yet");
            }
        }
        return slots;
    }

    /**
     * The network's tensors under PyTorch's names and layouts: {@code F32} for a float32
     * network, {@code F64} for a float64 one, in layer order.
     *
     * @param model the model
     * @return the tensors by name, as the class comment describes: parameters and batch
     *         normalization's running statistics
     * @throws IllegalArgumentException for a layer whose tensors have no PyTorch name
     */
    public static Map<String, SafeTensor> of(Sequential model) {
        Map<String, SafeTensor> out = new LinkedHashMap<>();
        for (Slot slot : slots(model)) {
            for (Entry e : slot.entries()) {
                out.put(slot.position() + "." + e.suffix(), tensor(e.transposed() ? transpose(e.value()) : e.value(), e.shape()));
            }
        }
        return out;
    }

    /**
     * Writes the network's tensors as a safetensors file ({@link #of}), atomically, with the
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
     * Copies the file's tensors into the network's layers with weights, as the class comment
     * describes.
     *
     * @param model the model
     * @param tensors the tensors by PyTorch name
     * @return one line per layer with weights saying which tensors it took, e.g.
     *         {@code layer 1 (dense 784 -> 50): 0.weight F32 [50, 784] transposed, 0.bias F32 [50]}
     * @throws IllegalArgumentException when a tensor is missing, has the wrong shape or a non-float
     *                                  dtype, holds a value that is not finite, or is left over;
     *                                  nothing is changed then
     */
    public static List<String> load(Sequential model, Map<String, SafeTensor> tensors) {
        List<Slot> slots = slots(model);
        List<String> weightNames = byPosition(slots, tensors);
        if (weightNames == null) {
            weightNames = byOrder(slots, tensors);
        }
        // check everything first, then copy: a refused file changes nothing
        List<Tensor> values = new ArrayList<>();
        List<Tensor> targets = new ArrayList<>();
        List<String> report = new ArrayList<>();
        Set<String> used = new LinkedHashSet<>();
        for (int k = 0; k < slots.size(); k++) {
            Slot slot = slots.get(k);
            String prefix = weightNames.get(k).substring(0, weightNames.get(k).length() - "weight".length());
            List<String> took = new ArrayList<>();
            for (Entry e : slot.entries()) {
                String name = prefix + e.suffix();
                SafeTensor t = tensors.get(name);
                if (t == null) {
                    throw new IllegalArgumentException(slot.where() + (e.suffix().equals("bias") ? " has a bias" : " has "
                            + e.suffix()) + ", but the file has no " + name);
                }
                checkFloat(t, name, slot.where());
                if (!Arrays.equals(t.shape(), e.shape())) {
                    throw new IllegalArgumentException(slot.where() + ": " + name + " has shape " + Arrays.toString(t.shape())
                            + ", expected " + Arrays.toString(e.shape()) + layout(slot, e, t));
                }
                values.add(value(t, e, model, slot.where() + ": " + name));
                targets.add(e.value());
                used.add(name);
                took.add(name + " " + t + (e.transposed() ? " transposed" : ""));
            }
            if (!slot.hasBias() && tensors.containsKey(prefix + "bias")) {
                throw new IllegalArgumentException(slot.where() + " has no bias, but the file has " + prefix
                        + "bias; give the layer \"bias\": true");
            }
            SafeTensor tracked = tensors.get(prefix + BATCHES_TRACKED);
            if (slot.module().equals("BatchNorm") && tracked != null) {
                used.add(prefix + BATCHES_TRACKED);
                took.add(prefix + BATCHES_TRACKED + " skipped");
            }
            report.add(slot.where() + ": " + String.join(", ", took));
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
                    + (left.size() > 5 ? ", ..." : "") + " (the network has " + count(slots) + ")");
        }
        for (int k = 0; k < values.size(); k++) {
            targets.get(k).copyFrom(values.get(k));
        }
        return report;
    }

    /** What the expected layout is, and a hint when a dense weight looks input-major. */
    private static String layout(Slot slot, Entry e, SafeTensor t) {
        if (!e.suffix().equals("weight") || slot.module().equals("BatchNorm")) {
            return "";
        }
        if (slot.module().equals("Linear")) {
            boolean inputMajor = Arrays.equals(t.shape(), new int[] {e.shape()[1], e.shape()[0]});
            return " (PyTorch's Linear layout, [out, in])" + (inputMajor ? "; it looks input-major: transpose it" : "");
        }
        return " (PyTorch's Conv2d layout, [out, in, kH, kW])";
    }

    /**
     * The file's values as a chainrule tensor of the target's shape and the model's dtype;
     * refuses a value that is not finite (in that dtype), naming {@code where} and its index.
     */
    private static Tensor value(SafeTensor t, Entry e, Sequential model, String where) {
        Tensor target = e.value();
        Tensor v = Tensor.zeros(model.dtype(), target.dims());
        double[] values = t.toDoubles();
        for (int i = 0; i < values.length; i++) {
            double x = model.dtype() == DType.FLOAT32 ? (float) values[i] : values[i];
            if (!Double.isFinite(x)) {
                throw new IllegalArgumentException(where + " holds " + (Double.isNaN(values[i]) ? "NaN"
                        : Double.isInfinite(values[i]) ? "an infinite value" : values[i] + ", outside float32,")
                        + " at index " + index(i, t.shape()) + "; weights must be finite numbers");
            }
        }
        if (e.transposed()) {
            int out = e.shape()[0];
            int in = e.shape()[1];
            for (int o = 0; o < out; o++) {
                for (int i = 0; i < in; i++) {
                    v.set(i, o, values[o * in + i]);
                }
            }
        } else {
            for (int i = 0; i < values.length; i++) {
                v.setFlat(i, values[i]);
            }
        }
        return v;
    }

    /** Flat index {@code i} as {@code [a, b, ...]} in {@code shape}. */
    private static String index(int i, int[] shape) {
        int[] at = new int[shape.length];
        for (int d = shape.length - 1; d >= 0; d--) {
            at[d] = i % shape[d];
            i /= shape[d];
        }
        return Arrays.toString(at);
    }

    /** "4 dense layers", or "2 conv2d, 1 batchnorm and 2 dense layers" in the order they first come. */
    private static String count(List<Slot> slots) {
        Map<String, Integer> kinds = new LinkedHashMap<>();
        for (Slot s : slots) {
            String kind = switch (s.module()) {
                case "Linear" -> "dense";
                case "Conv2d" -> "conv2d";
                default -> "batchnorm";
            };
            kinds.merge(kind, 1, Integer::sum);
        }
        if (kinds.isEmpty()) {
            return "no layers with weights";
        }
        List<String> parts = new ArrayList<>();
        kinds.forEach((kind, n) -> parts.add(n + " " + kind));
        String all = parts.size() == 1 ? parts.get(0)
                : String.join(", ", parts.subList(0, parts.size() - 1)) + " and " + parts.get(parts.size() - 1);
        return all + " layer" + (slots.size() == 1 ? "" : "s");
    }

    /** Rule 1: {@code PREFIX i.weight} for every layer with weights, with one prefix; null when no prefix fits. */
    private static List<String> byPosition(List<Slot> slots, Map<String, SafeTensor> tensors) {
        if (slots.isEmpty()) {
            return List.of();
        }
        Set<String> prefixes = new LinkedHashSet<>();
        for (String name : tensors.keySet()) {
            Matcher m = POSITION.matcher(name);
            if (m.matches() && m.group(2).equals(Integer.toString(slots.get(0).position()))) {
                prefixes.add(m.group(1));
            }
        }
        List<List<String>> fits = new ArrayList<>();
        for (String prefix : prefixes) {
            List<String> names = new ArrayList<>();
            for (Slot slot : slots) {
                names.add(prefix + slot.position() + ".weight");
            }
            if (tensors.keySet().containsAll(names)) {
                fits.add(names);
            }
        }
        return fits.size() == 1 ? fits.get(0) : null;
    }

    /**
     * Rule 2: the {@code ...weight} tensors with the number of dimensions of a layer kind of the
     * network, in the natural order of their names: one per layer with weights, each with its
     * layer's number of dimensions.
     */
    private static List<String> byOrder(List<Slot> slots, Map<String, SafeTensor> tensors) {
        Set<Integer> ranks = new java.util.TreeSet<>();
        slots.forEach(slot -> ranks.add(slot.weightRank()));
        List<String> weights = new ArrayList<>();
        for (Map.Entry<String, SafeTensor> e : tensors.entrySet()) {
            if (e.getKey().endsWith("weight") && ranks.contains(e.getValue().shape().length)) {
                weights.add(e.getKey());
            }
        }
        weights.sort(StateDict::naturalOrder);
        boolean fits = weights.size() == slots.size();
        for (int k = 0; fits && k < slots.size(); k++) {
            fits = tensors.get(weights.get(k)).shape().length == slots.get(k).weightRank();
        }
        if (!fits) {
            boolean dense = ranks.equals(Set.of(2));
            List<String> listed = new ArrayList<>();
            for (String w : weights.subList(0, Math.min(5, weights.size()))) {
                listed.add(dense ? w : w + " " + Arrays.toString(tensors.get(w).shape()));
            }
            throw new IllegalArgumentException("cannot tell which tensors belong to which layer: the network has "
                    + count(slots) + ", named " + expectedNames(slots) + " in PyTorch's nn.Sequential, and the file has "
                    + weights.size() + (dense ? " two-dimensional weight" : " weight") + (weights.size() == 1 ? "" : "s")
                    + (weights.isEmpty() ? "" : " (" + String.join(", ", listed) + (weights.size() > 5 ? ", ..." : "") + ")")
                    + (weights.size() == slots.size() ? " whose dimensions, in the natural order of the names, do not follow"
                    + " the layers' (dense 2, conv2d 4, batchnorm 1)" : ""));
        }
        return weights;
    }

    private static String expectedNames(List<Slot> slots) {
        List<String> names = new ArrayList<>();
        for (Slot slot : slots) {
            names.add(slot.position() + ".weight");
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
