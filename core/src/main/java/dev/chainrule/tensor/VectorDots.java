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
 * rows one pair at a time). Summation order, for every element: 8 partial sums, lane {@code l}
 * the fused multiply-add chain over {@code p = l, l + 8, ...} below {@code k - k % 8}, added
 * lane 0 to 7, then the remaining products one by one. Always 256-bit vectors (8 lanes), so
 * the bits are the same on AVX2 and AVX-512 machines; single-threaded.
 */
final class VectorDots {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_256;
    private static final int L = 8;

    private VectorDots() {
    }

    /** {@code c = a b^T}; {@code a} is {@code [m, k]}, {@code b} {@code [n, k]}, {@code c} {@code [m, n]}, all row-major. */
    static void dots(float[] a, int m, float[] b, int n, int k, float[] c) {
        int kv = k - k % L;
        int i = 0;
        for (; i + 3 <= m; i += 3) {
            int j = 0;
            for (; j + 4 <= n; j += 4) {
                block(a, i, b, j, k, kv, c, n);
            }
            for (; j < n; j++) {
                for (int r = i; r < i + 3; r++) {
                    c[r * n + j] = dot(a, r * k, b, j * k, k, kv);
                }
            }
        }
        for (; i < m; i++) {
            for (int j = 0; j < n; j++) {
                c[i * n + j] = dot(a, i * k, b, j * k, k, kv);
            }
        }
    }

    private static void block(float[] a, int i, float[] b, int j, int k, int kv, float[] c, int n) {
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
        int o = i * n + j;
        c[o] = finish(c00, a, a0, b, b0, kv, k);
        c[o + 1] = finish(c01, a, a0, b, b1, kv, k);
        c[o + 2] = finish(c02, a, a0, b, b2, kv, k);
        c[o + 3] = finish(c03, a, a0, b, b3, kv, k);
        o += n;
        c[o] = finish(c10, a, a1, b, b0, kv, k);
        c[o + 1] = finish(c11, a, a1, b, b1, kv, k);
        c[o + 2] = finish(c12, a, a1, b, b2, kv, k);
        c[o + 3] = finish(c13, a, a1, b, b3, kv, k);
        o += n;
        c[o] = finish(c20, a, a2, b, b0, kv, k);
        c[o + 1] = finish(c21, a, a2, b, b1, kv, k);
        c[o + 2] = finish(c22, a, a2, b, b2, kv, k);
        c[o + 3] = finish(c23, a, a2, b, b3, kv, k);
    }

    private static float dot(float[] a, int ao, float[] b, int bo, int k, int kv) {
        FloatVector acc = FloatVector.zero(S);
        for (int p = 0; p < kv; p += L) {
            acc = FloatVector.fromArray(S, a, ao + p).fma(FloatVector.fromArray(S, b, bo + p), acc);
        }
        return finish(acc, a, ao, b, bo, kv, k);
    }

    /** The lanes added in order, then the tail's products. */
    private static float finish(FloatVector acc, float[] a, int ao, float[] b, int bo, int kv, int k) {
        float s = acc.lane(0);
        s += acc.lane(1);
        s += acc.lane(2);
        s += acc.lane(3);
        s += acc.lane(4);
        s += acc.lane(5);
        s += acc.lane(6);
        s += acc.lane(7);
        for (int p = kv; p < k; p++) {
            s += a[ao + p] * b[bo + p];
        }
        return s;
    }
}
