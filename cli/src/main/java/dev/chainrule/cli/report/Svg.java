package dev.chainrule.cli.report;

import java.util.Locale;

/**
 * A small SVG writer: elements with attributes, escaped text, coordinates with one decimal.
 * Text stays text (selectable, searchable, sharp when printed); nothing refers outside the
 * document.
 */
final class Svg {
    static final String FONT = "DejaVu Sans, Verdana, Arial, sans-serif";
    private final StringBuilder out = new StringBuilder();

    /**
     * Opens an {@code svg} element of the given size. {@code standalone} adds the namespace a
     * separate {@code .svg} file needs (inline SVG in HTML does without it).
     */
    Svg(double width, double height, boolean standalone, String label) {
        out.append("<svg");
        if (standalone) {
            out.append(" xmlns=\"http://www.w3.org/2000/svg\"");
        }
        out.append(" width=\"").append(num(width)).append("\" height=\"").append(num(height))
                .append("\" viewBox=\"0 0 ").append(num(width)).append(' ').append(num(height))
                .append("\" role=\"img\" font-family=\"").append(FONT).append("\">");
        out.append("<title>").append(escape(label)).append("</title>");
        out.append("<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>");
    }

    /** An element with attributes given as name, value pairs; {@code text} (escaped) inside, or self-closed when null. */
    Svg element(String tag, String text, Object... attributes) {
        out.append('<').append(tag);
        attributes(attributes);
        if (text == null) {
            out.append("/>");
        } else {
            out.append('>').append(escape(text)).append("</").append(tag).append('>');
        }
        return this;
    }

    /** Opens an element (close it with {@link #close}). */
    Svg open(String tag, Object... attributes) {
        out.append('<').append(tag);
        attributes(attributes);
        out.append('>');
        return this;
    }

    Svg close(String tag) {
        out.append("</").append(tag).append('>');
        return this;
    }

    /** A tooltip for the enclosing element: browsers show it on hover, with no script. */
    Svg title(String text) {
        out.append("<title>").append(escape(text)).append("</title>");
        return this;
    }

    /** Text anchored at (x, y); {@code anchor} is start, middle or end. */
    Svg text(double x, double y, String text, double size, String anchor, Object... more) {
        Object[] attributes = new Object[8 + more.length];
        attributes[0] = "x";
        attributes[1] = x;
        attributes[2] = "y";
        attributes[3] = y;
        attributes[4] = "font-size";
        attributes[5] = size;
        attributes[6] = "text-anchor";
        attributes[7] = anchor;
        System.arraycopy(more, 0, attributes, 8, more.length);
        return element("text", text, attributes);
    }

    Svg line(double x1, double y1, double x2, double y2, String stroke, double width, Object... more) {
        Object[] attributes = new Object[12 + more.length];
        Object[] base = {"x1", x1, "y1", y1, "x2", x2, "y2", y2, "stroke", stroke, "stroke-width", width};
        System.arraycopy(base, 0, attributes, 0, base.length);
        System.arraycopy(more, 0, attributes, 12, more.length);
        return element("line", null, attributes);
    }

    /** The document, closed. */
    String finish() {
        return out.append("</svg>").toString();
    }

    private void attributes(Object[] attributes) {
        if (attributes.length % 2 != 0) {
            throw new IllegalArgumentException("attributes come in name, value pairs");
        }
        for (int i = 0; i < attributes.length; i += 2) {
            Object v = attributes[i + 1];
            if (v == null) {
                continue;
            }
            out.append(' ').append(attributes[i]).append("=\"")
                    .append(v instanceof Double d ? num(d) : escape(String.valueOf(v))).append('"');
        }
    }

    /** A coordinate: at most one decimal, no trailing zero. */
    static String num(double v) {
        if (!Double.isFinite(v)) {
            throw new IllegalArgumentException("not a finite coordinate: " + v);
        }
        long tenths = Math.round(v * 10);
        return tenths % 10 == 0 ? Long.toString(tenths / 10) : String.format(Locale.ROOT, "%.1f", tenths / 10.0);
    }

    /** Escapes text for XML and HTML: ampersand, angle brackets and quotes. */
    static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    /** Approximate width of {@code text} at {@code size} pixels in a sans-serif font, for layout. */
    static double textWidth(String text, double size) {
        return text.length() * size * 0.62;
    }
}
