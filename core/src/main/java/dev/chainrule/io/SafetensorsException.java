package dev.chainrule.io;

import java.io.IOException;

/** A file that is not a readable safetensors file: too short, a header that does not fit, bad offsets, shapes or dtypes. */
public final class SafetensorsException extends IOException {
    private static final long serialVersionUID = 1L;

    public SafetensorsException(String message) {
        super(message);
    }
}
