package dev.chainrule.tensor;

import jdk.incubator.vector.FloatVector;

import static dev.chainrule.tensor.BlockedProduct.KC;
import static dev.chainrule.tensor.KernelChoice.FMA;
import static dev.chainrule.tensor.KernelChoice.L;
import static dev.chainrule.tensor.KernelChoice.REGISTERS;
import static dev.chainrule.tensor.KernelChoice.S;

/**
 * The product of a few rows ({@code m <= 4}, a one-example predict) by {@code b}, without
 * packing: a vector axpy per row of {@code b}. Same summation order as {@link BlockedProduct}
 * (per {@code KC}-slice a multiply-add chain from zero, the slices then added to {@code c} in
 * order), so each row equals the same row of a batched product, bit for bit; but up to four
 * slices run interleaved, so the dependency chains that bound a single row's latency are a
 * quarter as long. On 16 registers a row of exactly seven vectors (the hidden layer of
 * 784-50-10 at AVX2) runs one slice at a time with the whole row in registers instead: its seven
 * vectors give the chains enough independence, and {@code b} is read once, in order. On 32
 * registers a row of three vectors and one or two columns (784-50-10's hidden layer at AVX-512)
 * does the same with a fourth vector reading past each row of {@code b}, and a row narrower than
 * one vector (its output layer) is one vector chain.
 */
final class SmallRowProduct {
    /** Up to this many rows, an {@code a * b} product takes this path. */
    static final int MAX_ROWS = 4;

    private SmallRowProduct() {
    }

    /** {@code c[r0:r1, :] (+)= a[r0:r1, :] * b}; {@code a} is {@code lda} wide, {@code b} and {@code c} are {@code n}. */
    static void product(float[] a, int lda, float[] b, int ldb, float[] c, int r0, int r1, int n, int k,
                        boolean accumulate) {
        int nv = n - n % L;
        int count = nv / L + (nv < n ? 1 : 0);
        for (int i = r0; i < r1; i++) {
            int ci = i * n;
            int ai = i * lda;
            if (REGISTERS < 32 && n >= L && count == 7) {
                // a row of seven 8-float vectors (784-50-10's hidden layer at AVX2): one slice at
                // a time, the whole row in registers, each row of b read once, in order
                rowSeven(a, ai, b, ldb, k, n, c, ci, accumulate);
                continue;
            }
            if (REGISTERS >= 32 && n > 3 * L && n <= 3 * L + 2) {
                // three 16-float vectors and one or two columns (784-50-10's hidden layer at
                // AVX-512): one slice at a time, b read once, in order
                rowThreePlus(a, ai, b, ldb, k, n, c, ci, accumulate);
                continue;
            }
            if (REGISTERS >= 32 && n < L && n >= 4 && k <= KC) {
                // narrower than a vector (784-50-10's output layer at AVX-512): one vector chain
                rowNarrow(a, ai, b, ldb, k, n, c, ci, accumulate);
                continue;
            }
            for (int pc = 0; pc < k; pc += 4 * KC) {
                boolean add = accumulate || pc > 0;
                int len0 = Math.min(KC, k - pc);
                int len1 = Math.max(0, Math.min(KC, k - pc - KC));
                int len2 = Math.max(0, Math.min(KC, k - pc - 2 * KC));
                int len3 = Math.max(0, Math.min(KC, k - pc - 3 * KC));
                int a0 = ai + pc;
                int j = 0;
                int tailEnd = 0;
                if (n >= L) {
                    // Columns [0, n) as vectors: whole ones at 0, L, ..., and, for a remainder, one
                    // shifted to end at n, in the same call as the whole one it overlaps. Four (or, for
                    // the last ones, three or two) at a time, so that each row of b is read once.
                    int groups = count / 4 * 4;
                    if (count - groups == 1 && nv < n && groups > 0) {
                        groups -= 4; // never leave the shifted vector alone after the one it overlaps
                    }
                    for (int v = 0; v < groups; v += 4) {
                        if (REGISTERS >= 32) {
                            rowSlices4(a, a0, b, ldb, pc, col(v, n), col(v + 1, n), col(v + 2, n), col(v + 3, n),
                                    len0, len1, len2, len3, c, ci, add);
                        } else {
                            // 16 registers: two slices at a time (8 accumulators), the next two added after
                            rowPairs4(a, a0, b, ldb, pc, col(v, n), col(v + 1, n), col(v + 2, n), col(v + 3, n),
                                    len0, len1, c, ci, add);
                            if (len2 > 0) {
                                rowPairs4(a, a0 + 2 * KC, b, ldb, pc + 2 * KC, col(v, n), col(v + 1, n), col(v + 2, n),
                                        col(v + 3, n), len2, len3, c, ci, true);
                            }
                        }
                    }
                    int rest = count - groups; // 0, 1, 2, 3 or 5
                    if (rest == 1) {
                        rowSlices1(a, a0, b, ldb, pc, col(groups, n), len0, len1, len2, len3, c, ci + col(groups, n), add);
                    } else if (rest == 2 || rest == 5) {
                        // the last two together (they may overlap), then, of five, the three before them
                        int u = count - 2;
                        rowSlices2(a, a0, b, ldb, pc, col(u, n), col(u + 1, n), len0, len1, len2, len3,
                                c, ci + col(u, n), ci + col(u + 1, n), add);
                        if (rest == 5) {
                            rowSlices3(a, a0, b, ldb, pc, col(groups, n), col(groups + 1, n), col(groups + 2, n),
                                    len0, len1, len2, len3, c, ci, add);
                        }
                    } else if (rest == 3) {
                        rowSlices3(a, a0, b, ldb, pc, col(groups, n), col(groups + 1, n), col(groups + 2, n),
                                len0, len1, len2, len3, c, ci, add);
                    }
                    j = n;
                }
                if (len1 == 0) {
                    // one slice (k <= KC): four columns interleaved, so four independent chains
                    for (; j + 4 <= n; j += 4) {
                        float u0 = 0f;
                        float u1 = 0f;
                        float u2 = 0f;
                        float u3 = 0f;
                        for (int p = 0; p < len0; p++) {
                            float x = a[a0 + p];
                            int bo = (pc + p) * ldb + j;
                            u0 = (FMA ? Math.fma(x, b[bo], u0) : x * b[bo] + u0);
                            u1 = (FMA ? Math.fma(x, b[bo + 1], u1) : x * b[bo + 1] + u1);
                            u2 = (FMA ? Math.fma(x, b[bo + 2], u2) : x * b[bo + 2] + u2);
                            u3 = (FMA ? Math.fma(x, b[bo + 3], u3) : x * b[bo + 3] + u3);
                        }
                        int o = ci + j;
                        c[o] = add ? c[o] + u0 : u0;
                        c[o + 1] = add ? c[o + 1] + u1 : u1;
                        c[o + 2] = add ? c[o + 2] + u2 : u2;
                        c[o + 3] = add ? c[o + 3] + u3 : u3;
                    }
                }
                for (; j < n; j++) {
                    float t0 = 0f;
                    float t1 = 0f;
                    float t2 = 0f;
                    float t3 = 0f;
                    int b0 = pc * ldb + j;
                    for (int p = 0; p < len0; p++) {
                        int bo = b0 + p * ldb;
                        t0 = (FMA ? Math.fma(a[a0 + p], b[bo], t0) : a[a0 + p] * b[bo] + t0);
                        if (p < len1) {
                            t1 = (FMA ? Math.fma(a[a0 + KC + p], b[bo + KC * ldb], t1) : a[a0 + KC + p] * b[bo + KC * ldb] + t1);
                        }
                        if (p < len2) {
                            t2 = (FMA ? Math.fma(a[a0 + 2 * KC + p], b[bo + 2 * KC * ldb], t2) : a[a0 + 2 * KC + p] * b[bo + 2 * KC * ldb] + t2);
                        }
                        if (p < len3) {
                            t3 = (FMA ? Math.fma(a[a0 + 3 * KC + p], b[bo + 3 * KC * ldb], t3) : a[a0 + 3 * KC + p] * b[bo + 3 * KC * ldb] + t3);
                        }
                    }
                    float v = add ? c[ci + j] + t0 : t0;
                    if (len1 > 0) {
                        v += t1;
                    }
                    if (len2 > 0) {
                        v += t2;
                    }
                    if (len3 > 0) {
                        v += t3;
                    }
                    c[ci + j] = v;
                }
            }
        }
    }

