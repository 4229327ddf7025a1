package dev.chainrule.cli;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code train --report}, {@code evaluate --report} and {@code explain --svg/--html} as files:
 * what they contain, that nothing in them refers outside, and that the report's flags are raised
 * by the runs that should raise them. (The browser opens them in {@link ReportInBrowserTest}.)
 */
class ReportCommandTest {
    /** Every chart a classification run's report draws, by id. */
    static final List<String> TRAIN_CHARTS = List.of("loss", "accuracy", "batch-loss", "batch-accuracy", "learning-rate",
            "confusion",
            "update-ratio", "output-mean", "output-spread", "gradient-spread", "unit-health");

    @TempDir
    static Path dir;
    static Path trainReport;
    static Path evaluateReport;
    static Cli.Result train;

    @BeforeAll
    static void trainOnce() {
        trainReport = dir.resolve("train.html");
        evaluateReport = dir.resolve("evaluate.html");
        Path model = dir.resolve("digits.model");
        train = Cli.run("train", "--epochs", "3", "--hidden", "16", "--validation-fraction", "0.1", "--out",
                model.toString(), "--report", trainReport.toString(), "--json");
        Cli.run("evaluate", "--model", model.toString(), "--report", evaluateReport.toString());
    }

    /** The findings paragraphs of a report, for messages. */
    static String findings(String html) {
        StringBuilder b = new StringBuilder();
        Matcher m = Pattern.compile("<p class=\"(finding|healthy)\"[^>]*>([^<]*)</p>").matcher(html);
        while (m.find()) {
            b.append(m.group(2)).append('\n');
        }
        return b.toString();
    }

    static List<String> chartIds(String html) {
        List<String> ids = new ArrayList<>();
        Matcher m = Pattern.compile("<figure class=\"chart\" id=\"chart-([a-z-]+)\">").matcher(html);
        while (m.find()) {
            ids.add(m.group(1));
        }
        return ids;
    }

    @Test
    void trainReportHasEverySectionAndChart() throws Exception {
        assertEquals(0, train.status(), train.toString());
        assertTrue(train.out().contains("wrote " + trainReport), train.out());
        assertEquals(trainReport.toString(), train.json().get("report"));
        String html = Files.readString(trainReport);
        for (String id : List.of("findings", "settings", "curves", "results", "failures", "timing", "layers")) {
            assertTrue(html.contains("id=\"" + id + "\""), "section " + id);
        }
        assertEquals(TRAIN_CHARTS, chartIds(html));
        // validation on a part of the training set: the test part is measured after every epoch too
        assertTrue(html.contains("test (after the epoch)") && html.contains("validation (after the epoch)"), "curves");
        assertTrue(html.contains("<th>test loss</th>") && html.contains("<th>validation loss</th>"), "epoch table");
        for (String s : List.of("weight [64, 16]", "bias [1, 16]", "1,210", "SGD(lr=0.1)", "validation examples",
                "macro average", "examples per second", "data:image/png;base64,", "update ratio (log10)")) {
            assertTrue(html.contains(s), s);
        }
        assertEquals(List.of(), SelfContained.outsideReferences(html));
    }

    @Test
    void evaluateReportHasWhatApplies() throws Exception {
        String html = Files.readString(evaluateReport);
        assertEquals(List.of("confusion"), chartIds(html));
        for (String s : List.of("id=\"settings\"", "id=\"results\"", "id=\"failures\"", "id=\"timing\"",
                "predictions", "no training curves", "weight [64, 16]")) {
            assertTrue(html.contains(s), s);
        }
        assertFalse(html.contains("id=\"findings\""), "no training to judge");
        assertEquals(List.of(), SelfContained.outsideReferences(html));
    }

    @Test
    void aSigmoidNetworkWithLearningRate10GetsItsUpdateRatioFlagged() throws Exception {
        Path report = dir.resolve("sigmoid.html");
        Cli.Result r = Cli.run("train", "--activation", "sigmoid", "--lr", "10", "--epochs", "5", "--report",
                report.toString());
        assertEquals(0, r.status(), r.toString());
        String html = Files.readString(report);
        assertTrue(html.contains("data-kind=\"update_ratio_high\""), findings(html));
        assertTrue(html.contains("data-kind=\"saturated_units\""), "saturated sigmoid units flagged");
        assertTrue(html.contains("learning rate (10) is probably too high"), findings(html));
        assertFalse(html.contains("data-kind=\"inactive_units\""));
    }

