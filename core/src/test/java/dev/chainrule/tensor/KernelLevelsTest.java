package dev.chainrule.tensor;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The same bits at every instruction level: a fingerprint of products that take every path of
 * the vector kernels (packed and in-place {@code a}, every transpose, ragged tiles, two inner
 * slices, the fused step, a few-row product), compared with a constant. Surefire runs this
 * class at the machine's widest level and again at {@code -XX:UseAVX=2} (and
 * {@code -XX:UseAVX=0}, no FMA), so one machine checks that the 6x64 tiles of AVX-512 and the
 * 6x16 tiles of AVX2 give the same bits, and what the levels without FMA give.
 */
class KernelLevelsTest {
    /** With a fused multiply-add (AVX2, AVX-512, and AVX where the CPU has FMA). */
    static final long FMA_BITS = 4183896687879183820L;
    /** Without one: each product rounded before it is added. */
    static final long ROUNDED_BITS = -991289742795569850L;

    @Test
    void theBitsDependOnlyOnWhetherTheMachineHasFma() {
        Kernels kernels = Kernels.vector(1);
        assumeTrue(kernels != null, "jdk.incubator.vector not in the boot layer");
        long bits = fingerprint(kernels);
        assertEquals(KernelChoice.FMA ? FMA_BITS : ROUNDED_BITS, bits, "fingerprint of " + kernels);
    }

    @Test
    void twoThreadsGiveTheSameFingerprint() {
        Kernels one = Kernels.vector(1);
        assumeTrue(one != null, "jdk.incubator.vector not in the boot layer");
        assertEquals(fingerprint(one), fingerprint(new VectorKernels(new GemmPool(2), 1)));
    }

    static long fingerprint(Kernels kernels) {
        Random random = new Random(42);
        long h = 0xcbf29ce484222325L;
        int[][] shapes = {{128, 50, 784}, {784, 50, 128}, {50, 10, 128}, {97, 130, 257}, {13, 1030, 20}, {200, 70, 300}};
        for (int[] s : shapes) {
            for (int op = 0; op < 4; op++) {
                boolean ta = (op & 1) != 0;
                boolean tb = (op & 2) != 0;
                Tensor a = KernelsTest.random(DType.FLOAT32, ta ? s[2] : s[0], ta ? s[0] : s[2], random);
                Tensor b = KernelsTest.random(DType.FLOAT32, tb ? s[1] : s[2], tb ? s[2] : s[1], random);
                Tensor c = KernelsTest.random(DType.FLOAT32, s[0], s[1], random);
                kernels.gemm(a, ta, b, tb, c, op == 3);
                h = hash(h, c);
                if (!tb && kernels.gemmStep(-0.05, a, ta, b, false, c)) {
                    h = hash(h, c);
                }
            }
        }
        Tensor row = KernelsTest.random(DType.FLOAT32, 1, 784, random);
        Tensor w = KernelsTest.random(DType.FLOAT32, 784, 50, random);
        Tensor out = Tensor.zeros(DType.FLOAT32, 1, 50);
        kernels.gemm(row, false, w, false, out, false);
        return hash(h, out);
    }

    private static long hash(long h, Tensor t) {
        for (float v : t.floats()) {
            h = (h ^ Float.floatToRawIntBits(v)) * 0x100000001b3L;
        }
        return h;
    }
}
