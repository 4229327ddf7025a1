package dev.chainrule.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.zip.GZIPInputStream;

/**
 * Downloads one file, verifies it and puts it in place atomically, so a cut-off transfer or a
 * wrong checksum never leaves a file that looks complete:
 *
 * <ol>
 *   <li>the body is streamed into a temporary file {@code .NAME.*.part} in the target's folder,
 *       hashing it on the way;</li>
 *   <li>the byte count is checked against {@code Content-Length}, and the SHA-256 against the
 *       known sums ({@link IdxDataSet.KnownFile});</li>
 *   <li>the temporary file is flushed to disk ({@code fsync}), then renamed onto the target with
 *       {@link StandardCopyOption#ATOMIC_MOVE};</li>
 *   <li>on any failure the temporary file is deleted.</li>
 * </ol>
 */
final class Downloader {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(20);
    /** System property: seconds a read may wait for the next bytes before the transfer counts as broken off. */
    static final String READ_TIMEOUT_PROPERTY = "chainrule.download.readTimeoutSeconds";

    private Downloader() {
    }

    /**
     * Fetches {@code url} into {@code target}.
     *
     * @throws IOException naming the URL and what went wrong (status, short transfer, checksum)
     */
    static void fetch(URI url, Path target, IdxDataSet.KnownFile sums) throws IOException {
        Files.createDirectories(target.getParent());
        // created with CREATE_NEW, not createTempFile: the cached file gets the umask's permissions, not 0600
        Path part = target.resolveSibling("." + target.getFileName() + "."
                + Long.toUnsignedString(new java.security.SecureRandom().nextLong(), 36) + ".part");
        Files.newByteChannel(part, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE).close();
        try {
            String fileSha = download(url, part);
            if (!fileSha.equals(sums.fileSha256())) {
                String contentSha = contentSha256(part);
                if (!contentSha.equals(sums.contentSha256())) {
                    throw new IOException("checksum mismatch for " + url + ": SHA-256 " + fileSha + ", uncompressed " + contentSha
                            + "; expected " + (sums.fileSha256().isEmpty() ? "" : sums.fileSha256() + ", or uncompressed ")
                            + sums.contentSha256());
                }
            }
            Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            syncFolder(target.getParent());
        } finally {
            Files.deleteIfExists(part);
        }
    }

    /**
     * Streams the body into {@code part}, fsyncs it, and returns its SHA-256. A read that waits
     * longer than the idle timeout (system property {@value #READ_TIMEOUT_PROPERTY}, seconds,
     * default 60) fails the transfer: a server that stalls mid-body never hangs the caller.
     */
    private static String download(URI url, Path part) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) url.toURL().openConnection();
        connection.setConnectTimeout((int) CONNECT_TIMEOUT.toMillis());
        connection.setReadTimeout((int) readTimeout().toMillis());
        connection.setInstanceFollowRedirects(true);
        MessageDigest sha = sha256();
        long count;
        long expected;
        try {
            int status = connection.getResponseCode();
            if (status != 200) {
                throw new IOException("HTTP status " + status + " from " + url);
            }
            expected = connection.getContentLengthLong();
            try (InputStream body = connection.getInputStream();
                 FileChannel channel = FileChannel.open(part, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
                 OutputStream out = Channels.newOutputStream(channel);
                 InputStream in = new DigestInputStream(body, sha)) {
                count = in.transferTo(out);
                out.flush();
                channel.force(true);
            } catch (IOException e) {
                throw new IOException("transfer from " + url + " broke off: " + e.getMessage(), e);
            }
        } finally {
            connection.disconnect();
        }
        if (expected >= 0 && expected != count) {
            throw new IOException("transfer from " + url + " broke off: got " + count + " of " + expected + " bytes");
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    private static Duration readTimeout() {
        String value = System.getProperty(READ_TIMEOUT_PROPERTY, "60");
        try {
            return Duration.ofMillis((long) (Double.parseDouble(value) * 1000));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("system property " + READ_TIMEOUT_PROPERTY + " must be a number of seconds, got '"
                    + value + "'");
        }
    }

    /** SHA-256 of the file's uncompressed content (the file itself when it is not gzipped). */
    static String contentSha256(Path file) throws IOException {
        MessageDigest sha = sha256();
        try (InputStream raw = Files.newInputStream(file)) {
            byte[] head = raw.readNBytes(2);
            boolean gzip = head.length == 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b;
            InputStream in = gzip ? new GZIPInputStream(Files.newInputStream(file)) : Files.newInputStream(file);
            try (InputStream digesting = new DigestInputStream(in, sha)) {
                digesting.transferTo(OutputStream.nullOutputStream());
            } catch (IOException e) {
                return "unreadable (" + e.getMessage() + ")";
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    private static void syncFolder(Path folder) {
        try (FileChannel dir = FileChannel.open(folder, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // some file systems cannot sync a folder; the rename itself is still atomic
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
