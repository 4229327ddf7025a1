package dev.chainrule.io;

import java.util.Base64;
import java.util.Random;
import java.util.concurrent.Callable;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * A small fuzzing harness for the readers: random and mutated inputs, and a check that a reader
 * either accepts an input or refuses it with one of its documented exceptions (with a message),
 * never with another exception, an {@link OutOfMemoryError} or a {@link StackOverflowError}.
 * Seeded, so a failure names an input that reproduces it.
 */
public final class Fuzz {
    private Fuzz() {
    }

    /** Runs {@code read} on {@code input}; fails on anything but success or one of {@code allowed}. */
    @SafeVarargs
    public static void survives(String what, byte[] input, Callable<?> read, Class<? extends Throwable>... allowed) {
        try {
            read.call();
        } catch (Throwable t) {
            for (Class<? extends Throwable> a : allowed) {
                if (a.isInstance(t)) {
                    if (t.getMessage() == null || t.getMessage().isBlank()) {
                        fail(what + ": " + t.getClass().getName() + " without a message, for input " + show(input));
                    }
                    return;
                }
            }
            AssertionError e = new AssertionError(what + ": undocumented " + t + " for input " + show(input));
            e.initCause(t);
            throw e;
        }
    }

    /** The input as base64 (shortened), to reproduce a failure. */
    public static String show(byte[] input) {
        String b64 = Base64.getEncoder().encodeToString(input);
        return input.length + " bytes, base64 " + (b64.length() > 400 ? b64.substring(0, 400) + "..." : b64);
    }

    /** Random bytes drawn mostly from {@code alphabet}, sometimes any byte, of length up to {@code max}. */
    public static byte[] random(Random random, String alphabet, int max) {
        byte[] a = alphabet.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        int n = random.nextInt(max + 1);
        byte[] out = new byte[n];
        for (int i = 0; i < n; i++) {
            out[i] = random.nextInt(10) == 0 ? (byte) random.nextInt(256) : a[random.nextInt(a.length)];
        }
        return out;
    }

    /** {@code valid} with a few random edits: flipped, inserted, deleted or repeated bytes, or a cut. */
    public static byte[] mutate(Random random, byte[] valid) {
        byte[] b = valid.clone();
        int edits = 1 + random.nextInt(4);
        for (int e = 0; e < edits && b.length > 0; e++) {
            int at = random.nextInt(b.length);
            switch (random.nextInt(6)) {
                case 0 -> b[at] ^= (byte) (1 << random.nextInt(8));
                case 1 -> b[at] = (byte) random.nextInt(256);
                case 2 -> b = java.util.Arrays.copyOf(b, at); // truncated
                case 3 -> {
                    byte[] c = new byte[b.length + 1];
                    System.arraycopy(b, 0, c, 0, at);
                    c[at] = (byte) random.nextInt(256);
                    System.arraycopy(b, at, c, at + 1, b.length - at);
                    b = c;
                }
                case 4 -> {
                    byte[] c = new byte[b.length - 1];
                    System.arraycopy(b, 0, c, 0, at);
                    System.arraycopy(b, at + 1, c, at, b.length - at - 1);
                    b = c;
                }
                default -> {
                    int len = Math.min(b.length - at, 1 + random.nextInt(64));
                    byte[] c = new byte[b.length + len];
                    System.arraycopy(b, 0, c, 0, at + len);
                    System.arraycopy(b, at, c, at + len, b.length - at);
                    b = c;
                }
            }
        }
        return b;
    }
}