    /**
     * A row of exactly seven column vectors (at {@code 0, L, ..., 5L, n - L}; the last may overlap
     * the sixth), one KC-slice at a time: seven chains, and each row of {@code b} read once, in
     * order; seven accumulators, a broadcast and a loaded vector fit 16 registers. The slices are
     * added to {@code c} in order, as in {@link BlockedProduct}.
     */
    private static void rowSeven(float[] a, int ai, float[] b, int ldb, int k, int n, float[] c, int ci,
                                 boolean accumulate) {
        int j6 = n - L;
        for (int pc = 0; pc < k; pc += KC) {
            int end = Math.min(k, pc + KC);
            FloatVector s0 = FloatVector.zero(S);
            FloatVector s1 = FloatVector.zero(S);
            FloatVector s2 = FloatVector.zero(S);
            FloatVector s3 = FloatVector.zero(S);
            FloatVector s4 = FloatVector.zero(S);
            FloatVector s5 = FloatVector.zero(S);
            FloatVector s6 = FloatVector.zero(S);
            int r = pc * ldb;
            // the row offset r moves by ldb: C2 compiled r = p * ldb into a slower loop
            for (int p = pc; p < end; p++, r += ldb) {
                FloatVector x = FloatVector.broadcast(S, a[ai + p]);
                s0 = (FMA ? x.fma(FloatVector.fromArray(S, b, r), s0) : x.mul(FloatVector.fromArray(S, b, r)).add(s0));
                s1 = (FMA ? x.fma(FloatVector.fromArray(S, b, r + L), s1) : x.mul(FloatVector.fromArray(S, b, r + L)).add(s1));
                s2 = (FMA ? x.fma(FloatVector.fromArray(S, b, r + 2 * L), s2) : x.mul(FloatVector.fromArray(S, b, r + 2 * L)).add(s2));
                s3 = (FMA ? x.fma(FloatVector.fromArray(S, b, r + 3 * L), s3) : x.mul(FloatVector.fromArray(S, b, r + 3 * L)).add(s3));
                s4 = (FMA ? x.fma(FloatVector.fromArray(S, b, r + 4 * L), s4) : x.mul(FloatVector.fromArray(S, b, r + 4 * L)).add(s4));
                s5 = (FMA ? x.fma(FloatVector.fromArray(S, b, r + 5 * L), s5) : x.mul(FloatVector.fromArray(S, b, r + 5 * L)).add(s5));
                s6 = (FMA ? x.fma(FloatVector.fromArray(S, b, r + j6), s6) : x.mul(FloatVector.fromArray(S, b, r + j6)).add(s6));
            }
            if (accumulate || pc > 0) {
                // every lane of c read before any is written: overlapping lanes get the same value
                s0 = FloatVector.fromArray(S, c, ci).add(s0);
                s1 = FloatVector.fromArray(S, c, ci + L).add(s1);
                s2 = FloatVector.fromArray(S, c, ci + 2 * L).add(s2);
                s3 = FloatVector.fromArray(S, c, ci + 3 * L).add(s3);
                s4 = FloatVector.fromArray(S, c, ci + 4 * L).add(s4);
                s5 = FloatVector.fromArray(S, c, ci + 5 * L).add(s5);
                s6 = FloatVector.fromArray(S, c, ci + j6).add(s6);
            }
            s0.intoArray(c, ci);
            s1.intoArray(c, ci + L);
            s2.intoArray(c, ci + 2 * L);
            s3.intoArray(c, ci + 3 * L);
            s4.intoArray(c, ci + 4 * L);
            s5.intoArray(c, ci + 5 * L);
            s6.intoArray(c, ci + j6);
        }
    }

