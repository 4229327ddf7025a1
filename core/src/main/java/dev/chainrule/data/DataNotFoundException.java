package dev.chainrule.data;

/**
 * A data set that is not where it was looked for: the message lists every place tried and how
 * to get the data. An {@link IllegalArgumentException}, so the command line reports it as bad
 * input (exit status 2).
 */
public class DataNotFoundException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /**
     * An exception with a message saying where the data was looked for and how to get it.
     *
     * @param message the message
     */
    public DataNotFoundException(String message) {
        super(message);
    }
}
