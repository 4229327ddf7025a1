package dev.chainrule.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * What this JVM's instruction level gives the vector kernels, read once when they load: the
 * vector width (the Vector API's preferred species, which {@code -XX:UseAVX=N} restricts),
 * the number of vector registers, and whether there is a fused multiply-add. From them, the
 * micro-kernel's tile: {@code 6} rows by {@link #NV} vectors.
 *
 * <ul>
 *   <li>512-bit vectors (AVX-512: 32 registers): {@code 6 x 4} vectors, 24 accumulators.</li>
 *   <li>Narrower vectors (AVX2, AVX, SSE: 16 registers): {@code 6 x 2} vectors, 12
 *       accumulators, two loaded vectors and a broadcast, 15 of the 16.</li>
 *   <li>No hardware fused multiply-add (before Haswell, or {@code -XX:UseAVX=0}): products are
 *       rounded, then added ({@code x.mul(b).add(c)}); the Vector API's {@code fma} would run
 *       lane by lane in software there, thousands of times slower. Other bits than the levels
 *       with FMA, which all give the same bits.</li>
 * </ul>
 *
 * {@code -Dchainrule.gemm.vectors=2} forces the narrow tile (tests run both this way).
 */
final class KernelChoice {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final int L = S.length();
    /** Whether the products use a fused multiply-add (hardware FMA) or a rounded product then a sum. */
    static final boolean FMA = hasFma();
    /** Vector registers: 32 where the vectors are 512 bits wide (AVX-512), else 16. */
    static final int REGISTERS = S.vectorBitSize() >= 512 ? 32 : 16;
    /** Rows of a tile. */
    static final int MR = 6;
    /** Vectors per tile row: 4 with 32 registers, else 2. */
    static final int NV = REGISTERS >= 32 && Integer.getInteger("chainrule.gemm.vectors", 4) >= 4 ? 4 : 2;
    /** Columns of a tile. */
    static final int NR = NV * L;

    private KernelChoice() {
    }

    /**
     * Every CPU with AVX2 or AVX-512 has FMA (Haswell and Zen on); for narrower vectors ask
     * HotSpot ({@code UseFMA}, false at {@code -XX:UseAVX=0}), and assume none when it cannot
     * say. {@code -Dchainrule.gemm.fma=false} forces the rounded products.
     */
    private static boolean hasFma() {
        String forced = System.getProperty("chainrule.gemm.fma");
        if (forced != null) {
            return Boolean.parseBoolean(forced);
        }
        if (S.vectorBitSize() >= 256) {
            return true;
        }
        try {
            // loaded only here: the management classes take a noticeable part of start-up
            return "true".equals(java.lang.management.ManagementFactory
                    .getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class)
                    .getVMOption("UseFMA").getValue());
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    /** For messages and benchmark lines, e.g. {@code 256-bit vectors, FMA, 6x16 tiles}. */
    static String describe() {
        return S.vectorBitSize() + "-bit vectors, " + (FMA ? "FMA" : "no FMA") + ", " + MR + "x" + NR + " tiles";
    }
}