    /**
     * A row of three column vectors and one or two columns more ({@code 3L < n <= 3L + 2}), one
     * KC-slice at a time: a fourth vector at {@code 3L} reads past the end of {@code b}'s row into
     * the next (only its first {@code n - 3L} lanes are used), so {@code b} is read as one stream,
     * in order. In the last rows of {@code b}, where that vector would read past the array, the
     * one or two columns continue as scalar chains from its lanes: the same multiply-adds in the
     * same order. The slices are added to {@code c} in order, as in {@link BlockedProduct}.
     */
    private static void rowThreePlus(float[] a, int ai, float[] b, int ldb, int k, int n, float[] c, int ci,
                                     boolean accumulate) {
        int j3 = 3 * L;
        int j4 = n - 1; // the second extra column; the first again when there is only one
        int whole = b.length < 4 * L ? 0 : Math.min(k, (b.length - 4 * L) / ldb + 1);
        for (int pc = 0; pc < k; pc += KC) {
            int end = Math.min(k, pc + KC);
            int wholeEnd = Math.max(pc, Math.min(end, whole));
            FloatVector s0 = FloatVector.zero(S);
            FloatVector s1 = FloatVector.zero(S);
            FloatVector s2 = FloatVector.zero(S);
            FloatVector s3 = FloatVector.zero(S);
            int r = pc * ldb;
            int p = pc;
            // r moves by ldb: with r = p * ldb C2 compiled a slower loop
            for (; p < wholeEnd; p++, r += ldb) {
                FloatVector x = FloatVector.broadcast(S, a[ai + p]);
                s0 = (FMA ? x.fma(FloatVector.fromArray(S, b, r), s0) : x.mul(FloatVector.fromArray(S, b, r)).add(s0));
                s1 = (FMA ? x.fma(FloatVector.fromArray(S, b, r + L), s1) : x.mul(FloatVector.fromArray(S, b, r + L)).add(s1));
                s2 = (FMA ? x.fma(FloatVector.fromArray(S, b, r + 2 * L), s2) : x.mul(FloatVector.fromArray(S, b, r + 2 * L)).add(s2));
                s3 = (FMA ? x.fma(FloatVector.fromArray(S, b, r + j3), s3) : x.mul(FloatVector.fromArray(S, b, r + j3)).add(s3));
            }
            float u0 = s3.lane(0);
            float u1 = j4 == j3 ? u0 : s3.lane(1);
            for (; p < end; p++, r += ldb) {
                float xs = a[ai + p];
                FloatVector x = FloatVector.broadcast(S, xs);
                s0 = (FMA ? x.fma(FloatVector.fromArray(S, b, r), s0) : x.mul(FloatVector.fromArray(S, b, r)).add(s0));
                s1 = (FMA ? x.fma(FloatVector.fromArray(S, b, r + L), s1) : x.mul(FloatVector.fromArray(S, b, r + L)).add(s1));
                s2 = (FMA ? x.fma(FloatVector.fromArray(S, b, r + 2 * L), s2) : x.mul(FloatVector.fromArray(S, b, r + 2 * L)).add(s2));
                u0 = (FMA ? Math.fma(xs, b[r + j3], u0) : xs * b[r + j3] + u0);
                u1 = (FMA ? Math.fma(xs, b[r + j4], u1) : xs * b[r + j4] + u1);
            }
            if (accumulate || pc > 0) {
                s0 = FloatVector.fromArray(S, c, ci).add(s0);
                s1 = FloatVector.fromArray(S, c, ci + L).add(s1);
                s2 = FloatVector.fromArray(S, c, ci + 2 * L).add(s2);
                u0 = c[ci + j3] + u0;
                u1 = c[ci + j4] + u1;
            }
            s0.intoArray(c, ci);
            s1.intoArray(c, ci + L);
            s2.intoArray(c, ci + 2 * L);
            c[ci + j3] = u0;
            c[ci + j4] = u1;
        }
    }

    /**
     * A row narrower than one vector ({@code n < L}) and one KC-slice deep: one vector chain whose
     * first {@code n} lanes are the row's columns, each load reading past the end of {@code b}'s
     * row into the next (those lanes are never used). The last rows of {@code b}, where a whole
     * vector would read past the array, continue each column's chain lane by lane: the same
     * multiply-adds in the same order as the scalar chains.
     */
    private static void rowNarrow(float[] a, int ai, float[] b, int ldb, int k, int n, float[] c, int ci,
                                  boolean accumulate) {
        int whole = b.length < L ? 0 : Math.min(k, (b.length - L) / ldb + 1);
        FloatVector s = FloatVector.zero(S);
        int r = 0;
        for (int p = 0; p < whole; p++, r += ldb) {
            FloatVector x = FloatVector.broadcast(S, a[ai + p]);
            s = (FMA ? x.fma(FloatVector.fromArray(S, b, r), s) : x.mul(FloatVector.fromArray(S, b, r)).add(s));
        }
        for (int j = 0; j < n; j++) {
            float t = s.lane(j);
            for (int p = whole; p < k; p++) {
                t = (FMA ? Math.fma(a[ai + p], b[p * ldb + j], t) : a[ai + p] * b[p * ldb + j] + t);
            }
            c[ci + j] = accumulate ? c[ci + j] + t : t;
        }
    }

    /** Start column of the {@code v}-th column vector of a row of width {@code n >= L}. */
    private static int col(int v, int n) {
        return Math.min(v * L, n - L);
    }

