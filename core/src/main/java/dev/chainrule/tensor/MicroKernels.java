package dev.chainrule.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

import static dev.chainrule.tensor.KernelChoice.FMA;
import static dev.chainrule.tensor.KernelChoice.L;
import static dev.chainrule.tensor.KernelChoice.NR;

/**
 * The register-blocked micro-kernels of {@link BlockedProduct}: {@code t = sum_p a(:, p) b(p, :)}
 * on one {@code 6 x W} tile, each element a multiply-add chain over {@code p} from zero (fused
 * where the machine has FMA, see {@link KernelChoice}). Two widths, {@code W = 2L} (12
 * accumulators, for 16 registers) and {@code W = 4L} (24, for the 32 of AVX-512: 6 broadcasts
 * and 4 loads feed 24 multiply-adds per step instead of 12). The width changes which elements
 * are computed together, never the order of any one element's sum, so both give the same bits.
 *
 * <p>{@code b} is a packed panel, {@code NR}-wide rows; element {@code (r, p)} of {@code a} is at
 * {@code a0 + r rs + p cs}: a packed panel is {@code rs = 1, cs = 6}, {@code a} read in place
 * {@code rs = lda, cs = 1} (or, transposed, {@code rs = 1, cs = lda}). Written out in full: a
 * {@code FloatVector} that crosses a method boundary C2 does not inline is boxed.
 *
 * <p>The narrow tiles store {@code t} as it is, into a scratch tile, and the output's update
 * ({@code c + alpha t}) reads it back from there: {@link #tile2} after its loop, when the
 * accumulators are dead, the strided tile through {@link BlockedProduct#copyTile}. With the
 * update made from the accumulators, C2 kept 8 of the 12 on the stack through the whole loop
 * on AVX2 (a load and a store around every multiply-add, less than half the speed); it does not
 * on AVX-512, whose wide tile keeps the update on its accumulators (no extra pass).
 */
final class MicroKernels {
    static final VectorSpecies<Float> S = KernelChoice.S;

    private MicroKernels() {
    }

    /**
     * A tile {@code 2L} wide into the scratch tile {@code t} ({@code NR}-wide rows), stored as it
     * is; then, when {@code c} is given, the whole tile into {@code c}: exactly
     * {@link BlockedProduct#copyTile}'s {@code c + alpha t}, {@code alpha t} or {@code t}, read back
     * from the scratch (the accumulators are dead by then, so C2 keeps them in registers through
     * the loop), in this method rather than a call of its own.
     */
    static void tile2(int kc, float[] a, int a0, int cs, float[] bp, int bOff, float[] t, float[] c, int cOff, int ldc,
                      boolean add, float alpha) {
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
        for (int p = 0; p < kc; p++) {
            int ai = a0 + p * cs;
            int bi = bOff + p * NR;
            FloatVector b0 = FloatVector.fromArray(S, bp, bi);
            FloatVector b1 = FloatVector.fromArray(S, bp, bi + L);
            FloatVector x = FloatVector.broadcast(S, a[ai]);
            c00 = FMA ? x.fma(b0, c00) : x.mul(b0).add(c00);
            c01 = FMA ? x.fma(b1, c01) : x.mul(b1).add(c01);
            x = FloatVector.broadcast(S, a[ai + 1]);
            c10 = FMA ? x.fma(b0, c10) : x.mul(b0).add(c10);
            c11 = FMA ? x.fma(b1, c11) : x.mul(b1).add(c11);
            x = FloatVector.broadcast(S, a[ai + 2]);
            c20 = FMA ? x.fma(b0, c20) : x.mul(b0).add(c20);
            c21 = FMA ? x.fma(b1, c21) : x.mul(b1).add(c21);
            x = FloatVector.broadcast(S, a[ai + 3]);
            c30 = FMA ? x.fma(b0, c30) : x.mul(b0).add(c30);
            c31 = FMA ? x.fma(b1, c31) : x.mul(b1).add(c31);
            x = FloatVector.broadcast(S, a[ai + 4]);
            c40 = FMA ? x.fma(b0, c40) : x.mul(b0).add(c40);
            c41 = FMA ? x.fma(b1, c41) : x.mul(b1).add(c41);
            x = FloatVector.broadcast(S, a[ai + 5]);
            c50 = FMA ? x.fma(b0, c50) : x.mul(b0).add(c50);
            c51 = FMA ? x.fma(b1, c51) : x.mul(b1).add(c51);
        }
        c00.intoArray(t, 0);
        c01.intoArray(t, L);
        c10.intoArray(t, NR);
        c11.intoArray(t, NR + L);
        c20.intoArray(t, 2 * NR);
        c21.intoArray(t, 2 * NR + L);
        c30.intoArray(t, 3 * NR);
        c31.intoArray(t, 3 * NR + L);
        c40.intoArray(t, 4 * NR);
        c41.intoArray(t, 4 * NR + L);
        c50.intoArray(t, 5 * NR);
        c51.intoArray(t, 5 * NR + L);
        if (c == null) {
            return;
        }
        for (int r = 0, o = cOff, q = 0; r < 6; r++, o += ldc, q += NR) {
            FloatVector t0 = FloatVector.fromArray(S, t, q);
            FloatVector t1 = FloatVector.fromArray(S, t, q + L);
            if (add) {
                t0 = FloatVector.fromArray(S, c, o).add(t0.mul(alpha));
                t1 = FloatVector.fromArray(S, c, o + L).add(t1.mul(alpha));
            } else if (alpha != 1f) {
                t0 = t0.mul(alpha);
                t1 = t1.mul(alpha);
            }
            t0.intoArray(c, o);
            t1.intoArray(c, o + L);
        }
    }

