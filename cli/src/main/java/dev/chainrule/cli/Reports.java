package dev.chainrule.cli;

import java.util.List;

/** What the commands that write reports share. */
final class Reports {
    private Reports() {
    }

    /** {@code chainrule COMMAND ARGS...}, an argument with spaces or quotes in single quotes. */
    static String commandLine(String command, List<String> args) {
        StringBuilder b = new StringBuilder("chainrule ").append(command);
        for (String a : args.isEmpty() || !args.get(0).equals(command) ? args : args.subList(1, args.size())) {
            b.append(' ').append(a.matches("[A-Za-z0-9_./:=,@+-]+") ? a : "'" + a.replace("'", "'\\''") + "'");
        }
        return b.toString();
    }
}
