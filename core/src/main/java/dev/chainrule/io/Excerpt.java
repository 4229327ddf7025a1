package dev.chainrule.io;

/**
 * Values quoted in error messages, shortened so that a message stays one readable line: a
 * 50 MB string in a file is shown as its first characters and its length. Control characters
 * (line breaks, NUL) are shown as {@code \n}, {@code \u0000}, so the message stays on one line.
 */
public final class Excerpt {
    /** The most characters of a value a message quotes. */
    public static final int MAX_CHARS = 40;
    /** The most characters of a whole error line. */
    public static final int MAX_LINE = 300;

    private Excerpt() {
    }

    /**
     * {@code value} as it may appear in a message: at most {@link #MAX_CHARS} characters, then "... (N characters)".
     *
     * @param value text from the input
     * @return {@code value} as it may appear in a message: at most {@link #MAX_CHARS} characters, then "
     */
    public static String of(CharSequence value) {
        if (value == null) {
            return "null";
        }
        int n = value.length();
        int shown = n <= MAX_CHARS ? n : MAX_CHARS - 12;
        StringBuilder sb = new StringBuilder(shown + 24);
        for (int i = 0; i < shown; i++) {
            char c = value.charAt(i);
            if (c == '\n') {
                sb.append("\\n");
            } else if (c == '\r') {
                sb.append("\\r");
            } else if (c == '\t') {
                sb.append("\\t");
            } else if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0)) {
                sb.append(String.format("\\u%04x", (int) c));
            } else if (Character.isHighSurrogate(c) && i == shown - 1) {
                break; // never cut a character in two
            } else {
                sb.append(c);
            }
        }
        if (shown < n) {
            sb.append("... (").append(String.format(java.util.Locale.ROOT, "%,d", n)).append(" characters)");
        }
        return sb.toString();
    }

    /**
     * A value of which only the start is at hand (a field of a huge record), shortened as
     * {@link #of} shortens one of {@code totalLength} characters.
     *
     * @param start the value's first characters (at least {@link #MAX_CHARS} of them when it is longer)
     * @param totalLength the value's whole length
     * @return the start, then "... (N characters)" when the value is longer than {@link #MAX_CHARS}
     */
    public static String of(CharSequence start, long totalLength) {
        if (totalLength <= start.length()) {
            return of(start);
        }
        String head = of(start.subSequence(0, Math.min(start.length(), MAX_CHARS - 12)));
        return head + "... (" + String.format(java.util.Locale.ROOT, "%,d", totalLength) + " characters)";
    }

    /**
     * {@code value} in double quotes, shortened by {@link #of}.
     *
     * @param value text from the input
     * @return {@code value} in double quotes, shortened by {@link #of}
     */
    public static String quoted(CharSequence value) {
        return "\"" + of(value) + "\"";
    }

    /**
     * A message as one line of at most {@link #MAX_LINE} characters: line breaks become spaces,
     * other control characters are dropped, and a longer message keeps its start and its end
     * (where the expectation usually is) around " ... ".
     *
     * @param message the message, possibly of several lines
     * @return a message as one line of at most {@link #MAX_LINE} characters: line breaks become spaces, other control
     *         characters are dropped, and a longer message keeps its start and its end (where the expectation usually
     *         is) around "
     */
    public static String line(String message) {
        if (message == null) {
            return "";
        }
        if (message.length() > 20 * MAX_LINE) {
            message = message.substring(0, 10 * MAX_LINE) + " ... " + message.substring(message.length() - 10 * MAX_LINE);
        }
        StringBuilder sb = new StringBuilder(Math.min(message.length(), 4 * MAX_LINE));
        boolean space = false;
        for (int i = 0; i < message.length(); i++) {
            char c = message.charAt(i);
            if (c == '\n' || c == '\r' || c == '\t' || c == ' ') {
                space = sb.length() > 0;
                continue;
            }
            if (c < 0x20 || c == 0x7f) {
                continue;
            }
            if (space) {
                sb.append(' ');
                space = false;
            }
            sb.append(c);
        }
        String s = sb.toString();
        if (s.length() <= MAX_LINE) {
            return s;
        }
        int head = MAX_LINE * 2 / 3 - 3;
        int tail = s.length() - (MAX_LINE - head - 5);
        if (Character.isHighSurrogate(s.charAt(head - 1))) {
            head--;
        }
        if (Character.isLowSurrogate(s.charAt(tail))) {
            tail++;
        }
        return s.substring(0, head) + " ... " + s.substring(tail);
    }
}