    /** Four column vectors at {@code j0..j3} of one row (the last may overlap the third), as {@link #rowSlices2}. */
    private static void rowSlices4(float[] a, int a0, float[] b, int ldb, int pc, int j0, int j1, int j2, int j3,
                                   int len0, int len1, int len2, int len3, float[] c, int ci, boolean add) {
        FloatVector s00 = FloatVector.zero(S);
        FloatVector s01 = FloatVector.zero(S);
        FloatVector s02 = FloatVector.zero(S);
        FloatVector s03 = FloatVector.zero(S);
        FloatVector s10 = FloatVector.zero(S);
        FloatVector s11 = FloatVector.zero(S);
        FloatVector s12 = FloatVector.zero(S);
        FloatVector s13 = FloatVector.zero(S);
        FloatVector s20 = FloatVector.zero(S);
        FloatVector s21 = FloatVector.zero(S);
        FloatVector s22 = FloatVector.zero(S);
        FloatVector s23 = FloatVector.zero(S);
        FloatVector s30 = FloatVector.zero(S);
        FloatVector s31 = FloatVector.zero(S);
        FloatVector s32 = FloatVector.zero(S);
        FloatVector s33 = FloatVector.zero(S);
        int slice = KC * ldb;
        for (int p = 0; p < len3; p++) {
            int r = (pc + p) * ldb;
            FloatVector x0 = FloatVector.broadcast(S, a[a0 + p]);
            s00 = (FMA ? x0.fma(FloatVector.fromArray(S, b, r + j0), s00) : x0.mul(FloatVector.fromArray(S, b, r + j0)).add(s00));
            s01 = (FMA ? x0.fma(FloatVector.fromArray(S, b, r + j1), s01) : x0.mul(FloatVector.fromArray(S, b, r + j1)).add(s01));
            s02 = (FMA ? x0.fma(FloatVector.fromArray(S, b, r + j2), s02) : x0.mul(FloatVector.fromArray(S, b, r + j2)).add(s02));
            s03 = (FMA ? x0.fma(FloatVector.fromArray(S, b, r + j3), s03) : x0.mul(FloatVector.fromArray(S, b, r + j3)).add(s03));
            FloatVector x1 = FloatVector.broadcast(S, a[a0 + KC + p]);
            s10 = (FMA ? x1.fma(FloatVector.fromArray(S, b, r + slice + j0), s10) : x1.mul(FloatVector.fromArray(S, b, r + slice + j0)).add(s10));
            s11 = (FMA ? x1.fma(FloatVector.fromArray(S, b, r + slice + j1), s11) : x1.mul(FloatVector.fromArray(S, b, r + slice + j1)).add(s11));
            s12 = (FMA ? x1.fma(FloatVector.fromArray(S, b, r + slice + j2), s12) : x1.mul(FloatVector.fromArray(S, b, r + slice + j2)).add(s12));
            s13 = (FMA ? x1.fma(FloatVector.fromArray(S, b, r + slice + j3), s13) : x1.mul(FloatVector.fromArray(S, b, r + slice + j3)).add(s13));
            FloatVector x2 = FloatVector.broadcast(S, a[a0 + 2 * KC + p]);
            s20 = (FMA ? x2.fma(FloatVector.fromArray(S, b, r + 2 * slice + j0), s20) : x2.mul(FloatVector.fromArray(S, b, r + 2 * slice + j0)).add(s20));
            s21 = (FMA ? x2.fma(FloatVector.fromArray(S, b, r + 2 * slice + j1), s21) : x2.mul(FloatVector.fromArray(S, b, r + 2 * slice + j1)).add(s21));
            s22 = (FMA ? x2.fma(FloatVector.fromArray(S, b, r + 2 * slice + j2), s22) : x2.mul(FloatVector.fromArray(S, b, r + 2 * slice + j2)).add(s22));
            s23 = (FMA ? x2.fma(FloatVector.fromArray(S, b, r + 2 * slice + j3), s23) : x2.mul(FloatVector.fromArray(S, b, r + 2 * slice + j3)).add(s23));
            FloatVector x3 = FloatVector.broadcast(S, a[a0 + 3 * KC + p]);
            s30 = (FMA ? x3.fma(FloatVector.fromArray(S, b, r + 3 * slice + j0), s30) : x3.mul(FloatVector.fromArray(S, b, r + 3 * slice + j0)).add(s30));
            s31 = (FMA ? x3.fma(FloatVector.fromArray(S, b, r + 3 * slice + j1), s31) : x3.mul(FloatVector.fromArray(S, b, r + 3 * slice + j1)).add(s31));
            s32 = (FMA ? x3.fma(FloatVector.fromArray(S, b, r + 3 * slice + j2), s32) : x3.mul(FloatVector.fromArray(S, b, r + 3 * slice + j2)).add(s32));
            s33 = (FMA ? x3.fma(FloatVector.fromArray(S, b, r + 3 * slice + j3), s33) : x3.mul(FloatVector.fromArray(S, b, r + 3 * slice + j3)).add(s33));
        }
        for (int p = len3; p < len2; p++) {
            int r = (pc + p) * ldb;
            FloatVector x0 = FloatVector.broadcast(S, a[a0 + p]);
            s00 = (FMA ? x0.fma(FloatVector.fromArray(S, b, r + j0), s00) : x0.mul(FloatVector.fromArray(S, b, r + j0)).add(s00));
            s01 = (FMA ? x0.fma(FloatVector.fromArray(S, b, r + j1), s01) : x0.mul(FloatVector.fromArray(S, b, r + j1)).add(s01));
            s02 = (FMA ? x0.fma(FloatVector.fromArray(S, b, r + j2), s02) : x0.mul(FloatVector.fromArray(S, b, r + j2)).add(s02));
            s03 = (FMA ? x0.fma(FloatVector.fromArray(S, b, r + j3), s03) : x0.mul(FloatVector.fromArray(S, b, r + j3)).add(s03));
            FloatVector x1 = FloatVector.broadcast(S, a[a0 + KC + p]);
            s10 = (FMA ? x1.fma(FloatVector.fromArray(S, b, r + slice + j0), s10) : x1.mul(FloatVector.fromArray(S, b, r + slice + j0)).add(s10));
            s11 = (FMA ? x1.fma(FloatVector.fromArray(S, b, r + slice + j1), s11) : x1.mul(FloatVector.fromArray(S, b, r + slice + j1)).add(s11));
            s12 = (FMA ? x1.fma(FloatVector.fromArray(S, b, r + slice + j2), s12) : x1.mul(FloatVector.fromArray(S, b, r + slice + j2)).add(s12));
            s13 = (FMA ? x1.fma(FloatVector.fromArray(S, b, r + slice + j3), s13) : x1.mul(FloatVector.fromArray(S, b, r + slice + j3)).add(s13));
            FloatVector x2 = FloatVector.broadcast(S, a[a0 + 2 * KC + p]);
            s20 = (FMA ? x2.fma(FloatVector.fromArray(S, b, r + 2 * slice + j0), s20) : x2.mul(FloatVector.fromArray(S, b, r + 2 * slice + j0)).add(s20));
            s21 = (FMA ? x2.fma(FloatVector.fromArray(S, b, r + 2 * slice + j1), s21) : x2.mul(FloatVector.fromArray(S, b, r + 2 * slice + j1)).add(s21));
            s22 = (FMA ? x2.fma(FloatVector.fromArray(S, b, r + 2 * slice + j2), s22) : x2.mul(FloatVector.fromArray(S, b, r + 2 * slice + j2)).add(s22));
            s23 = (FMA ? x2.fma(FloatVector.fromArray(S, b, r + 2 * slice + j3), s23) : x2.mul(FloatVector.fromArray(S, b, r + 2 * slice + j3)).add(s23));
        }
        for (int p = len2; p < len1; p++) {
            int r = (pc + p) * ldb;
            FloatVector x0 = FloatVector.broadcast(S, a[a0 + p]);
            s00 = (FMA ? x0.fma(FloatVector.fromArray(S, b, r + j0), s00) : x0.mul(FloatVector.fromArray(S, b, r + j0)).add(s00));
            s01 = (FMA ? x0.fma(FloatVector.fromArray(S, b, r + j1), s01) : x0.mul(FloatVector.fromArray(S, b, r + j1)).add(s01));
            s02 = (FMA ? x0.fma(FloatVector.fromArray(S, b, r + j2), s02) : x0.mul(FloatVector.fromArray(S, b, r + j2)).add(s02));
            s03 = (FMA ? x0.fma(FloatVector.fromArray(S, b, r + j3), s03) : x0.mul(FloatVector.fromArray(S, b, r + j3)).add(s03));
            FloatVector x1 = FloatVector.broadcast(S, a[a0 + KC + p]);
            s10 = (FMA ? x1.fma(FloatVector.fromArray(S, b, r + slice + j0), s10) : x1.mul(FloatVector.fromArray(S, b, r + slice + j0)).add(s10));
            s11 = (FMA ? x1.fma(FloatVector.fromArray(S, b, r + slice + j1), s11) : x1.mul(FloatVector.fromArray(S, b, r + slice + j1)).add(s11));
            s12 = (FMA ? x1.fma(FloatVector.fromArray(S, b, r + slice + j2), s12) : x1.mul(FloatVector.fromArray(S, b, r + slice + j2)).add(s12));
            s13 = (FMA ? x1.fma(FloatVector.fromArray(S, b, r + slice + j3), s13) : x1.mul(FloatVector.fromArray(S, b, r + slice + j3)).add(s13));
        }
        for (int p = len1; p < len0; p++) {
            int r = (pc + p) * ldb;
            FloatVector x0 = FloatVector.broadcast(S, a[a0 + p]);
            s00 = (FMA ? x0.fma(FloatVector.fromArray(S, b, r + j0), s00) : x0.mul(FloatVector.fromArray(S, b, r + j0)).add(s00));
            s01 = (FMA ? x0.fma(FloatVector.fromArray(S, b, r + j1), s01) : x0.mul(FloatVector.fromArray(S, b, r + j1)).add(s01));
            s02 = (FMA ? x0.fma(FloatVector.fromArray(S, b, r + j2), s02) : x0.mul(FloatVector.fromArray(S, b, r + j2)).add(s02));
            s03 = (FMA ? x0.fma(FloatVector.fromArray(S, b, r + j3), s03) : x0.mul(FloatVector.fromArray(S, b, r + j3)).add(s03));
        }
        if (add) {
            s00 = FloatVector.fromArray(S, c, ci + j0).add(s00);
            s01 = FloatVector.fromArray(S, c, ci + j1).add(s01);
            s02 = FloatVector.fromArray(S, c, ci + j2).add(s02);
            s03 = FloatVector.fromArray(S, c, ci + j3).add(s03);
        }
        if (len1 > 0) {
            s00 = s00.add(s10);
            s01 = s01.add(s11);
            s02 = s02.add(s12);
            s03 = s03.add(s13);
        }
        if (len2 > 0) {
            s00 = s00.add(s20);
            s01 = s01.add(s21);
            s02 = s02.add(s22);
            s03 = s03.add(s23);
        }
        if (len3 > 0) {
            s00 = s00.add(s30);
            s01 = s01.add(s31);
            s02 = s02.add(s32);
            s03 = s03.add(s33);
        }
        s00.intoArray(c, ci + j0);
        s01.intoArray(c, ci + j1);
        s02.intoArray(c, ci + j2);
        s03.intoArray(c, ci + j3);
    }

