package dev.chainrule.cli;

import dev.chainrule.io.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The reports and the explain picture opened in headless Chromium, as a reader opens them: no
 * console errors or exceptions, no request for anything but the file itself, a screenshot that
 * is not blank, and the SVG of every chart laid out with something drawn in it.
 *
 * <p>Without a Chromium these tests are skipped with a message; with
 * {@code CHAINRULE_REQUIRE_CHROMIUM=1} (as CI sets it, having installed Debian's
 * {@code chromium}) a missing browser fails them instead.
 */
class ReportInBrowserTest {
    /** Measures the page: its charts, the references in its attributes, its images and its text. */
    static final String PAGE_SCRIPT = """
            JSON.stringify((() => {
              const charts = [...document.querySelectorAll('figure.chart')].map(f => {
                const s = f.querySelector('svg');
                const r = s ? s.getBoundingClientRect() : {width: 0, height: 0};
                return {id: f.id, width: r.width, height: r.height,
                        marks: s ? s.querySelectorAll('polyline, rect, circle, polygon, line').length : 0};
              });
              const refs = [];
              for (const e of document.querySelectorAll('*')) {
                for (const a of e.attributes) {
                  if (['src', 'href', 'xlink:href', 'srcset', 'poster', 'data', 'action', 'background'].includes(a.name)) {
                    refs.push(a.value.slice(0, 40));
                  }
                }
              }
              const images = [...document.querySelectorAll('img')].map(i => ({complete: i.complete, width: i.naturalWidth}));
              const texts = [...document.querySelectorAll('text')].map(t => t.textContent);
              const root = document.documentElement.getBoundingClientRect();
              return {charts, refs, images, texts, scripts: document.querySelectorAll('script').length,
                      width: root.width, height: root.height,
                      body: document.body ? document.body.innerText : document.documentElement.textContent};
            })())""";

    @TempDir
    static Path dir;
    static HeadlessChromium browser;

    @BeforeAll
    static void start() throws Exception {
        Path chromium = HeadlessChromium.find();
        if (chromium == null) {
            String named = System.getenv("CHAINRULE_CHROMIUM");
            String message = (named == null || named.isBlank() ? "no headless Chromium on the PATH"
                    : "CHAINRULE_CHROMIUM=" + named + " is not an executable") + " (apt-get install chromium, or set"
                    + " CHAINRULE_CHROMIUM): the browser checks of the HTML report and the explain picture are skipped";
            if ("1".equals(System.getenv("CHAINRULE_REQUIRE_CHROMIUM"))) {
                fail(message.replace("are skipped", "cannot run, and CHAINRULE_REQUIRE_CHROMIUM=1 requires them"));
            }
            System.err.println("ReportInBrowserTest: " + message);
            assumeTrue(false, message);
        }
        browser = new HeadlessChromium(chromium);
    }

    @AfterAll
    static void stop() throws Exception {
        if (browser != null) {
            browser.close();
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> dom(HeadlessChromium.Page page) {
        return (Map<String, Object>) page.dom();
    }

    /** The checks every page must pass, on screen; returns what the page script measured. */
    static Map<String, Object> openCleanly(Path file, int width) throws Exception {
        return openCleanly(file, width, "screen");
    }

    /** The checks every page must pass, with CSS media {@code media}; returns what the page script measured. */
    static Map<String, Object> openCleanly(Path file, int width, String media) throws Exception {
        HeadlessChromium.Page page = browser.open(file, width, PAGE_SCRIPT, media);
        assertEquals(List.of(), page.errors(), file + ": console errors, exceptions or failed loads");
        for (String url : page.requests()) {
            assertTrue(url.equals(file.toUri().toString()) || url.startsWith("data:"),
                    file + " asked for " + url + ": a reference leaving the file");
        }
        Map<String, Object> dom = dom(page);
        for (Object ref : Json.asArray(dom.get("refs"), "refs")) {
            String r = (String) ref;
            assertTrue(r.startsWith("data:") || r.startsWith("#"), "an attribute refers outside: " + r);
        }
        assertEquals(0.0, dom.get("scripts"), "no script");
        assertNotBlank(page.screenshot(), file.getFileName().toString());
        return dom;
    }

    /** At least 2% of the pixels differ from the most common colour, in at least 8 colours. */
    static void assertNotBlank(byte[] png, String what) throws Exception {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        assertTrue(image.getWidth() >= 300 && image.getHeight() >= 200, what + ": screenshot of " + image.getWidth()
                + " x " + image.getHeight());
        Map<Integer, Integer> colours = new HashMap<>();
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                colours.merge(image.getRGB(x, y), 1, Integer::sum);
            }
        }
        int background = colours.values().stream().max(Integer::compare).orElse(0);
        double inked = 1 - (double) background / ((long) image.getWidth() * image.getHeight());
        assertTrue(inked > 0.02 && colours.size() >= 8, what + ": the screenshot is blank (" + String.format("%.4f",
                inked) + " of the pixels inked, " + colours.size() + " colours)");
    }

