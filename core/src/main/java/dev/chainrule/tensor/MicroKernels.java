package dev.chainrule.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The register-blocked micro-kernels of {@link VectorKernels}:
 * {@code c (+)= alpha * sum_p a(:, p) b(p, :)} on one {@code 6 x W} tile, each output element a
 * fused multiply-add chain {@code t} over {@code p} from zero, then {@code c + alpha t} (rounded
 * product, rounded sum: the bits of an axpy of {@code t}) when {@code add}, else {@code alpha t}.
 * With {@code alpha = 1} that is exactly {@code c + t}. Two widths: {@code 2} vectors (12
 * accumulators, for 16-register AVX2) and {@code 4} vectors (24 accumulators, for the 32
 * registers of AVX-512: 6 broadcasts and 4 loads feed 24 multiply-adds per step instead of 12,
 * 180 against 145 GFLOP/s on one core here). The width changes which elements are computed
 * together, never the order of any one element's sum, so both give the same bits.
 *
 * <p>{@code b} is read as {@code W}-wide rows {@code bStep} apart (a packed panel, or {@code b}
 * itself); element {@code (r, p)} of {@code a} at {@code a0 + r rs + p cs}: a packed panel is
 * {@code rs = 1, cs = 6}, {@code a} read in place is {@code rs = lda, cs = 1} (or transposed
 * {@code rs = 1, cs = lda}). One method for all three: it ran as fast as one with the packed
 * layout's constant offsets (192 against 184 GFLOP/s), and C2 spends some 170 ms compiling each
 * of these, on the path to the first batch. Written out in full: a {@code FloatVector} that
 * crosses a method boundary C2 does not inline is boxed, and the JDK 17 intrinsics then fall
 * back to allocating Java code.
 */
final class MicroKernels {
    static final VectorSpecies<Float> S = VectorKernels.S;
    static final int L = S.length();
    static final int MR = 6;

    private MicroKernels() {
    }


