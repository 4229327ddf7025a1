package dev.chainrule.tensor;

import java.util.function.LongSupplier;

/**
 * Whether the mid-sized products (from {@link #SMALL_MIN} multiply-adds up to the kernels' parallel
 * threshold, e.g. MLP-S's two 5M-multiply-add products per batch) run split over the kernels'
 * pool or on the calling thread alone: decided by measuring both, in turn, in this process.
 *
 * <p>Why measured, not fixed: at this size the split saves a few tens of microseconds per product
 * when the pool's helper has a core to itself and is still spinning from the last split, and
 * loses that and more when it has not: a helper preempted by the JIT's compiler threads at
 * start-up, or by another process on a small machine, makes the caller wait a scheduler time
 * slice; a helper that has parked costs a wake-up, hundreds of microseconds on a virtual machine
 * whose other vCPU went idle. No cheap signal tells those cases apart in advance (the JVM's
 * compile-time counter moves only when a compile ends, and nothing shows another process);
 * timing the products themselves does. The choice only moves time: a split is along whole tiles,
 * so the bits are the same either way (see {@link BlockedProduct}).
 *
 * <p>One decision for all mid-sized products of a kernels instance, not one per shape: whether a
 * split finds the helper spinning depends on whether the calls before it split too. The rule: a
 * <em>trial</em> of {@link #TRIAL} calls in blocks of {@link #BLOCK}, split and alone in turn (so
 * both modes see the same phase of the run: the same JIT activity, the same neighbours, and a run
 * of splits finds the helper as a chosen split would), then the mode of the lower time per
 * multiply-add runs the next {@link #PERIOD} calls, then another trial. A trial is long enough to
 * take in a scheduler tick or two and short enough that its losing half costs a few percent of
 * the period; the period is a few hundred calls, a fraction of a training epoch, the scale on
 * which the JIT's start-up phase ends, so the choice follows the run's phases. The mean, not a
 * median: while the JIT compiles, the split's cost is a few calls of milliseconds among fast ones,
 * and the total is what a run pays. Updated without locks: concurrent callers may blur a trial,
 * which only moves time, never bits.
 *
 * <p>{@code -Dchainrule.gemm.split=measured} (the default), {@code never} (every mid-sized
 * product on the calling thread, as before this policy) or {@code always} (every one split): see
 * {@link #MODE}. Whichever is chosen,
 * the bits are the same.
 */
final class SplitPolicy {
    /** How mid-sized products choose between split and alone. */
    enum Mode {
        /** Trials in this process, as described above (the default). */
        MEASURED,
        /** Always on the calling thread. */
        NEVER,
        /** Always split over the kernels' pool. */
        ALWAYS;

        /**
         * The mode named {@code name} ({@code measured}, {@code never}, {@code always}, any case);
         * {@code null} gives {@link #MEASURED}.
         *
         * @throws IllegalArgumentException for any other name, naming the property and its values
         */
        static Mode of(String name) {
            if (name == null) {
                return MEASURED;
            }
            for (Mode mode : values()) {
                if (mode.name().equalsIgnoreCase(name.strip())) {
                    return mode;
                }
            }
            throw new IllegalArgumentException("chainrule.gemm.split: expected measured, never or always, not \""
                    + name + "\"");
        }
    }

    /**
     * {@code -Dchainrule.gemm.split=measured|never|always}, read once; unset, measured at every
     * instruction level (where the split does not pay, the trials choose the calling thread). An
     * unknown value is named on standard error, once, and the default kept, as for
     * {@code chainrule.kernels}.
     */
    static final Mode MODE = readMode();

    private static Mode readMode() {
        try {
            return Mode.of(System.getProperty("chainrule.gemm.split"));
        } catch (IllegalArgumentException e) {
            System.err.println("chainrule: -D" + e.getMessage() + "; using the default, measured");
            return Mode.MEASURED;
        }
    }

    /**
     * Below this many multiply-adds a product never splits: each part must outweigh the hand-off
     * (waking the helper and waiting for its part: about a microsecond when it spins, far more
     * when parked) many times over; half of 2^20 multiply-adds is a few microseconds of one core's work.
     * {@code -Dchainrule.gemm.splitMin=N}.
     */
    static final long SMALL_MIN = Long.getLong("chainrule.gemm.splitMin", 1L << 20);
    /** Calls per trial: blocks of {@link #BLOCK}, split then alone, twice over. */
    static final int TRIAL = 64;
    /** Consecutive calls of one mode in a trial (8 batches of MLP-S). */
    static final int BLOCK = 16;
    /** Calls that follow a trial's choice of the split before the next trial. */
    static final int PERIOD = 512;
    /** Calls alone between looks at the JIT (and, when it is quiet, trials). */
    static final int PERIOD_ALONE = 128;
    /**
     * The longest run of calls alone after trials that chose alone: each such trial doubles the
     * run alone from {@link #PERIOD_ALONE} up to this, so that where the split keeps losing (a
     * busy second core), the trials' split blocks cost a few percent of the calls, not a sixth.
     */
    static final int PERIOD_ALONE_MAX = 4096;

