package dev.chainrule.data;

import com.sun.net.httpserver.HttpServer;
import dev.chainrule.tensor.DType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Look-up order and downloads, against a local HTTP server on 127.0.0.1 (no test reaches the internet). */
class DataLocatorTest {
    @TempDir
    Path dir;

    private HttpServer server;
    private final Map<String, byte[]> served = new HashMap<>();
    private final AtomicInteger requests = new AtomicInteger();
    private final List<String> rawFiles = new ArrayList<>();
    private String base;

    @org.junit.jupiter.api.BeforeAll
    static void shortReadTimeout() {
        // The cut-off transfer stalls mid-body; the downloader must give up rather than wait.
        System.setProperty(Downloader.READ_TIMEOUT_PROPERTY, "2");
    }

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            requests.incrementAndGet();
            String path = exchange.getRequestURI().getPath();
            boolean cut = path.startsWith("/cut/");
            byte[] body = served.get(path.substring(path.lastIndexOf('/') + 1));
            if (body == null) {
                exchange.sendResponseHeaders(404, -1);
                exchange.close();
                return;
            }
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body, 0, cut ? body.length / 2 : body.length);
                out.flush();
            } catch (IOException e) {
                // the cut-off transfer: the server refuses to finish a short fixed-length body
            }
        });
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort() + "/";
        byte[][] train = IdxFiles.imagesAndLabels(30, 4, 3);
        byte[][] test = IdxFiles.imagesAndLabels(9, 4, 3);
        byte[][] all = {train[0], train[1], test[0], test[1]};
        for (int i = 0; i < 4; i++) {
            rawFiles.add(IdxFolder.FILES.get(i));
            served.put(IdxFolder.FILES.get(i) + ".gz", IdxFiles.gzip(all[i]));
            served.put("raw-" + IdxFolder.FILES.get(i), all[i]);
        }
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    /** A data set whose sums are those of the served files. */
    private IdxDataSet tiny(String url) throws Exception {
        List<IdxDataSet.KnownFile> files = new ArrayList<>();
        for (String f : IdxFolder.FILES) {
            files.add(new IdxDataSet.KnownFile(f, sha(served.get(f + ".gz")), sha(served.get("raw-" + f))));
        }
        return new IdxDataSet("tiny", List.of("a", "b", "c"), dir.resolve("system/tiny"), url, files, "ask the test");
    }

    private DataOptions isolated() {
        return DataOptions.defaults().withEnvironmentDataDir(null).withCacheRoot(dir.resolve("cache"))
                .withSystemRoot(dir.resolve("system"));
    }

    private static String sha(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private static List<Path> filesIn(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(folder)) {
            return s.toList();
        }
    }

    @Test
    void downloadsVerifiesAndCachesThenReadsTheCache() throws Exception {
        IdxDataSet set = tiny(base);
        Path folder = DataLocator.locate(set, isolated());
        assertEquals(dir.resolve("cache/tiny"), folder);
        assertEquals(4, filesIn(folder).size(), "four complete files, no temporary ones: " + filesIn(folder));
        LoadedData data = IdxFolder.load(folder, set.name(), set.classNames(), DType.FLOAT32);
        assertEquals(30, data.train().size());
        assertEquals(9, data.test().size());
        int before = requests.get();
        assertEquals(folder, DataLocator.locate(set, isolated()));
        assertEquals(before, requests.get(), "a complete cache is used without downloading");
    }

    @Test
    void aMirrorThatRecompressesIsAcceptedByTheContentSum() throws Exception {
        IdxDataSet set = tiny(base);
        for (String f : IdxFolder.FILES) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (GZIPOutputStream gz = new GZIPOutputStream(out) {
                {
                    def.setLevel(Deflater.NO_COMPRESSION);
                }
            }) {
                gz.write(served.get("raw-" + f));
            }
            served.put(f + ".gz", out.toByteArray());
        }
        Path folder = DataLocator.locate(set, isolated());
        assertEquals(4, filesIn(folder).size());
    }

    @Test
    void wrongChecksumLeavesNoFile() {
        DataOptions options = isolated().withDownloadBaseUrl(base);
        DataNotFoundException e = assertThrows(DataNotFoundException.class, () -> DataSource.load("fashion-mnist", options));
        assertTrue(e.getMessage().contains("checksum mismatch"), e.getMessage());
        assertTrue(e.getMessage().contains("apt-get install dataset-fashion-mnist"), e.getMessage());
        assertTrue(Files.isDirectory(dir.resolve("cache/fashion-mnist")));
        assertTrue(assertDoesNotThrowList(dir.resolve("cache/fashion-mnist")).isEmpty(), "no partial or unverified file is left");
    }

    @Test
    void cutOffTransferLeavesNoFile() throws Exception {
        IdxDataSet set = tiny(base + "cut/");
        DataNotFoundException e = assertThrows(DataNotFoundException.class, () -> DataLocator.locate(set, isolated()));
        assertTrue(e.getMessage().contains("broke off"), e.getMessage());
        assertTrue(filesIn(dir.resolve("cache/tiny")).isEmpty(), "no partial file: " + filesIn(dir.resolve("cache/tiny")));
    }

    @Test
    void httpErrorIsReported() throws Exception {
        IdxDataSet set = tiny(base + "nowhere/").withBaseUrl(base + "missing");
        served.clear();
        DataNotFoundException e = assertThrows(DataNotFoundException.class, () -> DataLocator.locate(set, isolated()));
        assertTrue(e.getMessage().contains("HTTP status 404"), e.getMessage());
    }

    @Test
    void missingDataSaysWhereItLookedAndHowToGetIt() {
        DataOptions options = isolated().withDownload(false).withDataDir(dir.resolve("mine"));
        DataNotFoundException e = assertThrows(DataNotFoundException.class, () -> DataSource.load("fashion-mnist", options));
        String m = e.getMessage();
        assertTrue(m.contains(dir.resolve("mine/fashion-mnist") + ": no such folder"), m);
        assertTrue(m.contains("$CHAINRULE_DATA: not set"), m);
        assertTrue(m.contains(dir.resolve("cache/fashion-mnist").toString()), m);
        assertTrue(m.contains(dir.resolve("system/fashion-mnist").toString()), m);
        assertTrue(m.contains("downloads are turned off"), m);
        assertTrue(m.contains("apt-get install dataset-fashion-mnist"), m);
        assertEquals(0, requests.get());
    }

    @Test
    void lookUpOrderIsDataDirThenEnvironmentThenCacheThenSystem() throws Exception {
        IdxDataSet set = tiny("http://127.0.0.1:9/never/");
        DataOptions options = isolated().withDownload(false);
        IdxFiles.folder(dir.resolve("system/tiny"), 3, 3, false);
        assertEquals(dir.resolve("system/tiny"), DataLocator.locate(set, options));
        IdxFiles.folder(dir.resolve("cache/tiny"), 3, 3, true);
        assertEquals(dir.resolve("cache/tiny"), DataLocator.locate(set, options));
        IdxFiles.folder(dir.resolve("env/tiny"), 3, 3, true);
        assertEquals(dir.resolve("env/tiny"), DataLocator.locate(set, options.withEnvironmentDataDir(dir.resolve("env"))));
        IdxFiles.folder(dir.resolve("explicit"), 3, 3, true);
        assertEquals(dir.resolve("explicit"), DataLocator.locate(set,
                options.withEnvironmentDataDir(dir.resolve("env")).withDataDir(dir.resolve("explicit"))));
        Files.delete(dir.resolve("env/tiny/t10k-labels-idx1-ubyte.gz"));
        DataOptions envOnly = options.withEnvironmentDataDir(dir.resolve("env")).withCacheRoot(dir.resolve("empty"))
                .withSystemRoot(dir.resolve("empty"));
        String m = assertThrows(DataNotFoundException.class, () -> DataLocator.locate(set, envOnly)).getMessage();
        assertTrue(m.contains(dir.resolve("env/tiny") + ": lacks t10k-labels-idx1-ubyte"), m);
        assertEquals(0, requests.get());
    }

    private static List<Path> assertDoesNotThrowList(Path folder) {
        try {
            return filesIn(folder);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
