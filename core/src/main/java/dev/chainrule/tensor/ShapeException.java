package dev.chainrule.tensor;

/** Thrown when two tensors' shapes do not fit an operation; the message names both shapes. */
public final class ShapeException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /**
     * An exception whose message names both shapes.
     *
     * @param message the message
     */
    public ShapeException(String message) {
        super(message);
    }
}
