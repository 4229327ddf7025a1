package dev.chainrule.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Float32 kernels on the JDK Vector API ({@code jdk.incubator.vector}); float64 and everything
 * that is not a matrix product fall back to {@link JavaKernels}. Loaded reflectively by
 * {@link KernelRegistry} only when the module is in the boot layer
 * ({@code --add-modules jdk.incubator.vector}), so the rest of chainrule never links to it.
 *
 * <p>The product is blocked the Goto/BLIS way: for each {@code KC}-deep slice of the inner
 * dimension, a block of {@code op(b)} is packed into {@code NR}-wide column panels and a block
 * of {@code op(a)} into {@code MR}-tall row panels (the packing absorbs every transpose
 * combination), then an {@code MR x NR} register-blocked micro-kernel ({@link MicroKernels}:
 * {@code MR} broadcasts, {@code NV} vector loads and {@code NV MR} fused multiply-adds per step;
 * {@code NV} = 4 on AVX-512, 2 on AVX2) accumulates each tile. Fringe tiles run the same
 * micro-kernel on zero-padded panels and copy only their valid part; a fringe at most two
 * vectors wide runs the two-vector tile (half the multiply-adds of a four-vector one).
 *
 * <p>Summation order, hence every output bit, depends only on the shapes: element
 * {@code (i, j)} is {@code c + t_0 + t_1 + ...} where {@code t_q} is the fused multiply-add
 * chain over the {@code q}-th {@code KC}-slice, started from zero ({@code KC} = 128, or 256
 * when {@code a} is transposed; both measured on the MLP-L shapes). Large products are split
 * over {@link GemmPool}'s threads along whole tiles, each output element computed by exactly
 * one thread in that same order, so the results are <em>identical for every thread count</em>
 * (and a row computed alone, as in a one-example predict, equals the same row of a batch).
 */
final class VectorKernels extends JavaKernels {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final int L = S.length();
    static final int MR = 6;
    /**
     * Vectors per tile row: 4 where the species is 512 bits wide (AVX-512 has 32 vector
     * registers: 24 accumulators fit), else 2 (AVX2's 16 registers hold 12).
     * {@code -Dchainrule.gemm.vectors=2} forces the narrow tile.
     */
    static final int NV = Integer.getInteger("chainrule.gemm.vectors", S.vectorBitSize() >= 512 ? 4 : 2) >= 4 ? 4 : 2;
    static final int NR = NV * L;
    /** Depth of an inner-dimension slice for {@code a} not transposed (forward, input gradient). */
    static final int KC = Integer.getInteger("chainrule.gemm.kc", 128);
    /** Depth of a slice for a transposed {@code a} (weight gradient {@code x^T g}): measured best deeper. */
    static final int KC_T = Integer.getInteger("chainrule.gemm.kcT", 256);
    static final int KC_MAX = Math.max(KC, KC_T);
    static final int MC = Integer.getInteger("chainrule.gemm.mcTiles", 16) * MR;
    /** Columns of a packed {@code b} block: 1024 (a 1024 x 256 float block is 1 MiB, an L2). */
    static final int NC = Integer.getInteger("chainrule.gemm.ncTiles", Math.max(1, 1024 / NR)) * NR;
    /**
     * Below this many multiply-adds a product runs on the calling thread only: MLP-S's products
     * (5M) trained faster on one thread than split on the shared 2-core machines (0.22-0.25 s
     * against 0.23-0.37 s per epoch, same run); MLP-L's (100M) are split.
     * {@code -Dchainrule.gemm.parallelMin=N} changes it.
     */
    static final long PARALLEL_MIN = Long.getLong("chainrule.gemm.parallelMin", 1L << 24);
    /** Up to this many rows, an {@code a * b} product skips packing (a vector axpy per row). */
    static final int SMALL_M = 4;
    /**
     * Whether a non-transposed {@code b} is read in place (its rows are already contiguous
     * NR-wide panels at stride {@code ldb}) instead of being packed; only a ragged last panel is
     * packed. Off by default (-Dchainrule.gemm.directB=true): measured slower than packing, 72-110
     * against 77-173 GFLOP/s on one thread on the MLP-L shapes (strided panels miss L1 and the TLB).
     */
    static final boolean DIRECT_B = "true".equals(System.getProperty("chainrule.gemm.directB"));

