package dev.chainrule.cli;

import dev.chainrule.io.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Headless Chromium driven over the DevTools protocol, for tests that open a report as a reader
 * would.
 *
 * <p>Why this way: Chromium's {@code --screenshot} and {@code --dump-dom} switches give a picture
 * and the DOM but not the console, the page's exceptions or the requests it made; chromedriver
 * would add a second package and a WebDriver client dependency. The DevTools protocol gives all
 * of it from the one {@code chromium} package, over a WebSocket that the JDK's own HTTP client
 * speaks, with JSON read by chainrule's own parser: no new dependency. The browser is started
 * with its port chosen by the system and read back from {@code DevToolsActivePort} in a fresh
 * profile folder, which is deleted afterwards.
 */
final class HeadlessChromium implements AutoCloseable {
    /** The switches a root user in a container needs, and none that reach the network on their own. */
    static final List<String> FLAGS = List.of("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
            "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--hide-scrollbars", "--mute-audio", "--disable-extensions", "--remote-debugging-address=127.0.0.1");
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    /**
     * What a page did when it was opened.
     *
     * @param errors     console errors, uncaught exceptions and error log entries
     * @param requests   every URL the page asked for (the page's own file included)
     * @param screenshot the whole page as PNG
     * @param dom        what {@code script} returned, parsed from JSON
     */
    record Page(List<String> errors, List<String> requests, byte[] screenshot, Object dom) {
    }

    private final Process process;
    private final Path profile;
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<Map<String, Object>>> pending = new ConcurrentHashMap<>();
    private final List<Map<String, Object>> events = new CopyOnWriteArrayList<>();

