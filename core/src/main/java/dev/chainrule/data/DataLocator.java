package dev.chainrule.data;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Finds the folder of a built-in IDX data set {@code NAME}, trying in order:
 *
 * <ol>
 *   <li>the explicit folder ({@code --data-dir D}): {@code D/NAME}, then {@code D} itself;</li>
 *   <li>{@code $CHAINRULE_DATA}: {@code $CHAINRULE_DATA/NAME}, then the folder itself;</li>
 *   <li>the cache: {@code ~/.cache/chainrule/NAME};</li>
 *   <li>the system folder a Debian package installs, e.g. {@code /usr/share/datasets/fashion-mnist};</li>
 *   <li>else, when downloads are allowed, the files are downloaded into the cache folder (see
 *       {@link Downloader}: SHA-256 verified, written atomically).</li>
 * </ol>
 *
 * A folder counts when it holds all four IDX files (plain or {@code .gz}). When nothing is found,
 * the {@link DataNotFoundException} lists each place and why it did not count, and how to get the
 * data.
 */
public final class DataLocator {
    private DataLocator() {
    }

    /**
     * The folder holding {@code set}'s four files, downloading them into the cache when allowed.
     *
     * @param set the built-in IDX data set
     * @param options where to look, and whether a download is allowed
     * @return the folder holding {@code set}'s four files, downloading them into the cache when allowed
     */
    public static Path locate(IdxDataSet set, DataOptions options) {
        List<String> tried = new ArrayList<>();
        Set<Path> candidates = new LinkedHashSet<>();
        if (options.dataDir() != null) {
            candidates.add(options.dataDir().resolve(set.name()));
            candidates.add(options.dataDir());
        } else {
            tried.add("--data-dir: not given");
        }
        if (options.environmentDataDir() != null) {
            candidates.add(options.environmentDataDir().resolve(set.name()));
            candidates.add(options.environmentDataDir());
        } else {
            tried.add("$" + DataOptions.ENVIRONMENT_VARIABLE + ": not set");
        }
        Path cache = options.cacheRoot() == null ? null : options.cacheRoot().resolve(set.name());
        if (cache != null) {
            candidates.add(cache);
        }
        candidates.add(options.systemRoot() != null ? options.systemRoot().resolve(set.name()) : set.systemFolder());
        for (Path folder : candidates) {
            String why = whyNot(folder);
            if (why == null) {
                return folder;
            }
            tried.add(folder + ": " + why);
        }
        String downloadProblem;
        if (!options.download()) {
            downloadProblem = "downloads are turned off";
        } else if (cache == null) {
            downloadProblem = "no cache folder to download into";
        } else {
            String base = options.downloadBaseUrl() != null ? options.downloadBaseUrl() : set.baseUrl();
            try {
                download(set, base, cache);
                return cache;
            } catch (IOException | RuntimeException e) {
                downloadProblem = "download from " + base + " failed: " + e.getMessage();
            }
        }
        throw new DataNotFoundException("data set " + set.name() + " not found. Looked in:\n  " + String.join("\n  ", tried)
                + "\n" + downloadProblem + ".\nTo get it: " + set.howToGet() + ", or put "
                + String.join(", ", IdxFolder.FILES) + " (each plain or .gz) in a folder and pass it with --data-dir or $"
                + DataOptions.ENVIRONMENT_VARIABLE + ".");
    }

    /** Null when the folder holds all four files; otherwise why it does not count. */
    private static String whyNot(Path folder) {
        if (!Files.isDirectory(folder)) {
            return "no such folder";
        }
        List<String> missing = IdxFolder.missing(folder);
        return missing.isEmpty() ? null : "lacks " + String.join(", ", missing);
    }

    /** Downloads the files the cache folder lacks; each file lands complete and verified, or not at all. */
    static void download(IdxDataSet set, String baseUrl, Path cache) throws IOException {
        String base = baseUrl.endsWith("/") ? baseUrl : baseUrl + "/";
        for (IdxDataSet.KnownFile file : set.files()) {
            if (IdxFolder.find(cache, file.name()) == null) {
                String gz = file.name() + ".gz";
                Downloader.fetch(URI.create(base + gz), cache.resolve(gz), file);
            }
        }
    }
}