    /**
     * Up to this many NR-wide column panels in a block, {@code op(a)} is read in place instead of
     * packed (packing costs as much as the product when each packed panel serves only a few
     * column panels, as in MLP-S's 50- and 10-wide layers). {@code -Dchainrule.gemm.directAPanels=N}.
     */
    static final int DIRECT_A_PANELS = Integer.getInteger("chainrule.gemm.directAPanels", Math.max(1, 128 / NR));

    private final GemmPool pool;
    private final long parallelMin;

    VectorKernels() {
        this(GemmPool.shared());
    }

    VectorKernels(int threads) {
        this(threads == GemmPool.shared().threads() ? GemmPool.shared() : new GemmPool(threads));
    }

    VectorKernels(GemmPool pool) {
        this(pool, PARALLEL_MIN);
    }

    /** Kernels splitting every product of at least {@code parallelMin} multiply-adds over {@code pool} (tests). */
    VectorKernels(GemmPool pool, long parallelMin) {
        this.pool = pool;
        this.parallelMin = parallelMin;
    }

    @Override
    public String toString() {
        return "VectorKernels(" + S + ", " + MR + "x" + NR + " tiles, " + pool.threads() + " threads)";
    }

    /** Threads this instance splits large products over. */
    int threads() {
        return pool.threads();
    }

    /** A per-thread packing workspace (grow-only; no allocation in the steady state). */
    static final class Workspace {
        float[] ap = new float[MC * KC_MAX];
        float[] bp = new float[NC * KC_MAX];
        final float[] tile = new float[MR * NR];
    }

    private static final ThreadLocal<Workspace> WORKSPACE = ThreadLocal.withInitial(Workspace::new);

    @Override
    public void gemm(Tensor a, boolean ta, Tensor b, boolean tb, Tensor c, boolean accumulate) {
        if (!c.isFloat32()) {
            super.gemm(a, ta, b, tb, c, accumulate);
            return;
        }
        Kernels.checkGemm(a, ta, b, tb, c);
        int m = c.rows();
        int n = c.cols();
        int k = ta ? a.rows() : a.cols();
        if (m == 0 || n == 0) {
            return;
        }
        if (k == 0) {
            if (!accumulate) {
                c.fillZero();
            }
            return;
        }
        if (m <= SMALL_M && !ta && !tb) {
            smallRowsNN(a.floats(), a.cols(), b.floats(), b.cols(), c.floats(), 0, m, n, k, accumulate);
            return;
        }
        product(a, ta, b, tb, c, accumulate, 1f);
    }

    /**
     * One pass: {@code c += alpha * op(a) op(b)}, whenever the inner dimension is one slice
     * ({@code KC_T} deep for a transposed {@code a}, {@code KC} otherwise; a weight gradient
     * {@code x^T g} of a batch of up to 256): then each element is {@code c + alpha * t} with
     * {@code t} the same single fused multiply-add chain a {@link #gemm} into a gradient stores,
     * so the bits equal that gemm followed by {@link #axpy}. Deeper products are refused (their
     * slices would be scaled and added one by one).
     */
    @Override
    public boolean gemmStep(double alpha, Tensor a, boolean ta, Tensor b, boolean tb, Tensor c) {
        if (!c.isFloat32() || !a.isFloat32() || !b.isFloat32()) {
            return false;
        }
        Kernels.checkGemm(a, ta, b, tb, c);
        int k = ta ? a.rows() : a.cols();
        if (k == 0 || k > (ta ? KC_T : KC) || c.size() == 0) {
            return false;
        }
        product(a, ta, b, tb, c, true, (float) alpha);
        return true;
    }

