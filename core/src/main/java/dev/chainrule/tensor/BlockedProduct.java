package dev.chainrule.tensor;

import jdk.incubator.vector.FloatVector;

import static dev.chainrule.tensor.KernelChoice.L;
import static dev.chainrule.tensor.KernelChoice.MR;
import static dev.chainrule.tensor.KernelChoice.NR;
import static dev.chainrule.tensor.KernelChoice.NV;
import static dev.chainrule.tensor.KernelChoice.S;

/**
 * The blocked float32 product, Goto/BLIS style, on one thread: for each {@code KC}-deep slice of
 * the inner dimension, a block of {@code op(b)} is packed into {@code NR}-wide column panels and a
 * block of {@code op(a)} into {@code MR}-tall row panels (the packing absorbs every transpose
 * combination), then the {@link MicroKernels} accumulate each {@code MR x NR} tile. Fringe tiles
 * run the same micro-kernel on zero-padded panels into a scratch tile and copy its valid part; a
 * fringe at most two vectors wide runs the two-vector tile (at most three: the three-vector one,
 * where {@link ColumnFringe#THREE}). With a transposed {@code a}, the few columns past a last
 * panel's whole vectors go down the rows instead ({@link ColumnFringe}): the last 2 of a 50-wide
 * weight gradient at AVX2; for a forward's {@code a} there, each block of rows is first copied
 * transposed ({@link ColumnFringe#transpose}), and the tiles read that copy.
 *
 * <p>Summation order, hence every output bit, depends only on the shapes: element {@code (i, j)}
 * is {@code c + t_0 + t_1 + ...} where {@code t_q} is the multiply-add chain over the
 * {@code q}-th slice, started from zero ({@code KC} = 128, or {@code KC_T} = 256 when {@code a}
 * is transposed). {@link VectorKernels} splits a product over threads along whole tiles of this
 * method's output, so the bits do not depend on the thread count.
 */
final class BlockedProduct {
    /** Depth of an inner-dimension slice for {@code a} not transposed (forward, input gradient). */
    static final int KC = Integer.getInteger("chainrule.gemm.kc", 128);
    /** Depth of a slice for a transposed {@code a} (weight gradient {@code x^T g}): measured best deeper. */
    static final int KC_T = Integer.getInteger("chainrule.gemm.kcT", 256);
    static final int KC_MAX = Math.max(KC, KC_T);
    /** Rows of a packed {@code a} block. */
    static final int MC = Integer.getInteger("chainrule.gemm.mcTiles", 16) * MR;
    /** Columns of a packed {@code b} block: 1024 (a 1024 x 256 float block is 1 MiB, an L2). */
    static final int NC = Integer.getInteger("chainrule.gemm.ncTiles", Math.max(1, 1024 / NR)) * NR;
    /**
     * Up to this many NR-wide column panels in a block, {@code op(a)} is read in place instead of
     * packed (packing costs as much as the product when each packed panel serves only a few
     * column panels, as in MLP-S's 50- and 10-wide layers). {@code -Dchainrule.gemm.directAPanels=N}.
     */
    static final int DIRECT_A_PANELS = Integer.getInteger("chainrule.gemm.directAPanels", Math.max(1, 128 / NR));

    /**
     * Whether a transposed {@code b}'s whole panels are packed through registers, 8 x 8 blocks at a
     * time ({@link ColumnFringe#transpose}): at AVX2 (16-wide panels of 256-bit vectors) only,
     * {@code -Dchainrule.gemm.transposeB=false} turns it off.
     */
    static final boolean TRANSPOSE_B = NV == 2 && S.vectorBitSize() == 256
            && Boolean.parseBoolean(System.getProperty("chainrule.gemm.transposeB", "true"));

    /**
     * Floats of each thread's split-part scratch ({@link #PART}): a split part of at most this
     * many elements of {@code c} is computed there and copied into {@code c} at the end (see
     * {@link #part}).
     * {@code -Dchainrule.gemm.partScratch=0} turns it off.
     */
    static final int PART_SCRATCH = Math.max(0, Integer.getInteger("chainrule.gemm.partScratch", 1 << 16));

    private BlockedProduct() {
    }

