package dev.chainrule.cli;

import java.util.Locale;

/** Number formats for tables: the way the seeds print (numpy's 8 decimals), and durations. */
final class Numbers {
    private Numbers() {
    }

    /**
     * Up to 8 decimals without trailing zeros for ordinary magnitudes ({@code 0.00804047},
     * {@code -0.6}, {@code 2}), scientific with 8 decimals for very small or large ones
     * ({@code 1.77005547e-04}), as numpy prints the seeds' arrays.
     */
    static String seed(double v) {
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
}