    /** The blocked product, split over the pool when large enough. */
    private void product(Tensor a, boolean ta, Tensor b, boolean tb, Tensor c, boolean accumulate, float alpha) {
        int m = c.rows();
        int n = c.cols();
        int k = ta ? a.rows() : a.cols();
        float[] af = a.floats();
        float[] bf = b.floats();
        float[] cf = c.floats();
        long work = (long) m * n * k;
        if (work >= KernelWarmUp.WAIT_MIN && KernelWarmUp.productsPending()) {
            KernelWarmUp.awaitProducts();
        }
        if (work >= parallelMin && pool.threads() > 1) {
            int tilesM = (m + MR - 1) / MR;
            int tilesN = (n + NR - 1) / NR;
            boolean splitN = tilesN >= pool.threads() && (m <= n || tilesM < pool.threads());
            int tiles = splitN ? tilesN : tilesM;
            if (tiles >= 2 && pool.run(af, ta, a.cols(), bf, tb, b.cols(), cf, m, n, k, accumulate, alpha, splitN,
                    tiles)) {
                return;
            }
        }
        blocked(af, ta, a.cols(), bf, tb, b.cols(), cf, n, 0, m, 0, n, k, accumulate, alpha, WORKSPACE.get());
    }

    @Override
    public void leakyReluBackward(Tensor in, Tensor gradOut, Tensor gradIn, double slope) {
        if (!in.isFloat32()) {
            super.leakyReluBackward(in, gradOut, gradIn, slope);
            return;
        }
        if (in.size() < RELU_VECTOR_MIN || KernelWarmUp.reluPending()) {
            // tiny layers keep the scalar loop; larger ones too until the warm-up has compiled the
            // vector loop (boxed till then). The scalar select mispredicts on half the elements:
            // MLP-S's 128 x 50 took 22 us that way, against 2 as vectors
            super.leakyReluBackward(in, gradOut, gradIn, slope);
            return;
        }
        leakyReluBackward(in.floats(), gradOut.floats(), gradIn.floats(), in.size(), (float) slope);
    }

    /** From this many elements the rectifier's backward runs as Vector API code (once warmed up). */
    static final int RELU_VECTOR_MIN = Integer.getInteger("chainrule.relu.vectorMin", 1 << 10);

    /**
     * {@code dx = x > 0 ? g : s g} as a compare and a blend per vector (the scalar select is a
     * branch that mispredicts on half the elements: 0.6 ms per 128x1024 batch against 0.04).
     */
    static void leakyReluBackward(float[] x, float[] g, float[] dx, int n, float s) {
        int i = 0;
        for (; i <= n - L; i += L) {
            FloatVector gv = FloatVector.fromArray(S, g, i);
            gv.mul(s).blend(gv, FloatVector.fromArray(S, x, i).compare(VectorOperators.GT, 0f)).intoArray(dx, i);
        }
        for (; i < n; i++) {
            dx[i] = x[i] > 0f ? g[i] : s * g[i];
        }
    }

    /** Below this many elements an axpy runs on the calling thread ({@code -Dchainrule.axpy.parallelMin=N}). */
    static final int AXPY_PARALLEL_MIN = Integer.getInteger("chainrule.axpy.parallelMin", 1 << 18);

    @Override
    public void axpy(double alpha, Tensor x, Tensor y) {
        if (y.isFloat32() && y.size() >= AXPY_PARALLEL_MIN && pool.threads() > 1 && y.cols() >= 2 * NR) {
            Tensor.requireSameShape("axpy", x, y);
            Tensor.requireSameType("axpy", x, y);
            if (pool.axpy((float) alpha, x.floats(), y.floats(), y.rows(), y.cols())) {
                return;
            }
        }
        super.axpy(alpha, x, y);
    }

    /** Column band {@code part} of {@code parts} (whole NR-wide tiles) of {@code y += alpha * x}. */
    static void axpyPart(float alpha, float[] x, float[] y, int rows, int cols, int tiles, int part, int parts) {
        int j0 = (int) ((long) tiles * part / parts) * NR;
        int j1 = Math.min(cols, (int) ((long) tiles * (part + 1) / parts) * NR);
        for (int r = 0; r < rows; r++) {
            int o = r * cols;
            for (int j = o + j0; j < o + j1; j++) {
                y[j] += alpha * x[j];
            }
        }
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
        if (splitN) {
            blocked(a, ta, lda, b, tb, ldb, c, n, 0, m, t0 * NR, Math.min(n, t1 * NR), k, accumulate, alpha, ws);
        } else {
            blocked(a, ta, lda, b, tb, ldb, c, n, t0 * MR, Math.min(m, t1 * MR), 0, n, k, accumulate, alpha, ws);
        }
    }

