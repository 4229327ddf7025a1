package dev.chainrule.tensor;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A small fixed pool of daemon threads for splitting one matrix product over the cores, with
 * an allocation-free hand-off (no tasks, futures or latches per call): the caller publishes the
 * product's arguments, bumps a generation counter, runs part 0 itself and waits for the
 * workers' parts. Workers spin briefly, then park.
 *
 * <p>One product at a time: a caller that finds the pool busy (another thread's product in
 * flight, e.g. many threads predicting at once) runs its product on its own thread, which gives
 * the same bits because {@link VectorKernels} results do not depend on the thread count.
 *
 * <p>Threads: system property {@code chainrule.threads}, default the available processors.
 */
final class GemmPool {
    private static final int SPINS = Integer.getInteger("chainrule.gemm.spins", 4000);
    private static volatile GemmPool shared;

    private final int threads;
    private final Thread[] workers;
    private final AtomicBoolean busy = new AtomicBoolean();
    private final AtomicInteger pending = new AtomicInteger();
    private volatile int generation;
    private volatile Thread caller;
    private volatile Throwable failure;

    // The product in flight (published by the volatile write of generation).
    private float[] a;
    private float[] b;
    private float[] c;
    private boolean ta;
    private boolean tb;
    private boolean accumulate;
    private float alpha;
    private boolean splitN;
    private int lda;
    private int ldb;
    private int m;
    private int n;
    private int k;
    private int tiles;
    /** The task in flight: a product, or one of the element-wise tasks below. */
    private int task;
    private static final int PRODUCT = 0;
    /** {@code c += alpha * a} (see {@link #axpy}). */
    private static final int AXPY = 1;
    /** {@code c = leakyRelu(a)} with slope {@code alpha} over {@code n} elements (see {@link #leakyRelu}). */
    private static final int RELU = 2;
    /** {@code c = a > 0 ? b : alpha * b} over {@code n} elements (see {@link #leakyReluBackward}). */
    private static final int RELU_BACKWARD = 3;

