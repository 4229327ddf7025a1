package dev.chainrule.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code chainrule} command: a thin client of the core API. */
@Command(name = "chainrule", mixinStandardHelpOptions = true, version = "chainrule 0.1.0",
        description = "Train neural networks by backpropagation.",
        subcommands = {TrainCommand.class})
public final class Main implements Runnable {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit status (0 ok, 2 bad input, 1 failure). */
    public static int run(String... args) {
        CommandLine cli = new CommandLine(new Main());
        cli.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            boolean badInput = ex instanceof IllegalArgumentException || ex instanceof java.io.IOException
                    || ex instanceof java.io.UncheckedIOException;
            cmd.getErr().println("chainrule: " + ex.getMessage());
            return badInput ? 2 : 1;
        });
        return cli.execute(args);
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
