package dev.chainrule.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.SecureRandom;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Writes a whole file so that a reader sees either the old file or the new one, never a part:
 * the bytes go to a temporary file in the same folder, which is forced to disk and then
 * renamed over the target in one atomic move. An interrupted write leaves the previous file
 * untouched; the temporary file is removed on failure and, when the JVM is stopped (Ctrl-C),
 * by a shutdown hook.
 *
 * <p>What is written, and what is refused:
 * <ul>
 *   <li>only regular files: a target that is a folder, a device ({@code /dev/null}), a FIFO or a
 *       socket is refused, never replaced;</li>
 *   <li>a symbolic link is written <em>through</em>: the file it points to is replaced and the link
 *       is kept; a link to nothing (dangling) or to something other than a regular file is
 *       refused;</li>
 *   <li>the new file gets the permissions any new file gets, {@code 0666} less the umask (0644
 *       with the usual umask 022), whether or not it replaces an older file;</li>
 *   <li>every error names the path the caller gave, not the temporary file.</li>
 * </ul>
 */
public final class AtomicFiles {
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Temporary files being written, removed by the shutdown hook if the JVM stops meanwhile. */
    private static final Set<Path> IN_PROGRESS = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            for (Path tmp : IN_PROGRESS) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException e) {
                    // best effort while the JVM stops
                }
            }
        }, "chainrule-temporary-files"));
    }

    private AtomicFiles() {
    }

    /**
     * Replaces {@code target} (or, for a symbolic link, the file it points to) with {@code bytes} atomically.
     *
     * @param target the file to write (a symbolic link is written through)
     * @param bytes its new contents
     * @throws IOException when the file cannot be read or written
     */
    public static void write(Path target, byte[] bytes) throws IOException {
        Path real = writablePath(target);
        Path dir = real.getParent();
        Path tmp = createTemporary(target, real);
        boolean moved = false;
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ByteBuffer buf = ByteBuffer.wrap(bytes);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            try {
                Files.move(tmp, real, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, real, StandardCopyOption.REPLACE_EXISTING);
            }
            moved = true;
            syncFolder(dir);
        } catch (IOException e) {
            throw named(target, e);
        } finally {
            if (!moved) {
                Files.deleteIfExists(tmp);
            }
            IN_PROGRESS.remove(tmp);
        }
    }

    /**
     * The path a write to {@code target} replaces: {@code target} itself, or the file a symbolic
     * link points to. Checks, without writing anything, that it can be written: its folder exists,
     * and it is a regular file or nothing yet. Call it before long work to fail early.
     *
     * @param target the file to be written
     * @return the path a write to {@code target} replaces: {@code target} itself, or the file a symbolic link points to
     * @throws FileSystemException naming {@code target} and what is wrong
     */
    public static Path writablePath(Path target) throws IOException {
        if (target.toString().isEmpty()) {
            throw new FileSystemException("''", null, "an empty path; expected a file name");
        }
        Path absolute = target.toAbsolutePath();
        Path real = absolute;
        if (Files.isSymbolicLink(absolute)) {
            if (!Files.exists(absolute)) {
                throw new FileSystemException(target.toString(), null,
                        "is a symbolic link to a file that does not exist; chainrule writes through links only to existing regular files");
            }
            real = absolute.toRealPath();
        }
        BasicFileAttributes attributes = attributes(real);
        if (attributes != null) {
            if (attributes.isDirectory()) {
                throw new FileSystemException(target.toString(), null, "is a folder; expected a file name to write");
            }
            if (!attributes.isRegularFile()) {
                throw new FileSystemException(target.toString(), null,
                        "is a device, pipe or socket, not a regular file; chainrule writes only regular files");
            }
        }
        Path dir = real.getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new NoSuchFileException(target.toString(), null, "the folder to write it in does not exist"
                    + (dir == null ? "" : " (" + dir + ")"));
        }
        if (!Files.isWritable(dir)) {
            throw new FileSystemException(target.toString(), null, "cannot write in its folder " + dir + " (permission denied)");
        }
        return real;
    }

    /**
     * A new empty file in the folder of {@code real}, named {@code .NAME.RANDOM.tmp}, created with
     * the permissions the umask gives (unlike {@link Files#createTempFile}, which makes them 0600).
     * Registered for removal if the JVM stops before it is renamed.
     */
    static Path createTemporary(Path target, Path real) throws IOException {
        Path dir = real.getParent();
        for (int attempt = 0; ; attempt++) {
            Path tmp = dir.resolve("." + real.getFileName() + "." + Long.toUnsignedString(RANDOM.nextLong(), 36) + ".tmp");
            try {
                Files.newByteChannel(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE).close();
                IN_PROGRESS.add(tmp);
                return tmp;
            } catch (FileAlreadyExistsException e) {
                if (attempt > 100) {
                    throw named(target, e);
                }
            } catch (IOException e) {
                throw named(target, e);
            }
        }
    }

    /** An exception that names the caller's path and says what went wrong, in place of one about the temporary file. */
    private static IOException named(Path target, IOException e) {
        if (e instanceof FileSystemException f && target.toString().equals(f.getFile())) {
            return e;
        }
        String reason = e instanceof FileSystemException f && f.getReason() != null ? f.getReason()
                : e instanceof java.nio.file.AccessDeniedException ? "permission denied"
                : e instanceof java.nio.file.NoSuchFileException ? "no such file or folder"
                : e.getMessage() != null && !(e instanceof FileSystemException) ? e.getMessage()
                : e.getClass().getSimpleName();
        FileSystemException named = new FileSystemException(target.toString(), null, "could not be written: " + reason);
        named.initCause(e);
        return named;
    }

    private static BasicFileAttributes attributes(Path path) {
        try {
            return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            return null;
        }
    }

    /** Forces the folder entry of the rename to disk where the platform allows it (Linux does; Windows does not). */
    private static void syncFolder(Path dir) {
        if (dir == null) {
            return;
        }
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // not supported for folders here: the rename is still atomic, only its durability is the OS's
        }
    }
}
