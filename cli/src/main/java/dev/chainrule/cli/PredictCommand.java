package dev.chainrule.cli;
import picocli.CommandLine.Command;
@Command(name = "predict")
final class PredictCommand implements Runnable { public void run() { } }
