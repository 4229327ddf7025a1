package dev.chainrule.cli;

import java.util.Locale;

/** Number formats for tables: the way the seeds print (numpy's 8 decimals), and durations. */
public final class Numbers {
    private Numbers() {
    }

    /**
     * Up to 8 decimals without trailing zeros for ordinary magnitudes ({@code 0.00804047},
     * {@code -0.6}, {@code 2}), scientific with 8 decimals for very small or large ones
     * ({@code 1.77005547e-04}), as numpy prints the seeds' arrays.
     */
    public static String seed(double v) {
        if (v == 0) {
            return "0";
        }
        if (!Double.isFinite(v)) {
            return Double.toString(v);
        }
        double a = Math.abs(v);
        if (a < 1e-3 || a >= 1e8) {
            return String.format(Locale.ROOT, "%.8e", v);
        }
        String s = String.format(Locale.ROOT, "%.8f", v);
        s = s.replaceAll("0+$", "");
        if (s.endsWith(".")) {
            s = s.substring(0, s.length() - 1);
        }
        return s.equals("-0") ? "0" : s;
    }

    /** A vector as the explain tables print it: {@code (0.5, 0.1, -0.2)}, each number as {@link #seed}. */
    public static String vector(double[] v) {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < v.length; i++) {
            sb.append(i > 0 ? ", " : "").append(seed(v[i]));
        }
        return sb.append(')').toString();
    }

    /** {@code m:ss} or {@code h:mm:ss}. */
    static String duration(double seconds) {
        long s = Math.round(Math.max(0, seconds));
        if (s >= 3600) {
            return String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60);
        }
        return String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }

    /** {@code %.4f}, or {@code -} for NaN. */
    static String f4(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.4f", v);
    }

    /** A count with thousands separators: {@code 12,345}. */
    static String count(double v) {
        return String.format(Locale.ROOT, "%,d", Math.round(v));
    }

    /** {@code n} with thousands separators and the noun, singular for 1: {@code 1 epoch}, {@code 1,438 examples}. */
    static String plural(long n, String noun) {
        return count(n) + " " + (n == 1 ? noun : pluralOf(noun));
    }

    private static String pluralOf(String noun) {
        if (noun.endsWith("s") || noun.endsWith("x") || noun.endsWith("sh")) {
            return noun + "es";
        }
        return noun + "s";
    }

    /**
     * The shortest text that reads back as the same float32 value ({@code 0.9988229}, {@code 2.89e-7}),
     * or the same float64 value when {@code float64}: what a model of that precision computed, no
     * more digits. Plain decimals from 0.001 to 10^7, else {@code m.mmme-N}.
     */
    static String shortest(double v, boolean float64) {
        if (v == 0 || !Double.isFinite(v)) {
            return v == 0 ? "0" : Double.toString(v);
        }
        float f = (float) v;
        java.math.BigDecimal exact = new java.math.BigDecimal(float64 ? v : f);
        java.math.BigDecimal d = exact;
        for (int digits = 1; digits <= 17; digits++) {
            java.math.BigDecimal r = exact.round(new java.math.MathContext(digits));
            if (float64 ? r.doubleValue() == v : r.floatValue() == f) {
                d = r;
                break;
            }
        }
        d = d.stripTrailingZeros();
        double a = Math.abs(v);
        if (a >= 1e-3 && a < 1e7) {
            return d.toPlainString();
        }
        String unscaled = d.unscaledValue().abs().toString();
        int exponent = unscaled.length() - 1 - d.scale();
        String mantissa = unscaled.length() == 1 ? unscaled : unscaled.charAt(0) + "." + unscaled.substring(1);
        return (d.signum() < 0 ? "-" : "") + mantissa + "e" + exponent;
    }

    /** Four significant digits without trailing zeros ({@code 12.35}, {@code 0.001234}, {@code 1.235e+06}), {@code -} for NaN. */
    static String significant(double v) {
        if (Double.isNaN(v)) {
            return "-";
        }
        double a = Math.abs(v);
        if (a != 0 && (a < 1e-4 || a >= 1e6)) {
            return String.format(Locale.ROOT, "%.3e", v);
        }
        return new java.math.BigDecimal(v).round(new java.math.MathContext(4)).stripTrailingZeros().toPlainString();
    }
}
