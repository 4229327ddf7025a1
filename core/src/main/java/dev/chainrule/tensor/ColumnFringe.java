package dev.chainrule.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

import static dev.chainrule.tensor.KernelChoice.FMA;
import static dev.chainrule.tensor.KernelChoice.L;
import static dev.chainrule.tensor.KernelChoice.NR;
import static dev.chainrule.tensor.KernelChoice.NV;

/**
 * The last few columns of a product with a transposed {@code a} (a weight gradient
 * {@code x^T g}), past its last whole vector (the last 2 of a 50-wide layer), computed with
 * vectors down the rows of {@code c} instead of along them: each step loads six vectors of
 * {@code op(a)}'s column {@code p} (6L rows, contiguous in {@code a}) and broadcasts
 * {@code b(p, j)} for one or two columns. A register tile along the rows pads those columns to a
 * whole vector or two: 16 columns of work for 2 at AVX2, 64 for 50 at AVX-512.
 *
 * <p>The same bits as the tiles: element {@code (i, j)} is the multiply-add chain over the slice's
 * steps in order, from zero, then {@code c + alpha t} (or {@code alpha t}) exactly as
 * {@link BlockedProduct#copyTile} computes it. A last block of fewer than 6L rows is copied into a
 * zero-padded scratch first. A forward {@code x W} (a row-major {@code a}, read in place by the
 * tiles) takes it at AVX2 only through {@link #transpose}: each block of {@code x} copied
 * transposed through registers, which the tiles then read too; copied for the fringe alone, or
 * element by element, the copy cost more than the padded tile saved.
 */
final class ColumnFringe {
    static final VectorSpecies<Float> S = KernelChoice.S;
    /** Rows of a block: six vectors. */
    static final int ROWS = 6 * L;
    /**
     * At most this many columns past the last whole vector go through here: 6 of 8 at AVX2 (with
     * more, the passes over {@code a}, one per two columns, cost more than the padded tile; 8 of
     * 16 at AVX-512). {@code -Dchainrule.gemm.fringeColumns=N}, 0: never. At AVX-512 0 by
     * default: with the three-vector tile it needs, the weight gradient is faster, but compiling
     * the two slowed MLP-S's first epoch by more than three epochs gain, warmed before the first
     * batch or beside it (bench/README, tenth round).
     */
    static final int MAX_COLUMNS = Integer.getInteger("chainrule.gemm.fringeColumns", NV == 4 ? 0 : 6);
    /** Whether a last panel of 33 to 48 columns runs the three-vector tile (AVX-512, with this class). */
    static final boolean THREE = NV == 4 && MAX_COLUMNS > 0;

    /** 256-bit vectors for the transposed copy of a row-major {@code a} (8 x 8 blocks). */
    static final VectorSpecies<Float> T = FloatVector.SPECIES_256;
    /**
     * Whether a forward's row-major {@code a} with a column fringe is copied transposed per block
     * ({@link #transpose}) for the tiles and this class: at AVX2 (16 registers, 256-bit vectors)
     * only, {@code -Dchainrule.gemm.transposeA=false} turns it off.
     */
    static final boolean TRANSPOSE = NV == 2 && S.vectorBitSize() == 256
            && Boolean.parseBoolean(System.getProperty("chainrule.gemm.transposeA", "true"));
    private static final VectorShuffle<Float> LOW = VectorShuffle.fromValues(T, 0, 0, 1, 1, 2, 2, 3, 3);
    private static final VectorShuffle<Float> HIGH = VectorShuffle.fromValues(T, 4, 4, 5, 5, 6, 6, 7, 7);
    private static final VectorMask<Float> ODD = VectorMask.fromValues(T, false, true, false, true, false, true, false, true);

    private ColumnFringe() {
    }

    /**
     * How many of a last panel's {@code cols} columns (fewer than {@code NR}) this computes: the
     * columns past the last whole vector, where the whole vectors before them are none, or
     * three (32 registers: {@link MicroKernels#tile3} takes them); else 0, and the panel runs a
     * padded tile.
     */
    static int columns(int cols, boolean ta) {
        // 16 registers: the two-vector tile pads a last panel of 8 to 15 columns anyway
        int f = cols % L;
        int whole = cols - f;
        if (!ta || f == 0 || f > MAX_COLUMNS) {
            return 0;
        }
        return whole == 0 || (NV == 4 && whole == 3 * L) ? f : 0;
    }

