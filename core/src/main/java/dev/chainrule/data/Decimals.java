package dev.chainrule.data;

import java.nio.charset.StandardCharsets;

/**
 * Strict decimal numbers read straight from a file's bytes, without a {@code String} per value:
 * {@code [+-]?(digits[.digits]|.digits)([eE][+-]?digits)?}, surrounding blanks ignored; no NaN,
 * infinity, hex or suffixes. The value is the one {@link Double#parseDouble} gives (the
 * correctly rounded double): computed exactly when the digits fit 53 bits and the power of ten
 * is at most 10^22 (both factors are then exact, so one multiplication or division rounds
 * correctly), otherwise by {@link Double#parseDouble} itself.
 */
final class Decimals {
    private static final double[] POWERS = new double[23];
    private static final long EXACT = 1L << 53;

    static {
        double p = 1;
        for (int i = 0; i < POWERS.length; i++) {
            POWERS[i] = p;
            p *= 10;
        }
    }

    private Decimals() {
    }

    /**
     * The number in {@code b[from, to)}: NaN when the text is not a strict decimal, an infinity
     * when it is one too large for a double ({@code 1e400}).
     */
    static double parse(byte[] b, int from, int to) {
        while (from < to && (b[from] == ' ' || b[from] == '\t')) {
            from++;
        }
        while (to > from && (b[to - 1] == ' ' || b[to - 1] == '\t')) {
            to--;
        }
        int i = from;
        if (i == to) {
            return Double.NaN;
        }
        boolean negative = false;
        if (b[i] == '+' || b[i] == '-') {
            negative = b[i] == '-';
            i++;
        }
        long mantissa = 0;
        int digits = 0;      // significant digits kept in the mantissa
        int dropped = 0;     // integer digits beyond what a long holds
        int intDigits = 0;
        boolean overflow = false;
        while (i < to && b[i] >= '0' && b[i] <= '9') {
            if (digits < 18) {
                mantissa = mantissa * 10 + (b[i] - '0');
                if (mantissa != 0) {
                    digits++;
                }
            } else {
                overflow = true;
                dropped++;
            }
            intDigits++;
            i++;
        }
        int scale = 0;
        int fracDigits = 0;
        if (i < to && b[i] == '.') {
            i++;
            while (i < to && b[i] >= '0' && b[i] <= '9') {
                if (digits < 18) {
                    mantissa = mantissa * 10 + (b[i] - '0');
                    if (mantissa != 0) {
                        digits++;
                    }
                    scale--;
                } else {
                    overflow = true;
                }
                fracDigits++;
                i++;
            }
        }
        if (intDigits + fracDigits == 0) {
            return Double.NaN;
        }
        int exponent = 0;
        if (i < to && (b[i] == 'e' || b[i] == 'E')) {
            i++;
            boolean expNegative = false;
            if (i < to && (b[i] == '+' || b[i] == '-')) {
                expNegative = b[i] == '-';
                i++;
            }
            int expDigits = 0;
            while (i < to && b[i] >= '0' && b[i] <= '9') {
                if (exponent < 100_000) {
                    exponent = exponent * 10 + (b[i] - '0');
                }
                expDigits++;
                i++;
            }
            if (expDigits == 0) {
                return Double.NaN;
            }
            if (expNegative) {
                exponent = -exponent;
            }
        }
        if (i != to) {
            return Double.NaN;
        }
        double value;
        int power = exponent + scale + dropped;
        if (!overflow && mantissa < EXACT && power >= -22 && power <= 22) {
            value = power >= 0 ? mantissa * POWERS[power] : mantissa / POWERS[-power];
        } else {
            return Double.parseDouble(new String(b, from, to - from, StandardCharsets.ISO_8859_1)); // +-Infinity when too large
        }
        return negative ? -value : value;
    }

    /** {@link #parse(byte[], int, int)} of a string. */
    static double parse(String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        return parse(b, 0, b.length);
    }
}