    /**
     * Two column vectors at {@code j} and {@code jb} of one row (they may overlap: both read
     * {@code c} before either writes, and overlapping lanes compute the same value), up to four
     * KC-slices interleaved (eight chains;
     * slice lengths never grow, {@code len0 >= len1 >= len2 >= len3}, so four branch-free loops
     * cover them: vector values merged at branches would be boxed by C2).
     */
    private static void rowSlices2(float[] a, int a0, float[] b, int ldb, int pc, int j, int jb, int len0, int len1, int len2,
                                   int len3, float[] c, int co, int cob, boolean add) {
        FloatVector s00 = FloatVector.zero(S);
        FloatVector s01 = FloatVector.zero(S);
        FloatVector s10 = FloatVector.zero(S);
        FloatVector s11 = FloatVector.zero(S);
        FloatVector s20 = FloatVector.zero(S);
        FloatVector s21 = FloatVector.zero(S);
        FloatVector s30 = FloatVector.zero(S);
        FloatVector s31 = FloatVector.zero(S);
        int slice = KC * ldb;
        for (int p = 0; p < len3; p++) {
            int bo = (pc + p) * ldb + j;
            int bb = (pc + p) * ldb + jb;
            FloatVector x0 = FloatVector.broadcast(S, a[a0 + p]);
            s00 = (FMA ? x0.fma(FloatVector.fromArray(S, b, bo), s00) : x0.mul(FloatVector.fromArray(S, b, bo)).add(s00));
            s01 = (FMA ? x0.fma(FloatVector.fromArray(S, b, bb), s01) : x0.mul(FloatVector.fromArray(S, b, bb)).add(s01));
            FloatVector x1 = FloatVector.broadcast(S, a[a0 + KC + p]);
            s10 = (FMA ? x1.fma(FloatVector.fromArray(S, b, bo + slice), s10) : x1.mul(FloatVector.fromArray(S, b, bo + slice)).add(s10));
            s11 = (FMA ? x1.fma(FloatVector.fromArray(S, b, bb + slice), s11) : x1.mul(FloatVector.fromArray(S, b, bb + slice)).add(s11));
            FloatVector x2 = FloatVector.broadcast(S, a[a0 + 2 * KC + p]);
            s20 = (FMA ? x2.fma(FloatVector.fromArray(S, b, bo + 2 * slice), s20) : x2.mul(FloatVector.fromArray(S, b, bo + 2 * slice)).add(s20));
            s21 = (FMA ? x2.fma(FloatVector.fromArray(S, b, bb + 2 * slice), s21) : x2.mul(FloatVector.fromArray(S, b, bb + 2 * slice)).add(s21));
            FloatVector x3 = FloatVector.broadcast(S, a[a0 + 3 * KC + p]);
            s30 = (FMA ? x3.fma(FloatVector.fromArray(S, b, bo + 3 * slice), s30) : x3.mul(FloatVector.fromArray(S, b, bo + 3 * slice)).add(s30));
            s31 = (FMA ? x3.fma(FloatVector.fromArray(S, b, bb + 3 * slice), s31) : x3.mul(FloatVector.fromArray(S, b, bb + 3 * slice)).add(s31));
        }
        for (int p = len3; p < len2; p++) {
            int bo = (pc + p) * ldb + j;
            int bb = (pc + p) * ldb + jb;
            FloatVector x0 = FloatVector.broadcast(S, a[a0 + p]);
            s00 = (FMA ? x0.fma(FloatVector.fromArray(S, b, bo), s00) : x0.mul(FloatVector.fromArray(S, b, bo)).add(s00));
            s01 = (FMA ? x0.fma(FloatVector.fromArray(S, b, bb), s01) : x0.mul(FloatVector.fromArray(S, b, bb)).add(s01));
            FloatVector x1 = FloatVector.broadcast(S, a[a0 + KC + p]);
            s10 = (FMA ? x1.fma(FloatVector.fromArray(S, b, bo + slice), s10) : x1.mul(FloatVector.fromArray(S, b, bo + slice)).add(s10));
            s11 = (FMA ? x1.fma(FloatVector.fromArray(S, b, bb + slice), s11) : x1.mul(FloatVector.fromArray(S, b, bb + slice)).add(s11));
            FloatVector x2 = FloatVector.broadcast(S, a[a0 + 2 * KC + p]);
            s20 = (FMA ? x2.fma(FloatVector.fromArray(S, b, bo + 2 * slice), s20) : x2.mul(FloatVector.fromArray(S, b, bo + 2 * slice)).add(s20));
            s21 = (FMA ? x2.fma(FloatVector.fromArray(S, b, bb + 2 * slice), s21) : x2.mul(FloatVector.fromArray(S, b, bb + 2 * slice)).add(s21));
        }
        for (int p = len2; p < len1; p++) {
            int bo = (pc + p) * ldb + j;
            int bb = (pc + p) * ldb + jb;
            FloatVector x0 = FloatVector.broadcast(S, a[a0 + p]);
            s00 = (FMA ? x0.fma(FloatVector.fromArray(S, b, bo), s00) : x0.mul(FloatVector.fromArray(S, b, bo)).add(s00));
            s01 = (FMA ? x0.fma(FloatVector.fromArray(S, b, bb), s01) : x0.mul(FloatVector.fromArray(S, b, bb)).add(s01));
            FloatVector x1 = FloatVector.broadcast(S, a[a0 + KC + p]);
            s10 = (FMA ? x1.fma(FloatVector.fromArray(S, b, bo + slice), s10) : x1.mul(FloatVector.fromArray(S, b, bo + slice)).add(s10));
            s11 = (FMA ? x1.fma(FloatVector.fromArray(S, b, bb + slice), s11) : x1.mul(FloatVector.fromArray(S, b, bb + slice)).add(s11));
        }
        for (int p = len1; p < len0; p++) {
            int bo = (pc + p) * ldb + j;
            int bb = (pc + p) * ldb + jb;
            FloatVector x0 = FloatVector.broadcast(S, a[a0 + p]);
            s00 = (FMA ? x0.fma(FloatVector.fromArray(S, b, bo), s00) : x0.mul(FloatVector.fromArray(S, b, bo)).add(s00));
            s01 = (FMA ? x0.fma(FloatVector.fromArray(S, b, bb), s01) : x0.mul(FloatVector.fromArray(S, b, bb)).add(s01));
        }
        if (add) {
            s00 = FloatVector.fromArray(S, c, co).add(s00);
            s01 = FloatVector.fromArray(S, c, cob).add(s01);
        }
        if (len1 > 0) {
            s00 = s00.add(s10);
            s01 = s01.add(s11);
        }
        if (len2 > 0) {
            s00 = s00.add(s20);
            s01 = s01.add(s21);
        }
        if (len3 > 0) {
            s00 = s00.add(s30);
            s01 = s01.add(s31);
        }
        s00.intoArray(c, co);
        s01.intoArray(c, cob);
    }