    static void assertEveryChartDrawn(Map<String, Object> dom, List<String> expected) {
        List<Object> charts = Json.asArray(dom.get("charts"), "charts");
        assertEquals(expected, charts.stream().map(c -> ((String) ((Map<?, ?>) c).get("id")).substring("chart-".length()))
                .toList(), "the charts present");
        for (Object o : charts) {
            Map<?, ?> c = (Map<?, ?>) o;
            assertTrue(Json.asNumber(c.get("width"), "w") > 200 && Json.asNumber(c.get("height"), "h") > 100,
                    c.get("id") + " laid out at " + c.get("width") + " x " + c.get("height"));
            assertTrue(Json.asNumber(c.get("marks"), "marks") >= 5, c.get("id") + " has nothing drawn");
        }
    }

    @Test
    void theTrainingReportOpensCleanlyWithEveryChart() throws Exception {
        Path report = dir.resolve("train.html");
        Cli.Result r = Cli.run("train", "--epochs", "3", "--hidden", "16", "--validation-fraction", "0.1",
                "--report", report.toString());
        assertEquals(0, r.status(), r.toString());
        Map<String, Object> dom = openCleanly(report, 1100);
        assertEveryChartDrawn(dom, ReportCommandTest.TRAIN_CHARTS);
        List<Object> images = Json.asArray(dom.get("images"), "images");
        assertFalse(images.isEmpty(), "the failures grid has images");
        for (Object i : images) {
            assertEquals(Boolean.TRUE, ((Map<?, ?>) i).get("complete"));
            assertEquals(8.0, ((Map<?, ?>) i).get("width"), "an 8 x 8 digit decoded from its data: URI");
        }
        String body = (String) dom.get("body");
        for (String s : List.of("Findings", "Network 64-16-10", "Confusion matrix", "Failures", "Timing and throughput",
                "After the last epoch")) {
            assertTrue(body.contains(s), s);
        }
        // as printed (A4 is about 800 CSS pixels wide): the same charts, scaled into the page
        Map<String, Object> printed = openCleanly(report, 800, "print");
        assertEveryChartDrawn(printed, ReportCommandTest.TRAIN_CHARTS);
        for (Object o : Json.asArray(printed.get("charts"), "charts")) {
            assertTrue(Json.asNumber(((Map<?, ?>) o).get("width"), "w") <= 800, "a chart wider than the printed page: " + o);
        }
    }

    @Test
    void theEvaluationReportOpensCleanly() throws Exception {
        Path model = dir.resolve("m.model");
        Path report = dir.resolve("evaluate.html");
        assertEquals(0, Cli.run("train", "--epochs", "2", "--out", model.toString()).status());
        Cli.Result r = Cli.run("evaluate", "--model", model.toString(), "--report", report.toString());
        assertEquals(0, r.status(), r.toString());
        Map<String, Object> dom = openCleanly(report, 1100);
        assertEveryChartDrawn(dom, List.of("confusion"));
        assertTrue(((String) dom.get("body")).contains("Evaluation report: m.model"));
    }

    @Test
    void theExplainPictureAndPageOpenCleanlyWithTheSeedsNumbers() throws Exception {
        Path svg = dir.resolve("seed004.svg");
        Path html = dir.resolve("seed004.html");
        Cli.Result r = ReportCommandTest.explainSeed004(svg, html);
        assertEquals(0, r.status(), r.toString());
        Map<String, Object> picture = openCleanly(svg, 1200);
        String shown = String.join(" ", Json.asStrings(picture.get("texts"), "texts"));
        for (String n : ReportCommandTest.SEED004_NUMBERS) {
            assertTrue(shown.contains(n), n + " not shown in the rendered picture");
        }
        Map<String, Object> page = openCleanly(html, 1200);
        assertEveryChartDrawn(page, List.of("network"));
        assertTrue(((String) page.get("body")).contains("1.77005547e-04"), "the tables under the picture");
    }

    /** The harness itself: a page with a console error and an outside image must fail these checks. */
    @Test
    void theChecksCatchAConsoleErrorAndAnOutsideReference() throws Exception {
        Path bad = dir.resolve("bad.html");
        Files.writeString(bad, "<!DOCTYPE html><html><body><p>bad</p><img src=\"http://192.0.2.1/x.png\">"
                + "<script>console.error('broken')</script></body></html>");
        HeadlessChromium.Page page = browser.open(bad, 800, PAGE_SCRIPT);
        assertTrue(page.errors().stream().anyMatch(e -> e.contains("broken")), page.errors().toString());
        assertTrue(page.requests().stream().anyMatch(u -> u.startsWith("http://192.0.2.1/")), page.requests().toString());
        assertFalse(SelfContained.outsideReferences(Files.readString(bad)).isEmpty());
        Path blank = dir.resolve("blank.html");
        Files.writeString(blank, "<!DOCTYPE html><html><body></body></html>");
        HeadlessChromium.Page empty = browser.open(blank, 800, PAGE_SCRIPT);
        AssertionError e = org.junit.jupiter.api.Assertions.assertThrows(AssertionError.class,
                () -> assertNotBlank(empty.screenshot(), "blank.html"));
        assertTrue(e.getMessage().contains("blank"), e.getMessage());
    }
}
