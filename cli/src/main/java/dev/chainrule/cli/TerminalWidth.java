package dev.chainrule.cli;

import java.io.File;
import java.util.concurrent.TimeUnit;

/**
 * The terminal's width in columns, for lines redrawn in place: {@code $COLUMNS} when set, else
 * what {@code stty size} reports for the controlling terminal, else 80. Asked again at most every
 * two seconds, so a resized window is followed.
 */
class TerminalWidth {
    static final int FALLBACK = 80;
    private static final long RECHECK_NANOS = 2_000_000_000L;
    private long checkedAt;
    private int columns;

    /** The width now. */
    int columns() {
        long now = System.nanoTime();
        if (columns == 0 || now - checkedAt > RECHECK_NANOS) {
            columns = measure();
            checkedAt = now;
        }
        return columns;
    }

    /** A fixed width (tests). */
    static TerminalWidth fixed(int columns) {
        return new TerminalWidth() {
            @Override
            int columns() {
                return columns;
            }
        };
    }

    private static int measure() {
        String env = System.getenv("COLUMNS");
        if (env != null) {
            try {
                int c = Integer.parseInt(env.trim());
                if (c > 0) {
                    return c;
                }
            } catch (NumberFormatException ignored) {
                // fall through to stty
            }
        }
        File tty = new File("/dev/tty");
        if (System.console() != null && tty.exists()) {
            try {
                Process p = new ProcessBuilder("stty", "size").redirectInput(tty)
                        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
                String text = new String(p.getInputStream().readAllBytes()).trim();
                if (p.waitFor(1, TimeUnit.SECONDS) && p.exitValue() == 0) {
                    String[] parts = text.split("\\s+");
                    if (parts.length == 2) {
                        int c = Integer.parseInt(parts[1]);
                        if (c > 0) {
                            return c;
                        }
                    }
                }
            } catch (Exception ignored) {
                // no stty, or no terminal: the fallback width
            }
        }
        return FALLBACK;
    }
}