    /** {@code c[i0:i1, j0:j1] (+)= op(a)[i0:i1, :] * op(b)[:, j0:j1]}, with {@code i0 % MR == 0 && j0 % NR == 0}. */
    static void blocked(float[] a, boolean ta, int lda, float[] b, boolean tb, int ldb, float[] c, int ldc,
                        int i0, int i1, int j0, int j1, int k, boolean accumulate, float alpha,
                        Workspace ws) {
        for (int jc = j0; jc < j1; jc += NC) {
            int nc = Math.min(NC, j1 - jc);
            int panelsN = (nc + NR - 1) / NR;
            int kcMax = ta ? KC_T : KC;
            for (int pc = 0; pc < k; pc += kcMax) {
                int kc = Math.min(kcMax, k - pc);
                boolean add = accumulate || pc > 0;
                boolean direct = DIRECT_B && !tb;
                int lastCols = nc - (panelsN - 1) * NR;
                if (!direct) {
                    packB(b, tb, ldb, pc, kc, jc, nc, ws.bp);
                } else if (lastCols < NR) {
                    packB(b, false, ldb, pc, kc, jc + (panelsN - 1) * NR, lastCols, ws.bp);
                }
                boolean directA = panelsN <= DIRECT_A_PANELS;
                for (int ic = i0; ic < i1; ic += MC) {
                    int mc = Math.min(MC, i1 - ic);
                    int panelsM = (mc + MR - 1) / MR;
                    if (!directA) {
                        packA(a, ta, lda, ic, mc, pc, kc, ws.ap);
                    }
                    for (int ir = 0; ir < panelsM; ir++) {
                        int rows = Math.min(MR, mc - ir * MR);
                        int aOff = ir * MR * kc;
                        int ci = (ic + ir * MR) * ldc;
                        if (directA) {
                            if (rows == MR) {
                                // op(a) read in place: MR rows at stride lda (or, transposed, MR
                                // contiguous values per step at stride lda); same products, same order
                                int a0 = ta ? pc * lda + ic + ir * MR : (ic + ir * MR) * lda + pc;
                                int rs = ta ? 1 : lda;
                                int cs = ta ? lda : 1;
                                for (int jr = 0; jr < panelsN; jr++) {
                                    int cols = Math.min(NR, nc - jr * NR);
                                    int bOff = jr * NR * kc;
                                    if (cols == NR) {
                                        kernelStrided(kc, a, a0, rs, cs, ws.bp, bOff, c, ci + jc + jr * NR, ldc, add, alpha);
                                    } else {
                                        fringe(kc, a, a0, rs, cs, ws.bp, bOff, NR, c, ci + jc + jr * NR, ldc, add, alpha,
                                                rows, cols, ws.tile);
                                    }
                                }
                                continue;
                            }
                            packA(a, ta, lda, ic + ir * MR, rows, pc, kc, ws.ap);
                            aOff = 0;
                        }
                        for (int jr = 0; jr < panelsN; jr++) {
                            int cols = Math.min(NR, nc - jr * NR);
                            float[] bArr = ws.bp;
                            int bOff = jr * NR * kc;
                            int bStep = NR;
                            if (direct) {
                                if (cols == NR) {
                                    bArr = b;
                                    bOff = pc * ldb + jc + jr * NR;
                                    bStep = ldb;
                                } else {
                                    bOff = 0;
                                }
                            }
                            if (rows == MR && cols == NR) {
                                kernel(kc, ws.ap, aOff, bArr, bOff, bStep, c, ci + jc + jr * NR, ldc, add, alpha);
                            } else {
                                fringe(kc, ws.ap, aOff, 1, MR, bArr, bOff, bStep, c, ci + jc + jr * NR, ldc, add, alpha,
                                        rows, cols, ws.tile);
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
            // (158-167 against 153-156 GFLOP/s on 128x1024x784), and never boxed: Vector API code
            // here allocated per vector whenever this method was not (or no longer) C2-compiled
            int full = nc / NR * NR;
            for (int p = 0; p < kc; p++) {
                int src = (p0 + p) * ldb + j0;
                int dst = p * NR;
                for (int jr = 0; jr < full; jr += NR, dst += NR * kc) {
                    System.arraycopy(b, src + jr, bp, dst, NR);
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
        for (int jr = 0; jr < nc; jr += NR) {
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

    /** The MR x NR micro-kernel on a full tile, {@code a} packed (see {@link MicroKernels}). */
    static void kernel(int kc, float[] ap, int aOff, float[] bp, int bOff, int bStep, float[] c, int cOff, int ldc,
                       boolean add, float alpha) {
        if (NV == 4) {
            MicroKernels.tile4(kc, ap, aOff, 1, MR, bp, bOff, bStep, c, cOff, ldc, add, alpha);
        } else {
            MicroKernels.tile2(kc, ap, aOff, 1, MR, bp, bOff, bStep, c, cOff, ldc, add, alpha);
        }
    }

    /**
     * {@link #kernel} reading {@code a} in place: element {@code (r, p)} of the tile's rows at
     * {@code a0 + r * rs + p * cs}; a packed B panel. Same fused multiply-adds in the same order.
     */
    static void kernelStrided(int kc, float[] a, int a0, int rs, int cs, float[] bp, int bOff, float[] c, int cOff,
                              int ldc, boolean add, float alpha) {
        if (NV == 4) {
            MicroKernels.tile4(kc, a, a0, rs, cs, bp, bOff, NR, c, cOff, ldc, add, alpha);
        } else {
            MicroKernels.tile2(kc, a, a0, rs, cs, bp, bOff, NR, c, cOff, ldc, add, alpha);
        }
    }

    /** The valid {@code rows x cols} part of a scratch tile into {@code c} (added when {@code add}). */
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

    /**
     * A fringe tile: the micro-kernel into the {@code MR x NR} scratch tile, then its valid part
     * into {@code c}; {@code a} as in {@link MicroKernels} (a packed panel: {@code rs = 1, cs = MR}).
     * A fringe at most two vectors wide (a 10-wide output layer) runs the two-vector tile: half
     * the multiply-adds (784 x 128 by 25 columns: 51 against 84 us, measured), the same bits.
     */
    static void fringe(int kc, float[] a, int a0, int rs, int cs, float[] bp, int bOff, int bStep, float[] c, int cOff,
                       int ldc, boolean add, float alpha, int rows, int cols, float[] tile) {
        if (NV == 4 && cols > 2 * L) {
            MicroKernels.tile4(kc, a, a0, rs, cs, bp, bOff, bStep, tile, 0, NR, false, 1f);
        } else {
            MicroKernels.tile2(kc, a, a0, rs, cs, bp, bOff, bStep, tile, 0, NR, false, 1f);
        }
        copyTile(tile, c, cOff, ldc, add, alpha, rows, cols);
    }

    /**
     * {@code c[r0:r1, :] (+)= a[r0:r1, :] * b} without packing, for a few rows (one-example
     * predict). Same summation order as {@link #blocked} (per KC-slice a fused multiply-add chain
     * from zero, the slices then added to {@code c} in order), so each row equals the same row of
     * a batched product; but up to four slices run interleaved, so the dependency chains that
     * bound a single row's latency are a quarter as long.
     */
    static void smallRowsNN(float[] a, int lda, float[] b, int ldb, float[] c, int r0, int r1, int n, int k,
                            boolean accumulate) {
        int nv = n - n % L;
        for (int i = r0; i < r1; i++) {
            int ci = i * n;
            int ai = i * lda;
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
                    // shifted to end at n, in the same call as the whole one it overlaps. Four at a
                    // time, so that each row of b is read once.
                    int count = nv / L + (nv < n ? 1 : 0);
                    int groups = count / 4 * 4;
                    if (count - groups == 1 && nv < n && groups > 0) {
                        groups -= 4; // never leave the shifted vector alone after the one it overlaps
                    }
                    for (int v = 0; v < groups; v += 4) {
                        rowSlices4(a, a0, b, ldb, pc, col(v, n), col(v + 1, n), col(v + 2, n), col(v + 3, n),
                                len0, len1, len2, len3, c, ci, add);
                    }
                    int rest = count - groups;
                    if (rest == 1) {
                        rowSlices1(a, a0, b, ldb, pc, col(groups, n), len0, len1, len2, len3, c, ci + col(groups, n), add);
                    } else if (rest >= 2) {
                        // the last two together (they may overlap), then what is left before them
                        int u = count - 2;
                        rowSlices2(a, a0, b, ldb, pc, col(u, n), col(u + 1, n), len0, len1, len2, len3,
                                c, ci + col(u, n), ci + col(u + 1, n), add);
                        if (rest - 2 >= 2) {
                            rowSlices2(a, a0, b, ldb, pc, col(groups, n), col(groups + 1, n), len0, len1, len2, len3,
                                    c, ci + col(groups, n), ci + col(groups + 1, n), add);
                        }
                        if (rest - 2 == 1 || rest - 2 == 3) {
                            int w = u - 1;
                            rowSlices1(a, a0, b, ldb, pc, col(w, n), len0, len1, len2, len3, c, ci + col(w, n), add);
                        }
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
                            u0 = Math.fma(x, b[bo], u0);
                            u1 = Math.fma(x, b[bo + 1], u1);
                            u2 = Math.fma(x, b[bo + 2], u2);
                            u3 = Math.fma(x, b[bo + 3], u3);
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
                        t0 = Math.fma(a[a0 + p], b[bo], t0);
                        if (p < len1) {
                            t1 = Math.fma(a[a0 + KC + p], b[bo + KC * ldb], t1);
                        }
                        if (p < len2) {
                            t2 = Math.fma(a[a0 + 2 * KC + p], b[bo + 2 * KC * ldb], t2);
                        }
                        if (p < len3) {
                            t3 = Math.fma(a[a0 + 3 * KC + p], b[bo + 3 * KC * ldb], t3);
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
            s00 = x0.fma(FloatVector.fromArray(S, b, r + j0), s00);
            s01 = x0.fma(FloatVector.fromArray(S, b, r + j1), s01);
            s02 = x0.fma(FloatVector.fromArray(S, b, r + j2), s02);
            s03 = x0.fma(FloatVector.fromArray(S, b, r + j3), s03);
            FloatVector x1 = FloatVector.broadcast(S, a[a0 + KC + p]);
            s10 = x1.fma(FloatVector.fromArray(S, b, r + slice + j0), s10);
            s11 = x1.fma(FloatVector.fromArray(S, b, r + slice + j1), s11);
            s12 = x1.fma(FloatVector.fromArray(S, b, r + slice + j2), s12);
            s13 = x1.fma(FloatVector.fromArray(S, b, r + slice + j3), s13);
            FloatVector x2 = FloatVector.broadcast(S, a[a0 + 2 * KC + p]);
            s20 = x2.fma(FloatVector.fromArray(S, b, r + 2 * slice + j0), s20);
            s21 = x2.fma(FloatVector.fromArray(S, b, r + 2 * slice + j1), s21);
            s22 = x2.fma(FloatVector.fromArray(S, b, r + 2 * slice + j2), s22);
            s23 = x2.fma(FloatVector.fromArray(S, b, r + 2 * slice + j3), s23);
            FloatVector x3 = FloatVector.broadcast(S, a[a0 + 3 * KC + p]);
            s30 = x3.fma(FloatVector.fromArray(S, b, r + 3 * slice + j0), s30);
            s31 = x3.fma(FloatVector.fromArray(S, b, r + 3 * slice + j1), s31);
            s32 = x3.fma(FloatVector.fromArray(S, b, r + 3 * slice + j2), s32);
            s33 = x3.fma(FloatVector.fromArray(S, b, r + 3 * slice + j3), s33);
        }
        for (int p = len3; p < len2; p++) {
            int r = (pc + p) * ldb;
            FloatVector x0 = FloatVector.broadcast(S, a[a0 + p]);
            s00 = x0.fma(FloatVector.fromArray(S, b, r + j0), s00);
            s01 = x0.fma(FloatVector.fromArray(S, b, r + j1), s01);
            s02 = x0.fma(FloatVector.fromArray(S, b, r + j2), s02);
            s03 = x0.fma(FloatVector.fromArray(S, b, r + j3), s03);
            FloatVector x1 = FloatVector.broadcast(S, a[a0 + KC + p]);
            s10 = x1.fma(FloatVector.fromArray(S, b, r + slice + j0), s10);
            s11 = x1.fma(FloatVector.fromArray(S, b, r + slice + j1), s11);
            s12 = x1.fma(FloatVector.fromArray(S, b, r + slice + j2), s12);
            s13 = x1.fma(FloatVector.fromArray(S, b, r + slice + j3), s13);
            FloatVector x2 = FloatVector.broadcast(S, a[a0 + 2 * KC + p]);
            s20 = x2.fma(FloatVector.fromArray(S, b, r + 2 * slice + j0), s20);
            s21 = x2.fma(FloatVector.fromArray(S, b, r + 2 * slice + j1), s21);
            s22 = x2.fma(FloatVector.fromArray(S, b, r + 2 * slice + j2), s22);
            s23 = x2.fma(FloatVector.fromArray(S, b, r + 2 * slice + j3), s23);
        }
        for (int p = len2; p < len1; p++) {
            int r = (pc + p) * ldb;
            FloatVector x0 = FloatVector.broadcast(S, a[a0 + p]);
            s00 = x0.fma(FloatVector.fromArray(S, b, r + j0), s00);
            s01 = x0.fma(FloatVector.fromArray(S, b, r + j1), s01);
            s02 = x0.fma(FloatVector.fromArray(S, b, r + j2), s02);
            s03 = x0.fma(FloatVector.fromArray(S, b, r + j3), s03);
            FloatVector x1 = FloatVector.broadcast(S, a[a0 + KC + p]);
            s10 = x1.fma(FloatVector.fromArray(S, b, r + slice + j0), s10);
            s11 = x1.fma(FloatVector.fromArray(S, b, r + slice + j1), s11);
            s12 = x1.fma(FloatVector.fromArray(S, b, r + slice + j2), s12);
            s13 = x1.fma(FloatVector.fromArray(S, b, r + slice + j3), s13);
        }
        for (int p = len1; p < len0; p++) {
            int r = (pc + p) * ldb;
            FloatVector x0 = FloatVector.broadcast(S, a[a0 + p]);
            s00 = x0.fma(FloatVector.fromArray(S, b, r + j0), s00);
            s01 = x0.fma(FloatVector.fromArray(S, b, r + j1), s01);
            s02 = x0.fma(FloatVector.fromArray(S, b, r + j2), s02);
            s03 = x0.fma(FloatVector.fromArray(S, b, r + j3), s03);
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
            s00 = x0.fma(FloatVector.fromArray(S, b, bo), s00);
            s01 = x0.fma(FloatVector.fromArray(S, b, bb), s01);
            FloatVector x1 = FloatVector.broadcast(S, a[a0 + KC + p]);
            s10 = x1.fma(FloatVector.fromArray(S, b, bo + slice), s10);
            s11 = x1.fma(FloatVector.fromArray(S, b, bb + slice), s11);
            FloatVector x2 = FloatVector.broadcast(S, a[a0 + 2 * KC + p]);
            s20 = x2.fma(FloatVector.fromArray(S, b, bo + 2 * slice), s20);
            s21 = x2.fma(FloatVector.fromArray(S, b, bb + 2 * slice), s21);
            FloatVector x3 = FloatVector.broadcast(S, a[a0 + 3 * KC + p]);
            s30 = x3.fma(FloatVector.fromArray(S, b, bo + 3 * slice), s30);
            s31 = x3.fma(FloatVector.fromArray(S, b, bb + 3 * slice), s31);
        }
        for (int p = len3; p < len2; p++) {
            int bo = (pc + p) * ldb + j;
            int bb = (pc + p) * ldb + jb;
            FloatVector x0 = FloatVector.broadcast(S, a[a0 + p]);
            s00 = x0.fma(FloatVector.fromArray(S, b, bo), s00);
            s01 = x0.fma(FloatVector.fromArray(S, b, bb), s01);
            FloatVector x1 = FloatVector.broadcast(S, a[a0 + KC + p]);
            s10 = x1.fma(FloatVector.fromArray(S, b, bo + slice), s10);
            s11 = x1.fma(FloatVector.fromArray(S, b, bb + slice), s11);
            FloatVector x2 = FloatVector.broadcast(S, a[a0 + 2 * KC + p]);
            s20 = x2.fma(FloatVector.fromArray(S, b, bo + 2 * slice), s20);
            s21 = x2.fma(FloatVector.fromArray(S, b, bb + 2 * slice), s21);
        }
        for (int p = len2; p < len1; p++) {
            int bo = (pc + p) * ldb + j;
            int bb = (pc + p) * ldb + jb;
            FloatVector x0 = FloatVector.broadcast(S, a[a0 + p]);
            s00 = x0.fma(FloatVector.fromArray(S, b, bo), s00);
            s01 = x0.fma(FloatVector.fromArray(S, b, bb), s01);
            FloatVector x1 = FloatVector.broadcast(S, a[a0 + KC + p]);
            s10 = x1.fma(FloatVector.fromArray(S, b, bo + slice), s10);
            s11 = x1.fma(FloatVector.fromArray(S, b, bb + slice), s11);
        }
        for (int p = len1; p < len0; p++) {
            int bo = (pc + p) * ldb + j;
            int bb = (pc + p) * ldb + jb;
            FloatVector x0 = FloatVector.broadcast(S, a[a0 + p]);
            s00 = x0.fma(FloatVector.fromArray(S, b, bo), s00);
            s01 = x0.fma(FloatVector.fromArray(S, b, bb), s01);
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
            s0 = FloatVector.broadcast(S, a[a0 + p]).fma(FloatVector.fromArray(S, b, bo), s0);
            s1 = FloatVector.broadcast(S, a[a0 + KC + p]).fma(FloatVector.fromArray(S, b, bo + slice), s1);
            s2 = FloatVector.broadcast(S, a[a0 + 2 * KC + p]).fma(FloatVector.fromArray(S, b, bo + 2 * slice), s2);
            s3 = FloatVector.broadcast(S, a[a0 + 3 * KC + p]).fma(FloatVector.fromArray(S, b, bo + 3 * slice), s3);
        }
        for (int p = len3; p < len2; p++) {
            int bo = (pc + p) * ldb + j;
            s0 = FloatVector.broadcast(S, a[a0 + p]).fma(FloatVector.fromArray(S, b, bo), s0);
            s1 = FloatVector.broadcast(S, a[a0 + KC + p]).fma(FloatVector.fromArray(S, b, bo + slice), s1);
            s2 = FloatVector.broadcast(S, a[a0 + 2 * KC + p]).fma(FloatVector.fromArray(S, b, bo + 2 * slice), s2);
        }
        for (int p = len2; p < len1; p++) {
            int bo = (pc + p) * ldb + j;
            s0 = FloatVector.broadcast(S, a[a0 + p]).fma(FloatVector.fromArray(S, b, bo), s0);
            s1 = FloatVector.broadcast(S, a[a0 + KC + p]).fma(FloatVector.fromArray(S, b, bo + slice), s1);
        }
        for (int p = len1; p < len0; p++) {
            int bo = (pc + p) * ldb + j;
            s0 = FloatVector.broadcast(S, a[a0 + p]).fma(FloatVector.fromArray(S, b, bo), s0);
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
}
