package dev.chainrule.io;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JsonTest {

    @Test
    void parsesEveryKindOfValue() {
        Object v = Json.parse(" {\"a\": [1, -2.5e-3, true, false, null], \"b\": {\"c\": \"x\\\"y\\n\\u00e9\"}, \"d\": []} ");
        Map<String, Object> m = Json.asObject(v, "root");
        assertEquals(List.of(1.0, -2.5e-3, true, false), Json.asArray(m.get("a"), "a").subList(0, 4));
        assertNull(Json.asArray(m.get("a"), "a").get(4));
        assertEquals("x\"y\né", Json.asObject(m.get("b"), "b").get("c"));
        assertEquals(List.of(), m.get("d"));
        assertEquals(List.of("a", "b", "d"), List.copyOf(m.keySet()), "key order is kept");
    }

    @Test
    void writesAndReadsBackTheSameDoubleBits() {
        double[] values = {0.1, 1.0 / 3, -1.7700554665e-4, 1e-300, 123456789.125, 0.0, -0.0, Double.MIN_VALUE, 3};
        Object back = Json.parse(Json.write(values));
        double[] read = Json.asVector(back, "values");
        for (int i = 0; i < values.length; i++) {
            assertEquals(Double.doubleToLongBits(values[i]), Double.doubleToLongBits(read[i]), "value " + values[i]);
        }
    }

    @Test
    void writesCompactTextWithEscapesAndNullForNonFinite() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", "a\"b\\c\t");
        m.put("n", 3);
        m.put("x", Double.NaN);
        m.put("w", new double[][] {{1, 0.5}, {-2, 1e-5}});
        m.put("ok", true);
        assertEquals("{\"name\": \"a\\\"b\\\\c\\t\", \"n\": 3, \"x\": null, \"w\": [[1, 0.5], [-2, 1.0E-5]], \"ok\": true}",
                Json.write(m));
        assertEquals(m.get("name"), Json.asObject(Json.parse(Json.write(m)), "m").get("name"));
    }

    @Test
    void syntaxErrorsGiveLineAndColumn() {
        Json.JsonException e = assertThrows(Json.JsonException.class,
                () -> Json.parse("{\"input\": 3,\n \"layers\": [1, 2,]\n}", "net.json"));
        assertEquals(2, e.line());
        assertEquals(18, e.column());
        assertTrue(e.getMessage().startsWith("net.json: line 2, column 18: expected a value but found ']'"), e.getMessage());
        assertThrows(Json.JsonException.class, () -> Json.parse("{\"a\": 1} x"));
        assertThrows(Json.JsonException.class, () -> Json.parse("{\"a\": 1, \"a\": 2}"));
        assertThrows(Json.JsonException.class, () -> Json.parse("[01]"));
        assertThrows(Json.JsonException.class, () -> Json.parse("\"open"));
        assertThrows(Json.JsonException.class, () -> Json.parse("[1.]"));
        assertThrows(Json.JsonException.class, () -> Json.parse("tru"));
        assertThrows(Json.JsonException.class, () -> Json.parse(""));
        assertThrows(Json.JsonException.class, () -> Json.parse("[".repeat(600)));
    }

    @Test
    void typedAccessNamesWhatIsWrong() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Json.asInt(Json.parse("2.5"), "\"input\""));
        assertEquals("\"input\" must be a whole number, got 2.5", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Json.asVector(Json.parse("[1, \"x\"]"), "bias"));
        assertEquals("bias[1] must be a number, got the string \"x\"", e.getMessage());
    }
}