    /**
     * The narrow tile with any strides ({@code a} read in place row by row: {@code cs = 1}). A form
     * with six row indices moving by one let C2 load all six broadcasts first and spill four
     * accumulators, a third slower; here each broadcast waits for its bounds
     * check, which keeps them apart.
     */
    static void tile2Strided(int kc, float[] a, int a0, int rs, int cs, float[] bp, int bOff, float[] c, int cOff, int ldc) {
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
        for (int p = 0; p < kc; p++) {
            int ai = a0 + p * cs;
            int bi = bOff + p * NR;
            FloatVector b0 = FloatVector.fromArray(S, bp, bi);
            FloatVector b1 = FloatVector.fromArray(S, bp, bi + L);
            FloatVector x = FloatVector.broadcast(S, a[ai]);
            c00 = FMA ? x.fma(b0, c00) : x.mul(b0).add(c00);
            c01 = FMA ? x.fma(b1, c01) : x.mul(b1).add(c01);
            x = FloatVector.broadcast(S, a[ai + r1]);
            c10 = FMA ? x.fma(b0, c10) : x.mul(b0).add(c10);
            c11 = FMA ? x.fma(b1, c11) : x.mul(b1).add(c11);
            x = FloatVector.broadcast(S, a[ai + r2]);
            c20 = FMA ? x.fma(b0, c20) : x.mul(b0).add(c20);
            c21 = FMA ? x.fma(b1, c21) : x.mul(b1).add(c21);
            x = FloatVector.broadcast(S, a[ai + r3]);
            c30 = FMA ? x.fma(b0, c30) : x.mul(b0).add(c30);
            c31 = FMA ? x.fma(b1, c31) : x.mul(b1).add(c31);
            x = FloatVector.broadcast(S, a[ai + r4]);
            c40 = FMA ? x.fma(b0, c40) : x.mul(b0).add(c40);
            c41 = FMA ? x.fma(b1, c41) : x.mul(b1).add(c41);
            x = FloatVector.broadcast(S, a[ai + r5]);
            c50 = FMA ? x.fma(b0, c50) : x.mul(b0).add(c50);
            c51 = FMA ? x.fma(b1, c51) : x.mul(b1).add(c51);
        }
        int o0 = cOff;
        int o1 = o0 + ldc;
        int o2 = o1 + ldc;
        int o3 = o2 + ldc;
        int o4 = o3 + ldc;
        int o5 = o4 + ldc;
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

    /**
     * A tile {@code 3L} wide (18 accumulators, for the 32 registers of AVX-512): a last panel of
     * 33 to 48 columns, or the 48 whole-vector columns of a 50-wide one, without the fourth
     * vector's padding. The epilogue of {@link #tile4}.
     */
    static void tile3(int kc, float[] a, int a0, int rs, int cs, float[] bp, int bOff, float[] c, int cOff, int ldc,
                      boolean add, float alpha) {
        FloatVector c00 = FloatVector.zero(S);
        FloatVector c01 = FloatVector.zero(S);
        FloatVector c02 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S);
        FloatVector c11 = FloatVector.zero(S);
        FloatVector c12 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S);
        FloatVector c21 = FloatVector.zero(S);
        FloatVector c22 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S);
        FloatVector c31 = FloatVector.zero(S);
        FloatVector c32 = FloatVector.zero(S);
        FloatVector c40 = FloatVector.zero(S);
        FloatVector c41 = FloatVector.zero(S);
        FloatVector c42 = FloatVector.zero(S);
        FloatVector c50 = FloatVector.zero(S);
        FloatVector c51 = FloatVector.zero(S);
        FloatVector c52 = FloatVector.zero(S);
        int r1 = rs;
        int r2 = 2 * rs;
        int r3 = 3 * rs;
        int r4 = 4 * rs;
        int r5 = 5 * rs;
        for (int p = 0; p < kc; p++) {
            int ai = a0 + p * cs;
            int bi = bOff + p * NR;
            FloatVector b0 = FloatVector.fromArray(S, bp, bi);
            FloatVector b1 = FloatVector.fromArray(S, bp, bi + L);
            FloatVector b2 = FloatVector.fromArray(S, bp, bi + 2 * L);
            FloatVector x = FloatVector.broadcast(S, a[ai]);
            c00 = FMA ? x.fma(b0, c00) : x.mul(b0).add(c00);
            c01 = FMA ? x.fma(b1, c01) : x.mul(b1).add(c01);
            c02 = FMA ? x.fma(b2, c02) : x.mul(b2).add(c02);
            x = FloatVector.broadcast(S, a[ai + r1]);
            c10 = FMA ? x.fma(b0, c10) : x.mul(b0).add(c10);
            c11 = FMA ? x.fma(b1, c11) : x.mul(b1).add(c11);
            c12 = FMA ? x.fma(b2, c12) : x.mul(b2).add(c12);
            x = FloatVector.broadcast(S, a[ai + r2]);
            c20 = FMA ? x.fma(b0, c20) : x.mul(b0).add(c20);
            c21 = FMA ? x.fma(b1, c21) : x.mul(b1).add(c21);
            c22 = FMA ? x.fma(b2, c22) : x.mul(b2).add(c22);
            x = FloatVector.broadcast(S, a[ai + r3]);
            c30 = FMA ? x.fma(b0, c30) : x.mul(b0).add(c30);
            c31 = FMA ? x.fma(b1, c31) : x.mul(b1).add(c31);
            c32 = FMA ? x.fma(b2, c32) : x.mul(b2).add(c32);
            x = FloatVector.broadcast(S, a[ai + r4]);
            c40 = FMA ? x.fma(b0, c40) : x.mul(b0).add(c40);
            c41 = FMA ? x.fma(b1, c41) : x.mul(b1).add(c41);
            c42 = FMA ? x.fma(b2, c42) : x.mul(b2).add(c42);
            x = FloatVector.broadcast(S, a[ai + r5]);
            c50 = FMA ? x.fma(b0, c50) : x.mul(b0).add(c50);
            c51 = FMA ? x.fma(b1, c51) : x.mul(b1).add(c51);
            c52 = FMA ? x.fma(b2, c52) : x.mul(b2).add(c52);
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
            c10 = FloatVector.fromArray(S, c, o1).add(c10.mul(alpha));
            c11 = FloatVector.fromArray(S, c, o1 + L).add(c11.mul(alpha));
            c12 = FloatVector.fromArray(S, c, o1 + 2 * L).add(c12.mul(alpha));
            c20 = FloatVector.fromArray(S, c, o2).add(c20.mul(alpha));
            c21 = FloatVector.fromArray(S, c, o2 + L).add(c21.mul(alpha));
            c22 = FloatVector.fromArray(S, c, o2 + 2 * L).add(c22.mul(alpha));
            c30 = FloatVector.fromArray(S, c, o3).add(c30.mul(alpha));
            c31 = FloatVector.fromArray(S, c, o3 + L).add(c31.mul(alpha));
            c32 = FloatVector.fromArray(S, c, o3 + 2 * L).add(c32.mul(alpha));
            c40 = FloatVector.fromArray(S, c, o4).add(c40.mul(alpha));
            c41 = FloatVector.fromArray(S, c, o4 + L).add(c41.mul(alpha));
            c42 = FloatVector.fromArray(S, c, o4 + 2 * L).add(c42.mul(alpha));
            c50 = FloatVector.fromArray(S, c, o5).add(c50.mul(alpha));
            c51 = FloatVector.fromArray(S, c, o5 + L).add(c51.mul(alpha));
            c52 = FloatVector.fromArray(S, c, o5 + 2 * L).add(c52.mul(alpha));
        } else {
            c00 = c00.mul(alpha);
            c01 = c01.mul(alpha);
            c02 = c02.mul(alpha);
            c10 = c10.mul(alpha);
            c11 = c11.mul(alpha);
            c12 = c12.mul(alpha);
            c20 = c20.mul(alpha);
            c21 = c21.mul(alpha);
            c22 = c22.mul(alpha);
            c30 = c30.mul(alpha);
            c31 = c31.mul(alpha);
            c32 = c32.mul(alpha);
            c40 = c40.mul(alpha);
            c41 = c41.mul(alpha);
            c42 = c42.mul(alpha);
            c50 = c50.mul(alpha);
            c51 = c51.mul(alpha);
            c52 = c52.mul(alpha);
        }
        c00.intoArray(c, o0);
        c01.intoArray(c, o0 + L);
        c02.intoArray(c, o0 + 2 * L);
        c10.intoArray(c, o1);
        c11.intoArray(c, o1 + L);
        c12.intoArray(c, o1 + 2 * L);
        c20.intoArray(c, o2);
        c21.intoArray(c, o2 + L);
        c22.intoArray(c, o2 + 2 * L);
        c30.intoArray(c, o3);
        c31.intoArray(c, o3 + L);
        c32.intoArray(c, o3 + 2 * L);
        c40.intoArray(c, o4);
        c41.intoArray(c, o4 + L);
        c42.intoArray(c, o4 + 2 * L);
        c50.intoArray(c, o5);
        c51.intoArray(c, o5 + L);
        c52.intoArray(c, o5 + 2 * L);
    }

    /**
     * A tile {@code 4L} wide: {@code c + alpha t} (rounded product, rounded sum: the bits of an axpy
     * of {@code t}) when {@code add}, else {@code alpha t}; with {@code alpha = 1} exactly {@code c + t}.
     */
    static void tile4(int kc, float[] a, int a0, int rs, int cs, float[] bp, int bOff, float[] c, int cOff, int ldc,
                      boolean add, float alpha) {
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
        for (int p = 0; p < kc; p++) {
            int ai = a0 + p * cs;
            int bi = bOff + p * NR;
            FloatVector b0 = FloatVector.fromArray(S, bp, bi);
            FloatVector b1 = FloatVector.fromArray(S, bp, bi + L);
            FloatVector b2 = FloatVector.fromArray(S, bp, bi + 2 * L);
            FloatVector b3 = FloatVector.fromArray(S, bp, bi + 3 * L);
            FloatVector x = FloatVector.broadcast(S, a[ai]);
            c00 = FMA ? x.fma(b0, c00) : x.mul(b0).add(c00);
            c01 = FMA ? x.fma(b1, c01) : x.mul(b1).add(c01);
            c02 = FMA ? x.fma(b2, c02) : x.mul(b2).add(c02);
            c03 = FMA ? x.fma(b3, c03) : x.mul(b3).add(c03);
            x = FloatVector.broadcast(S, a[ai + r1]);
            c10 = FMA ? x.fma(b0, c10) : x.mul(b0).add(c10);
            c11 = FMA ? x.fma(b1, c11) : x.mul(b1).add(c11);
            c12 = FMA ? x.fma(b2, c12) : x.mul(b2).add(c12);
            c13 = FMA ? x.fma(b3, c13) : x.mul(b3).add(c13);
            x = FloatVector.broadcast(S, a[ai + r2]);
            c20 = FMA ? x.fma(b0, c20) : x.mul(b0).add(c20);
            c21 = FMA ? x.fma(b1, c21) : x.mul(b1).add(c21);
            c22 = FMA ? x.fma(b2, c22) : x.mul(b2).add(c22);
            c23 = FMA ? x.fma(b3, c23) : x.mul(b3).add(c23);
            x = FloatVector.broadcast(S, a[ai + r3]);
            c30 = FMA ? x.fma(b0, c30) : x.mul(b0).add(c30);
            c31 = FMA ? x.fma(b1, c31) : x.mul(b1).add(c31);
            c32 = FMA ? x.fma(b2, c32) : x.mul(b2).add(c32);
            c33 = FMA ? x.fma(b3, c33) : x.mul(b3).add(c33);
            x = FloatVector.broadcast(S, a[ai + r4]);
            c40 = FMA ? x.fma(b0, c40) : x.mul(b0).add(c40);
            c41 = FMA ? x.fma(b1, c41) : x.mul(b1).add(c41);
            c42 = FMA ? x.fma(b2, c42) : x.mul(b2).add(c42);
            c43 = FMA ? x.fma(b3, c43) : x.mul(b3).add(c43);
            x = FloatVector.broadcast(S, a[ai + r5]);
            c50 = FMA ? x.fma(b0, c50) : x.mul(b0).add(c50);
            c51 = FMA ? x.fma(b1, c51) : x.mul(b1).add(c51);
            c52 = FMA ? x.fma(b2, c52) : x.mul(b2).add(c52);
            c53 = FMA ? x.fma(b3, c53) : x.mul(b3).add(c53);
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
