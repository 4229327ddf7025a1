package dev.chainrule.io;

import java.io.IOException;

/** A file that is not a readable safetensors file: too short, a header that does not fit, bad offsets, shapes or dtypes. */
public final class SafetensorsException extends IOException {
    private static final long serialVersionUID = 1L;

    /**
     * An exception with a one-line message naming the file and what is wrong with it.
     *
     * @param message the message
     */
    public SafetensorsException(String message) {
        super(message);
    }
}
