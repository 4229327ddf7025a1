package dev.chainrule.tensor;

/** Scalar functions the element-wise kernels share, written once so every kernel gives their bits. */
public final class ScalarMath {
    private ScalarMath() {
    }

    /**
     * Overflow-safe logistic sigmoid {@code 1 / (1 + e^-h)}: {@code exp} is only ever taken of a non-positive number.
     *
     * @param h the argument
     * @return {@code sigmoid(h)}
     */
    public static double sigmoid(double h) {
        if (h >= 0) {
            return 1.0 / (1.0 + Math.exp(-h));
        }
        double e = Math.exp(h);
        return e / (1.0 + e);
    }

    /**
     * {@code e^x} in float for the shifted logits of a softmax ({@code x <= 0}; valid up to
     * {@code x = 88}), within 3e-7 relative error (about 2 ulp) of the exact value: Cody-Waite
     * reduction {@code x = n ln 2 + r}, {@code |r| <= ln 2 / 2}, a degree-6 Taylor polynomial for
     * {@code e^r}, and {@code 2^n} from the exponent bits; below {@code -87.33} (where
     * {@code e^x} is under the smallest normal float) 0, and NaN stays NaN. Plain float
     * arithmetic, so the same bits on every JVM; about twice as fast as {@code Math.exp} in
     * double, which was most of the softmax cross-entropy's time.
     *
     * @param x the exponent, at most 88
     * @return {@code e^x} in float
     */
    public static float exp(float x) {
        if (!(x > -87.33f)) {
            return x != x ? x : 0f;
        }
        int n = Math.round(x * 1.44269504f);
        // ln 2 = LN2_HI + LN2_LO with LN2_HI short enough that n * LN2_HI is exact
        float r = (x - n * 0.693145751953125f) - n * 1.428606765330187e-06f;
        float q = 1.3888889e-3f;
        q = q * r + 8.3333333e-3f;
        q = q * r + 4.1666667e-2f;
        q = q * r + 1.6666667e-1f;
        q = q * r + 0.5f;
        q = q * r + 1f;
        q = q * r + 1f;
        return q * Float.intBitsToFloat((n + 127) << 23);
    }

    /** {@link java.util.SplittableRandom}'s golden gamma: the step between its successive seeds. */
    static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;

    /**
     * The {@code (index + 1)}-th {@code nextDouble()} of {@code new SplittableRandom(seed)}, in
     * O(1): that generator's state after {@code k} draws is {@code seed + k * GOLDEN_GAMMA}, and
     * a double is the top 53 bits of the mixed state (SplitMix64). Counter-based, so a stream
     * position can be jumped to (a test checks it against {@code SplittableRandom}).
     *
     * @param seed  the generator's seed
     * @param index the draw's position, from 0
     * @return a double uniform in {@code [0, 1)}
     */
    public static double splitMixDouble(long seed, long index) {
        long z = seed + (index + 1) * GOLDEN_GAMMA;
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        z = z ^ (z >>> 31);
        return (z >>> 11) * 0x1.0p-53;
    }
}