    GemmPool(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("a kernel pool needs at least one thread, got " + threads);
        }
        this.threads = threads;
        this.workers = new Thread[threads - 1];
        for (int i = 0; i < workers.length; i++) {
            int part = i + 1;
            Thread t = new Thread(() -> work(part), "chainrule-gemm-" + part);
            t.setDaemon(true);
            workers[i] = t;
            t.start();
        }
    }

    /** The process-wide pool ({@code -Dchainrule.threads=N}, default the available processors). */
    static GemmPool shared() {
        GemmPool p = shared;
        if (p == null) {
            synchronized (GemmPool.class) {
                p = shared;
                if (p == null) {
                    int n = Integer.getInteger("chainrule.threads", Runtime.getRuntime().availableProcessors());
                    p = new GemmPool(Math.max(1, n));
                    shared = p;
                }
            }
        }
        return p;
    }

    int threads() {
        return threads;
    }

    /**
     * Runs the product split into {@code threads} parts along whole tiles; false (nothing done)
     * when the pool is busy with another caller's product.
     */
    boolean run(float[] a, boolean ta, int lda, float[] b, boolean tb, int ldb, float[] c,
                int m, int n, int k, boolean accumulate, float alpha, boolean splitN, int tiles) {
        if (workers.length == 0 || !busy.compareAndSet(false, true)) {
            return false;
        }
        try {
            this.a = a;
            this.b = b;
            this.c = c;
            this.ta = ta;
            this.tb = tb;
            this.lda = lda;
            this.ldb = ldb;
            this.m = m;
            this.n = n;
            this.k = k;
            this.accumulate = accumulate;
            this.alpha = alpha;
            this.splitN = splitN;
            this.tiles = tiles;
            this.task = PRODUCT;
            return dispatch();
        } finally {
            busy.set(false);
        }
    }

    /**
     * {@code y += alpha * x} over a {@code rows x cols} array, split into column bands of whole
     * NR-wide tiles as a {@code splitN} product of the same width is, so each thread updates the
     * part of a weight gradient it computed (in its own cache); false when the pool is busy.
     * Element-wise, so the bits do not depend on the split.
     */
    boolean axpy(float alpha, float[] x, float[] y, int rows, int cols) {
        if (workers.length == 0 || !busy.compareAndSet(false, true)) {
            return false;
        }
        try {
            this.a = x;
            this.c = y;
            this.alpha = alpha;
            this.m = rows;
            this.n = cols;
            this.tiles = (cols + KernelChoice.NR - 1) / KernelChoice.NR;
            this.task = AXPY;
            return dispatch();
        } finally {
            busy.set(false);
        }
    }

    /**
     * The leaky rectifier {@code y = max(x, slope min(x, 0))} over {@code count} elements, cut into
     * one contiguous range per thread; false (nothing done) when the pool is busy. Element-wise,
     * so the bits do not depend on the split.
     */
    boolean leakyRelu(float[] x, float[] y, int count, float slope) {
        return elementWise(RELU, x, null, y, count, slope);
    }

    /**
     * The leaky rectifier's backward {@code dx = x > 0 ? g : slope g} over {@code count} elements, one
     * contiguous range per thread; false when the pool is busy.
     */
    boolean leakyReluBackward(float[] x, float[] g, float[] dx, int count, float slope) {
        return elementWise(RELU_BACKWARD, x, g, dx, count, slope);
    }

    private boolean elementWise(int kind, float[] x, float[] g, float[] out, int count, float slope) {
        if (workers.length == 0 || !busy.compareAndSet(false, true)) {
            return false;
        }
        try {
            this.a = x;
            this.b = g;
            this.c = out;
            this.alpha = slope;
            this.n = count;
            this.task = kind;
            return dispatch();
        } finally {
            busy.set(false);
        }
    }

    /** Range {@code part} of {@code threads} of {@code n} elements, its ends multiples of 64 (whole cache lines). */
    private int rangeStart(int part) {
        return part == threads ? n : (int) ((long) (n / 64) * part / threads) * 64;
    }

    private void runPart(int part) {
        switch (task) {
            case AXPY -> VectorKernels.axpyPart(alpha, a, c, m, n, tiles, part, threads);
            case RELU -> JavaKernels.leakyRelu(a, c, rangeStart(part), rangeStart(part + 1), alpha);
            case RELU_BACKWARD -> VectorKernels.leakyReluBackward(a, b, c, rangeStart(part), rangeStart(part + 1), alpha);
            default -> BlockedProduct.part(a, ta, lda, b, tb, ldb, c, m, n, k, accumulate, alpha, splitN, tiles, part,
                    threads);
        }
    }

    /** Publishes the task set up by the caller, runs part 0 here and waits for the workers' parts. */
    private boolean dispatch() {
        this.failure = null;
        this.caller = Thread.currentThread();
        pending.set(workers.length);
        generation = generation + 1;
        for (Thread w : workers) {
            LockSupport.unpark(w);
        }
        try {
            runPart(0);
        } finally {
            int spins = 0;
            while (pending.get() != 0) {
                if (++spins < SPINS) {
                    Thread.onSpinWait();
                } else {
                    LockSupport.park(this);
                }
            }
            this.a = null;
            this.b = null;
            this.c = null;
        }
        Throwable f = failure;
        if (f != null) {
            failure = null;
            if (f instanceof RuntimeException e) {
                throw e;
            }
            if (f instanceof Error e) {
                throw e;
            }
            throw new IllegalStateException(f);
        }
        return true;
    }

    private void work(int part) {
        // the packing workspace now, not at this helper's first split, which may come in the
        // middle of a training's measured epoch (a whole workspace allocated in one batch)
        BlockedProduct.prepareThread();
        int seen = 0;
        while (true) {
            int spins = 0;
            int g;
            while ((g = generation) == seen) {
                if (++spins < SPINS) {
                    Thread.onSpinWait();
                } else {
                    LockSupport.park(this);
                }
            }
            seen = g;
            try {
                runPart(part);
            } catch (Throwable t) {
                failure = t;
            }
            if (pending.decrementAndGet() == 0) {
                LockSupport.unpark(caller);
            }
        }
    }
}
