package dev.chainrule.cli;

import dev.chainrule.io.Excerpt;
import dev.chainrule.tensor.Kernels;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * The {@code chainrule} command: a thin client of the core API.
 *
 * <p>Exit status: 0 done; 1 an internal error (a bug: the message says so); 2 bad input (an
 * unknown command or option, a bad value, settings that do not go together, a missing or damaged
 * file, data that does not fit the network), with one line on standard error naming what is
 * wrong; 3 training diverged (nothing saved); 4 a gradient check failed; 130 interrupted (Ctrl-C
 * or a signal). A stack trace is printed only with {@code --verbose}.
 */
@Command(name = "chainrule", mixinStandardHelpOptions = true, version = "chainrule 0.1.0",
        description = "Train neural networks by backpropagation.",
        synopsisSubcommandLabel = "COMMAND",
        footer = {"", "Run 'chainrule COMMAND --help' for a command's options.",
            "Exit status: 0 done, 1 internal error, 2 bad input (the message names it), 3 training diverged,"
                + " 4 a gradient check failed, 130 interrupted (Ctrl-C)."},
        subcommands = {TrainCommand.class, EvaluateCommand.class, PredictCommand.class, SummaryCommand.class,
            ExportCommand.class, ExplainCommand.class, GradcheckCommand.class, BenchCommand.class,
            CompletionCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    /** Exit status for an internal error (a bug). */
    public static final int INTERNAL_ERROR = 1;
    /** Exit status for bad input. */
    public static final int BAD_INPUT = 2;
    /** Exit status when training diverged; nothing was saved. */
    public static final int DIVERGED = 3;
    /** Exit status when a gradient check failed. */
    public static final int CHECK_FAILED = 4;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    VerboseOption verbose;

    @CommandLine.Option(names = KernelsOption.NAME, scope = CommandLine.ScopeType.INHERIT, paramLabel = "KIND",
            description = "Kernels for the products: vector (chainrule's own, the default), java (plain loops) or"
                    + " blas (the machine's BLAS, e.g. OpenBLAS, through JNI; float64 networks gain most).")
    KernelsOption.Kind kernels;

    /** Commands that run products: for them the kernels start warming up before anything else. */
    private static final Set<String> KERNEL_COMMANDS = Set.of("train", "evaluate", "predict", "bench");

    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        ThreadsOption.apply(args); // before anything starts the kernels' thread pool
        int refused = KernelsOption.apply(args, new PrintWriter(System.err, true)); // likewise, the kernels
        if (refused != 0) {
            System.exit(refused);
        }
        if (args.length > 0 && KERNEL_COMMANDS.contains(args[0])) {
            Kernels.active(); // starts the kernels' background warm-up now, while the rest starts
            if (args[0].equals("train") || args[0].equals("bench")) {
                TrainingWarmUp.startInBackground();
            }
        }
        StopSignals.ownProcess = true;
        String command = args.length > 0 && !args[0].startsWith("-") ? args[0] : "";
        Thread interrupted = new Thread(() -> {
            System.out.flush();
            System.err.println("chainrule" + (command.isEmpty() ? "" : " " + command) + ": interrupted (Ctrl-C or a"
                    + " signal) before it finished; a file it was writing was left as it was before");
            System.err.flush();
        }, "chainrule-interrupted");
        Runtime.getRuntime().addShutdownHook(interrupted);
        // Ctrl-C and SIGTERM end the command with 130 (the JVM's own handling exits 143 on SIGTERM); the hook
        // above says so, and the other hooks remove a temporary file being written
        for (String name : List.of("INT", "TERM")) {
            try {
                sun.misc.Signal.handle(new sun.misc.Signal(name), signal -> System.exit(TrainCommand.INTERRUPTED));
            } catch (IllegalArgumentException e) {
                // not on this platform, or reserved (java -Xrs): the JVM's own handling stays
            }
        }
        int status = run(args);
        try {
            Runtime.getRuntime().removeShutdownHook(interrupted); // a normal exit: nothing to report
        } catch (IllegalStateException e) {
            return; // a signal came as the command ended: the exit it asked for is under way
        }
        System.exit(status);
    }

    /** Runs the command line on the process's standard streams and returns the exit status. */
    public static int run(String... args) {
        return run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    }

    /** Runs the command line writing to {@code out} and {@code err}; returns the exit status. */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        boolean verbose = Arrays.asList(args).contains("--verbose");
        CommandLine cli = new CommandLine(new Main());
        cli.setOut(out);
        cli.setErr(err);
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setParameterExceptionHandler((ex, ignored) -> {
            CommandLine cmd = ex.getCommandLine();
            cmd.getErr().println(oneLine(prefix(cmd) + parameterMessage(ex)));
            cmd.getErr().println("Run '" + prefix(cmd).replace(":", "").trim() + " --help' for the "
                    + (cmd.getSubcommands().isEmpty() ? "options and their defaults." : "commands."));
            if (verbose) {
                ex.printStackTrace(cmd.getErr());
            }
            return BAD_INPUT;
        });
        cli.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            int status = isBadInput(ex) ? BAD_INPUT : INTERNAL_ERROR;
            cmd.getErr().println(oneLine(prefix(cmd) + (status == INTERNAL_ERROR ? "internal error: " : "") + message(ex)));
            if (verbose) {
                ex.printStackTrace(cmd.getErr());
            } else if (status == INTERNAL_ERROR) {
                cmd.getErr().println("(run again with --verbose for the stack trace)");
            }
            cmd.getErr().flush();
            return status;
        });
        cli.setExecutionStrategy(parsed -> {
            try {
                OutputFiles.check(parsed); // before any work, so a bad output path is not found after training
            } catch (RuntimeException e) {
                throw new CommandLine.ExecutionException(leaf(parsed).commandSpec().commandLine(), e.getMessage(), e);
            }
            return new CommandLine.RunLast().execute(parsed);
        });
        int status;
        try {
            status = cli.execute(args);
        } catch (OutOfMemoryError e) {
            // a last resort: sizes are checked before allocating, but a heap can still run out (other allocations, GC)
            String command = args.length > 0 && !args[0].startsWith("-") ? " " + args[0] : "";
            err.println(oneLine("chainrule" + command + ": ran out of Java heap (" + (Runtime.getRuntime().maxMemory() >> 20)
                    + " MiB): give Java more with -Xmx (for ./chainrule: CHAINRULE_JAVA_OPTS=-Xmx8g), or use less data or a"
                    + " smaller network"));
            if (verbose) {
                e.printStackTrace(err);
            }
            status = BAD_INPUT;
        }
        out.flush();
        err.flush();
        return status;
    }

    private static CommandLine.ParseResult leaf(CommandLine.ParseResult parsed) {
        return parsed.hasSubcommand() ? leaf(parsed.subcommand()) : parsed;
    }

    /** {@code "chainrule: "} or {@code "chainrule train: "}: the start of every error line. */
    private static String prefix(CommandLine cmd) {
        String name = cmd.getCommandName();
        return "chainrule".equals(name) ? "chainrule: " : "chainrule " + name + ": ";
    }

    /**
     * picocli's message for a command-line mistake, said plainly, with the nearest command or
     * option for a misspelt one: {@code unknown command 'trian'; did you mean train?}.
     */
    static String parameterMessage(CommandLine.ParameterException ex) {
        CommandLine cmd = ex.getCommandLine();
        if (ex instanceof CommandLine.UnmatchedArgumentException u && !u.getUnmatched().isEmpty()) {
            String typed = u.getUnmatched().get(0);
            if (typed.startsWith("-")) {
                String option = typed.contains("=") ? typed.substring(0, typed.indexOf('=')) : typed;
                List<String> names = new ArrayList<>();
                for (CommandLine.Model.OptionSpec o : cmd.getCommandSpec().options()) {
                    names.addAll(List.of(o.names()));
                }
                return "unknown option '" + option + "'" + Suggest.didYouMean(option, names);
            }
            if (!cmd.getSubcommands().isEmpty()) {
                String near = Suggest.nearest(typed, cmd.getSubcommands().keySet());
                return "unknown command '" + typed + "'" + (near == null ? "" : "; did you mean " + near + "?")
                        + " (commands: " + String.join(", ", cmd.getSubcommands().keySet()) + ")";
            }
            return "unexpected argument '" + typed + "' (options start with --)";
        }
        return ex.getMessage();
    }

    static boolean isBadInput(Throwable ex) {
        return ex instanceof IllegalArgumentException || ex instanceof IOException || ex instanceof UncheckedIOException;
    }

    /** The message a user reads: for file errors, the file and what is wrong with it. */
    static String message(Throwable ex) {
        if (ex instanceof UncheckedIOException u && u.getCause() != null) {
            return (u.getMessage() == null ? "" : u.getMessage() + ": ") + message(u.getCause());
        }
        if (ex instanceof NoSuchFileException e) {
            return e.getFile() + ": " + (e.getReason() != null ? e.getReason() : "no such file");
        }
        if (ex instanceof AccessDeniedException e) {
            return e.getFile() + ": permission denied";
        }
        if (ex instanceof FileSystemException e) {
            return e.getFile() + ": " + (e.getReason() != null ? e.getReason() : e.getClass().getSimpleName());
        }
        String m = ex.getMessage();
        return m == null || m.isBlank() ? ex.getClass().getSimpleName() : m;
    }

    /** One line of at most 300 characters (see {@link Excerpt#line}). */
    static String oneLine(String s) {
        return Excerpt.line(s);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
