package dev.chainrule.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Many dot products of long rows, {@code c[i, j] = sum_p a[i, p] b[j, p]}, on the JDK Vector API:
 * the product {@code a b^T} when {@code c} is small and the rows are long, as in a convolution's
 * weight gradient ({@code [filters, inChannels * kH * kW]} summed over thousands of positions).
 * There the packed product's register tiles are mostly padding ({@code 16 x 9} outputs against
 * {@code 6 x 64} tiles): 3-4 GFLOP/s against ten times that here.
 *
 * <p>Register blocks of 3 rows of {@code a} by 4 rows of {@code b} (12 accumulators; remaining
 * rows one pair at a time). Summation order, for every element: {@code L} partial sums (the
 * vector's lanes: 16 on AVX-512, 8 on AVX2), lane {@code l} the fused multiply-add chain over
 * {@code p = l, l + L, ...} below {@code k - k % L}, added lane 0 to {@code L - 1}, then the
 * remaining products one by one. So the bits depend on the vector width (unlike the packed
 * product's): the same on every machine of one instruction level, and for every thread count;
 * single-threaded.
 */
final class VectorDots {
    // the matrix products' species: a second species in the same JVM would make the Vector API's
    // shared methods see two vector classes, and C2 then boxes every vector (this kernel
    // allocated on every call once the products had run at 512 bits)
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /** Per thread: the 12 accumulators' lanes of a block. */
    private static final ThreadLocal<float[]> LANES = ThreadLocal.withInitial(() -> new float[12 * L]);

    private VectorDots() {
    }

    /** {@code c = a b^T}; {@code a} is {@code [m, k]}, {@code b} {@code [n, k]}, {@code c} {@code [m, n]}, all row-major. */
    static void dots(float[] a, int m, float[] b, int n, int k, float[] c) {
        int kv = k - k % L;
        float[] lanes = LANES.get();
        int i = 0;
        for (; i + 3 <= m; i += 3) {
            int j = 0;
            for (; j + 4 <= n; j += 4) {
                block(a, i, b, j, k, kv, c, n, lanes);
            }
            for (; j < n; j++) {
                for (int r = i; r < i + 3; r++) {
                    c[r * n + j] = dot(a, r * k, b, j * k, k, kv, lanes);
                }
            }
        }
        for (; i < m; i++) {
            for (int j = 0; j < n; j++) {
                c[i * n + j] = dot(a, i * k, b, j * k, k, kv, lanes);
            }
        }
    }

    private static void block(float[] a, int i, float[] b, int j, int k, int kv, float[] c, int n, float[] lanes) {
        int a0 = i * k;
        int a1 = a0 + k;
        int a2 = a1 + k;
        int b0 = j * k;
        int b1 = b0 + k;
        int b2 = b1 + k;
        int b3 = b2 + k;
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
        for (int p = 0; p < kv; p += L) {
            FloatVector x0 = FloatVector.fromArray(S, a, a0 + p);
            FloatVector x1 = FloatVector.fromArray(S, a, a1 + p);
            FloatVector x2 = FloatVector.fromArray(S, a, a2 + p);
            FloatVector y = FloatVector.fromArray(S, b, b0 + p);
            c00 = x0.fma(y, c00);
            c10 = x1.fma(y, c10);
            c20 = x2.fma(y, c20);
            y = FloatVector.fromArray(S, b, b1 + p);
            c01 = x0.fma(y, c01);
            c11 = x1.fma(y, c11);
            c21 = x2.fma(y, c21);
            y = FloatVector.fromArray(S, b, b2 + p);
            c02 = x0.fma(y, c02);
            c12 = x1.fma(y, c12);
            c22 = x2.fma(y, c22);
            y = FloatVector.fromArray(S, b, b3 + p);
            c03 = x0.fma(y, c03);
            c13 = x1.fma(y, c13);
            c23 = x2.fma(y, c23);
        }
        // the accumulators leave the method only through an array (a vector passed to a method that
        // is not inlined would be boxed, allocating on every call)
        c00.intoArray(lanes, 0);
        c01.intoArray(lanes, L);
        c02.intoArray(lanes, 2 * L);
        c03.intoArray(lanes, 3 * L);
        c10.intoArray(lanes, 4 * L);
        c11.intoArray(lanes, 5 * L);
        c12.intoArray(lanes, 6 * L);
        c13.intoArray(lanes, 7 * L);
        c20.intoArray(lanes, 8 * L);
        c21.intoArray(lanes, 9 * L);
        c22.intoArray(lanes, 10 * L);
        c23.intoArray(lanes, 11 * L);
        int o = i * n + j;
        for (int r = 0; r < 3; r++, o += n) {
            for (int q = 0; q < 4; q++) {
                c[o + q] = finish(lanes, (4 * r + q) * L, a, a0 + r * k, b, b0 + q * k, kv, k);
            }
        }
    }

    private static float dot(float[] a, int ao, float[] b, int bo, int k, int kv, float[] lanes) {
        FloatVector acc = FloatVector.zero(S);
        for (int p = 0; p < kv; p += L) {
            acc = FloatVector.fromArray(S, a, ao + p).fma(FloatVector.fromArray(S, b, bo + p), acc);
        }
        acc.intoArray(lanes, 0);
        return finish(lanes, 0, a, ao, b, bo, kv, k);
    }

    /** The 8 lanes at {@code lanes[at..]} added in order, then the tail's products. */
    private static float finish(float[] lanes, int at, float[] a, int ao, float[] b, int bo, int kv, int k) {
        float s = lanes[at];
        for (int l = 1; l < L; l++) {
            s += lanes[at + l];
        }
        for (int p = kv; p < k; p++) {
            s += a[ao + p] * b[bo + p];
        }
        return s;
    }
}