    /** One column vector at {@code j} of one row, up to four KC-slices interleaved. */
    private static void rowSlices1(float[] a, int a0, float[] b, int ldb, int pc, int j, int len0, int len1, int len2,
                                   int len3, float[] c, int co, boolean add) {
        FloatVector s0 = FloatVector.zero(S);
        FloatVector s1 = FloatVector.zero(S);
        FloatVector s2 = FloatVector.zero(S);
        FloatVector s3 = FloatVector.zero(S);
        int slice = KC * ldb;
        for (int p = 0; p < len3; p++) {
            int bo = (pc + p) * ldb + j;
            s0 = (FMA ? FloatVector.broadcast(S, a[a0 + p]).fma(FloatVector.fromArray(S, b, bo), s0) : FloatVector.broadcast(S, a[a0 + p]).mul(FloatVector.fromArray(S, b, bo)).add(s0));
            s1 = (FMA ? FloatVector.broadcast(S, a[a0 + KC + p]).fma(FloatVector.fromArray(S, b, bo + slice), s1) : FloatVector.broadcast(S, a[a0 + KC + p]).mul(FloatVector.fromArray(S, b, bo + slice)).add(s1));
            s2 = (FMA ? FloatVector.broadcast(S, a[a0 + 2 * KC + p]).fma(FloatVector.fromArray(S, b, bo + 2 * slice), s2) : FloatVector.broadcast(S, a[a0 + 2 * KC + p]).mul(FloatVector.fromArray(S, b, bo + 2 * slice)).add(s2));
            s3 = (FMA ? FloatVector.broadcast(S, a[a0 + 3 * KC + p]).fma(FloatVector.fromArray(S, b, bo + 3 * slice), s3) : FloatVector.broadcast(S, a[a0 + 3 * KC + p]).mul(FloatVector.fromArray(S, b, bo + 3 * slice)).add(s3));
        }
        for (int p = len3; p < len2; p++) {
            int bo = (pc + p) * ldb + j;
            s0 = (FMA ? FloatVector.broadcast(S, a[a0 + p]).fma(FloatVector.fromArray(S, b, bo), s0) : FloatVector.broadcast(S, a[a0 + p]).mul(FloatVector.fromArray(S, b, bo)).add(s0));
            s1 = (FMA ? FloatVector.broadcast(S, a[a0 + KC + p]).fma(FloatVector.fromArray(S, b, bo + slice), s1) : FloatVector.broadcast(S, a[a0 + KC + p]).mul(FloatVector.fromArray(S, b, bo + slice)).add(s1));
            s2 = (FMA ? FloatVector.broadcast(S, a[a0 + 2 * KC + p]).fma(FloatVector.fromArray(S, b, bo + 2 * slice), s2) : FloatVector.broadcast(S, a[a0 + 2 * KC + p]).mul(FloatVector.fromArray(S, b, bo + 2 * slice)).add(s2));
        }
        for (int p = len2; p < len1; p++) {
            int bo = (pc + p) * ldb + j;
            s0 = (FMA ? FloatVector.broadcast(S, a[a0 + p]).fma(FloatVector.fromArray(S, b, bo), s0) : FloatVector.broadcast(S, a[a0 + p]).mul(FloatVector.fromArray(S, b, bo)).add(s0));
            s1 = (FMA ? FloatVector.broadcast(S, a[a0 + KC + p]).fma(FloatVector.fromArray(S, b, bo + slice), s1) : FloatVector.broadcast(S, a[a0 + KC + p]).mul(FloatVector.fromArray(S, b, bo + slice)).add(s1));
        }
        for (int p = len1; p < len0; p++) {
            int bo = (pc + p) * ldb + j;
            s0 = (FMA ? FloatVector.broadcast(S, a[a0 + p]).fma(FloatVector.fromArray(S, b, bo), s0) : FloatVector.broadcast(S, a[a0 + p]).mul(FloatVector.fromArray(S, b, bo)).add(s0));
        }
        if (add) {
            s0 = FloatVector.fromArray(S, c, co).add(s0);
        }
        if (len1 > 0) {
            s0 = s0.add(s1);
        }
        if (len2 > 0) {
            s0 = s0.add(s2);
        }
        if (len3 > 0) {
            s0 = s0.add(s3);
        }
        s0.intoArray(c, co);
    }

