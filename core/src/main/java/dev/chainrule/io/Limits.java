package dev.chainrule.io;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Locale;

/**
 * The largest inputs chainrule accepts, checked from what a file's header or a network's
 * description claims <em>before</em> anything is allocated, so that a damaged or hostile file is
 * refused with one line instead of ending in an {@link OutOfMemoryError}.
 *
 * <ul>
 *   <li>{@value #LAYER_PROPERTY}: the most weights one dense layer may have, {@code inputs *
 *       units} (default {@value #DEFAULT_LAYER_WEIGHTS}, 1 GiB of float32);</li>
 *   <li>{@value #TENSOR_PROPERTY}: the most elements one tensor may have, e.g. a data set's
 *       {@code rows * features} (default {@value #DEFAULT_TENSOR_ELEMENTS}, 4 GiB of float32; a
 *       Java array holds at most 2^31 - 9);</li>
 *   <li>{@value #FILE_PROPERTY}: the largest model or network file, which is read whole (default
 *       {@value #DEFAULT_FILE_BYTES} bytes, 1 GiB). Data files (CSV, IDX) are streamed, so only
 *       the tensor limit and the heap bound them.</li>
 * </ul>
 *
 * <p>Each limit is raised (or lowered) with a Java system property of that name, e.g.
 * {@code -Dchainrule.maxLayerWeights=500000000}. Every check also compares the bytes needed with
 * the heap still free ({@link Runtime#maxMemory()} less what is in use); that one is raised with
 * {@code -Xmx}. The exceptions are {@link LimitException}s, whose message names the limit and how
 * to raise it.
 */
public final class Limits {
    /** System property: most weights in one dense layer. */
    public static final String LAYER_PROPERTY = "chainrule.maxLayerWeights";
    /** System property: most elements in one tensor. */
    public static final String TENSOR_PROPERTY = "chainrule.maxTensorElements";
    /** System property: largest model or network file, in bytes. */
    public static final String FILE_PROPERTY = "chainrule.maxFileBytes";
    /** Default of {@value #LAYER_PROPERTY}: 2^28. */
    public static final long DEFAULT_LAYER_WEIGHTS = 268_435_456L;
    /** Default of {@value #TENSOR_PROPERTY}: 2^30. */
    public static final long DEFAULT_TENSOR_ELEMENTS = 1_073_741_824L;
    /** Default of {@value #FILE_PROPERTY}: 2^30 bytes. */
    public static final long DEFAULT_FILE_BYTES = 1_073_741_824L;
    /** The most elements one Java array holds. */
    public static final long MAX_ARRAY = Integer.MAX_VALUE - 8L;
    /** Heap kept free for everything else when judging whether an allocation fits. */
    private static final long HEAP_RESERVE = 16L << 20;

    private Limits() {
    }