    /**
     * {@code c[i, col + j] (+)= alpha t(i, j)} for rows {@code i0 <= i < i1} and {@code j < f},
     * {@code t} over the slice {@code p0 <= p < p0 + kc}; {@code b}'s columns are at
     * {@code bp[bOff + p bs + j]} (a packed panel, {@code bs = NR}, or a row-major {@code b} in
     * place, {@code bs = ldb}).
     */
    static void run(float[] a, int lda, int p0, int kc, float[] bp, int bOff, int bs, int f, float[] c, int ldc,
                    int i0, int i1, int col, boolean add, float alpha, BlockedProduct.Workspace ws) {
        for (int i = i0; i < i1; i += ROWS) {
            int rows = Math.min(ROWS, i1 - i);
            if (rows == ROWS) {
                block(kc, a, p0 * lda + i, lda, bp, bOff, bs, f, c, i * ldc + col, ldc, rows, add, alpha, ws.columns);
            } else {
                pack(a, lda, i, rows, p0, kc, ws.at);
                block(kc, ws.at, 0, ROWS, bp, bOff, bs, f, c, i * ldc + col, ldc, rows, add, alpha, ws.columns);
            }
        }
    }

    /** {@code op(a)[i0:i0+rows, p0:p0+kc]} of a transposed {@code a}, {@code ROWS} to a step, zero-padded. */
    static void pack(float[] a, int lda, int i0, int rows, int p0, int kc, float[] at) {
        for (int p = 0; p < kc; p++) {
            int dst = p * ROWS;
            System.arraycopy(a, (p0 + p) * lda + i0, at, dst, rows);
            java.util.Arrays.fill(at, dst + rows, dst + ROWS, 0f);
        }
    }

    /**
     * {@code op(a)[i0:i0+rows, p0:p0+kc]} of a row-major {@code a}, transposed into {@code at}
     * from {@code d0}: {@code at[d0 + p ld + r] = a[(i0 + r) lda + p0 + p]}, {@code ld} to a step,
     * zero-padded (also a packed panel of a transposed {@code b}: {@code ld = NR},
     * {@code rows = NR}). Blocks of 8 x 8 go through registers (three rounds of interleaving
     * halves: about twice as fast as a copy element by element).
     */
    static void transpose(float[] a, int lda, int i0, int rows, int p0, int kc, float[] at, int d0, int ld) {
        int rows8 = rows & ~7;
        int kc8 = kc & ~7;
        for (int r = 0; r < rows8; r += 8) {
            int s = (i0 + r) * lda + p0;
            for (int p = 0; p < kc8; p += 8) {
                FloatVector r0 = FloatVector.fromArray(T, a, s + p);
                FloatVector r1 = FloatVector.fromArray(T, a, s + lda + p);
                FloatVector r2 = FloatVector.fromArray(T, a, s + 2 * lda + p);
                FloatVector r3 = FloatVector.fromArray(T, a, s + 3 * lda + p);
                FloatVector r4 = FloatVector.fromArray(T, a, s + 4 * lda + p);
                FloatVector r5 = FloatVector.fromArray(T, a, s + 5 * lda + p);
                FloatVector r6 = FloatVector.fromArray(T, a, s + 6 * lda + p);
                FloatVector r7 = FloatVector.fromArray(T, a, s + 7 * lda + p);
                // row q of a round's output: lanes of rows q/2 and q/2 + 4 of its input, interleaved
                FloatVector t0 = r0.rearrange(LOW).blend(r4.rearrange(LOW), ODD);
                FloatVector t1 = r0.rearrange(HIGH).blend(r4.rearrange(HIGH), ODD);
                FloatVector t2 = r1.rearrange(LOW).blend(r5.rearrange(LOW), ODD);
                FloatVector t3 = r1.rearrange(HIGH).blend(r5.rearrange(HIGH), ODD);
                FloatVector t4 = r2.rearrange(LOW).blend(r6.rearrange(LOW), ODD);
                FloatVector t5 = r2.rearrange(HIGH).blend(r6.rearrange(HIGH), ODD);
                FloatVector t6 = r3.rearrange(LOW).blend(r7.rearrange(LOW), ODD);
                FloatVector t7 = r3.rearrange(HIGH).blend(r7.rearrange(HIGH), ODD);
                r0 = t0.rearrange(LOW).blend(t4.rearrange(LOW), ODD);
                r1 = t0.rearrange(HIGH).blend(t4.rearrange(HIGH), ODD);
                r2 = t1.rearrange(LOW).blend(t5.rearrange(LOW), ODD);
                r3 = t1.rearrange(HIGH).blend(t5.rearrange(HIGH), ODD);
                r4 = t2.rearrange(LOW).blend(t6.rearrange(LOW), ODD);
                r5 = t2.rearrange(HIGH).blend(t6.rearrange(HIGH), ODD);
                r6 = t3.rearrange(LOW).blend(t7.rearrange(LOW), ODD);
                r7 = t3.rearrange(HIGH).blend(t7.rearrange(HIGH), ODD);
                t0 = r0.rearrange(LOW).blend(r4.rearrange(LOW), ODD);
                t1 = r0.rearrange(HIGH).blend(r4.rearrange(HIGH), ODD);
                t2 = r1.rearrange(LOW).blend(r5.rearrange(LOW), ODD);
                t3 = r1.rearrange(HIGH).blend(r5.rearrange(HIGH), ODD);
                t4 = r2.rearrange(LOW).blend(r6.rearrange(LOW), ODD);
                t5 = r2.rearrange(HIGH).blend(r6.rearrange(HIGH), ODD);
                t6 = r3.rearrange(LOW).blend(r7.rearrange(LOW), ODD);
                t7 = r3.rearrange(HIGH).blend(r7.rearrange(HIGH), ODD);
                int d = d0 + p * ld + r;
                t0.intoArray(at, d);
                t1.intoArray(at, d + ld);
                t2.intoArray(at, d + 2 * ld);
                t3.intoArray(at, d + 3 * ld);
                t4.intoArray(at, d + 4 * ld);
                t5.intoArray(at, d + 5 * ld);
                t6.intoArray(at, d + 6 * ld);
                t7.intoArray(at, d + 7 * ld);
            }
            for (int p = kc8; p < kc; p++) {
                for (int q = 0; q < 8; q++) {
                    at[d0 + p * ld + r + q] = a[s + q * lda + p];
                }
            }
        }
        for (int r = rows8; r < rows; r++) {
            int s = (i0 + r) * lda + p0;
            for (int p = 0; p < kc; p++) {
                at[d0 + p * ld + r] = a[s + p];
            }
        }
        if (rows < ld) {
            for (int p = 0; p < kc; p++) {
                java.util.Arrays.fill(at, d0 + p * ld + rows, d0 + (p + 1) * ld, 0f);
            }
        }
    }