    /** A per-thread packing workspace (no allocation in the steady state). */
    static final class Workspace {
        final float[] ap = new float[MC * KC_MAX];
        final float[] bp = new float[NC * KC_MAX];
        final float[] tile = new float[MR * NR];
        /** {@link ColumnFringe}'s step-major block of {@code op(a)} and its results. */
        final float[] at = new float[Math.max(ColumnFringe.ROWS * KC_MAX,
                (MC + ColumnFringe.ROWS - 1) / ColumnFringe.ROWS * ColumnFringe.ROWS * KC)];
        final float[] columns = new float[2 * ColumnFringe.ROWS];
    }

    private static final ThreadLocal<Workspace> WORKSPACE = ThreadLocal.withInitial(Workspace::new);

    /**
     * This thread's scratch for a split part's columns of {@code c} (see {@link #part}); apart from
     * the {@link Workspace}, whose arrays' placement the one-thread products are sensitive to.
     */
    private static final ThreadLocal<float[]> PART = ThreadLocal.withInitial(() -> new float[PART_SCRATCH]);

    /** This thread's workspace. */
    static Workspace workspace() {
        return WORKSPACE.get();
    }

    /** This thread's workspace and split-part scratch, made now (a pool's helper at its start). */
    static void prepareThread() {
        WORKSPACE.get();
        PART.get();
    }

    /** Part {@code part} of {@code parts} of a product split along whole tiles (called by the pool). */
    static void part(float[] a, boolean ta, int lda, float[] b, boolean tb, int ldb, float[] c,
                     int m, int n, int k, boolean accumulate, float alpha, boolean splitN, int tiles, int part,
                     int parts) {
        int t0 = (int) ((long) tiles * part / parts);
        int t1 = (int) ((long) tiles * (part + 1) / parts);
        if (t0 >= t1) {
            return;
        }
        Workspace ws = WORKSPACE.get();
        int j0 = t0 * NR;
        int w = Math.min(n, t1 * NR) - j0;
        if (splitN && parts > 1 && w % NR == 0 && (long) m * w <= PART_SCRATCH && k > (ta ? KC_T : KC)) {
            // Written into c after every slice of the inner dimension, the parts' columns made the
            // cores pass cache lines of c back and forth (where the parts meet, and further: the
            // prefetchers); each part is computed in its own scratch instead, with the same
            // operations in the same order, and copied into c once: the same bits.
            float[] p = PART.get();
            if (accumulate) {
                for (int r = 0; r < m; r++) {
                    System.arraycopy(c, r * n + j0, p, r * w, w);
                }
            }
            blocked(a, ta, lda, b, tb, ldb, p, w, -j0, 0, m, j0, j0 + w, k, accumulate, alpha, ws);
            for (int r = 0; r < m; r++) {
                System.arraycopy(p, r * w, c, r * n + j0, w);
            }
        } else if (splitN) {
            blocked(a, ta, lda, b, tb, ldb, c, n, 0, m, j0, j0 + w, k, accumulate, alpha, ws);
        } else {
            blocked(a, ta, lda, b, tb, ldb, c, n, t0 * MR, Math.min(m, t1 * MR), 0, n, k, accumulate, alpha, ws);
        }
    }

    /** {@code c[i0:i1, j0:j1] (+)= alpha op(a)[i0:i1, :] * op(b)[:, j0:j1]}, with {@code i0 % MR == 0 && j0 % NR == 0}. */
    static void blocked(float[] a, boolean ta, int lda, float[] b, boolean tb, int ldb, float[] c, int ldc,
                        int i0, int i1, int j0, int j1, int k, boolean accumulate, float alpha,
                        Workspace ws) {
        blocked(a, ta, lda, b, tb, ldb, c, ldc, 0, i0, i1, j0, j1, k, accumulate, alpha, ws);
    }

