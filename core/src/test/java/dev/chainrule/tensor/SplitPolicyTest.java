package dev.chainrule.tensor;

import org.junit.jupiter.api.Test;

import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@link SplitPolicy}'s decisions from given timings and a given JIT counter (no clock), and the
 * bits of MLP-S's mid-sized products through the measured path for 1, 2 and 3 threads.
 */
class SplitPolicyTest {
    private static final long WORK = 128L * 50 * 784;

    /** Feeds {@code calls} products: split ones take {@code splitNanos}, the others {@code aloneNanos}; returns how many split. */
    private static int run(SplitPolicy policy, int calls, long splitNanos, long aloneNanos) {
        int splits = 0;
        for (int i = 0; i < calls; i++) {
            boolean split = policy.split();
            splits += split ? 1 : 0;
            policy.record(split, WORK, split ? splitNanos : aloneNanos);
        }
        return splits;
    }

    @Test
    void runsAloneWhileTheJitCompilesThenTriesAndKeepsTheFasterMode() {
        AtomicLong compiled = new AtomicLong(1000);
        SplitPolicy policy = new SplitPolicy(compiled::get);
        // the JIT keeps compiling: alone throughout, no split tried
        for (int period = 0; period < 5; period++) {
            compiled.addAndGet(40);
            assertEquals(0, run(policy, SplitPolicy.PERIOD_ALONE, 80_000, 140_000), "no trial while the JIT compiles");
        }
        // quiet from now on: the next look opens a trial, half its calls split, in blocks
        int first = run(policy, SplitPolicy.PERIOD_ALONE, 80_000, 140_000);
        assertEquals(0, first, "the look that sees the JIT quiet ends this period");
        assertTrue(policy.split(), "a trial starts with a block of splits");
        assertEquals(SplitPolicy.TRIAL / 2, run(policy, SplitPolicy.TRIAL, 80_000, 140_000));
        // the split was faster: the whole period splits
        assertEquals(SplitPolicy.PERIOD, run(policy, SplitPolicy.PERIOD, 80_000, 140_000));
        // the next trial finds the split slower (say another process took the other core): alone again
        assertEquals(SplitPolicy.TRIAL / 2, run(policy, SplitPolicy.TRIAL, 300_000, 140_000));
        assertFalse(policy.split(), "slower split: alone");
        assertEquals(0, run(policy, SplitPolicy.PERIOD_ALONE - 1, 300_000, 140_000));
    }

    @Test
    void aTrialBeginsWithBlocksOfEachModeInTurn() {
        SplitPolicy policy = new SplitPolicy(() -> -1L); // no JIT counter: trials need no quiet look
        run(policy, SplitPolicy.PERIOD_ALONE, 1, 1);
        for (int i = 0; i < SplitPolicy.TRIAL; i++) {
            assertEquals((i / SplitPolicy.BLOCK) % 2 == 0, policy.split(), "call " + i + " of the trial");
            policy.record(policy.split(), WORK, 100);
        }
    }

    /** Calls from now until the next trial's first split. */
    private static int callsToNextTrial(SplitPolicy policy, long aloneNanos) {
        int calls = 0;
        while (!policy.split()) {
            policy.record(false, WORK, aloneNanos);
            calls++;
        }
        return calls;
    }

    @Test
    void trialsThatChooseAloneComeLessOftenUntilOneChoosesTheSplit() {
        SplitPolicy policy = new SplitPolicy(() -> -1L);
        assertEquals(SplitPolicy.PERIOD_ALONE, callsToNextTrial(policy, 140_000));
        int expected = SplitPolicy.PERIOD_ALONE;
        for (int trial = 0; trial < 8; trial++) {
            assertEquals(SplitPolicy.TRIAL / 2, run(policy, SplitPolicy.TRIAL, 300_000, 140_000), "a trial's splits");
            expected = Math.min(2 * expected, SplitPolicy.PERIOD_ALONE_MAX);
            assertEquals(expected, callsToNextTrial(policy, 140_000), "alone after trial " + trial);
        }
        // the split wins again: it runs its period, and a later loss starts from the shortest run alone
        run(policy, SplitPolicy.TRIAL, 80_000, 140_000);
        assertEquals(SplitPolicy.PERIOD, run(policy, SplitPolicy.PERIOD, 80_000, 140_000));
        run(policy, SplitPolicy.TRIAL, 300_000, 140_000);
        assertEquals(2 * SplitPolicy.PERIOD_ALONE, callsToNextTrial(policy, 140_000));
    }

    @Test
    void choosesByTimePerMultiplyAdd() {
        assertTrue(SplitPolicy.choose(1.0, 2.0, 1.0, 1.0), "the same time for twice the work");
        assertFalse(SplitPolicy.choose(3.0, 2.0, 1.0, 1.0));
        assertFalse(SplitPolicy.choose(1.0, 1.0, 1.0, 1.0), "a tie stays alone");
        assertFalse(SplitPolicy.choose(0, 0, 5.0, 1.0), "never split (the pool was busy): alone");
        assertTrue(SplitPolicy.choose(5.0, 1.0, 0, 0), "only splits ran");
    }

