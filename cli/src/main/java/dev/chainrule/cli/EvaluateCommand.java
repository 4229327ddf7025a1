package dev.chainrule.cli;
import picocli.CommandLine.Command;
@Command(name = "evaluate")
final class EvaluateCommand implements Runnable { public void run() { } }