    /** As above, column {@code j} of {@code op(b)} going to column {@code j + cCol} of {@code c}. */
    private static void blocked(float[] a, boolean ta, int lda, float[] b, boolean tb, int ldb, float[] c, int ldc,
                                int cCol, int i0, int i1, int j0, int j1, int k, boolean accumulate, float alpha,
                                Workspace ws) {
        for (int jc = j0; jc < j1; jc += NC) {
            int nc = Math.min(NC, j1 - jc);
            int panelsN = (nc + NR - 1) / NR;
            int lastCols = nc - (panelsN - 1) * NR;
            // the last panel's columns past its whole vectors, down the rows (see ColumnFringe)
            boolean directA = panelsN <= DIRECT_A_PANELS;
            // a forward's a with a column fringe, copied transposed per block: the fringe columns
            // then go down the rows too, and the tiles read the copy
            int fringe = lastCols < NR ? ColumnFringe.columns(lastCols, true) : 0;
            boolean transposeA = ColumnFringe.TRANSPOSE && directA && !ta && fringe > 0;
            int f = ta || transposeA ? fringe : 0;
            // where those f columns start: in the packed last panel, and in c
            int fringeOff = lastCols - f;
            int fringeCol = jc + (panelsN - 1) * NR + fringeOff + cCol;
            // a forward's (x W) f columns are read from b in place by ColumnFringe (a step's two
            // columns are next to each other there too), so they are not packed: packing that
            // last panel row by row, zero-padded, cost more than the fringe's own multiply-adds
            boolean fringeInPlace = transposeA && f > 0 && !tb;
            int kcMax = ta ? KC_T : KC;
            for (int pc = 0; pc < k; pc += kcMax) {
                int kc = Math.min(kcMax, k - pc);
                boolean add = accumulate || pc > 0;
                packB(b, tb, ldb, pc, kc, jc, fringeInPlace ? nc - f : nc, ws.bp);
                float[] fb = fringeInPlace ? b : ws.bp;
                int fringeB = fringeInPlace ? pc * ldb + fringeCol - cCol : (panelsN - 1) * NR * kc + fringeOff;
                int fringeStep = fringeInPlace ? ldb : NR;
                if (f > 0 && ta) {
                    ColumnFringe.run(a, lda, pc, kc, fb, fringeB, fringeStep, f, c, ldc, i0, i1, fringeCol, add, alpha,
                            ws);
                }
                for (int ic = i0; ic < i1; ic += MC) {
                    int mc = Math.min(MC, i1 - ic);
                    int panelsM = (mc + MR - 1) / MR;
                    int ld = (mc + ColumnFringe.ROWS - 1) / ColumnFringe.ROWS * ColumnFringe.ROWS;
                    if (!directA) {
                        packA(a, ta, lda, ic, mc, pc, kc, ws.ap);
                    } else if (transposeA) {
                        ColumnFringe.transpose(a, lda, ic, mc, pc, kc, ws.at, 0, ld);
                        if (f > 0) {
                            ColumnFringe.runTransposed(ws.at, ld, mc, kc, fb, fringeB, fringeStep, f, c, ldc, ic,
                                    fringeCol, add, alpha, ws);
                        }
                    }
                    for (int ir = 0; ir < panelsM; ir++) {
                        int rows = Math.min(MR, mc - ir * MR);
                        int ci = (ic + ir * MR) * ldc + jc + cCol;
                        // a panel: packed (strides 1 and MR), or, for a block of few column
                        // panels, op(a) read in place: MR rows at stride lda (or, transposed, MR
                        // contiguous values per step at stride lda); same products, same order
                        float[] ap = ws.ap;
                        int a0 = ir * MR * kc;
                        int rs = 1;
                        int cs = MR;
                        if (transposeA) {
                            ap = ws.at;
                            a0 = ir * MR;
                            cs = ld;
                        } else if (directA) {
                            if (rows == MR) {
                                ap = a;
                                a0 = ta ? pc * lda + ic + ir * MR : (ic + ir * MR) * lda + pc;
                                rs = ta ? 1 : lda;
                                cs = ta ? lda : 1;
                            } else {
                                packA(a, ta, lda, ic + ir * MR, rows, pc, kc, ws.ap);
                                a0 = 0;
                            }
                        }
                        for (int jr = 0; jr < panelsN; jr++) {
                            int cols = jr == panelsN - 1 ? fringeOff : NR;
                            int bOff = jr * NR * kc;
                            if (rows == MR && cols == NR) {
                                tile(kc, ap, a0, rs, cs, ws.bp, bOff, c, ci + jr * NR, ldc, add, alpha, ws.tile);
                            } else if (ColumnFringe.THREE && rows == MR && cols == 3 * L) {
                                MicroKernels.tile3(kc, ap, a0, rs, cs, ws.bp, bOff, c, ci + jr * NR, ldc, add, alpha);
                            } else if (cols > 0) {
                                fringe(kc, ap, a0, rs, cs, ws.bp, bOff, c, ci + jr * NR, ldc, add, alpha, rows, cols,
                                        ws.tile);
                            }
                        }
                    }
                }
            }
        }
    }