    /** This policy's mode: {@link #MODE} unless a test gives one. */
    private final Mode mode;
    /** The JIT's compile time so far in milliseconds, or a negative number where the JVM has no such counter. */
    private final LongSupplier compileMillis;
    /** Calls since the last trial began ({@link #TRIAL} and more: after the trial). */
    private int calls = TRIAL;
    /** The trial's nanoseconds and multiply-adds: alone at 0, split at 1. */
    private final double[] nanos = new double[2];
    private final double[] work = new double[2];
    private boolean chosen;
    /** Calls alone before the next look: {@link #PERIOD_ALONE}, doubled by each trial that chose alone. */
    private int periodAlone = PERIOD_ALONE;
    private long lastCompile = -1;

    /**
     * A policy of {@link #MODE} that reads the JIT's compile time from the JVM's compilation bean
     * (if any; loaded only when measured).
     */
    SplitPolicy() {
        this(MODE, MODE == Mode.MEASURED ? jitCompileMillis() : () -> -1L);
    }

    /** A measured policy with its own reading of the JIT's compile time (tests). */
    SplitPolicy(LongSupplier compileMillis) {
        this(Mode.MEASURED, compileMillis);
    }

    /** A policy of the given mode and reading of the JIT's compile time. */
    SplitPolicy(Mode mode, LongSupplier compileMillis) {
        this.mode = mode;
        this.compileMillis = compileMillis;
    }

    /** This policy's mode. */
    Mode mode() {
        return mode;
    }

    /**
     * Whether the next mid-sized product splits: {@code never}/{@code always} as named; measured:
     * by blocks during a trial, else the trial's choice.
     */
    boolean split() {
        if (mode != Mode.MEASURED) {
            return mode == Mode.ALWAYS;
        }
        int c = calls;
        return c < TRIAL ? (c / BLOCK & 1) == 0 : chosen;
    }

    /**
     * Records a product of {@code multiplyAdds} that took {@code nanos}, {@code split} or alone (a
     * split the pool refused, busy with another caller, ran alone); at a trial's end, chooses.
     */
    void record(boolean split, long multiplyAdds, long nanos) {
        if (mode != Mode.MEASURED) {
            return;
        }
        int c = calls;
        if (c < TRIAL) {
            int i = split ? 1 : 0;
            this.nanos[i] += Math.max(0, nanos);
            work[i] += multiplyAdds;
            if (c == TRIAL - 1) {
                chosen = choose(this.nanos[1], work[1], this.nanos[0], work[0]);
                periodAlone = chosen ? PERIOD_ALONE : Math.min(2 * periodAlone, PERIOD_ALONE_MAX);
            }
        }
        if (c + 1 >= TRIAL + (chosen ? PERIOD : periodAlone)) {
            this.nanos[0] = 0;
            this.nanos[1] = 0;
            work[0] = 0;
            work[1] = 0;
            calls = chosen || jitQuiet() ? 0 : TRIAL;
        } else {
            calls = c + 1;
        }
    }

    /**
     * Whether the JIT finished no compile since the last look (true where the JVM has no counter).
     * Running alone, a trial waits for this: while C2 compiles on a 2-core machine, the helper
     * shares a core with it, and the trial's split blocks only cost time.
     */
    boolean jitQuiet() {
        long now = compileMillis.getAsLong();
        boolean quiet = now < 0 || now == lastCompile;
        lastCompile = now;
        return quiet;
    }

    /** HotSpot's total compile time in milliseconds, or -1. */
    static LongSupplier jitCompileMillis() {
        try {
            java.lang.management.CompilationMXBean jit = java.lang.management.ManagementFactory.getCompilationMXBean();
            if (jit != null && jit.isCompilationTimeMonitoringSupported()) {
                return jit::getTotalCompilationTime;
            }
        } catch (RuntimeException | LinkageError e) {
            // no bean: trials without a look at the JIT
        }
        return () -> -1L;
    }

    /**
     * Whether splitting took less time per multiply-add than running alone ({@code splitNanos /
     * splitWork < aloneNanos / aloneWork}); alone when the split never ran, split when only it did.
     */
    static boolean choose(double splitNanos, double splitWork, double aloneNanos, double aloneWork) {
        if (splitWork <= 0) {
            return false;
        }
        if (aloneWork <= 0) {
            return true;
        }
        return splitNanos * aloneWork < aloneNanos * splitWork;
    }
}
