package dev.chainrule.train;

import java.nio.file.Path;

/**
 * Training was asked to stop ({@link Checkpointer#requestStop}, e.g. on Ctrl-C) and stopped after
 * writing a last checkpoint; the message says where it is and how to resume.
 */
public final class TrainingInterruptedException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient Path dir;

    TrainingInterruptedException(Path dir, int epoch, int batch, int batches, long step) {
        super("stopped at epoch " + epoch + ", batch " + batch + " of " + batches + " (step " + step
                + "); wrote a last checkpoint to " + dir);
        this.dir = dir;
    }

    /**
     * The checkpoint folder.
     *
     * @return the checkpoint folder
     */
    public Path dir() {
        return dir;
    }
}