    /**
     * Four column vectors at {@code j0..j3} of one row, two KC-slices interleaved: 8 accumulators,
     * for machines with 16 vector registers, where {@link #rowSlices4}'s 16 would live on the stack.
     */
    private static void rowPairs4(float[] a, int a0, float[] b, int ldb, int pc, int j0, int j1, int j2, int j3,
                                  int len0, int len1, float[] c, int ci, boolean add) {
        FloatVector s00 = FloatVector.zero(S);
        FloatVector s01 = FloatVector.zero(S);
        FloatVector s02 = FloatVector.zero(S);
        FloatVector s03 = FloatVector.zero(S);
        FloatVector s10 = FloatVector.zero(S);
        FloatVector s11 = FloatVector.zero(S);
        FloatVector s12 = FloatVector.zero(S);
        FloatVector s13 = FloatVector.zero(S);
        int slice = KC * ldb;
        for (int p = 0; p < len1; p++) {
            int r = (pc + p) * ldb;
            FloatVector x0 = FloatVector.broadcast(S, a[a0 + p]);
            s00 = (FMA ? x0.fma(FloatVector.fromArray(S, b, r + j0), s00) : x0.mul(FloatVector.fromArray(S, b, r + j0)).add(s00));
            s01 = (FMA ? x0.fma(FloatVector.fromArray(S, b, r + j1), s01) : x0.mul(FloatVector.fromArray(S, b, r + j1)).add(s01));
            s02 = (FMA ? x0.fma(FloatVector.fromArray(S, b, r + j2), s02) : x0.mul(FloatVector.fromArray(S, b, r + j2)).add(s02));
            s03 = (FMA ? x0.fma(FloatVector.fromArray(S, b, r + j3), s03) : x0.mul(FloatVector.fromArray(S, b, r + j3)).add(s03));
            FloatVector x1 = FloatVector.broadcast(S, a[a0 + KC + p]);
            s10 = (FMA ? x1.fma(FloatVector.fromArray(S, b, r + slice + j0), s10) : x1.mul(FloatVector.fromArray(S, b, r + slice + j0)).add(s10));
            s11 = (FMA ? x1.fma(FloatVector.fromArray(S, b, r + slice + j1), s11) : x1.mul(FloatVector.fromArray(S, b, r + slice + j1)).add(s11));
            s12 = (FMA ? x1.fma(FloatVector.fromArray(S, b, r + slice + j2), s12) : x1.mul(FloatVector.fromArray(S, b, r + slice + j2)).add(s12));
            s13 = (FMA ? x1.fma(FloatVector.fromArray(S, b, r + slice + j3), s13) : x1.mul(FloatVector.fromArray(S, b, r + slice + j3)).add(s13));
        }
        for (int p = len1; p < len0; p++) {
            int r = (pc + p) * ldb;
            FloatVector x0 = FloatVector.broadcast(S, a[a0 + p]);
            s00 = (FMA ? x0.fma(FloatVector.fromArray(S, b, r + j0), s00) : x0.mul(FloatVector.fromArray(S, b, r + j0)).add(s00));
            s01 = (FMA ? x0.fma(FloatVector.fromArray(S, b, r + j1), s01) : x0.mul(FloatVector.fromArray(S, b, r + j1)).add(s01));
            s02 = (FMA ? x0.fma(FloatVector.fromArray(S, b, r + j2), s02) : x0.mul(FloatVector.fromArray(S, b, r + j2)).add(s02));
            s03 = (FMA ? x0.fma(FloatVector.fromArray(S, b, r + j3), s03) : x0.mul(FloatVector.fromArray(S, b, r + j3)).add(s03));
        }
        if (add) {
            s00 = FloatVector.fromArray(S, c, ci + j0).add(s00);
            s01 = FloatVector.fromArray(S, c, ci + j1).add(s01);
            s02 = FloatVector.fromArray(S, c, ci + j2).add(s02);
            s03 = FloatVector.fromArray(S, c, ci + j3).add(s03);
        }
        if (len1 > 0) {
            s00 = s00.add(s10);
            s01 = s01.add(s11);
            s02 = s02.add(s12);
            s03 = s03.add(s13);
        }
        s00.intoArray(c, ci + j0);
        s01.intoArray(c, ci + j1);
        s02.intoArray(c, ci + j2);
        s03.intoArray(c, ci + j3);
    }

