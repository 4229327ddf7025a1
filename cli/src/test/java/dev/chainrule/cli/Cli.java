package dev.chainrule.cli;

import dev.chainrule.io.Json;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;

/** Runs the real command line in-process, capturing standard output and error. */
final class Cli {
    /** What one run gave. */
    record Result(int status, String out, String err) {
        /** The last line of standard output, parsed as a JSON object. */
        Map<String, Object> json() {
            List<String> lines = out.strip().lines().toList();
            return Json.asObject(Json.parse(lines.get(lines.size() - 1)), "the last line of output");
        }

        @Override
        public String toString() {
            return "status " + status + "\n--- out\n" + out + "--- err\n" + err;
        }
    }

    private Cli() {
    }

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Result(status, out.toString(), err.toString());
    }

    /** Asserts {@code value} equals {@code printed} to every digit printed (half a unit in the last place). */
    static void assertPrinted(String printed, double value, String what) {
        java.math.BigDecimal p = new java.math.BigDecimal(printed);
        double halfUlp = 0.5 * Math.pow(10, -p.scale());
        if (Math.abs(value - p.doubleValue()) > halfUlp * (1 + 1e-9)) {
            throw new AssertionError(what + ": expected " + printed + " to the printed digit, got " + value);
        }
    }
}
