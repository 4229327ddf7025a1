package dev.chainrule.io;

import dev.chainrule.data.BuiltinDigits;
import dev.chainrule.data.PixelScaling;
import dev.chainrule.model.Sequential;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Random and adversarial bytes into the readers of JSON, network files, model files and
 * safetensors files: each accepts or refuses with its documented exception, never another one
 * and never an {@link OutOfMemoryError}. The time limits are hang guards, not speed targets.
 */
class FormatFuzzTest {
    private static final Duration HANG = Duration.ofSeconds(30);
    private static final String JSON_ALPHABET = "{}[]\":,0123456789.eE-+ truefalsn\\u\n\t\"abc";

    @Test
    void json() {
        Random random = new Random(11);
        byte[] valid = NetworkFileTest.SEED004.getBytes(StandardCharsets.UTF_8);
        assertTimeoutPreemptively(HANG, () -> {
            for (int i = 0; i < 3000; i++) {
                byte[] in = i % 2 == 0 ? Fuzz.random(random, JSON_ALPHABET, 300) : Fuzz.mutate(random, valid);
                String text = new String(in, StandardCharsets.UTF_8);
                Fuzz.survives("Json.parse", in, () -> Json.parse(text, "fuzz.json"), Json.JsonException.class);
                Fuzz.survives("NetworkFile.parse", in, () -> NetworkFile.parse(text, "fuzz.json"), IllegalArgumentException.class);
            }
        });
    }

    @Test
    void adversarialJson() {
        List<String> inputs = List.of("[".repeat(100_000), "{\"a\":".repeat(50_000), "\"" + "x".repeat(1_000_000),
                "1e400", "-1e400", "1" + "0".repeat(400), "\"\\u12\"", "\"\\uZZZZ\"", "[1,]", "{\"a\":1,\"a\":2}",
                "{\"input\": 2147483647, \"layers\": [{\"dense\": 2147483647}]}",
                "{\"input\": 46000, \"layers\": [{\"dense\": 46000}]}",
                "{\"input\": 1, \"layers\": [{\"dense\": 1, \"weights\": [[1e39]]}]}",
                "{\"input\": -1, \"layers\": []}", "{\"input\": 1.5, \"layers\": [{\"dense\": 1}]}", "\u0000", "\uFEFF{}");
        assertTimeoutPreemptively(HANG, () -> {
            for (String text : inputs) {
                byte[] in = text.getBytes(StandardCharsets.UTF_8);
                Fuzz.survives("Json.parse", in, () -> Json.parse(text, "adversarial.json"), Json.JsonException.class);
                Fuzz.survives("NetworkFile.parse", in, () -> NetworkFile.parse(text, "adversarial.json")
                        .build(dev.chainrule.tensor.DType.FLOAT32, 1), IllegalArgumentException.class);
            }
        });
    }

    @Test
    void modelFiles() throws Exception {
        Random random = new Random(12);
        Sequential net = Sequential.builder(64).seed(1).dense(8).relu().dense(10)
                .loss(dev.chainrule.loss.Loss.named("softmax-ce")).build();
        SavedModel saved = SavedModel.builder(net).classNames(BuiltinDigits.load(dev.chainrule.tensor.DType.FLOAT32).classNames())
                .preprocessing(new PixelScaling(8, 8, 16, List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"))).build();
        byte[] valid = ModelFile.toBytes(saved);
        int headerLength = java.nio.ByteBuffer.wrap(valid, 20, 4).getInt();
        String header = new String(valid, 24, headerLength, StandardCharsets.UTF_8);
        byte[] payload = java.util.Arrays.copyOfRange(valid, 24 + headerLength, valid.length - 32);
        assertTimeoutPreemptively(HANG, () -> {
            for (int i = 0; i < 1500; i++) {
                byte[] in;
                if (i % 3 == 0) {
                    in = Fuzz.mutate(random, valid); // the checksum catches these
                } else {
                    // a damaged header or payload with a valid checksum: the reader's own checks must hold
                    String h = i % 3 == 1 ? new String(Fuzz.mutate(random, header.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8)
                            : header.replaceAll("\\b(8|64|10)\\b", String.valueOf(random.nextInt(5) == 0 ? Integer.MAX_VALUE
                            : random.nextInt(100_000)));
                    byte[] p = random.nextBoolean() ? payload : Fuzz.mutate(random, payload);
                    in = withChecksum(h, p);
                }
                byte[] bytes = in;
                Fuzz.survives("ModelFile.fromBytes", bytes, () -> ModelFile.fromBytes(bytes, "fuzz.model"), ModelFileException.class);
            }
        });
    }

    @Test
    void safetensorsFiles() {
        Random random = new Random(13);
        java.util.Map<String, SafeTensor> tensors = new java.util.LinkedHashMap<>();
        tensors.put("0.weight", SafeTensor.of("F32", new int[] {2, 3}, new byte[24]));
        tensors.put("0.bias", SafeTensor.of("F32", new int[] {2}, new byte[8]));
        byte[] valid = Safetensors.toBytes(tensors, java.util.Map.of("format", "pt"));
        assertTimeoutPreemptively(HANG, () -> {
            for (int i = 0; i < 2000; i++) {
                byte[] in = i % 5 == 0 ? Fuzz.random(random, "{}[]\":,0123456789F32U8I64shapedtypedata_offsets", 200)
                        : Fuzz.mutate(random, valid);
                Fuzz.survives("Safetensors.fromBytes", in, () -> Safetensors.fromBytes(in, "fuzz.safetensors"),
                        SafetensorsException.class);
            }
        });
    }

    static byte[] withChecksum(String header, byte[] payload) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.write("chainrule-model\n".getBytes(StandardCharsets.US_ASCII));
        out.writeInt(ModelFile.VERSION);
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        out.writeInt(h.length);
        out.write(h);
        out.write(payload);
        out.write(MessageDigest.getInstance("SHA-256").digest(bytes.toByteArray()));
        return bytes.toByteArray();
    }
}
