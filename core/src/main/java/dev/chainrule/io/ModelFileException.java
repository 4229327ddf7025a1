package dev.chainrule.io;

import java.io.IOException;

/** A file that is not a readable chainrule model: foreign, truncated, damaged, or from a newer version. */
public final class ModelFileException extends IOException {
    private static final long serialVersionUID = 1L;

    /**
     * An exception with a one-line message naming the file and what is wrong with it.
     *
     * @param message the message
     */
    public ModelFileException(String message) {
        super(message);
    }
}
