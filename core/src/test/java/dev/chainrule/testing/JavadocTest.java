package dev.chainrule.testing;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The library's public API has its Javadoc: no missing comment, {@code @param} or {@code @return}. */
class JavadocTest {

    @Test
    void coreJavadocIsCleanUnderDoclint() {
        List<String> findings = Doclint.findings(Path.of("core/src/main/java"), "dev.chainrule");
        assertTrue(findings.isEmpty(), findings.size() + " doclint findings, e.g.:\n"
                + String.join("\n", findings.subList(0, Math.min(20, findings.size()))));
    }
}
