package dev.chainrule.tensor;

import static dev.chainrule.tensor.BlockedProduct.KC;
import static dev.chainrule.tensor.BlockedProduct.MC;
import static dev.chainrule.tensor.BlockedProduct.NC;
import static dev.chainrule.tensor.KernelChoice.L;
import static dev.chainrule.tensor.KernelChoice.MR;
import static dev.chainrule.tensor.KernelChoice.NR;

/**
 * Brings {@link VectorKernels} to C2 before real work reaches them. On JDK 17, Vector API code
 * that C2 has not compiled runs boxed, allocating per vector and some 40 times slower; C2
 * compiles a method only after thousands of calls, so a cold micro-kernel costs about a second
 * of CPU (measured here: 1.0-1.4 s) however it is spent. That second is spent on a background
 * thread started with the kernels, while the caller loads its data.
 *
 * <p>A product big enough to matter ({@link #WAIT_MIN}) that arrives while the warm-up runs
 * waits for it rather than run boxed (while taking CPU from the compiles that would end it),
 * then runs at full speed. Large rectifiers
 * use their scalar loop until the warm-up has compiled the vector one. Results are the same
 * bits either way; only the time differs.
 */
final class KernelWarmUp {
    /** From this many multiply-adds a product waits for (and helps) a running warm-up. */
    static final long WAIT_MIN = 1L << 18;
    /** A product never waits longer than this after the warm-up started. */
    static final long WAIT_LIMIT_NANOS = 4_000_000_000L;

    private static volatile boolean started;
    private static volatile boolean productsWarm;
    private static volatile boolean reluWarm;
    private static volatile long startNanos;

    private KernelWarmUp() {
    }

    /** Starts the warm-up on a daemon thread (once per process; later calls do nothing). */
    static synchronized void startInBackground() {
        if (started) {
            return;
        }
        startNanos = System.nanoTime();
        started = true;
        Thread t = new Thread(() -> {
            // in the order a training run needs them: C2 has one compiler thread here, and
            // what it compiles first is ready first. Not the few-rows product of a one-example
            // predict: warming it too kept C2 busy into the first epochs (MLP-S, 3 epochs: 0.54 s
            // against 0.47, medians of 5); a stream of predicts warms it up by itself
            Rotation rotation = new Rotation();
            java.util.function.LongSupplier allocated = allocationCounter();
            try {
                products(rotation, allocated);
            } catch (RuntimeException e) {
                // only a warm-up: the real calls check their arguments and report
            } finally {
                productsWarm = true;
            }
            try {
                elementwise();
                if (VectorKernels.RELU_VECTOR) {
                    relu(allocated);
                }
            } catch (RuntimeException e) {
                // as above
            } finally {
                reluWarm = true;
            }

        }, "chainrule-kernel-warmup");
        t.setDaemon(true);
        t.start();
    }

    /** Whether a background warm-up of the products is still running. */
    static boolean productsPending() {
        return started && !productsWarm;
    }

    /** Sleeps until the whole background warm-up is over (or the limit): products, loops, rectifier. */
    static void awaitAll() {
        sleepWhile(() -> started && !reluWarm);
    }

    /** Whether a background warm-up has not yet compiled the rectifier's vector loop. */
    static boolean reluPending() {
        return started && !reluWarm;
    }

    /**
     * Sleeps until the background warm-up is over (or the limit). Sleeping, not helping: the
     * critical path is C2's own compiles of the micro-kernels (each a long compile on one
     * compiler thread), and a second thread running warm-up rounds only takes CPU from it.
     */
    static void awaitProducts() {
        sleepWhile(() -> started && !productsWarm);
    }