    /** Packs {@code op(a)[i0:i0+mc, p0:p0+kc]} into MR-row panels, step-major, zero-padded. */
    static void packA(float[] a, boolean ta, int lda, int i0, int mc, int p0, int kc, float[] ap) {
        if (ta && mc % MR == 0) {
            // step-major over the whole block: each row of a (one step p) is read once, left to
            // right, instead of kc rows lda apart per panel (4 KiB apart at lda = 1024: one page
            // and one L1 set per row)
            for (int p = 0; p < kc; p++) {
                int src = (p0 + p) * lda + i0;
                int dst = p * MR;
                for (int ir = 0; ir < mc; ir += MR, dst += MR * kc) {
                    int s = src + ir;
                    ap[dst] = a[s];
                    ap[dst + 1] = a[s + 1];
                    ap[dst + 2] = a[s + 2];
                    ap[dst + 3] = a[s + 3];
                    ap[dst + 4] = a[s + 4];
                    ap[dst + 5] = a[s + 5];
                }
            }
            return;
        }
        for (int ir = 0; ir < mc; ir += MR) {
            int rows = Math.min(MR, mc - ir);
            int base = ir * kc;
            if (ta) {
                // op(a)(i, p) = a[p, i]: MR contiguous values per step.
                for (int p = 0; p < kc; p++) {
                    int src = (p0 + p) * lda + i0 + ir;
                    int dst = base + p * MR;
                    for (int r = 0; r < rows; r++) {
                        ap[dst + r] = a[src + r];
                    }
                    for (int r = rows; r < MR; r++) {
                        ap[dst + r] = 0f;
                    }
                }
            } else {
                for (int r = 0; r < rows; r++) {
                    int src = (i0 + ir + r) * lda + p0;
                    for (int p = 0; p < kc; p++) {
                        ap[base + p * MR + r] = a[src + p];
                    }
                }
                for (int r = rows; r < MR; r++) {
                    for (int p = 0; p < kc; p++) {
                        ap[base + p * MR + r] = 0f;
                    }
                }
            }
        }
    }

    /** Packs {@code op(b)[p0:p0+kc, j0:j0+nc]} into NR-column panels, step-major, zero-padded. */
    static void packB(float[] b, boolean tb, int ldb, int p0, int kc, int j0, int nc, float[] bp) {
        if (!tb) {
            // full panels step-major: each row of b read once, left to right (see packA). One
            // arraycopy per panel row (256 bytes at NR = 64): as fast as Vector API moves
            // (bench/README, third round), and never boxed: Vector API code
            // here allocated per vector whenever this method was not (or no longer) C2-compiled
            int full = nc / NR * NR;
            if (NV == 2 && nc <= DIRECT_A_PANELS * NR) {
                // a narrow b (MLP-S's 784 x 50) at AVX2: the whole panels' rows as vectors (a
                // call of arraycopy costs more than a 64-byte move; for a wide b, arraycopy
                // measured faster: bench/README, eleventh round)
                for (int p = 0; p < kc; p++) {
                    int src = (p0 + p) * ldb + j0;
                    int dst = p * NR;
                    for (int jr = 0; jr < full; jr += NR, dst += NR * kc) {
                        FloatVector.fromArray(S, b, src + jr).intoArray(bp, dst);
                        FloatVector.fromArray(S, b, src + jr + L).intoArray(bp, dst + L);
                    }
                }
            } else {
                for (int p = 0; p < kc; p++) {
                    int src = (p0 + p) * ldb + j0;
                    int dst = p * NR;
                    for (int jr = 0; jr < full; jr += NR, dst += NR * kc) {
                        System.arraycopy(b, src + jr, bp, dst, NR);
                    }
                }
            }
            if (full < nc) {
                int cols = nc - full;
                int base = full * kc;
                for (int p = 0; p < kc; p++) {
                    int src = (p0 + p) * ldb + j0 + full;
                    int dst = base + p * NR;
                    System.arraycopy(b, src, bp, dst, cols);
                    for (int j = cols; j < NR; j++) {
                        bp[dst + j] = 0f;
                    }
                }
            }
            return;
        }
        int jr = 0;
        if (TRANSPOSE_B) {
            // op(b)(p, j) = b[j, p]: each whole panel, 8 columns by 8 steps at a time through
            // registers; element by element, each value is a store 64 bytes from the last
            for (; jr + NR <= nc; jr += NR) {
                ColumnFringe.transpose(b, ldb, j0 + jr, NR, p0, kc, bp, jr * kc, NR);
            }
        }
        for (; jr < nc; jr += NR) {
            int cols = Math.min(NR, nc - jr);
            int base = jr * kc;
            // op(b)(p, j) = b[j, p]
            for (int j = 0; j < cols; j++) {
                int src = (j0 + jr + j) * ldb + p0;
                for (int p = 0; p < kc; p++) {
                    bp[base + p * NR + j] = b[src + p];
                }
            }
            for (int j = cols; j < NR; j++) {
                for (int p = 0; p < kc; p++) {
                    bp[base + p * NR + j] = 0f;
                }
            }
        }
    }

