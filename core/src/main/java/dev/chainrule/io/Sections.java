package dev.chainrule.io;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Reading the typed sections of a model file's JSON header, with messages that name the section and key. */
final class Sections {
    private Sections() {
    }

    /** Refuses a key outside {@code allowed}, naming it and the section. */
    static void allowOnly(Map<String, Object> m, String section, String... allowed) {
        List<String> keys = Arrays.asList(allowed);
        for (String key : m.keySet()) {
            if (!keys.contains(key)) {
                throw new IllegalArgumentException(section + ": unknown key \"" + key + "\"");
            }
        }
    }

    /** A whole number that fits a long (exact up to 2^53: JSON numbers are read as doubles). */
    static long asLong(Object value, String what) {
        double v = Json.asNumber(value, what);
        if (v != Math.rint(v) || Math.abs(v) >= 0x1p63) {
            throw new IllegalArgumentException(what + " must be a whole number, got " + v);
        }
        return (long) v;
    }

    /** The number, {@code fallback} when absent, NaN when null (JSON writes NaN as null). */
    static double numberOr(Map<String, Object> m, String key, double fallback, String section) {
        if (!m.containsKey(key)) {
            return fallback;
        }
        Object v = m.get(key);
        return v == null ? Double.NaN : Json.asNumber(v, section + " \"" + key + "\"");
    }

    static int intOr(Map<String, Object> m, String key, int fallback, String section) {
        Object v = m.get(key);
        return v == null ? fallback : Json.asInt(v, section + " \"" + key + "\"");
    }

    static String stringOr(Map<String, Object> m, String key, String fallback, String section) {
        Object v = m.get(key);
        return v == null ? fallback : Json.asString(v, section + " \"" + key + "\"");
    }
}