    /**
     * As {@link #run} over a block already transposed ({@link #transpose}, {@code ld} a multiple
     * of {@code ROWS}, zero-padded): rows {@code i0 <= i < i0 + mc} of {@code c}.
     */
    static void runTransposed(float[] at, int ld, int mc, int kc, float[] bp, int bOff, int bs, int f, float[] c,
                              int ldc, int i0, int col, boolean add, float alpha, BlockedProduct.Workspace ws) {
        for (int i = 0; i < mc; i += ROWS) {
            block(kc, at, i, ld, bp, bOff, bs, f, c, (i0 + i) * ldc + col, ldc, Math.min(ROWS, mc - i), add, alpha,
                    ws.columns);
        }
    }

    /**
     * The {@code f} columns of one block of {@code rows} rows, two at a time: {@code op(a)}'s rows
     * at {@code src[s0 + p cs + r]}, {@code b}'s at {@code bp[bOff + p bs + j]}, the results into
     * {@code c} from {@code cOff} through {@code t}.
     */
    private static void block(int kc, float[] src, int s0, int cs, float[] bp, int bOff, int bs, int f, float[] c,
                              int cOff, int ldc, int rows, boolean add, float alpha, float[] t) {
        for (int j = 0; j < f; j += 2) {
            int cols = Math.min(2, f - j);
            if (cols == 2) {
                columns2(kc, src, s0, cs, bp, bOff + j, bs, t);
            } else {
                columns1(kc, src, s0, cs, bp, bOff + j, bs, t);
            }
            store(t, c, cOff + j, ldc, rows, cols, add, alpha);
        }
    }

    /** The block's {@code rows x cols} results into {@code c}: {@code c + alpha t}, as {@link BlockedProduct#copyTile}. */
    static void store(float[] t, float[] c, int cOff, int ldc, int rows, int cols, boolean add, float alpha) {
        for (int j = 0; j < cols; j++) {
            int tj = j * ROWS;
            for (int r = 0; r < rows; r++) {
                int o = cOff + r * ldc + j;
                float v = t[tj + r];
                c[o] = add ? c[o] + alpha * v : alpha == 1f ? v : alpha * v;
            }
        }
    }