    @Test
    void aReluNetworkWithBadInitializationGetsItsDeadUnitsFlagged() throws Exception {
        Path report = dir.resolve("dead.html");
        Cli.Result r = Cli.run("train", "--network", "examples/networks/digits-dead-relu.json", "--epochs", "3",
                "--report", report.toString());
        assertEquals(0, r.status(), r.toString());
        String html = Files.readString(report);
        assertTrue(html.contains("data-kind=\"inactive_units\""), "dead units flagged");
        assertTrue(html.contains("Layer 2 (relu): 50 of its 50 units (100%) never fired"), findings(html));
        assertFalse(html.contains("data-kind=\"update_ratio_high\""));
        // all-zero weights: every weighted sum is 0, so no ReLU unit ever fires
        Path zeros = dir.resolve("zeros.html");
        assertEquals(0, Cli.run("train", "--init", "zeros", "--epochs", "2", "--report", zeros.toString()).status());
        assertTrue(Files.readString(zeros).contains("data-kind=\"inactive_units\""), findings(Files.readString(zeros)));
    }

    @Test
    void aHealthyRunIsNotFlagged() throws Exception {
        Path report = dir.resolve("healthy.html");
        Cli.Result r = Cli.run("train", "--epochs", "8", "--report", report.toString());
        assertEquals(0, r.status(), r.toString());
        String html = Files.readString(report);
        assertTrue(html.contains("Nothing looks wrong"), findings(html));
        assertFalse(html.contains("class=\"finding\""));
    }

    @Test
    void aDivergedRunStillGetsItsReport() throws Exception {
        Path report = dir.resolve("diverged.html");
        Cli.Result r = Cli.run("train", "--lr", "1e6", "--epochs", "2", "--report", report.toString());
        assertEquals(TrainCommand.DIVERGED, r.status(), r.toString());
        String html = Files.readString(report);
        assertTrue(html.contains("data-kind=\"diverged\""), findings(html));
        assertTrue(html.contains("Training diverged, so the report has no results"), "note");
        assertEquals(List.of(), SelfContained.outsideReferences(html));
    }

    /** The explain picture of seed 004's network, as README's command makes it. */
    static Cli.Result explainSeed004(Path svg, Path html) {
        List<String> args = new ArrayList<>(List.of("explain", "--network", ExplainCommandTest.SEED004, "--input",
                "0.5,0.1,-0.2", "--target", "0.6", "--lr", "0.5", "--svg", svg.toString()));
        if (html != null) {
            args.add("--html");
            args.add(html.toString());
        }
        return Cli.run(args.toArray(new String[0]));
    }

    /** The seed's printed numbers (weight steps), and the rest of the step worked out in README's tables. */
    static final List<String> SEED004_NUMBERS = List.of("0.00804047", "0.00555918", "1.77005547e-04", "-5.11178506e-04",
            "3.54011093e-05", "-1.02235701e-04", "-7.08022187e-05", "2.04471402e-04", "0.24", "-0.46", "0.55971365",
            "0.38698582", "7.08022187e-04", "-0.00204471", "0.02873067", "0.11502657", "-0.06012438", "0.48497343",
            "0.00661556", "0.50017701", "-0.60051118", "0.10804047", "-0.29444082");

