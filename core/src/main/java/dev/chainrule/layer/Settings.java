package dev.chainrule.layer;

import java.util.List;
import java.util.Map;

/** Reading layer settings from a network file's JSON values, with messages naming the key and what was expected. */
final class Settings {
    private Settings() {
    }

    /** A whole number of at least {@code min}. */
    static int whole(Object value, String key, int min) {
        if (!(value instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())
                || Math.abs(n.doubleValue()) > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("\"" + key + "\" must be a whole number, got " + describe(value));
        }
        int v = n.intValue();
        if (v < min) {
            throw new IllegalArgumentException("\"" + key + "\" must be at least " + min + ", got " + v);
        }
        return v;
    }

    /** {@code json[key]} as a whole number of at least {@code min}, or {@code otherwise} when absent. */
    static int whole(Map<String, Object> json, String key, int min, int otherwise) {
        return json.containsKey(key) ? whole(json.get(key), key, min) : otherwise;
    }

    /** A number. */
    static double number(Object value, String key) {
        if (!(value instanceof Number n) || !Double.isFinite(n.doubleValue())) {
            throw new IllegalArgumentException("\"" + key + "\" must be a number, got " + describe(value));
        }
        return n.doubleValue();
    }

    /** {@code json[key]} as a number, or {@code otherwise} when absent. */
    static double number(Map<String, Object> json, String key, double otherwise) {
        return json.containsKey(key) ? number(json.get(key), key) : otherwise;
    }

    /** {@code json[key]} as true or false, or {@code otherwise} when absent. */
    static boolean bool(Map<String, Object> json, String key, boolean otherwise) {
        Object v = json.get(key);
        if (v == null) {
            return otherwise;
        }
        if (!(v instanceof Boolean b)) {
            throw new IllegalArgumentException("\"" + key + "\" must be true or false, got " + describe(v));
        }
        return b;
    }

    /** A list of numbers. */
    static double[] numbers(List<?> list, String key) {
        double[] out = new double[list.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = number(list.get(i), key);
        }
        return out;
    }

    /** A size given as one number (both dimensions) or two ({@code [rows, columns]}), each at least {@code min}. */
    static int[] pair(Object value, String key, int min) {
        if (value instanceof List<?> list) {
            if (list.size() != 2) {
                throw new IllegalArgumentException("\"" + key + "\" must be a number or two numbers [rows, columns], got "
                        + list.size() + " numbers");
            }
            return new int[] {whole(list.get(0), key, min), whole(list.get(1), key, min)};
        }
        int v = whole(value, key, min);
        return new int[] {v, v};
    }

    /** {@code json[key]} as a pair, or {@code otherwise} when absent. */
    static int[] pair(Map<String, Object> json, String key, int min, int[] otherwise) {
        return json.containsKey(key) ? pair(json.get(key), key, min) : otherwise;
    }

    /** A pair as a network file writes it: one number when both are equal. */
    static Object pairJson(int[] p) {
        return p[0] == p[1] ? (Object) p[0] : List.of(p[0], p[1]);
    }

    /** A short description of a JSON value for messages. */
    static String describe(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof String s) {
            return "the text \"" + (s.length() > 40 ? s.substring(0, 40) + "..." : s) + "\"";
        }
        if (value instanceof List<?>) {
            return "a list";
        }
        if (value instanceof Map<?, ?>) {
            return "an object";
        }
        if (value instanceof Double d && d == Math.rint(d) && Math.abs(d) < 1e15) {
            return "the number " + d.longValue();
        }
        return "the " + (value instanceof Boolean ? "value " : "number ") + value;
    }
}
