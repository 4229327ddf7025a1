package dev.chainrule.io;

import dev.chainrule.model.Sequential;
import dev.chainrule.tensor.DType;
import dev.chainrule.tensor.Tensor;
import dev.chainrule.testing.RandomNetworks;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The safetensors writer and {@link StateDict} on random networks (dense, convolutions, pooling,
 * batch normalization, in float32 and float64): the round trip through a file's bytes is exact,
 * running statistics included; state dicts damaged in one way each (a tensor missing, left over,
 * of another shape or of an integer dtype) are refused with a message and change nothing; renamed
 * or widened ones load; and damaged file bytes are either refused by the reader, refused by
 * {@link StateDict#load} with nothing changed, or loaded, never another exception.
 */
class StateDictFuzzTest {

    @Test
    void randomNetworksRoundTripExactly() throws SafetensorsException {
        Random random = new Random(21);
        for (int n = 0; n < 60; n++) {
            DType dtype = n % 3 == 0 ? DType.FLOAT64 : DType.FLOAT32;
            long seed = random.nextLong();
            Sequential model = RandomNetworks.draw(new Random(seed), dtype);
            byte[] file = Safetensors.toBytes(StateDict.of(model), Map.of("format", "pt"));
            Sequential other = RandomNetworks.draw(new Random(seed), dtype);
            scramble(other, random);
            List<String> report = StateDict.load(other, Safetensors.fromBytes(file, "random.safetensors").tensors());
            assertEquals(model.layers().stream().filter(l -> !l.parameters().isEmpty()).count(), report.size(), model.toString());
            assertSame(model, other, model.toString());
        }
    }

    @Test
    void damagedStateDictsAreRefusedAndChangeNothing() {
        Random random = new Random(22);
        int refused = 0;
        for (int n = 0; n < 150; n++) {
            Sequential model = RandomNetworks.draw(new Random(random.nextLong()));
            Map<String, SafeTensor> valid = StateDict.of(model);
            Sequential fresh = copyArchitecture(model, random);  // the same architecture, other values
            List<Tensor> before = snapshot(fresh);
            List<String> names = new ArrayList<>(valid.keySet());
            Map<String, SafeTensor> damaged = new LinkedHashMap<>(valid);
            String kind;
            if (names.isEmpty()) {
                kind = "extra";
                damaged.put("0.weight", SafeTensor.ofFloats(new int[] {1}, new float[1]));
            } else {
                String name = names.get(random.nextInt(names.size()));
                SafeTensor t = valid.get(name);
                switch (random.nextInt(6)) {
                    case 0 -> {
                        kind = "missing";
                        damaged.remove(name);
                    }
                    case 1 -> {
                        kind = "extra";
                        damaged.put(name.replaceAll("\\.[a-z_]+$", ".extra"), t);
                    }
                    case 2 -> {
                        kind = "shape";
                        int[] shape = t.shape().clone();
                        shape[random.nextInt(shape.length)] += 1 + random.nextInt(2);
                        damaged.put(name, SafeTensor.ofFloats(shape, new float[product(shape)]));
                    }
                    case 3 -> {
                        kind = "integers";
                        damaged.put(name, SafeTensor.of("I32", t.shape(), new byte[t.size() * 4]));
                    }
                    case 4 -> {
                        kind = "prefixed";
                        damaged.clear();
                        valid.forEach((k, v) -> damaged.put("model." + k, v));
                    }
                    default -> {
                        kind = "float64";
                        damaged.clear();
                        valid.forEach((k, v) -> damaged.put(k, SafeTensor.ofDoubles(v.shape(), v.toDoubles())));
                    }
                }
            }
            if (kind.equals("prefixed") || kind.equals("float64")) {
                StateDict.load(fresh, damaged);
                assertSame(model, fresh, kind + " " + model);
            } else {
                Sequential into = fresh;
                Exception e = assertThrows(IllegalArgumentException.class, () -> StateDict.load(into, damaged),
                        kind + " " + model);
                assertTrue(e.getMessage() != null && !e.getMessage().isBlank());
                List<Tensor> after = state(fresh);
                for (int i = 0; i < before.size(); i++) {
                    assertTrue(before.get(i).sameBits(after.get(i)), "a refused file changes nothing: " + kind + " " + e.getMessage());
                }
                refused++;
            }
        }
        assertTrue(refused > 50, "refused " + refused);
    }

    @Test
    void damagedFileBytesAreRefusedOrLoadedNeverAnotherException() {
        Random random = new Random(23);
        for (int n = 0; n < 400; n++) {
            Sequential model = RandomNetworks.draw(new Random(n % 20));
            byte[] bytes = Safetensors.toBytes(StateDict.of(model), Map.of("format", "pt"));
            for (int edits = 1 + random.nextInt(3); edits > 0 && bytes.length > 0; edits--) {
                int at = random.nextInt(bytes.length);
                switch (random.nextInt(3)) {
                    case 0 -> bytes[at] ^= (byte) (1 << random.nextInt(8));
                    case 1 -> bytes = java.util.Arrays.copyOf(bytes, at);
                    default -> bytes[at] = (byte) random.nextInt(256);
                }
            }
            Map<String, SafeTensor> tensors;
            try {
                tensors = Safetensors.fromBytes(bytes, "damaged.safetensors").tensors();
            } catch (SafetensorsException e) {
                assertTrue(e.getMessage() != null && !e.getMessage().isBlank());
                continue;
            }
            Sequential into = RandomNetworks.draw(new Random(n % 20));
            List<Tensor> before = snapshot(into);
            try {
                StateDict.load(into, tensors);
            } catch (IllegalArgumentException e) {
                List<Tensor> after = state(into);
                for (int i = 0; i < before.size(); i++) {
                    assertTrue(before.get(i).sameBits(after.get(i)), "a refused file changes nothing: " + e.getMessage());
                }
            } catch (RuntimeException e) {
                fail("undocumented " + e + " for a damaged file", e);
            }
        }
    }

    /** A network of the same architecture as {@code model} with other weights and statistics. */
    private static Sequential copyArchitecture(Sequential model, Random random) {
        Sequential copy = NetworkSpec.of(model, false).build(model.dtype(), random.nextInt(1000));
        scramble(copy, random);
        return copy;
    }

    private static void scramble(Sequential model, Random random) {
        for (Tensor t : state(model)) {
            for (int i = 0; i < t.size(); i++) {
                t.setFlat(i, random.nextGaussian());
            }
        }
    }

    /** Every parameter and buffer, live. */
    private static List<Tensor> state(Sequential model) {
        List<Tensor> out = new ArrayList<>();
        model.parameters().forEach(p -> out.add(p.value()));
        out.addAll(model.buffers().values());
        return out;
    }

    /** Copies of every parameter and buffer. */
    private static List<Tensor> snapshot(Sequential model) {
        return state(model).stream().map(Tensor::copy).toList();
    }

    private static void assertSame(Sequential want, Sequential got, String what) {
        List<Tensor> a = state(want);
        List<Tensor> b = state(got);
        assertEquals(a.size(), b.size());
        for (int i = 0; i < a.size(); i++) {
            assertTrue(a.get(i).sameBits(b.get(i)), what + ": tensor " + i);
        }
    }

    private static int product(int[] shape) {
        int p = 1;
        for (int d : shape) {
            p *= d;
        }
        return p;
    }
}
