package dev.chainrule.cli;

import dev.chainrule.train.Checkpointer;
import sun.misc.Signal;
import sun.misc.SignalHandler;

import java.util.ArrayList;
import java.util.List;

/**
 * While a checkpointed run trains, Ctrl-C (SIGINT) and SIGTERM ask it to write a last checkpoint
 * after the batch in progress and stop (the command then exits 130) instead of ending the JVM; a
 * second signal ends it at once. Installed only in the real process ({@link Main#main}), not when
 * the command line runs inside another program, and only when there is a checkpoint to write.
 */
final class StopSignals implements AutoCloseable {
    /** Set by {@link Main#main}: this JVM is the chainrule command, so its signals are ours. */
    static volatile boolean ownProcess;

    private final List<Signal> signals = new ArrayList<>();
    private final List<SignalHandler> previous = new ArrayList<>();

    private StopSignals() {
    }

    /** Installs the handlers for {@code checkpointer}'s run; does nothing without one. */
    static StopSignals install(Checkpointer checkpointer) {
        StopSignals s = new StopSignals();
        if (checkpointer == null || !ownProcess) {
            return s;
        }
        java.util.concurrent.atomic.AtomicBoolean asked = new java.util.concurrent.atomic.AtomicBoolean();
        SignalHandler handler = signal -> {
            if (asked.getAndSet(true)) {
                System.exit(TrainCommand.INTERRUPTED); // a second signal: stop now, the last checkpoint stays
            }
            System.err.println("chainrule train: stopping after this batch to write a last checkpoint to "
                    + checkpointer.dir() + " (Ctrl-C again to stop at once)");
            checkpointer.requestStop();
        };
        for (String name : List.of("INT", "TERM")) {
            try {
                Signal signal = new Signal(name);
                s.previous.add(Signal.handle(signal, handler));
                s.signals.add(signal);
            } catch (IllegalArgumentException e) {
                // this platform does not have the signal: the JVM's own handling stays
            }
        }
        return s;
    }

    /** Puts the previous handlers back. */
    @Override
    public void close() {
        for (int i = 0; i < signals.size(); i++) {
            Signal.handle(signals.get(i), previous.get(i));
        }
    }
}
