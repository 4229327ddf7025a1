package dev.chainrule.cli;

import dev.chainrule.io.Json;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code chainrule bench}: the JSON contract of issue 5 (figures only, never a time limit). */
class BenchCommandTest {

    @Test
    void predictPrintsTheNetworkAndTheMedianLatency() {
        Cli.Result r = Cli.run("bench", "predict", "--calls", "200", "--json");
        assertEquals(0, r.status(), r.toString());
        String last = r.out().strip().lines().reduce((a, b) -> b).orElseThrow();
        Map<String, Object> json = Json.asObject(Json.parse(last), "bench predict");
        assertEquals("784-50-10", json.get("network"));
        assertTrue(Json.asNumber(json.get("predict_one_us"), "predict_one_us") > 0, last);
    }

    @Test
    void badValuesAreRefusedWithExitTwo() {
        Cli.Result r = Cli.run("bench", "predict", "--calls", "3");
        assertEquals(2, r.status(), r.toString());
        assertTrue(r.err().contains("--calls"), r.err());
        Cli.Result none = Cli.run("bench");
        assertEquals(2, none.status(), none.toString());
        assertTrue(none.err().contains("predict or train"), none.err());
    }
}
