package dev.chainrule.cli;

import picocli.CommandLine.Option;

/** {@code --verbose}, shared by every command: stack traces on errors (read by {@link Main}) and more detail. */
final class VerboseOption {
    @Option(names = "--verbose", description = "print the stack trace of an error")
    boolean verbose;
}