    /**
     * Three column vectors at {@code j0..j2} of one row (the last may overlap the second), up to
     * four KC-slices interleaved (12 accumulators), as {@link #rowSlices4}: the last three vectors
     * of a row in one pass over {@code b}'s rows, not two.
     */
    private static void rowSlices3(float[] a, int a0, float[] b, int ldb, int pc, int j0, int j1, int j2,
                                   int len0, int len1, int len2, int len3, float[] c, int ci, boolean add) {
        FloatVector s00 = FloatVector.zero(S);
        FloatVector s01 = FloatVector.zero(S);
        FloatVector s02 = FloatVector.zero(S);
        FloatVector s10 = FloatVector.zero(S);
        FloatVector s11 = FloatVector.zero(S);
        FloatVector s12 = FloatVector.zero(S);
        FloatVector s20 = FloatVector.zero(S);
        FloatVector s21 = FloatVector.zero(S);
        FloatVector s22 = FloatVector.zero(S);
        FloatVector s30 = FloatVector.zero(S);
        FloatVector s31 = FloatVector.zero(S);
        FloatVector s32 = FloatVector.zero(S);
        int slice = KC * ldb;
        for (int p = 0; p < len3; p++) {
            int r = (pc + p) * ldb;
            FloatVector x0 = FloatVector.broadcast(S, a[a0 + p]);
            s00 = (FMA ? x0.fma(FloatVector.fromArray(S, b, r + j0), s00) : x0.mul(FloatVector.fromArray(S, b, r + j0)).add(s00));
            s01 = (FMA ? x0.fma(FloatVector.fromArray(S, b, r + j1), s01) : x0.mul(FloatVector.fromArray(S, b, r + j1)).add(s01));
            s02 = (FMA ? x0.fma(FloatVector.fromArray(S, b, r + j2), s02) : x0.mul(FloatVector.fromArray(S, b, r + j2)).add(s02));
            FloatVector x1 = FloatVector.broadcast(S, a[a0 + KC + p]);
            s10 = (FMA ? x1.fma(FloatVector.fromArray(S, b, r + slice + j0), s10) : x1.mul(FloatVector.fromArray(S, b, r + slice + j0)).add(s10));
            s11 = (FMA ? x1.fma(FloatVector.fromArray(S, b, r + slice + j1), s11) : x1.mul(FloatVector.fromArray(S, b, r + slice + j1)).add(s11));
            s12 = (FMA ? x1.fma(FloatVector.fromArray(S, b, r + slice + j2), s12) : x1.mul(FloatVector.fromArray(S, b, r + slice + j2)).add(s12));
            FloatVector x2 = FloatVector.broadcast(S, a[a0 + 2 * KC + p]);
            s20 = (FMA ? x2.fma(FloatVector.fromArray(S, b, r + 2 * slice + j0), s20) : x2.mul(FloatVector.fromArray(S, b, r + 2 * slice + j0)).add(s20));
            s21 = (FMA ? x2.fma(FloatVector.fromArray(S, b, r + 2 * slice + j1), s21) : x2.mul(FloatVector.fromArray(S, b, r + 2 * slice + j1)).add(s21));
            s22 = (FMA ? x2.fma(FloatVector.fromArray(S, b, r + 2 * slice + j2), s22) : x2.mul(FloatVector.fromArray(S, b, r + 2 * slice + j2)).add(s22));
            FloatVector x3 = FloatVector.broadcast(S, a[a0 + 3 * KC + p]);
            s30 = (FMA ? x3.fma(FloatVector.fromArray(S, b, r + 3 * slice + j0), s30) : x3.mul(FloatVector.fromArray(S, b, r + 3 * slice + j0)).add(s30));
            s31 = (FMA ? x3.fma(FloatVector.fromArray(S, b, r + 3 * slice + j1), s31) : x3.mul(FloatVector.fromArray(S, b, r + 3 * slice + j1)).add(s31));
            s32 = (FMA ? x3.fma(FloatVector.fromArray(S, b, r + 3 * slice + j2), s32) : x3.mul(FloatVector.fromArray(S, b, r + 3 * slice + j2)).add(s32));
        }
        for (int p = len3; p < len2; p++) {
            int r = (pc + p) * ldb;
            FloatVector x0 = FloatVector.broadcast(S, a[a0 + p]);
            s00 = (FMA ? x0.fma(FloatVector.fromArray(S, b, r + j0), s00) : x0.mul(FloatVector.fromArray(S, b, r + j0)).add(s00));
            s01 = (FMA ? x0.fma(FloatVector.fromArray(S, b, r + j1), s01) : x0.mul(FloatVector.fromArray(S, b, r + j1)).add(s01));
            s02 = (FMA ? x0.fma(FloatVector.fromArray(S, b, r + j2), s02) : x0.mul(FloatVector.fromArray(S, b, r + j2)).add(s02));
            FloatVector x1 = FloatVector.broadcast(S, a[a0 + KC + p]);
            s10 = (FMA ? x1.fma(FloatVector.fromArray(S, b, r + slice + j0), s10) : x1.mul(FloatVector.fromArray(S, b, r + slice + j0)).add(s10));
            s11 = (FMA ? x1.fma(FloatVector.fromArray(S, b, r + slice + j1), s11) : x1.mul(FloatVector.fromArray(S, b, r + slice + j1)).add(s11));
            s12 = (FMA ? x1.fma(FloatVector.fromArray(S, b, r + slice + j2), s12) : x1.mul(FloatVector.fromArray(S, b, r + slice + j2)).add(s12));
            FloatVector x2 = FloatVector.broadcast(S, a[a0 + 2 * KC + p]);
            s20 = (FMA ? x2.fma(FloatVector.fromArray(S, b, r + 2 * slice + j0), s20) : x2.mul(FloatVector.fromArray(S, b, r + 2 * slice + j0)).add(s20));
            s21 = (FMA ? x2.fma(FloatVector.fromArray(S, b, r + 2 * slice + j1), s21) : x2.mul(FloatVector.fromArray(S, b, r + 2 * slice + j1)).add(s21));
            s22 = (FMA ? x2.fma(FloatVector.fromArray(S, b, r + 2 * slice + j2), s22) : x2.mul(FloatVector.fromArray(S, b, r + 2 * slice + j2)).add(s22));
        }
        for (int p = len2; p < len1; p++) {
            int r = (pc + p) * ldb;
            FloatVector x0 = FloatVector.broadcast(S, a[a0 + p]);
            s00 = (FMA ? x0.fma(FloatVector.fromArray(S, b, r + j0), s00) : x0.mul(FloatVector.fromArray(S, b, r + j0)).add(s00));
            s01 = (FMA ? x0.fma(FloatVector.fromArray(S, b, r + j1), s01) : x0.mul(FloatVector.fromArray(S, b, r + j1)).add(s01));
            s02 = (FMA ? x0.fma(FloatVector.fromArray(S, b, r + j2), s02) : x0.mul(FloatVector.fromArray(S, b, r + j2)).add(s02));
            FloatVector x1 = FloatVector.broadcast(S, a[a0 + KC + p]);
            s10 = (FMA ? x1.fma(FloatVector.fromArray(S, b, r + slice + j0), s10) : x1.mul(FloatVector.fromArray(S, b, r + slice + j0)).add(s10));
            s11 = (FMA ? x1.fma(FloatVector.fromArray(S, b, r + slice + j1), s11) : x1.mul(FloatVector.fromArray(S, b, r + slice + j1)).add(s11));
            s12 = (FMA ? x1.fma(FloatVector.fromArray(S, b, r + slice + j2), s12) : x1.mul(FloatVector.fromArray(S, b, r + slice + j2)).add(s12));
        }
        for (int p = len1; p < len0; p++) {
            int r = (pc + p) * ldb;
            FloatVector x0 = FloatVector.broadcast(S, a[a0 + p]);
            s00 = (FMA ? x0.fma(FloatVector.fromArray(S, b, r + j0), s00) : x0.mul(FloatVector.fromArray(S, b, r + j0)).add(s00));
            s01 = (FMA ? x0.fma(FloatVector.fromArray(S, b, r + j1), s01) : x0.mul(FloatVector.fromArray(S, b, r + j1)).add(s01));
            s02 = (FMA ? x0.fma(FloatVector.fromArray(S, b, r + j2), s02) : x0.mul(FloatVector.fromArray(S, b, r + j2)).add(s02));
        }
        if (add) {
            s00 = FloatVector.fromArray(S, c, ci + j0).add(s00);
            s01 = FloatVector.fromArray(S, c, ci + j1).add(s01);
            s02 = FloatVector.fromArray(S, c, ci + j2).add(s02);
        }
        if (len1 > 0) {
            s00 = s00.add(s10);
            s01 = s01.add(s11);
            s02 = s02.add(s12);
        }
        if (len2 > 0) {
            s00 = s00.add(s20);
            s01 = s01.add(s21);
            s02 = s02.add(s22);
        }
        if (len3 > 0) {
            s00 = s00.add(s30);
            s01 = s01.add(s31);
            s02 = s02.add(s32);
        }
        s00.intoArray(c, ci + j0);
        s01.intoArray(c, ci + j1);
        s02.intoArray(c, ci + j2);
    }
}