    /**
     * The browser named by {@code CHAINRULE_CHROMIUM}, or the first of chromium, chromium-browser,
     * google-chrome on the PATH; null when there is none (or the one named is not an executable).
     */
    static Path find() {
        String given = System.getenv("CHAINRULE_CHROMIUM");
        if (given != null && !given.isBlank()) {
            return Files.isExecutable(Path.of(given)) ? Path.of(given) : null;
        }
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String name : List.of("chromium", "chromium-browser", "google-chrome")) {
            for (String dir : path.split(java.io.File.pathSeparator)) {
                Path p = Path.of(dir, name);
                if (Files.isExecutable(p)) {
                    return p;
                }
            }
        }
        return null;
    }

    HeadlessChromium(Path browser) throws Exception {
        profile = Files.createTempDirectory("chainrule-chromium-");
        List<String> command = new ArrayList<>();
        command.add(browser.toString());
        command.addAll(FLAGS);
        command.add("--user-data-dir=" + profile);
        command.add("--remote-debugging-port=0");
        command.add("about:blank");
        process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(profile.resolve("chromium.log").toFile()).start();
        Path portFile = profile.resolve("DevToolsActivePort");
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        List<String> lines = List.of();
        while (lines.size() < 2) {
            if (!process.isAlive()) {
                throw new IOException(browser + " exited with status " + process.exitValue() + ": " + log());
            }
            if (System.nanoTime() > deadline) {
                throw new IOException(browser + " did not open its DevTools port in " + TIMEOUT.toSeconds() + " s: " + log());
            }
            Thread.sleep(50);
            if (Files.exists(portFile)) {
                lines = Files.readAllLines(portFile);
            }
        }
        URI uri = URI.create("ws://127.0.0.1:" + lines.get(0).trim() + lines.get(1).trim());
        socket = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(TIMEOUT)
                .buildAsync(uri, new Listener()).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }

    private String log() {
        try {
            String text = Files.readString(profile.resolve("chromium.log"));
            return text.length() > 2000 ? text.substring(text.length() - 2000) : text;
        } catch (IOException e) {
            return "(no log)";
        }
    }

    /** {@link #open(Path, int, String, String)} on screen. */
    Page open(Path file, int width, String script) throws Exception {
        return open(file, width, script, "screen");
    }

    /**
     * Opens {@code file} in a new tab of {@code width} CSS pixels with the CSS media type
     * {@code media} ({@code screen} or {@code print}), waits for it to load, runs {@code script}
     * (an expression whose value is a JSON string), takes a screenshot of the whole page, and
     * closes the tab.
     */
    Page open(Path file, int width, String script, String media) throws Exception {
        String target = (String) call(null, "Target.createTarget", Map.of("url", "about:blank")).get("targetId");
        String session = (String) call(null, "Target.attachToTarget", Map.of("targetId", target, "flatten", true))
                .get("sessionId");
        try {
            for (String domain : List.of("Page", "Runtime", "Log", "Network")) {
                call(session, domain + ".enable", Map.of());
            }
            call(session, "Emulation.setDeviceMetricsOverride", Map.of("width", width, "height", 900,
                    "deviceScaleFactor", 1, "mobile", false));
            call(session, "Emulation.setEmulatedMedia", Map.of("media", media));
            int seen = events.size();
            call(session, "Page.navigate", Map.of("url", file.toUri().toString()));
            awaitEvent(session, "Page.loadEventFired", seen);
            Map<String, Object> value = call(session, "Runtime.evaluate", Map.of("expression", script, "returnByValue", true));
            Map<String, Object> result = Json.asObject(value.get("result"), "evaluate result");
            if (value.containsKey("exceptionDetails")) {
                throw new AssertionError("the test's script failed in the page: " + Json.write(value.get("exceptionDetails")));
            }
            Object dom = Json.parse((String) result.get("value"));
            Map<String, Object> metrics = call(session, "Page.getLayoutMetrics", Map.of());
            Map<String, Object> size = Json.asObject(metrics.get("cssContentSize"), "content size");
            double w = Math.ceil(Json.asNumber(size.get("width"), "width"));
            double h = Math.ceil(Math.min(20000, Json.asNumber(size.get("height"), "height")));
            Map<String, Object> clip = Map.of("x", 0, "y", 0, "width", w, "height", h, "scale", 1);
            String png = (String) call(session, "Page.captureScreenshot", Map.of("format", "png", "clip", clip,
                    "captureBeyondViewport", true)).get("data");
            List<String> errors = new ArrayList<>();
            List<String> requests = new ArrayList<>();
            for (Map<String, Object> e : events) {
                if (!session.equals(e.get("sessionId"))) {
                    continue;
                }
                Map<String, Object> p = Json.asObject(e.getOrDefault("params", Map.of()), "params");
                switch (String.valueOf(e.get("method"))) {
                    case "Runtime.consoleAPICalled" -> {
                        String type = String.valueOf(p.get("type"));
                        if (type.equals("error") || type.equals("assert")) {
                            errors.add("console." + type + ": " + Json.write(p.get("args")));
                        }
                    }
                    case "Runtime.exceptionThrown" -> errors.add("exception: " + Json.write(p.get("exceptionDetails")));
                    case "Log.entryAdded" -> {
                        Map<String, Object> entry = Json.asObject(p.get("entry"), "entry");
                        if ("error".equals(entry.get("level"))) {
                            errors.add("log: " + entry.get("source") + ": " + entry.get("text") + " " + entry.get("url"));
                        }
                    }
                    case "Network.requestWillBeSent" ->
                            requests.add(String.valueOf(Json.asObject(p.get("request"), "request").get("url")));
                    case "Network.loadingFailed" -> errors.add("failed to load: " + Json.write(p));
                    default -> {
                    }
                }
            }
            return new Page(errors, requests, Base64.getDecoder().decode(png), dom);
        } finally {
            call(null, "Target.closeTarget", Map.of("targetId", target));
        }
    }

    private void awaitEvent(String session, String method, int from) throws Exception {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            for (int i = from; i < events.size(); i++) {
                Map<String, Object> e = events.get(i);
                if (method.equals(e.get("method")) && session.equals(e.get("sessionId"))) {
                    return;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no " + method + " within " + TIMEOUT.toSeconds() + " s");
    }

    private Map<String, Object> call(String session, String method, Map<String, Object> params) throws Exception {
        int id = ids.incrementAndGet();
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("id", id);
        message.put("method", method);
        message.put("params", params);
        if (session != null) {
            message.put("sessionId", session);
        }
        CompletableFuture<Map<String, Object>> reply = new CompletableFuture<>();
        pending.put(id, reply);
        socket.sendText(Json.write(message), true).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        Map<String, Object> answer = reply.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        if (answer.containsKey("error")) {
            throw new IOException(method + " failed: " + Json.write(answer.get("error")));
        }
        return Json.asObject(answer.getOrDefault("result", Map.of()), method + " result");
    }

    @Override
    public void close() throws IOException {
        try {
            call(null, "Browser.close", Map.of());
        } catch (Exception e) {
            // the browser may close the socket before it answers
        }
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> files = Files.walk(profile)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            // a file the browser still writes: the temporary folder is left for the system to clean
        }
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder text = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                Map<String, Object> m = Json.asObject(Json.parse(text.toString()), "DevTools message");
                text.setLength(0);
                if (m.get("id") instanceof Number n) {
                    CompletableFuture<Map<String, Object>> f = pending.remove(n.intValue());
                    if (f != null) {
                        f.complete(m);
                    }
                } else {
                    events.add(m);
                }
            }
            webSocket.request(1);
            return null;
        }
    }
}