    /** A request over a limit; the message names the limit and how to raise it. */
    public static final class LimitException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        /**
         * An exception with a message naming the limit, the size asked for, and the property that raises it.
         *
         * @param message the message
         */
        public LimitException(String message) {
            super(message);
        }
    }

    /**
     * The most weights one dense layer may have.
     *
     * @return the most weights one dense layer may have
     */
    public static long maxLayerWeights() {
        return property(LAYER_PROPERTY, DEFAULT_LAYER_WEIGHTS);
    }

    /**
     * The most elements one tensor may have (never more than one Java array holds).
     *
     * @return the most elements one tensor may have (never more than one Java array holds)
     */
    public static long maxTensorElements() {
        return Math.min(MAX_ARRAY, property(TENSOR_PROPERTY, DEFAULT_TENSOR_ELEMENTS));
    }

    /**
     * The largest model or network file, in bytes (never more than one Java array holds).
     *
     * @return the largest model or network file, in bytes (never more than one Java array holds)
     */
    public static long maxFileBytes() {
        return Math.min(MAX_ARRAY, property(FILE_PROPERTY, DEFAULT_FILE_BYTES));
    }

    /**
     * Checks a dense layer of {@code inputs x units} weights against {@link #maxLayerWeights()} and
     * the free heap. {@code what} names it, e.g. {@code "net.json: layer 3 (dense 784 -> 46000)"}.
     *
     * @param what names the value in messages
     * @param inputs the number of input features
     * @param units the number of units
     * @param bytesPerWeight bytes per weight (4 for float32, 8 for float64)
     */
    public static void checkLayer(String what, long inputs, long units, int bytesPerWeight) {
        long weights = multiply(inputs, units);
        long max = maxLayerWeights();
        if (weights > max) {
            throw new LimitException(what + ": " + count(inputs) + " x " + count(units) + " = " + count(weights)
                    + " weights, over the largest layer chainrule accepts (" + count(max) + "; raise it with -D"
                    + LAYER_PROPERTY + "=N)");
        }
        checkHeap(what, multiply(weights, bytesPerWeight) * 2); // the weights and their gradient
    }

    /**
     * Checks a tensor of {@code rows x cols} elements of {@code bytesPerElement} bytes against
     * {@link #maxTensorElements()} and the free heap, before it is allocated.
     *
     * @param what names the value in messages
     * @param rows the number of rows
     * @param cols the number of columns
     * @param bytesPerElement bytes per element
     */
    public static void checkTensor(String what, long rows, long cols, int bytesPerElement) {
        long elements = multiply(rows, cols);
        long max = maxTensorElements();
        if (elements > max) {
            throw new LimitException(what + ": " + count(rows) + " x " + count(cols) + " = " + count(elements)
                    + " values, over the largest tensor chainrule accepts (" + count(max)
                    + (max == MAX_ARRAY ? ", what one Java array holds)" : "; raise it with -D" + TENSOR_PROPERTY + "=N)"));
        }
        checkHeap(what, multiply(elements, bytesPerElement));
    }

    /**
     * Checks that {@code bytes} more fit in the heap, with some room to spare; first asks for a
     * garbage collection when they seem not to, since garbage counts as used until collected.
     *
     * @param what names the value in messages
     * @param bytes the bytes about to be allocated
     */
    public static void checkHeap(String what, long bytes) {
        if (bytes <= freeHeap()) {
            return;
        }
        long free;
        if (bytes <= Runtime.getRuntime().maxMemory() - HEAP_RESERVE) {
            System.gc(); // garbage counts as used until collected: ask once before refusing
            free = freeHeap();
        } else {
            free = freeHeap(); // more than the whole heap: no collection can help
        }
        if (bytes > free) {
            Runtime rt = Runtime.getRuntime();
            throw new LimitException(what + ": needs " + megabytes(bytes) + " but the Java heap has " + megabytes(Math.max(0, free))
                    + " free of " + megabytes(rt.maxMemory()) + " (raise it with -Xmx, e.g. -Xmx" + suggestedHeap(bytes) + ")");
        }
    }

    /**
     * Checks a file to be read whole ({@code kind}: "model file", "network file"): it must be a
     * regular file (not a folder, device or pipe) no larger than {@link #maxFileBytes()}, and fit
     * the heap. Returns its size.
     *
     * @param file the file
     * @param kind what the file is, for the message (e.g. {@code model file})
     * @return the file's size in bytes
     * @throws NoSuchFileException when it does not exist
     */
    public static long checkFile(Path file, String kind) throws IOException {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(file.toString(), null, "no such " + kind);
        }
        if (attributes.isDirectory()) {
            throw new LimitException(file + " is a folder; expected a " + kind);
        }
        if (!attributes.isRegularFile()) {
            throw new LimitException(file + " is not a regular file (a device, pipe or socket); expected a " + kind);
        }
        long size = attributes.size();
        long max = maxFileBytes();
        if (size > max) {
            throw new LimitException(file + ": " + count(size) + " bytes, larger than the largest " + kind
                    + " chainrule reads (" + count(max) + " bytes; raise it with -D" + FILE_PROPERTY + "=N)");
        }
        checkHeap(file.toString(), size);
        return size;
    }

    /**
     * Reads a file checked with {@link #checkFile} whole. A read error that does not name the file
     * (a bare "Input/output error") is given its name.
     *
     * @param file the file
     * @return its bytes
     * @throws IOException when it cannot be read
     */
    public static byte[] readAll(Path file) throws IOException {
        try {
            return Files.readAllBytes(file);
        } catch (FileSystemException e) {
            throw e;
        } catch (IOException e) {
            FileSystemException named = new FileSystemException(file.toString(), null, "could not be read: "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
            named.initCause(e);
            throw named;
        }
    }

    /**
     * The heap that can still be allocated: the maximum less what is in use (garbage included).
     *
     * @return the heap that can still be allocated: the maximum less what is in use (garbage included)
     */
    public static long freeHeap() {
        Runtime rt = Runtime.getRuntime();
        return rt.maxMemory() - (rt.totalMemory() - rt.freeMemory()) - HEAP_RESERVE;
    }

    private static long property(String name, long fallback) {
        String v = System.getProperty(name);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        try {
            long parsed = Long.parseLong(v.strip().replace("_", ""));
            if (parsed < 1) {
                throw new NumberFormatException();
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new LimitException("system property " + name + " must be a whole number >= 1, got \"" + Excerpt.of(v) + "\"");
        }
    }

    /**
     * A size product that cannot overflow.
     *
     * @param a a size, at least 0
     * @param b a size, at least 0
     * @return {@code a * b}, or {@link Long#MAX_VALUE} when that does not fit a long
     */
    public static long multiply(long a, long b) {
        if (a < 0 || b < 0) {
            throw new IllegalArgumentException("negative size " + a + " x " + b);
        }
        return a != 0 && b > Long.MAX_VALUE / a ? Long.MAX_VALUE : a * b;
    }

    private static String count(long n) {
        return n == Long.MAX_VALUE ? "more than 9.2e18" : String.format(Locale.ROOT, "%,d", n);
    }

    private static String megabytes(long bytes) {
        if (bytes == Long.MAX_VALUE) {
            return "more than 8 EiB";
        }
        double mb = bytes / 1048576.0;
        return mb >= 10240 ? String.format(Locale.ROOT, "%.1f GiB", mb / 1024) : String.format(Locale.ROOT, "%,.0f MiB", Math.ceil(mb));
    }

    private static String suggestedHeap(long bytes) {
        long used = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
        long gib = Math.max(1, (Math.min(bytes, Long.MAX_VALUE / 4) + used + HEAP_RESERVE + (1L << 30) - 1) >> 30);
        return gib + "g";
    }
}
