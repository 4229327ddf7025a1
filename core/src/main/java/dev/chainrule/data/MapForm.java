package dev.chainrule.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Reading the JSON-like maps of {@link Preprocessing#toMap()} back, with messages that name the missing or wrong key. */
final class MapForm {
    private MapForm() {
    }

    static Object get(Map<String, ?> map, String key) {
        Object v = map.get(key);
        if (v == null) {
            throw new IllegalArgumentException("preprocessing: missing \"" + key + "\" in " + map.keySet());
        }
        return v;
    }

    static String string(Map<String, ?> map, String key) {
        Object v = get(map, key);
        if (!(v instanceof String s)) {
            throw new IllegalArgumentException("preprocessing: \"" + key + "\" must be a string, got " + v);
        }
        return s;
    }

    static double number(Map<String, ?> map, String key) {
        Object v = get(map, key);
        if (!(v instanceof Number n)) {
            throw new IllegalArgumentException("preprocessing: \"" + key + "\" must be a number, got " + v);
        }
        return n.doubleValue();
    }

    static int integer(Map<String, ?> map, String key) {
        double d = number(map, key);
        if (d != Math.rint(d) || d < 0 || d > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("preprocessing: \"" + key + "\" must be a whole number >= 0, got " + d);
        }
        return (int) d;
    }

    static List<?> list(Map<String, ?> map, String key) {
        Object v = get(map, key);
        if (!(v instanceof List<?> l)) {
            throw new IllegalArgumentException("preprocessing: \"" + key + "\" must be a list, got " + v);
        }
        return l;
    }

    static List<String> strings(Map<String, ?> map, String key) {
        List<String> out = new ArrayList<>();
        for (Object o : list(map, key)) {
            if (!(o instanceof String s)) {
                throw new IllegalArgumentException("preprocessing: \"" + key + "\" must hold strings, got " + o);
            }
            out.add(s);
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    static Map<String, ?> map(Object o, String what) {
        if (!(o instanceof Map<?, ?>)) {
            throw new IllegalArgumentException("preprocessing: " + what + " must be a map, got " + o);
        }
        return (Map<String, ?>) o;
    }
}
