package dev.chainrule.cli.report;

import java.util.List;

/** HTML pieces shared by the report and the explain page: the document frame, its style, tables. */
final class Html {
    /** The style of every page: plain, readable on screen and on paper, no web fonts or images. */
    static final String STYLE = """
            body{font-family:'DejaVu Sans',Verdana,Arial,sans-serif;margin:0 auto;max-width:1000px;padding:12px 24px;\
            color:#111;line-height:1.45;background:#fff}
            h1{font-size:1.6em;margin:.3em 0 .1em}
            h2{font-size:1.25em;border-bottom:2px solid #ccc;padding-bottom:2px;margin-top:1.8em}
            h3{font-size:1.05em;margin-bottom:.3em}
            p.meta{color:#555;margin-top:0}
            code{font-family:'DejaVu Sans Mono',monospace;font-size:.92em;background:#f3f3f3;padding:0 3px}
            nav{margin:.6em 0 1em}
            nav a{margin-right:1.1em}
            table{border-collapse:collapse;margin:.5em 0 1em;font-size:.92em}
            th,td{border:1px solid #c8c8c8;padding:3px 8px;text-align:right;vertical-align:top}
            th{background:#f2f2f2}
            th:first-child,td:first-child,td.text,th.text{text-align:left}
            tr.sum td{font-weight:bold}
            .finding{border-left:6px solid #d55e00;background:#fff4ec;padding:6px 12px;margin:8px 0}
            .healthy{border-left:6px solid #009e73;background:#ecf9f3;padding:6px 12px;margin:8px 0}
            .note{color:#444;font-style:italic}
            figure.chart{margin:14px 0;break-inside:avoid}
            figure.chart svg{max-width:100%;height:auto}
            figure.chart figcaption{font-size:.9em;color:#333;max-width:760px}
            .failures{display:flex;flex-wrap:wrap;gap:8px}
            .failures figure{margin:0;text-align:center;font-size:12px;width:78px}
            .failures img{width:64px;height:64px;image-rendering:pixelated;border:1px solid #999}
            .pred{color:#b3261e;font-weight:bold}
            td.bad{background:#ffe3d6}
            details summary{cursor:pointer;color:#0b5394}
            @media print{nav{display:none}body{max-width:none;padding:0}h2{break-after:avoid}\
            figure,table,.finding{break-inside:avoid}details>summary{display:none}}
            """;

    /** Cells that look like this are numbers and align right; others are text and align left. */
    private static final java.util.regex.Pattern NUMBER = java.util.regex.Pattern.compile("[-+]?[0-9][0-9,.]*(e[-+]?[0-9]+)?%?|-");

    private Html() {
    }

    /** Opens a document: doctype, head with the title and style, body. */
    static StringBuilder page(String title) {
        StringBuilder b = new StringBuilder(64 * 1024);
        b.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>").append(Svg.escape(title)).append("</title>\n<style>\n").append(STYLE)
                .append("</style>\n</head>\n<body>\n");
        return b;
    }

    static String end() {
        return "</body>\n</html>\n";
    }

    static String esc(String s) {
        return Svg.escape(s);
    }

    /**
     * A table: a header row, then rows of cells (escaped). A cell starting with {@code "!"} is
     * marked as a problem (shaded); the mark is not shown.
     */
    static void table(StringBuilder b, String cssClass, List<String> header, List<List<String>> rows) {
        b.append("<table").append(cssClass == null ? "" : " class=\"" + cssClass + "\"").append("><thead><tr>");
        for (String h : header) {
            b.append("<th>").append(esc(h)).append("</th>");
        }
        b.append("</tr></thead><tbody>\n");
        for (List<String> row : rows) {
            b.append("<tr>");
            for (String cell : row) {
                if (cell.startsWith("!")) {
                    b.append("<td class=\"bad\">").append(esc(cell.substring(1))).append("</td>");
                } else if (cell.isEmpty() || NUMBER.matcher(cell).matches()) {
                    b.append("<td>").append(esc(cell)).append("</td>");
                } else {
                    b.append("<td class=\"text\">").append(esc(cell)).append("</td>");
                }
            }
            b.append("</tr>\n");
        }
        b.append("</tbody></table>\n");
    }

    /** A two-column table of labels and values. */
    static void items(StringBuilder b, List<TrainingReport.Item> items) {
        b.append("<table class=\"items\"><tbody>\n");
        for (TrainingReport.Item item : items) {
            b.append("<tr><th class=\"text\">").append(esc(item.label())).append("</th><td class=\"text\">")
                    .append(esc(item.value())).append("</td></tr>\n");
        }
        b.append("</tbody></table>\n");
    }

    /** A chart in a figure with an id (for links and tests) and a caption. */
    static void chart(StringBuilder b, String id, String svg, String caption) {
        b.append("<figure class=\"chart\" id=\"chart-").append(id).append("\">\n").append(svg).append('\n');
        if (caption != null) {
            b.append("<figcaption>").append(esc(caption)).append("</figcaption>\n");
        }
        b.append("</figure>\n");
    }
}
