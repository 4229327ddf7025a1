package dev.chainrule.onnx;

import dev.chainrule.testing.Doclint;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The ONNX module's public API has its Javadoc: no missing comment, {@code @param} or {@code @return}. */
class OnnxJavadocTest {

    @Test
    void onnxJavadocIsCleanUnderDoclint() {
        List<String> findings = Doclint.findings(Path.of("onnx/src/main/java"), "dev.chainrule.onnx");
        assertTrue(findings.isEmpty(), findings.size() + " doclint findings, e.g.:\n"
                + String.join("\n", findings.subList(0, Math.min(20, findings.size()))));
    }
}
