package dev.chainrule.data;

import java.nio.file.Path;
import java.util.List;

/**
 * A built-in IDX data set: its name, class names, where Debian's package installs it, where to
 * download it from, and the known SHA-256 sums of its four files.
 *
 * @param name         the built-in name, e.g. {@code fashion-mnist}; also the cache folder's name
 * @param classNames   class names, label = index
 * @param systemFolder where a system package puts the files (checked after the cache)
 * @param baseUrl      download location: file {@code f} is fetched from {@code baseUrl + f + ".gz"}
 * @param files        the known sums of the four files, in {@link IdxFolder#FILES} order
 * @param howToGet     a sentence telling a user how to get the files, for messages
 */
public record IdxDataSet(String name, List<String> classNames, Path systemFolder, String baseUrl, List<KnownFile> files,
                         String howToGet) {

    /**
     * Checks that the name and the four files are given.
     *
     * @param name the built-in name, e.g. {@code fashion-mnist}; also the cache folder's name
     * @param classNames class names, label = index
     * @param systemFolder where a system package puts the files (checked after the cache)
     * @param baseUrl download location: file {@code f} is fetched from {@code baseUrl + f + ".gz"}
     * @param files the known sums of the four files, in {@link IdxFolder#FILES} order
     * @param howToGet a sentence telling a user how to get the files, for messages
     */
    public IdxDataSet {
        classNames = List.copyOf(classNames);
        files = List.copyOf(files);
        if (files.size() != IdxFolder.FILES.size()) {
            throw new IllegalArgumentException(name + ": expected sums for " + IdxFolder.FILES + ", got " + files.size());
        }
    }

    /**
     * The same data set downloaded from another base URL (a mirror, or a test server).
     *
     * @param url the URL
     * @return the same data set downloaded from another base URL (a mirror, or a test server)
     */
    public IdxDataSet withBaseUrl(String url) {
        return new IdxDataSet(name, classNames, systemFolder, url, files, howToGet);
    }

    /**
     * The known SHA-256 sums of one IDX file. A download is accepted when the downloaded bytes
     * hash to {@code fileSha256} (the published {@code .gz}), or when their uncompressed content
     * hashes to {@code contentSha256}: the uncompressed IDX bytes are the same on every mirror,
     * while gzip files are recompressed by some (Debian's Fashion-MNIST {@code .gz} differ from
     * Zalando's, their contents do not).
     *
     * @param name          the file name without {@code .gz}, e.g. {@code train-images-idx3-ubyte}
     * @param fileSha256    SHA-256 of the {@code .gz} file, lower-case hex (may be empty when unknown)
     * @param contentSha256 SHA-256 of the uncompressed IDX bytes, lower-case hex
     */
    public record KnownFile(String name, String fileSha256, String contentSha256) {
    }
}