    /**
     * Two columns: {@code t[j ROWS + r] = sum_p a[a0 + p cs + r] bp[bOff + p bs + j]}, 12
     * accumulators, one loaded vector and two broadcasts live (15 of AVX2's 16 registers).
     */
    static void columns2(int kc, float[] a, int a0, int cs, float[] bp, int bOff, int bs, float[] t) {
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
            int bi = bOff + p * bs;
            FloatVector y0 = FloatVector.broadcast(S, bp[bi]);
            FloatVector y1 = FloatVector.broadcast(S, bp[bi + 1]);
            FloatVector x = FloatVector.fromArray(S, a, ai);
            c00 = FMA ? x.fma(y0, c00) : x.mul(y0).add(c00);
            c01 = FMA ? x.fma(y1, c01) : x.mul(y1).add(c01);
            x = FloatVector.fromArray(S, a, ai + L);
            c10 = FMA ? x.fma(y0, c10) : x.mul(y0).add(c10);
            c11 = FMA ? x.fma(y1, c11) : x.mul(y1).add(c11);
            x = FloatVector.fromArray(S, a, ai + 2 * L);
            c20 = FMA ? x.fma(y0, c20) : x.mul(y0).add(c20);
            c21 = FMA ? x.fma(y1, c21) : x.mul(y1).add(c21);
            x = FloatVector.fromArray(S, a, ai + 3 * L);
            c30 = FMA ? x.fma(y0, c30) : x.mul(y0).add(c30);
            c31 = FMA ? x.fma(y1, c31) : x.mul(y1).add(c31);
            x = FloatVector.fromArray(S, a, ai + 4 * L);
            c40 = FMA ? x.fma(y0, c40) : x.mul(y0).add(c40);
            c41 = FMA ? x.fma(y1, c41) : x.mul(y1).add(c41);
            x = FloatVector.fromArray(S, a, ai + 5 * L);
            c50 = FMA ? x.fma(y0, c50) : x.mul(y0).add(c50);
            c51 = FMA ? x.fma(y1, c51) : x.mul(y1).add(c51);
        }
        c00.intoArray(t, 0);
        c01.intoArray(t, ROWS);
        c10.intoArray(t, L);
        c11.intoArray(t, ROWS + L);
        c20.intoArray(t, 2 * L);
        c21.intoArray(t, ROWS + 2 * L);
        c30.intoArray(t, 3 * L);
        c31.intoArray(t, ROWS + 3 * L);
        c40.intoArray(t, 4 * L);
        c41.intoArray(t, ROWS + 4 * L);
        c50.intoArray(t, 5 * L);
        c51.intoArray(t, ROWS + 5 * L);
    }

    /** One column: as {@link #columns2}, six accumulators. */
    static void columns1(int kc, float[] a, int a0, int cs, float[] bp, int bOff, int bs, float[] t) {
        FloatVector c00 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S);
        FloatVector c40 = FloatVector.zero(S);
        FloatVector c50 = FloatVector.zero(S);
        for (int p = 0; p < kc; p++) {
            int ai = a0 + p * cs;
            int bi = bOff + p * bs;
            FloatVector y0 = FloatVector.broadcast(S, bp[bi]);
            FloatVector x = FloatVector.fromArray(S, a, ai);
            c00 = FMA ? x.fma(y0, c00) : x.mul(y0).add(c00);
            x = FloatVector.fromArray(S, a, ai + L);
            c10 = FMA ? x.fma(y0, c10) : x.mul(y0).add(c10);
            x = FloatVector.fromArray(S, a, ai + 2 * L);
            c20 = FMA ? x.fma(y0, c20) : x.mul(y0).add(c20);
            x = FloatVector.fromArray(S, a, ai + 3 * L);
            c30 = FMA ? x.fma(y0, c30) : x.mul(y0).add(c30);
            x = FloatVector.fromArray(S, a, ai + 4 * L);
            c40 = FMA ? x.fma(y0, c40) : x.mul(y0).add(c40);
            x = FloatVector.fromArray(S, a, ai + 5 * L);
            c50 = FMA ? x.fma(y0, c50) : x.mul(y0).add(c50);
        }
        c00.intoArray(t, 0);
        c10.intoArray(t, L);
        c20.intoArray(t, 2 * L);
        c30.intoArray(t, 3 * L);
        c40.intoArray(t, 4 * L);
        c50.intoArray(t, 5 * L);
    }
}