    /** A tile {@code 2L} wide. */
    static void tile2(int kc, float[] a, int a0, int rs, int cs, float[] bp, int bOff, int bStep, float[] c, int cOff,
                        int ldc, boolean add, float alpha) {
        FloatVector c00 = FloatVector.zero(S);
        FloatVector c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S);
        FloatVector c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S);
        FloatVector c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S);
        FloatVector c31 = FloatVector.zero(S);
        FloatVector c40 = FloatVector.zero(S);
        FloatVector c41 = FloatVector.zero(S);
        FloatVector c50 = FloatVector.zero(S);
        FloatVector c51 = FloatVector.zero(S);
        int r1 = rs;
        int r2 = 2 * rs;
        int r3 = 3 * rs;
        int r4 = 4 * rs;
        int r5 = 5 * rs;
        int ai = a0;
        int bi = bOff;
        for (int p = 0; p < kc; p++, ai += cs, bi += bStep) {
            FloatVector b0 = FloatVector.fromArray(S, bp, bi);
            FloatVector b1 = FloatVector.fromArray(S, bp, bi + L);
            FloatVector x = FloatVector.broadcast(S, a[ai]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(S, a[ai + r1]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(S, a[ai + r2]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(S, a[ai + r3]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            x = FloatVector.broadcast(S, a[ai + r4]);
            c40 = x.fma(b0, c40);
            c41 = x.fma(b1, c41);
            x = FloatVector.broadcast(S, a[ai + r5]);
            c50 = x.fma(b0, c50);
            c51 = x.fma(b1, c51);
        }
        int o0 = cOff;
        int o1 = o0 + ldc;
        int o2 = o1 + ldc;
        int o3 = o2 + ldc;
        int o4 = o3 + ldc;
        int o5 = o4 + ldc;
        if (add) {
            c00 = FloatVector.fromArray(S, c, o0).add(c00.mul(alpha));
            c01 = FloatVector.fromArray(S, c, o0 + L).add(c01.mul(alpha));
            c10 = FloatVector.fromArray(S, c, o1).add(c10.mul(alpha));
            c11 = FloatVector.fromArray(S, c, o1 + L).add(c11.mul(alpha));
            c20 = FloatVector.fromArray(S, c, o2).add(c20.mul(alpha));
            c21 = FloatVector.fromArray(S, c, o2 + L).add(c21.mul(alpha));
            c30 = FloatVector.fromArray(S, c, o3).add(c30.mul(alpha));
            c31 = FloatVector.fromArray(S, c, o3 + L).add(c31.mul(alpha));
            c40 = FloatVector.fromArray(S, c, o4).add(c40.mul(alpha));
            c41 = FloatVector.fromArray(S, c, o4 + L).add(c41.mul(alpha));
            c50 = FloatVector.fromArray(S, c, o5).add(c50.mul(alpha));
            c51 = FloatVector.fromArray(S, c, o5 + L).add(c51.mul(alpha));
        } else {
            c00 = c00.mul(alpha);
            c01 = c01.mul(alpha);
            c10 = c10.mul(alpha);
            c11 = c11.mul(alpha);
            c20 = c20.mul(alpha);
            c21 = c21.mul(alpha);
            c30 = c30.mul(alpha);
            c31 = c31.mul(alpha);
            c40 = c40.mul(alpha);
            c41 = c41.mul(alpha);
            c50 = c50.mul(alpha);
            c51 = c51.mul(alpha);
        }
        c00.intoArray(c, o0);
        c01.intoArray(c, o0 + L);
        c10.intoArray(c, o1);
        c11.intoArray(c, o1 + L);
        c20.intoArray(c, o2);
        c21.intoArray(c, o2 + L);
        c30.intoArray(c, o3);
        c31.intoArray(c, o3 + L);
        c40.intoArray(c, o4);
        c41.intoArray(c, o4 + L);
        c50.intoArray(c, o5);
        c51.intoArray(c, o5 + L);
    }

    /** A tile {@code 4L} wide. */
    static void tile4(int kc, float[] a, int a0, int rs, int cs, float[] bp, int bOff, int bStep, float[] c, int cOff,
                        int ldc, boolean add, float alpha) {
        FloatVector c00 = FloatVector.zero(S);
        FloatVector c01 = FloatVector.zero(S);
        FloatVector c02 = FloatVector.zero(S);
        FloatVector c03 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S);
        FloatVector c11 = FloatVector.zero(S);
        FloatVector c12 = FloatVector.zero(S);
        FloatVector c13 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S);
        FloatVector c21 = FloatVector.zero(S);
        FloatVector c22 = FloatVector.zero(S);
        FloatVector c23 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S);
        FloatVector c31 = FloatVector.zero(S);
        FloatVector c32 = FloatVector.zero(S);
        FloatVector c33 = FloatVector.zero(S);
        FloatVector c40 = FloatVector.zero(S);
        FloatVector c41 = FloatVector.zero(S);
        FloatVector c42 = FloatVector.zero(S);
        FloatVector c43 = FloatVector.zero(S);
        FloatVector c50 = FloatVector.zero(S);
        FloatVector c51 = FloatVector.zero(S);
        FloatVector c52 = FloatVector.zero(S);
        FloatVector c53 = FloatVector.zero(S);
        int r1 = rs;
        int r2 = 2 * rs;
        int r3 = 3 * rs;
        int r4 = 4 * rs;
        int r5 = 5 * rs;
        int ai = a0;
        int bi = bOff;
        for (int p = 0; p < kc; p++, ai += cs, bi += bStep) {
            FloatVector b0 = FloatVector.fromArray(S, bp, bi);
            FloatVector b1 = FloatVector.fromArray(S, bp, bi + L);
            FloatVector b2 = FloatVector.fromArray(S, bp, bi + 2 * L);
            FloatVector b3 = FloatVector.fromArray(S, bp, bi + 3 * L);
            FloatVector x = FloatVector.broadcast(S, a[ai]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            c02 = x.fma(b2, c02);
            c03 = x.fma(b3, c03);
            x = FloatVector.broadcast(S, a[ai + r1]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            c12 = x.fma(b2, c12);
            c13 = x.fma(b3, c13);
            x = FloatVector.broadcast(S, a[ai + r2]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            c22 = x.fma(b2, c22);
            c23 = x.fma(b3, c23);
            x = FloatVector.broadcast(S, a[ai + r3]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            c32 = x.fma(b2, c32);
            c33 = x.fma(b3, c33);
            x = FloatVector.broadcast(S, a[ai + r4]);
            c40 = x.fma(b0, c40);
            c41 = x.fma(b1, c41);
            c42 = x.fma(b2, c42);
            c43 = x.fma(b3, c43);
            x = FloatVector.broadcast(S, a[ai + r5]);
            c50 = x.fma(b0, c50);
            c51 = x.fma(b1, c51);
            c52 = x.fma(b2, c52);
            c53 = x.fma(b3, c53);
        }
        int o0 = cOff;
        int o1 = o0 + ldc;
        int o2 = o1 + ldc;
        int o3 = o2 + ldc;
        int o4 = o3 + ldc;
        int o5 = o4 + ldc;
        if (add) {
            c00 = FloatVector.fromArray(S, c, o0).add(c00.mul(alpha));
            c01 = FloatVector.fromArray(S, c, o0 + L).add(c01.mul(alpha));
            c02 = FloatVector.fromArray(S, c, o0 + 2 * L).add(c02.mul(alpha));
            c03 = FloatVector.fromArray(S, c, o0 + 3 * L).add(c03.mul(alpha));
            c10 = FloatVector.fromArray(S, c, o1).add(c10.mul(alpha));
            c11 = FloatVector.fromArray(S, c, o1 + L).add(c11.mul(alpha));
            c12 = FloatVector.fromArray(S, c, o1 + 2 * L).add(c12.mul(alpha));
            c13 = FloatVector.fromArray(S, c, o1 + 3 * L).add(c13.mul(alpha));
            c20 = FloatVector.fromArray(S, c, o2).add(c20.mul(alpha));
            c21 = FloatVector.fromArray(S, c, o2 + L).add(c21.mul(alpha));
            c22 = FloatVector.fromArray(S, c, o2 + 2 * L).add(c22.mul(alpha));
            c23 = FloatVector.fromArray(S, c, o2 + 3 * L).add(c23.mul(alpha));
            c30 = FloatVector.fromArray(S, c, o3).add(c30.mul(alpha));
            c31 = FloatVector.fromArray(S, c, o3 + L).add(c31.mul(alpha));
            c32 = FloatVector.fromArray(S, c, o3 + 2 * L).add(c32.mul(alpha));
            c33 = FloatVector.fromArray(S, c, o3 + 3 * L).add(c33.mul(alpha));
            c40 = FloatVector.fromArray(S, c, o4).add(c40.mul(alpha));
            c41 = FloatVector.fromArray(S, c, o4 + L).add(c41.mul(alpha));
            c42 = FloatVector.fromArray(S, c, o4 + 2 * L).add(c42.mul(alpha));
            c43 = FloatVector.fromArray(S, c, o4 + 3 * L).add(c43.mul(alpha));
            c50 = FloatVector.fromArray(S, c, o5).add(c50.mul(alpha));
            c51 = FloatVector.fromArray(S, c, o5 + L).add(c51.mul(alpha));
            c52 = FloatVector.fromArray(S, c, o5 + 2 * L).add(c52.mul(alpha));
            c53 = FloatVector.fromArray(S, c, o5 + 3 * L).add(c53.mul(alpha));
        } else {
            c00 = c00.mul(alpha);
            c01 = c01.mul(alpha);
            c02 = c02.mul(alpha);
            c03 = c03.mul(alpha);
            c10 = c10.mul(alpha);
            c11 = c11.mul(alpha);
            c12 = c12.mul(alpha);
            c13 = c13.mul(alpha);
            c20 = c20.mul(alpha);
            c21 = c21.mul(alpha);
            c22 = c22.mul(alpha);
            c23 = c23.mul(alpha);
            c30 = c30.mul(alpha);
            c31 = c31.mul(alpha);
            c32 = c32.mul(alpha);
            c33 = c33.mul(alpha);
            c40 = c40.mul(alpha);
            c41 = c41.mul(alpha);
            c42 = c42.mul(alpha);
            c43 = c43.mul(alpha);
            c50 = c50.mul(alpha);
            c51 = c51.mul(alpha);
            c52 = c52.mul(alpha);
            c53 = c53.mul(alpha);
        }
        c00.intoArray(c, o0);
        c01.intoArray(c, o0 + L);
        c02.intoArray(c, o0 + 2 * L);
        c03.intoArray(c, o0 + 3 * L);
        c10.intoArray(c, o1);
        c11.intoArray(c, o1 + L);
        c12.intoArray(c, o1 + 2 * L);
        c13.intoArray(c, o1 + 3 * L);
        c20.intoArray(c, o2);
        c21.intoArray(c, o2 + L);
        c22.intoArray(c, o2 + 2 * L);
        c23.intoArray(c, o2 + 3 * L);
        c30.intoArray(c, o3);
        c31.intoArray(c, o3 + L);
        c32.intoArray(c, o3 + 2 * L);
        c33.intoArray(c, o3 + 3 * L);
        c40.intoArray(c, o4);
        c41.intoArray(c, o4 + L);
        c42.intoArray(c, o4 + 2 * L);
        c43.intoArray(c, o4 + 3 * L);
        c50.intoArray(c, o5);
        c51.intoArray(c, o5 + L);
        c52.intoArray(c, o5 + 2 * L);
        c53.intoArray(c, o5 + 3 * L);
    }
}
