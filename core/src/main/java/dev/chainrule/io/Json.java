package dev.chainrule.io;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small JSON reader and writer (RFC 8259), so that core needs no runtime dependency.
 *
 * <p>Values map to Java as: object {@code Map<String, Object>} (insertion order kept, a
 * duplicate key refused), array {@code List<Object>}, string {@code String}, number
 * {@code Double}, {@code true}/{@code false} {@code Boolean}, {@code null} {@code null}.
 * Parse errors are {@link JsonException}s that give the source, line and column.
 *
 * <p>The writer takes those types plus any {@link Number}, {@code double[]}, {@code double[][]},
 * {@code int[]}, {@code float[]} and {@link CharSequence}; a non-finite double is written as
 * {@code null} (JSON has no NaN). Doubles are written with the shortest text that reads back
 * to the same bits ({@link Double#toString}), integral values without a fraction.
 */
public final class Json {
    private Json() {
    }

    /** A syntax error, with where it is. */
    public static final class JsonException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;
        /**
         * The 1-based line of the error.
         */
        private final int line;
        /**
         * The 1-based column of the error.
         */
        private final int column;

        JsonException(String source, int line, int column, String message) {
            super(source + ": line " + line + ", column " + column + ": " + message);
            this.line = line;
            this.column = column;
        }

        /**
         * 1-based line of the error.
         *
         * @return the 1-based line of the error
         */
        public int line() {
            return line;
        }

        /**
         * 1-based column of the error.
         *
         * @return the 1-based column of the error
         */
        public int column() {
            return column;
        }
    }

    /**
     * Parses one JSON value (and nothing after it but white space).
     *
     * @param text JSON text
     * @return the value: a {@code Map}, {@code List}, {@code String}, {@code Double}, {@code Boolean} or null
     */
    public static Object parse(String text) {
        return parse(text, "JSON");
    }

    /**
     * Parses one JSON value; {@code source} names the text in error messages (e.g. a file name).
     *
     * @param text JSON text
     * @param source names the input in messages
     * @return the value: a {@code Map}, {@code List}, {@code String}, {@code Double}, {@code Boolean} or null
     */
    public static Object parse(String text, String source) {
        Parser p = new Parser(text, source);
        p.skipSpace();
        Object value = p.value(0);
        p.skipSpace();
        if (p.pos < text.length()) {
            throw p.error("unexpected '" + Excerpt.of(String.valueOf(text.charAt(p.pos))) + "' after the JSON value");
        }
        return value;
    }

    /**
     * Compact JSON text on one line, e.g. {@code {"a": [1, 2.5]}}.
     *
     * @param value a {@code Map}, {@code List}, array, {@code String}, {@code Number}, {@code Boolean} or null
     * @return compact JSON text
     */
    public static String write(Object value) {
        StringBuilder sb = new StringBuilder();
        write(value, sb);
        return sb.toString();
    }

    /**
     * Appends compact JSON text for {@code value}.
     *
     * @param value a {@code Map}, {@code List}, array, {@code String}, {@code Number}, {@code Boolean} or null
     * @param out where the text is appended
     */
    public static void write(Object value, StringBuilder out) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof CharSequence s) {
            quote(s, out);
        } else if (value instanceof Boolean b) {
            out.append(b.booleanValue());
        } else if (value instanceof Double || value instanceof Float) {
            number(((Number) value).doubleValue(), out);
        } else if (value instanceof Number n) {
            out.append(n.toString());
        } else if (value instanceof Map<?, ?> m) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (!first) {
                    out.append(", ");
                }
                first = false;
                quote(String.valueOf(e.getKey()), out);
                out.append(": ");
                write(e.getValue(), out);
            }
            out.append('}');
        } else if (value instanceof Iterable<?> it) {
            out.append('[');
            boolean first = true;
            for (Object o : it) {
                if (!first) {
                    out.append(", ");
                }
                first = false;
                write(o, out);
            }
            out.append(']');
        } else if (value instanceof double[] a) {
            out.append('[');
            for (int i = 0; i < a.length; i++) {
                if (i > 0) {
                    out.append(", ");
                }
                number(a[i], out);
            }
            out.append(']');
        } else if (value instanceof float[] a) {
            out.append('[');
            for (int i = 0; i < a.length; i++) {
                if (i > 0) {
                    out.append(", ");
                }
                number(a[i], out);
            }
            out.append(']');
        } else if (value instanceof int[] a) {
            out.append('[');
            for (int i = 0; i < a.length; i++) {
                if (i > 0) {
                    out.append(", ");
                }
                out.append(a[i]);
            }
            out.append(']');
        } else if (value instanceof Object[] a) {
            write(java.util.Arrays.asList(a), out);
        } else {
            throw new IllegalArgumentException("cannot write a " + value.getClass().getName() + " as JSON");
        }
    }

    private static void number(double v, StringBuilder out) {
        if (!Double.isFinite(v)) {
            out.append("null");
        } else if (v == Math.rint(v) && Math.abs(v) < 1e15 && !(v == 0 && 1 / v < 0)) {
            out.append((long) v);
        } else {
            out.append(Double.toString(v));
        }
    }

    private static void quote(CharSequence s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    /** Recursive-descent parser over the text; tracks the position for messages. */
    private static final class Parser {
        private static final int MAX_DEPTH = 512;
        private final String text;
        private final String source;
        private int pos;

        Parser(String text, String source) {
            this.text = text;
            this.source = source;
        }

        JsonException error(String message) {
            return errorAt(pos, message);
        }

        JsonException errorAt(int at, String message) {
            int line = 1;
            int column = 1;
            for (int i = 0; i < at && i < text.length(); i++) {
                if (text.charAt(i) == '\n') {
                    line++;
                    column = 1;
                } else {
                    column++;
                }
            }
            return new JsonException(source, line, column, message);
        }

        void skipSpace() {
            while (pos < text.length()) {
                char c = text.charAt(pos);
                if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
                    pos++;
                } else {
                    break;
                }
            }
        }

        private String found() {
            return pos >= text.length() ? "the end of the text" : "'" + Excerpt.of(String.valueOf(text.charAt(pos))) + "'";
        }

        Object value(int depth) {
            if (depth > MAX_DEPTH) {
                throw error("nested deeper than " + MAX_DEPTH + " levels");
            }
            if (pos >= text.length()) {
                throw error("expected a value but found the end of the text");
            }
            char c = text.charAt(pos);
            switch (c) {
                case '{':
                    return object(depth);
                case '[':
                    return array(depth);
                case '"':
                    return string();
                case 't':
                    return literal("true", Boolean.TRUE);
                case 'f':
                    return literal("false", Boolean.FALSE);
                case 'n':
                    return literal("null", null);
                default:
                    if (c == '-' || (c >= '0' && c <= '9')) {
                        return number();
                    }
                    throw error("expected a value but found " + found());
            }
        }

        private Object literal(String word, Object value) {
            if (!text.startsWith(word, pos)) {
                throw error("expected a value but found " + found());
            }
            pos += word.length();
            return value;
        }

        private Map<String, Object> object(int depth) {
            pos++;
            Map<String, Object> map = new LinkedHashMap<>();
            skipSpace();
            if (pos < text.length() && text.charAt(pos) == '}') {
                pos++;
                return map;
            }
            while (true) {
                skipSpace();
                if (pos >= text.length() || text.charAt(pos) != '"') {
                    throw error("expected a quoted key but found " + found());
                }
                int keyAt = pos;
                String key = string();
                if (map.containsKey(key)) {
                    throw errorAt(keyAt, "duplicate key " + Excerpt.quoted(key));
                }
                skipSpace();
                if (pos >= text.length() || text.charAt(pos) != ':') {
                    throw error("expected ':' after key " + Excerpt.quoted(key) + " but found " + found());
                }
                pos++;
                skipSpace();
                map.put(key, value(depth + 1));
                skipSpace();
                if (pos < text.length() && text.charAt(pos) == ',') {
                    pos++;
                } else if (pos < text.length() && text.charAt(pos) == '}') {
                    pos++;
                    return map;
                } else {
                    throw error("expected ',' or '}' but found " + found());
                }
            }
        }

        private List<Object> array(int depth) {
            pos++;
            List<Object> list = new ArrayList<>();
            skipSpace();
            if (pos < text.length() && text.charAt(pos) == ']') {
                pos++;
                return list;
            }
            while (true) {
                skipSpace();
                list.add(value(depth + 1));
                skipSpace();
                if (pos < text.length() && text.charAt(pos) == ',') {
                    pos++;
                } else if (pos < text.length() && text.charAt(pos) == ']') {
                    pos++;
                    return list;
                } else {
                    throw error("expected ',' or ']' but found " + found());
                }
            }
        }

        private String string() {
            int start = pos;
            pos++;
            StringBuilder sb = new StringBuilder();
            while (true) {
                if (pos >= text.length()) {
                    throw errorAt(start, "string not closed");
                }
                char c = text.charAt(pos++);
                if (c == '"') {
                    return sb.toString();
                }
                if (c < 0x20) {
                    throw errorAt(pos - 1, "control character in a string (write it as an escape)");
                }
                if (c != '\\') {
                    sb.append(c);
                    continue;
                }
                if (pos >= text.length()) {
                    throw errorAt(start, "string not closed");
                }
                char e = text.charAt(pos++);
                switch (e) {
                    case '"' -> sb.append('"');
                    case '\\' -> sb.append('\\');
                    case '/' -> sb.append('/');
                    case 'b' -> sb.append('\b');
                    case 'f' -> sb.append('\f');
                    case 'n' -> sb.append('\n');
                    case 'r' -> sb.append('\r');
                    case 't' -> sb.append('\t');
                    case 'u' -> {
                        if (pos + 4 > text.length()) {
                            throw errorAt(pos - 2, "\\u needs four hex digits");
                        }
                        int code = 0;
                        for (int i = 0; i < 4; i++) {
                            int d = Character.digit(text.charAt(pos + i), 16);
                            if (d < 0) {
                                throw errorAt(pos + i, "\\u needs four hex digits");
                            }
                            code = code * 16 + d;
                        }
                        pos += 4;
                        sb.append((char) code);
                    }
                    default -> throw errorAt(pos - 1, "unknown escape \\" + e);
                }
            }
        }

        private Double number() {
            int start = pos;
            if (text.charAt(pos) == '-') {
                pos++;
            }
            if (pos < text.length() && text.charAt(pos) == '0') {
                pos++;
            } else if (!digits()) {
                throw errorAt(pos, "expected a digit but found " + found());
            }
            if (pos < text.length() && text.charAt(pos) == '.') {
                pos++;
                if (!digits()) {
                    throw errorAt(pos, "expected a digit after '.' but found " + found());
                }
            }
            if (pos < text.length() && (text.charAt(pos) == 'e' || text.charAt(pos) == 'E')) {
                pos++;
                if (pos < text.length() && (text.charAt(pos) == '+' || text.charAt(pos) == '-')) {
                    pos++;
                }
                if (!digits()) {
                    throw errorAt(pos, "expected a digit in the exponent but found " + found());
                }
            }
            Double value = Double.valueOf(text.substring(start, pos));
            if (value.isInfinite()) {
                throw errorAt(start, "the number " + Excerpt.of(text.substring(start, pos))
                        + " is too large (a JSON number here must fit a double, at most 1.8e308)");
            }
            return value;
        }

        private boolean digits() {
            int start = pos;
            while (pos < text.length() && text.charAt(pos) >= '0' && text.charAt(pos) <= '9') {
                pos++;
            }
            return pos > start;
        }
    }

    // ---- typed access for readers of JSON documents -------------------------------------------

    /**
     * The object, or an exception saying {@code what} should be an object.
     *
     * @param value a parsed JSON value
     * @param what names the value in messages
     * @return the object, or an exception saying {@code what} should be an object
     */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> asObject(Object value, String what) {
        if (value instanceof Map<?, ?>) {
            return (Map<String, Object>) value;
        }
        throw new IllegalArgumentException(what + " must be a JSON object, got " + describe(value));
    }

    /**
     * The array, or an exception saying {@code what} should be an array.
     *
     * @param value a parsed JSON value
     * @param what names the value in messages
     * @return the array, or an exception saying {@code what} should be an array
     */
    @SuppressWarnings("unchecked")
    public static List<Object> asArray(Object value, String what) {
        if (value instanceof List<?>) {
            return (List<Object>) value;
        }
        throw new IllegalArgumentException(what + " must be a JSON array, got " + describe(value));
    }

    /**
     * The number, or an exception saying {@code what} should be a number.
     *
     * @param value a parsed JSON value
     * @param what names the value in messages
     * @return the number, or an exception saying {@code what} should be a number
     */
    public static double asNumber(Object value, String what) {
        if (value instanceof Number n) {
            return n.doubleValue();
        }
        throw new IllegalArgumentException(what + " must be a number, got " + describe(value));
    }

    /**
     * A whole number that fits an int, or an exception.
     *
     * @param value a parsed JSON value
     * @param what names the value in messages
     * @return a whole number that fits an int, or an exception
     */
    public static int asInt(Object value, String what) {
        double v = asNumber(value, what);
        if (v != Math.rint(v) || Math.abs(v) > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(what + " must be a whole number, got " + v);
        }
        return (int) v;
    }

    /**
     * The string, or an exception.
     *
     * @param value a parsed JSON value
     * @param what names the value in messages
     * @return the string, or an exception
     */
    public static String asString(Object value, String what) {
        if (value instanceof String s) {
            return s;
        }
        throw new IllegalArgumentException(what + " must be a string, got " + describe(value));
    }

    /**
     * An array of numbers as {@code double[]}.
     *
     * @param value a parsed JSON value
     * @param what names the value in messages
     * @return an array of numbers as {@code double[]}
     */
    public static double[] asVector(Object value, String what) {
        List<Object> list = asArray(value, what);
        double[] out = new double[list.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = asNumber(list.get(i), what + "[" + i + "]");
        }
        return out;
    }

    /**
     * An array of arrays of numbers as {@code double[][]} (rows may differ in length; the caller checks).
     *
     * @param value a parsed JSON value
     * @param what names the value in messages
     * @return an array of arrays of numbers as {@code double[][]} (rows may differ in length; the caller checks)
     */
    public static double[][] asMatrix(Object value, String what) {
        List<Object> list = asArray(value, what);
        double[][] out = new double[list.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = asVector(list.get(i), what + "[" + i + "]");
        }
        return out;
    }

    /**
     * A list of strings.
     *
     * @param value a parsed JSON value
     * @param what names the value in messages
     * @return a list of strings
     */
    public static List<String> asStrings(Object value, String what) {
        List<Object> list = asArray(value, what);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            out.add(asString(list.get(i), what + "[" + i + "]"));
        }
        return Collections.unmodifiableList(out);
    }

    /**
     * A short description of a parsed value's type, for messages.
     *
     * @param value a parsed JSON value
     * @return a short description of a parsed value's type, for messages
     */
    public static String describe(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof Map<?, ?>) {
            return "an object";
        }
        if (value instanceof List<?>) {
            return "an array";
        }
        if (value instanceof String s) {
            return "the string " + Excerpt.quoted(s);
        }
        if (value instanceof Boolean b) {
            return b.toString();
        }
        if (value instanceof Double d) {
            return "the number " + (d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString(d.longValue()) : d.toString());
        }
        return value.toString();
    }
}