    /** The words of every text element of an SVG document. */
    static List<String> svgWords(String svg) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        Document doc = f.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
        NodeList texts = doc.getElementsByTagNameNS("http://www.w3.org/2000/svg", "text");
        List<String> words = new ArrayList<>();
        for (int i = 0; i < texts.getLength(); i++) {
            for (String w : texts.item(i).getTextContent().split("[\\s()=,]+")) {
                if (!w.isEmpty()) {
                    words.add(w);
                }
            }
        }
        return words;
    }

    @Test
    void explainSvgOfSeed004ShowsTheSeedsNumbersAsText() throws Exception {
        Path svg = dir.resolve("seed004.svg");
        Path html = dir.resolve("seed004.html");
        Cli.Result r = explainSeed004(svg, html);
        assertEquals(0, r.status(), r.toString());
        assertTrue(r.out().contains("wrote " + svg) && r.out().contains("wrote " + html), r.out());
        String text = Files.readString(svg);
        assertTrue(text.startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\""), "a standalone SVG file");
        List<String> words = svgWords(text);
        for (String n : SEED004_NUMBERS) {
            assertTrue(words.contains(n), n + " is not a word of the picture's text: " + words);
        }
        for (String s : List.of("input", "hidden", "output", "f(h)", "\u03b4", "\u0394w", "sigmoid")) {
            assertTrue(text.contains(s), s);
        }
        assertEquals(List.of(), SelfContained.outsideReferences(text));
        String page = Files.readString(html);
        assertTrue(page.contains("<svg ") && !page.contains("xmlns=\""), "inline SVG in the page");
        for (String n : SEED004_NUMBERS) {
            assertTrue(page.contains(n), n);
        }
        assertEquals(List.of(), SelfContained.outsideReferences(page));
    }

    @Test
    void explainSvgOfSeed003ShowsItsBiasesAndUpdatedWeights() throws Exception {
        Path svg = dir.resolve("seed003.svg");
        Cli.Result r = Cli.run("explain", "--network", ExplainCommandTest.SEED003, "--input", "1,0", "--target", "0",
                "--lr", "1", "--svg", svg.toString());
        assertEquals(0, r.status(), r.toString());
        List<String> words = svgWords(Files.readString(svg));
        // the seed: error terms -0.148, -0.047, 0.074; updated (2.870, -2.074, -1.148), (1.953, -2, -0.047), (1.074, 3, -0.926)
        for (String n : List.of("-0.14802028", "-0.04662354", "0.07401014", "2.86962417", "-2.07401014", "-1.14802028",
                "1.95337646", "-0.04662354", "1.07401014", "-0.92598986")) {
            assertTrue(words.contains(n), n + " missing from " + words);
        }
    }

    @Test
    void explainRefusesToDrawALargeNetworkWithOneLine() {
        Path svg = dir.resolve("big.svg");
        String input = String.join(",", java.util.Collections.nCopies(64, "0.5"));
        Cli.Result r = Cli.run("explain", "--network", "examples/networks/digits-tanh.json", "--input", input,
                "--target", "0,1,0,0,0,0,0,0,0,0", "--svg", svg.toString());
        assertEquals(Main.BAD_INPUT, r.status(), r.toString());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains("digits-tanh.json has 106 inputs and units; the picture draws at most 32"), r.err());
        assertFalse(Files.exists(svg), "nothing written");
        assertEquals("", r.out(), "no tables either: the command stopped at the bad option");
    }

    @Test
    void explainRefusesToDrawALayerItCannotDrawWithOneLine() throws Exception {
        Path net = dir.resolve("conv.json");
        Files.writeString(net, "{\"input\": [1, 2, 2], \"layers\": [{\"conv2d\": 1, \"kernel\": 1}, {\"flatten\": true},"
                + " {\"dense\": 1}], \"loss\": \"half-sse\"}");
        Path svg = dir.resolve("conv.svg");
        Cli.Result r = Cli.run("explain", "--network", net.toString(), "--input", "1,0,0.5,-1", "--target", "1",
                "--svg", svg.toString());
        assertEquals(Main.BAD_INPUT, r.status(), r.toString());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains("conv.json: layer 1 (conv2d) cannot be drawn"), r.err());
        assertFalse(Files.exists(svg), "nothing written");
        assertEquals(0, Cli.run("explain", "--network", net.toString(), "--input", "1,0,0.5,-1", "--target", "1")
                .status(), "the tables trace it");
    }

    @Test
    void explainNeverWritesOverTheNetworkFile() throws Exception {
        Path copy = dir.resolve("net.json");
        Files.copy(Path.of(ExplainCommandTest.SEED004), copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        byte[] before = Files.readAllBytes(copy);
        Cli.Result r = Cli.run("explain", "--network", copy.toString(), "--input", "0.5,0.1,-0.2", "--target", "0.6",
                "--svg", copy.toString());
        assertEquals(Main.BAD_INPUT, r.status(), r.toString());
        assertTrue(r.err().contains("is the --network file, an input of this run"), r.err());
        assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(copy)));
    }
}
