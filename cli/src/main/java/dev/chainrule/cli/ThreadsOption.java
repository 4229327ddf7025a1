package dev.chainrule.cli;

import picocli.CommandLine.Option;

/**
 * {@code --threads N}: how many threads split a large matrix product (the kernels' pool, system
 * property {@code chainrule.threads}). {@link Main#main} applies it before the kernels start;
 * results are the same bits for every thread count.
 */
final class ThreadsOption {
    /** The system property the kernels read. */
    static final String PROPERTY = "chainrule.threads";

    @Option(names = "--threads", paramLabel = "N",
            description = "threads for the matrix products (default: the available processors); the results are the"
                    + " same for any count")
    Integer threads;

    void check() {
        if (threads != null && threads < 1) {
            throw new IllegalArgumentException("--threads: must be at least 1, got " + threads);
        }
    }

    /**
     * Sets the kernels' thread count from {@code --threads N} or {@code --threads=N} in {@code args},
     * before anything starts the kernels; a bad value is left for the parser to report.
     */
    static void apply(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String value = null;
            if (args[i].equals("--threads") && i + 1 < args.length) {
                value = args[i + 1];
            } else if (args[i].startsWith("--threads=")) {
                value = args[i].substring("--threads=".length());
            }
            if (value != null) {
                try {
                    int n = Integer.parseInt(value.trim());
                    if (n >= 1) {
                        System.setProperty(PROPERTY, Integer.toString(n));
                    }
                } catch (NumberFormatException ignored) {
                    // reported by the parser, with the option's name
                }
            }
        }
    }
}