    /**
     * A full {@code MR x NR} tile: {@code c (+)= alpha t}. The wide tile updates {@code c} itself;
     * the narrow one goes through the scratch tile (see {@link MicroKernels}).
     */
    static void tile(int kc, float[] a, int a0, int rs, int cs, float[] bp, int bOff, float[] c, int cOff, int ldc,
                     boolean add, float alpha, float[] tile) {
        if (NV == 4) {
            MicroKernels.tile4(kc, a, a0, rs, cs, bp, bOff, c, cOff, ldc, add, alpha);
        } else if (rs == 1) {
            MicroKernels.tile2(kc, a, a0, cs, bp, bOff, tile, c, cOff, ldc, add, alpha);
        } else {
            narrow(kc, a, a0, rs, cs, bp, bOff, tile);
            copyTile(tile, c, cOff, ldc, add, alpha, MR, NR);
        }
    }

    /**
     * A fringe tile: the micro-kernel into the scratch tile, then its valid {@code rows x cols}
     * part into {@code c}. A fringe at most two vectors wide (a 10-wide output layer) runs the
     * two-vector tile: half the multiply-adds, the same bits; at most three vectors wide, the
     * three-vector tile where {@link ColumnFringe#THREE}.
     */
    static void fringe(int kc, float[] a, int a0, int rs, int cs, float[] bp, int bOff, float[] c, int cOff, int ldc,
                       boolean add, float alpha, int rows, int cols, float[] tile) {
        if (NV == 4 && (cols > 3 * L || (!ColumnFringe.THREE && cols > 2 * L))) {
            MicroKernels.tile4(kc, a, a0, rs, cs, bp, bOff, tile, 0, NR, false, 1f);
        } else if (NV == 4 && cols > 2 * L) {
            MicroKernels.tile3(kc, a, a0, rs, cs, bp, bOff, tile, 0, NR, false, 1f);
        } else {
            narrow(kc, a, a0, rs, cs, bp, bOff, tile);
        }
        copyTile(tile, c, cOff, ldc, add, alpha, rows, cols);
    }

    /**
     * The two-vector tile into the scratch tile: rows of {@code a} next to each other (a packed
     * panel, {@code rs = 1}; or a transposed {@code a} in place), or any strides ({@code a} in
     * place, {@code cs = 1}).
     */
    static void narrow(int kc, float[] a, int a0, int rs, int cs, float[] bp, int bOff, float[] tile) {
        if (rs == 1) {
            MicroKernels.tile2(kc, a, a0, cs, bp, bOff, tile, null, 0, 0, false, 1f);
        } else {
            MicroKernels.tile2Strided(kc, a, a0, rs, cs, bp, bOff, tile, 0, NR);
        }
    }

    /** The valid {@code rows x cols} part of a scratch tile into {@code c}: {@code c (+)= alpha t}. */
    static void copyTile(float[] tile, float[] c, int cOff, int ldc, boolean add, float alpha, int rows, int cols) {
        for (int r = 0; r < rows; r++) {
            int o = cOff + r * ldc;
            int t = r * NR;
            if (add) {
                int whole = cols - cols % L;
                for (int j = 0; j < whole; j += L) {
                    FloatVector.fromArray(S, c, o + j).add(FloatVector.fromArray(S, tile, t + j).mul(alpha))
                            .intoArray(c, o + j);
                }
                for (int j = whole; j < cols; j++) {
                    c[o + j] += alpha * tile[t + j];
                }
            } else if (alpha == 1f) {
                System.arraycopy(tile, t, c, o, cols);
            } else {
                for (int j = 0; j < cols; j++) {
                    c[o + j] = alpha * tile[t + j];
                }
            }
        }
    }
}