    /** Sleeps a millisecond at a time while {@code pending} holds, at most until the limit. */
    private static void sleepWhile(java.util.function.BooleanSupplier pending) {
        while (pending.getAsBoolean() && System.nanoTime() - startNanos < WAIT_LIMIT_NANOS) {
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /**
     * Scratch arrays and the shapes of the rotation: between them they take every branch of
     * {@link BlockedProduct#blocked} the real shapes take (C2 compiles a method without the
     * branches it has not seen taken, and leaving through one later throws the compiled code
     * away, in the middle of training): both transposes, accumulation, a scale, ragged row and
     * column panels (one at most two vectors wide runs the narrow tile: in place and packed),
     * the in-place {@code op(a)} path with a ragged last panel (a 10-wide output layer), the
     * columns past a last panel's whole vectors ({@link ColumnFringe}: a block of its rows in
     * place and a padded one, two columns and one; where enabled at AVX-512, with the
     * three-vector tile beside them, and that tile padded), two row blocks ({@code m > MC}), two column blocks ({@code n > NC}) and two inner
     * slices ({@code KC + 1} deep: two when {@code a} is not transposed, which takes the branch;
     * {@code 2 KC_T + 1} would double the cost of the whole warm-up). All cheap: until compiled,
     * each micro-kernel step costs about a microsecond. The 10-wide shape is 32 deep: its
     * in-place two-vector tile ({@code MicroKernels.tile2Strided}, the output layer's forward
     * product) is called from no other shape often enough, and at 6 deep C2's thresholds (raised
     * while its queue is long at start-up) were often not reached before the warm-up ended.
     */
    static final class Rotation {
        final int[][] shapes;
        final float[] a;
        final float[] b;
        final float[] c;
        final BlockedProduct.Workspace ws = new BlockedProduct.Workspace();

        Rotation() {
            int packed = BlockedProduct.DIRECT_A_PANELS + 1;
            int[][] all = {{MR, NR, 8}, {MR - 1, NR - 3, 5}, {2 * MR, 2 * NR, 12}, {2 * MR - 1, packed * NR - 1, 8},
                {2 * MR - 1, (packed - 1) * NR + 5, 8}, {2 * MR, NR - 6, 9}, {MR, NR + 5, 7}, {3 * MR + 1, 10, 32}, {MC + 1, 3, 1}, {MR - 1, 3, KC + 1},
                {MR, NC + NR + 1, 1}};
            if (ColumnFringe.MAX_COLUMNS > 0) {
                all = java.util.Arrays.copyOf(all, all.length + 2);
                all[all.length - 2] = new int[] {ColumnFringe.ROWS + 5, (ColumnFringe.THREE ? 3 * L : 0) + 3, 8};
                all[all.length - 1] = new int[] {2 * MR - 1, 2 * L + 5, 8};
            }
            shapes = all;
            int maxM = Math.max(MC + 1, ColumnFringe.ROWS + 5);
            int maxN = NC + NR + 1;
            int maxK = KC + 1;
            a = new float[maxM * maxK];
            b = new float[maxN * maxK];
            c = new float[maxM * maxN];
            java.util.Arrays.fill(a, 0.5f);
            java.util.Arrays.fill(b, 0.25f);
        }
    }

    /**
     * Runs the rotation until the calls C2 needs are made (6000 of {@code blocked}) and a round
     * of 256, which takes every shape with every transpose, accumulation and scale, ran compiled:
     * allocated nothing on this thread (boxed Vector API code allocates per vector), or, where
     * the JVM counts no allocation, took under 5 ms (boxed kernels take several times that;
     * then at most 24,000 iterations). At most 3 s. Timing alone missed a kernel that only
     * a few calls per round take: it stayed boxed after the warm-up, and the first batches of a
     * training ran it so, allocating in every batch (bench/README, tenth round).
     */
    static void products(Rotation r, java.util.function.LongSupplier allocated) {
        long deadline = System.nanoTime() + 3_000_000_000L;
        long window = System.nanoTime();
        long windowBytes = allocated.getAsLong();
        boolean counted = windowBytes >= 0;
        for (int it = 0; (counted || it < 24_000) && System.nanoTime() < deadline; it++) {
            if ((it & 255) == 0 && it > 0) {
                long now = System.nanoTime();
                long bytes = allocated.getAsLong();
                boolean compiled = bytes >= 0 ? bytes == windowBytes : now - window < 5_000_000L;
                if (it >= 6_000 && compiled) {
                    return;
                }
                window = now;
                windowBytes = bytes;
            }
            int[] s = r.shapes[it % r.shapes.length];
            int m = s[0];
            int n = s[1];
            int k = s[2];
            boolean ta = (it & 16) != 0;
            boolean tb = (it & 32) != 0;
            boolean acc = (it & 64) != 0;
            BlockedProduct.blocked(r.a, ta, ta ? m : k, r.b, tb, tb ? k : n, r.c, n, 0, m, 0, n, k, acc,
                    (it & 128) != 0 ? -0.5f : 1f, r.ws);
        }
    }

    /**
     * The plain loops of a training step (bias, rectifier, bias gradient, weight step, finiteness
     * check), so that C2 has compiled them too: each starts interpreted and then runs C1's
     * profiling code, several times slower, through the first dozens of batches otherwise.
     * Their loops run long enough per call that 3000 calls reach C2.
     */
    static void elementwise() {
        JavaKernels plain = new JavaKernels();
        Tensor m = Tensor.zeros(DType.FLOAT32, 8, 3 * NR + 5);
        Tensor g = Tensor.zeros(DType.FLOAT32, 8, 3 * NR + 5);
        Tensor out = Tensor.zeros(DType.FLOAT32, 8, 3 * NR + 5);
        Tensor row = Tensor.zeros(DType.FLOAT32, 1, 3 * NR + 5);
        float[] mf = m.floats();
        for (int i = 0; i < mf.length; i++) {
            mf[i] = (i & 1) == 0 ? 0.5f : -0.5f;
        }
        for (int it = 0; it < 3_000; it++) {
            plain.addRowVector(m, row);
            plain.leakyRelu(m, out, 0);
            plain.leakyReluBackward(m, g, out, 0);
            plain.sumRows(g, row, (it & 1) == 0);
            plain.axpy(-0.0, g, out);
            VectorKernels.axpyPart(-0f, g.floats(), out.floats(), m.rows(), m.cols(), 3, it % 2, 2);
            if (out.hasNonFinite()) {
                break;
            }
        }
    }

    /**
     * The rectifier's vector loop until C2 has compiled it (run here, not on first use: a
     * warm-up thread started in the middle of training took a core from the products for half a
     * second): at least 3000 calls, then until 256 calls in a row allocate nothing (the compile
     * may still be queued after 3000), at most 1 s.
     */
    static void relu(java.util.function.LongSupplier allocated) {
        float[] x = new float[16 * L + 3];
        float[] g = new float[16 * L + 3];
        float[] dx = new float[16 * L + 3];
        for (int i = 0; i < x.length; i++) {
            x[i] = (i & 1) == 0 ? 1f : -1f;
        }
        long deadline = System.nanoTime() + 1_000_000_000L;
        long before = allocated.getAsLong();
        for (int it = 0; System.nanoTime() < deadline; it++) {
            VectorKernels.leakyReluBackward(x, g, dx, 0, x.length - (it & 3), 0f);
            if ((it & 255) == 255) {
                long bytes = allocated.getAsLong();
                if (it >= 3_000 && bytes == before) {
                    return;
                }
                before = bytes;
            }
        }
    }

    /**
     * This thread's allocated bytes so far (HotSpot's per-thread counter), or a supplier of -1
     * where the JVM has none.
     */
    static java.util.function.LongSupplier allocationCounter() {
        try {
            java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
            if (threads instanceof com.sun.management.ThreadMXBean hotspot
                    && hotspot.isThreadAllocatedMemorySupported() && hotspot.isThreadAllocatedMemoryEnabled()) {
                return hotspot::getCurrentThreadAllocatedBytes;
            }
        } catch (RuntimeException | LinkageError e) {
            // no counter: the timing criterion
        }
        return () -> -1L;
    }
}
