package dev.chainrule.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The {@code ./chainrule} wrapper, run with a stand-in {@code java} (so nothing is built): it
 * drops only the incubator warning, passes NUL bytes through as text, returns java's exit status,
 * and has written all of java's standard error by the time it exits.
 */
class WrapperScriptTest {

    @Test
    void stderrIsFilteredAsTextAndCompleteWhenTheWrapperExits(@TempDir Path dir) throws Exception {
        Path script = Files.isRegularFile(Path.of("chainrule")) ? Path.of("chainrule") : Path.of("../chainrule");
        assumeTrue(Files.isRegularFile(script) && Files.isExecutable(Path.of("/bin/bash")), "needs bash and the wrapper");
        Path root = Files.createDirectories(dir.resolve("root"));
        Files.copy(script, root.resolve("chainrule"));
        Path jar = Files.createDirectories(root.resolve("cli/target")).resolve("chainrule.jar");
        Files.writeString(jar, "not a jar: the stand-in java never opens it");
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path java = bin.resolve("java");
        Files.writeString(java, String.join("\n",
                "#!/bin/bash",
                "if [ \"$3\" = -version ]; then exit 0; fi",
                "echo 'WARNING: Using incubator modules: jdk.incubator.vector' >&2",
                "echo 'to stdout'",
                "printf 'a line with a NUL \\000 byte\\n' >&2",
                "for i in $(seq 1 20000); do echo \"line $i\"; done >&2",
                "echo 'chainrule train: the last line' >&2",
                "exit 2", ""));
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path err = dir.resolve("err.txt");
        ProcessBuilder pb = new ProcessBuilder("/bin/bash", root.resolve("chainrule").toString(), "train")
                .redirectError(err.toFile()).redirectOutput(dir.resolve("out.txt").toFile());
        Map<String, String> env = pb.environment();
        env.put("PATH", bin + ":" + env.getOrDefault("PATH", "/usr/bin:/bin"));
        int status = pb.start().waitFor();
        List<String> lines = Files.readAllLines(err, StandardCharsets.ISO_8859_1); // read at once: nothing may still be arriving
        assertEquals(2, status);
        assertEquals("to stdout", Files.readString(dir.resolve("out.txt")).strip());
        assertFalse(lines.stream().anyMatch(l -> l.startsWith("WARNING: Using incubator")), lines.get(0));
        assertEquals("a line with a NUL \u0000 byte", lines.get(0));
        assertEquals("chainrule train: the last line", lines.get(lines.size() - 1));
        assertEquals(20002, lines.size());
        assertTrue(Files.exists(root.resolve("cli/target/.vector-api")));
    }

    @Test
    void aSignalToTheWrapperReachesJavaWhoseMessageAndStatusComeBack(@TempDir Path dir) throws Exception {
        Path script = Files.isRegularFile(Path.of("chainrule")) ? Path.of("chainrule") : Path.of("../chainrule");
        assumeTrue(Files.isRegularFile(script) && Files.isExecutable(Path.of("/bin/bash")), "needs bash and the wrapper");
        Path root = Files.createDirectories(dir.resolve("root"));
        Files.copy(script, root.resolve("chainrule"));
        Files.writeString(Files.createDirectories(root.resolve("cli/target")).resolve("chainrule.jar"), "not a jar");
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path standIn = bin.resolve("java");
        // stands in for Main: SIGTERM gives its message and 130; it writes its pid so the test can see it end
        Files.writeString(standIn, String.join("\n",
                "#!/bin/bash",
                "if [ \"$3\" = -version ]; then exit 0; fi",
                "trap 'echo \"chainrule train: interrupted (Ctrl-C or a signal) before it finished\" >&2; exit 130' TERM",
                "echo $$ > \"" + dir.resolve("java.pid") + "\"",
                "echo started",
                "while :; do sleep 0.05; done", ""));
        Files.setPosixFilePermissions(standIn, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path err = dir.resolve("err.txt");
        ProcessBuilder pb = new ProcessBuilder("/bin/bash", root.resolve("chainrule").toString(), "train")
                .redirectError(err.toFile());
        pb.environment().put("PATH", bin + ":" + pb.environment().getOrDefault("PATH", "/usr/bin:/bin"));
        Process wrapper = pb.start();
        try (var out = new java.io.BufferedReader(new java.io.InputStreamReader(wrapper.getInputStream()))) {
            assertEquals("started", out.readLine());
            wrapper.destroy(); // SIGTERM to the wrapper alone, as a process manager or `timeout` sends it
            assertTrue(wrapper.waitFor(30, java.util.concurrent.TimeUnit.SECONDS), "the wrapper ended");
        } finally {
            wrapper.destroyForcibly();
        }
        assertEquals(130, wrapper.exitValue());
        assertEquals(List.of("chainrule train: interrupted (Ctrl-C or a signal) before it finished"),
                Files.readAllLines(err));
        long pid = Long.parseLong(Files.readString(dir.resolve("java.pid")).strip());
        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "java was not left running");
    }
}
