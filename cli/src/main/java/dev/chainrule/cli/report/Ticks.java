package dev.chainrule.cli.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Axis ticks at round values (1, 2 or 5 times a power of ten), and their labels. */
final class Ticks {
    private Ticks() {
    }

    /** About {@code target} ticks covering [min, max]; the first and last may lie outside it. */
    static double[] linear(double min, double max, int target, boolean integers) {
        double span = max - min;
        double raw = span / Math.max(1, target);
        double step = nice(raw);
        if (integers) {
            step = Math.max(1, Math.round(step));
        }
        double first = Math.floor(min / step + 1e-9) * step;
        double last = Math.ceil(max / step - 1e-9) * step;
        List<Double> ticks = new ArrayList<>();
        for (int i = 0; first + i * step <= last + step * 1e-9 && i < 1000; i++) {
            double v = first + i * step;
            ticks.add(Math.abs(v) < step * 1e-9 ? 0 : v);
        }
        return ticks.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** Powers of ten covering [min, max] (both positive); within one decade, 1-2-5 steps. */
    static double[] log(double min, double max) {
        int lo = (int) Math.floor(Math.log10(min));
        int hi = (int) Math.ceil(Math.log10(max));
        List<Double> ticks = new ArrayList<>();
        int every = Math.max(1, (hi - lo + 7) / 8);
        for (int e = lo; e <= hi; e += every) {
            ticks.add(Math.pow(10, e));
            if (hi - lo <= 2 && e < hi) {
                ticks.add(2 * Math.pow(10, e));
                ticks.add(5 * Math.pow(10, e));
            }
        }
        return ticks.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** 1, 2 or 5 times a power of ten, at least {@code x}. */
    static double nice(double x) {
        if (!(x > 0)) {
            return 1;
        }
        double p = Math.pow(10, Math.floor(Math.log10(x)));
        double f = x / p;
        return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * p;
    }

    /** A short label: {@code 0.25}, {@code 1200}, {@code 1e-05} for very small or large values. */
    static String label(double v) {
        if (v == 0) {
            return "0";
        }
        double a = Math.abs(v);
        if (a < 1e-3 || a >= 1e6) {
            String s = String.format(Locale.ROOT, "%.1e", v);
            return s.replace(".0e", "e").replace("e+0", "e").replace("e-0", "e-").replace("e+", "e");
        }
        String s = String.format(Locale.ROOT, "%.6f", v).replaceAll("0+$", "");
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }
}
