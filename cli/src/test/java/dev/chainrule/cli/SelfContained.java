package dev.chainrule.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads an HTML or SVG file's text for anything that would make a browser fetch something from
 * outside it: a script, a style sheet or frame, a {@code src}, {@code href} or CSS {@code url()}
 * that is not a {@code data:} URI or an in-page {@code #anchor}, or any {@code http:} address
 * (the SVG namespace name, which is never fetched, excepted).
 */
final class SelfContained {
    private static final Pattern ATTRIBUTE = Pattern.compile(
            "\\s(src|href|xlink:href|srcset|poster|data|action|background|formaction)\\s*=\\s*(\"[^\"]*\"|'[^']*'|[^\\s>]+)",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern CSS_URL = Pattern.compile("url\\(\\s*['\"]?([^'\")]*)", Pattern.CASE_INSENSITIVE);
    private static final Pattern ADDRESS = Pattern.compile("(https?|ftp|wss?):|//[a-z0-9.-]+\\.[a-z]{2,}/",
            Pattern.CASE_INSENSITIVE);
    private static final String SVG_NAMESPACE = "xmlns=\"http://www.w3.org/2000/svg\"";

    private SelfContained() {
    }

    /** What in {@code text} refers outside the file; empty when nothing does. */
    static List<String> outsideReferences(String text) {
        List<String> found = new ArrayList<>();
        String lower = text.toLowerCase(java.util.Locale.ROOT);
        for (String tag : List.of("<script", "<link", "<iframe", "<object", "<embed", "<base", "@import", "<meta http-equiv")) {
            if (lower.contains(tag)) {
                found.add(tag);
            }
        }
        Matcher m = ATTRIBUTE.matcher(text);
        while (m.find()) {
            String value = m.group(2).replaceAll("^[\"']|[\"']$", "").trim();
            if (!value.startsWith("data:") && !value.startsWith("#")) {
                found.add(m.group(1) + "=" + value);
            }
        }
        Matcher u = CSS_URL.matcher(text);
        while (u.find()) {
            String value = u.group(1).trim();
            if (!value.startsWith("data:") && !value.startsWith("#")) {
                found.add("url(" + value + ")");
            }
        }
        Matcher a = ADDRESS.matcher(text.replace(SVG_NAMESPACE, ""));
        while (a.find()) {
            int from = Math.max(0, a.start() - 30);
            found.add("address near: " + text.substring(from, Math.min(text.length(), a.end() + 30)));
        }
        return found;
    }
}
