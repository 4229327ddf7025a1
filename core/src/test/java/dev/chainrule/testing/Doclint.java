package dev.chainrule.testing;

import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.DocumentationTool;
import javax.tools.JavaFileObject;
import javax.tools.ToolProvider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Runs the javadoc tool with every doclint check on a module's sources and returns what it
 * found: a public or protected member without a comment, an {@code @param}, {@code @return} or
 * {@code @throws}, or a malformed tag. The warning that the incubating Vector API module is in
 * use is not a finding.
 */
public final class Doclint {
    private Doclint() {
    }

    /**
     * @param sources  a module's main source folder, e.g. {@code core/src/main/java}
     * @param packages the root package, e.g. {@code dev.chainrule}
     * @return one line per finding, {@code file:line: message}; empty when the Javadoc is clean
     */
    public static List<String> findings(Path sources, String packages) {
        DocumentationTool tool = ToolProvider.getSystemDocumentationTool();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        Path out;
        try {
            out = Files.createTempDirectory("chainrule-javadoc");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            List<String> options = List.of("-Xdoclint:all", "-Xmaxwarns", "100000", "-Xmaxerrs", "100000", "-quiet",
                    "--add-modules", "jdk.incubator.vector", "-d", out.toString(), "-sourcepath", sources.toString(),
                    "-classpath", System.getProperty("java.class.path"), "-subpackages", packages);
            tool.getTask(null, null, diagnostics, null, options, null).call();
        } finally {
            delete(out);
        }
        List<String> findings = new ArrayList<>();
        for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
            String message = d.getMessage(Locale.ROOT);
            if (d.getKind() == Diagnostic.Kind.NOTE || message.contains("incubating")) {
                continue;
            }
            String file = d.getSource() == null ? "" : Path.of(d.getSource().toUri()).getFileName() + ":" + d.getLineNumber() + ": ";
            findings.add(file + message);
        }
        return findings;
    }

    private static void delete(Path folder) {
        try (Stream<Path> paths = Files.walk(folder)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary folder left behind
        }
    }
}