    @Test
    void aSplitThePoolRefusedCountsAsAlone() {
        SplitPolicy policy = new SplitPolicy(() -> -1L);
        run(policy, SplitPolicy.PERIOD_ALONE, 1, 1);
        // the pool was busy for every split of the trial: they ran alone, so nothing says the split is faster
        for (int i = 0; i < SplitPolicy.TRIAL; i++) {
            policy.record(false, WORK, 100);
        }
        assertFalse(policy.split());
    }

    @Test
    void theSwitchNamesAModeOrFailsNamingItself() {
        assertEquals(SplitPolicy.Mode.MEASURED, SplitPolicy.Mode.of(null));
        assertEquals(SplitPolicy.Mode.MEASURED, SplitPolicy.Mode.of("measured"));
        assertEquals(SplitPolicy.Mode.NEVER, SplitPolicy.Mode.of("never"));
        assertEquals(SplitPolicy.Mode.ALWAYS, SplitPolicy.Mode.of(" Always "));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SplitPolicy.Mode.of("sometimes"));
        assertEquals("chainrule.gemm.split: expected measured, never or always, not \"sometimes\"", e.getMessage());
    }

    @Test
    void neverAndAlwaysIgnoreTheTimings() {
        SplitPolicy never = new SplitPolicy(SplitPolicy.Mode.NEVER, () -> -1L);
        assertEquals(0, run(never, 2 * (SplitPolicy.PERIOD_ALONE + SplitPolicy.TRIAL), 1, 1_000_000));
        SplitPolicy always = new SplitPolicy(SplitPolicy.Mode.ALWAYS, () -> -1L);
        int calls = 2 * (SplitPolicy.PERIOD_ALONE + SplitPolicy.TRIAL);
        assertEquals(calls, run(always, calls, 1_000_000, 1));
    }

    /**
     * MLP-S's forward (128x50x784) and weight gradient with its step (784x50x128, {@code a}
     * transposed) through the measured path, many calls so that both modes run, on pools of 1, 2
     * and 3 threads: every call the same bits.
     */
    @Test
    void mlpSProductsHaveTheSameBitsSplitOrAloneForEveryThreadCount() {
        Kernels one = Kernels.vector(1);
        assumeTrue(one != null, "jdk.incubator.vector not in the boot layer");
        Random random = new Random(5);
        Tensor x = KernelsTest.random(DType.FLOAT32, 128, 784, random);
        Tensor w = KernelsTest.random(DType.FLOAT32, 784, 50, random);
        Tensor g = KernelsTest.random(DType.FLOAT32, 128, 50, random);
        Tensor h1 = Tensor.zeros(DType.FLOAT32, 128, 50);
        one.gemm(x, false, w, false, h1, false);
        Tensor w1 = w.copy();
        assertTrue(one.gemmStep(-0.1, x, true, g, false, w1));
        for (int threads = 1; threads <= 3; threads++) {
            // the default thresholds: MLP-S's products are mid-sized, measured; a policy without a
            // JIT counter, so that the trial (and its blocks of splits) comes whatever the JIT does
            SplitPolicy policy = new SplitPolicy(() -> -1L);
            VectorKernels kernels = new VectorKernels(new GemmPool(threads), VectorKernels.PARALLEL_MIN, SplitPolicy.SMALL_MIN,
                    policy);
            int splits = 0;
            assertTrue(WORK >= SplitPolicy.SMALL_MIN && WORK < VectorKernels.PARALLEL_MIN, "MLP-S's product is mid-sized");
            for (int call = 0; call < SplitPolicy.PERIOD_ALONE + SplitPolicy.TRIAL + 8; call++) {
                Tensor h = Tensor.zeros(DType.FLOAT32, 128, 50);
                splits += policy.split() ? 1 : 0;
                kernels.gemm(x, false, w, false, h, false);
                assertArrayEquals(h1.floats(), h.floats(), 0f, threads + " threads, forward, call " + call);
                Tensor step = w.copy();
                assertTrue(kernels.gemmStep(-0.1, x, true, g, false, step));
                assertArrayEquals(w1.floats(), step.floats(), 0f, threads + " threads, step, call " + call);
            }
            if (threads > 1) {
                assertTrue(splits >= SplitPolicy.BLOCK / 2, "the forward ran split in the trial: " + splits);
            }
        }
        // the switch's fixed choices, on two threads: the same bits
        for (SplitPolicy.Mode mode : new SplitPolicy.Mode[] {SplitPolicy.Mode.NEVER, SplitPolicy.Mode.ALWAYS}) {
            VectorKernels kernels = new VectorKernels(new GemmPool(2), VectorKernels.PARALLEL_MIN, SplitPolicy.SMALL_MIN,
                    new SplitPolicy(mode, () -> -1L));
            for (int call = 0; call < 4; call++) {
                Tensor h = Tensor.zeros(DType.FLOAT32, 128, 50);
                kernels.gemm(x, false, w, false, h, false);
                assertArrayEquals(h1.floats(), h.floats(), 0f, mode + ", forward, call " + call);
                Tensor step = w.copy();
                assertTrue(kernels.gemmStep(-0.1, x, true, g, false, step));
                assertArrayEquals(w1.floats(), step.floats(), 0f, mode + ", step, call " + call);
            }
        }
    }
}
