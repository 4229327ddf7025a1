package dev.chainrule.data;

import dev.chainrule.io.Limits;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Opens data files (CSV, IDX) for streaming: plain or gzipped, told apart by the gzip magic
 * bytes {@code 1f 8b} and not by the name, and read through {@link GzipStream} (any number of
 * members, every checksum checked). Only regular files are read: a folder, a device such as
 * {@code /dev/zero} or a pipe is refused by name, since a stream that never ends cannot be
 * bounded.
 */
final class DataFiles {
    private DataFiles() {
    }

    /** The file's bytes, uncompressed when gzipped; throws {@link DataFormatException} naming the file. */
    static InputStream open(Path file) {
        String source = file.toString();
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            throw new DataFormatException(source, 0, "no such file");
        } catch (IOException e) {
            throw new DataFormatException(source, 0, "cannot be read (" + e.getMessage() + ")");
        }
        if (attributes.isDirectory()) {
            throw new DataFormatException(source, 0, "is a folder; expected a data file");
        }
        if (!attributes.isRegularFile()) {
            throw new DataFormatException(source, 0, "is not a regular file (a device, pipe or socket); expected a data file");
        }
        try {
            BufferedInputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
            in.mark(2);
            byte[] head = in.readNBytes(2);
            in.reset();
            if (GzipStream.isGzip(head, head.length)) {
                return new Named(new GzipStream(in), source);
            }
            return new Named(in, source);
        } catch (AccessDeniedException e) {
            throw new DataFormatException(source, 0, "permission denied");
        } catch (IOException e) {
            throw failure(source, e);
        }
    }

    /** A read error as the exception a user reads: corrupt or truncated gzip data is bad input, naming the file. */
    static RuntimeException failure(String source, IOException e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (m.startsWith("corrupt gzip data") || m.startsWith("truncated gzip data") || e instanceof EOFException) {
            return new DataFormatException(source, 0, m, e);
        }
        return new UncheckedIOException("reading " + source, e);
    }

    /**
     * What to report when reading {@code in} found {@code error} in the data: for a gzipped file
     * whose rest is damaged, the damage. A flipped bit in deflate data decodes into wrong bytes
     * (a field too many, bytes left over) before the member's CRC-32 can tell, so the rest of the
     * file is read first; otherwise {@code error} as it is.
     */
    static RuntimeException blameGzip(InputStream in, RuntimeException error) {
        if (!(in instanceof Named named) || !(named.in instanceof GzipStream) || error instanceof Limits.LimitException) {
            return error;
        }
        try {
            byte[] rest = new byte[1 << 16];
            while (in.read(rest, 0, rest.length) != -1) {
                // only the gzip checks matter here
            }
        } catch (DataFormatException damaged) {
            return damaged;
        } catch (IOException | RuntimeException other) {
            return error;
        }
        return error;
    }

    /** {@link #blameGzip(InputStream, RuntimeException)} for an error found after the file was read. */
    static RuntimeException blameGzip(Path file, RuntimeException error) {
        try (InputStream in = open(file)) {
            return blameGzip(in, error);
        } catch (IOException | RuntimeException e) {
            return error;
        }
    }

    /** Adds the file name to read errors. */
    private static final class Named extends InputStream {
        private final InputStream in;
        private final String source;

        Named(InputStream in, String source) {
            this.in = in;
            this.source = source;
        }

        @Override
        public int read() throws IOException {
            try {
                return in.read();
            } catch (IOException e) {
                throw failure(source, e);
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return in.read(b, off, len);
            } catch (IOException e) {
                throw failure(source, e);
            }
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
