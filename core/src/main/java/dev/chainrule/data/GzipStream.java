package dev.chainrule.data;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Reads gzip data (RFC 1952) as one stream, however many members it has: {@code cat a.gz b.gz}
 * and the output of parallel compressors are valid gzip and read whole. Every member's CRC-32
 * and length are checked. Damage is reported as what it is, as an {@link IOException} whose
 * message starts with "corrupt gzip data" or "truncated gzip data" and says where (member and
 * compressed byte offset); the caller adds the file name.
 *
 * <p>Zero bytes after the last member (padding some tape and block tools add) are accepted, as
 * {@code gzip -d} does; any other trailing bytes are an error.
 */
final class GzipStream extends InputStream {
    /** The most bytes deflate can expand one compressed byte into (its best ratio is 1032:1). */
    static final long MAX_RATIO = 1032;
    private static final int FTEXT_FHCRC = 0x02;
    private static final int FEXTRA = 0x04;
    private static final int FNAME = 0x08;
    private static final int FCOMMENT = 0x10;

    private final InputStream in;
    private final byte[] buf = new byte[1 << 16];
    private int pos;
    private int limit;
    /** Compressed bytes consumed before {@link #buf}'s start, for messages. */
    private long consumedBefore;
    private final Inflater inflater = new Inflater(true);
    private final CRC32 crc = new CRC32();
    private long memberBytes;
    private int member;
    private boolean inMember;
    private boolean finished;

    GzipStream(InputStream in) throws IOException {
        this.in = in;
        if (!startMember(true)) {
            throw new IOException("truncated gzip data: the file is empty");
        }
    }

    /** Whether {@code head} (the first bytes of a file) starts with the gzip magic {@code 1f 8b}. */
    static boolean isGzip(byte[] head, int length) {
        return length >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] out, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (!finished) {
            if (!inMember) {
                if (!startMember(false)) {
                    finished = true;
                    break;
                }
            }
            int n;
            try {
                n = inflater.inflate(out, off, len);
            } catch (DataFormatException e) {
                throw corrupt("bad deflate data (" + e.getMessage() + ")");
            }
            if (n > 0) {
                crc.update(out, off, n);
                memberBytes += n;
                return n;
            }
            if (inflater.finished()) {
                int rest = inflater.getRemaining();
                pos = limit - rest;
                endMember();
                continue;
            }
            if (inflater.needsDictionary()) {
                throw corrupt("a deflate stream that needs a preset dictionary");
            }
            if (inflater.needsInput()) {
                if (!fill()) {
                    throw new EOFException("truncated gzip data: the file ends inside member " + member
                            + " (after " + offset() + " compressed bytes)");
                }
                inflater.setInput(buf, pos, limit - pos);
                pos = limit;
            }
        }
        return -1;
    }

    /** Reads a member header; false at a clean end of input (only allowed after the first member). */
    private boolean startMember(boolean first) throws IOException {
        int b0 = next();
        if (b0 < 0) {
            if (first) {
                return false;
            }
            return false;
        }
        if (!first && b0 == 0) {
            // zero padding after the last member: everything left must be zeros
            for (int b = next(); b >= 0; b = next()) {
                if (b != 0) {
                    throw corrupt("bytes after the zero padding that follows member " + member);
                }
            }
            return false;
        }
        int b1 = next();
        if (b0 != 0x1f || b1 != 0x8b) {
            throw corrupt(first ? "not gzip data (no 1f 8b magic)"
                    : "bytes after member " + member + " that are not another gzip member");
        }
        int method = require("the header");
        if (method != 8) {
            throw corrupt("compression method " + method + " in member " + (member + 1) + "; only deflate (8) exists");
        }
        int flags = require("the header");
        if ((flags & 0xe0) != 0) {
            throw corrupt("reserved header flags set in member " + (member + 1));
        }
        for (int i = 0; i < 6; i++) {
            require("the header"); // mtime, xfl, os
        }
        if ((flags & FEXTRA) != 0) {
            int xlen = require("the header") | require("the header") << 8;
            for (int i = 0; i < xlen; i++) {
                require("the header's extra field");
            }
        }
        if ((flags & FNAME) != 0) {
            while (require("the header's file name") != 0) {
                // skip the zero-terminated name
            }
        }
        if ((flags & FCOMMENT) != 0) {
            while (require("the header's comment") != 0) {
                // skip the zero-terminated comment
            }
        }
        if ((flags & FTEXT_FHCRC) != 0) {
            require("the header's CRC");
            require("the header's CRC");
        }
        member++;
        inflater.reset();
        crc.reset();
        memberBytes = 0;
        inMember = true;
        if (pos < limit) {
            inflater.setInput(buf, pos, limit - pos);
            pos = limit;
        }
        return true;
    }

    /** Checks the member trailer: CRC-32 and length mod 2^32, little-endian. */
    private void endMember() throws IOException {
        long storedCrc = 0;
        for (int i = 0; i < 4; i++) {
            storedCrc |= (long) require("the trailer of member " + member) << (8 * i);
        }
        long storedSize = 0;
        for (int i = 0; i < 4; i++) {
            storedSize |= (long) require("the trailer of member " + member) << (8 * i);
        }
        if (storedCrc != crc.getValue()) {
            throw corrupt(String.format("CRC-32 mismatch in member %d: stored %08x, data gives %08x", member, storedCrc,
                    crc.getValue()));
        }
        if (storedSize != (memberBytes & 0xffffffffL)) {
            throw corrupt("length mismatch in member " + member + ": the trailer says " + storedSize + " bytes, the data has "
                    + memberBytes);
        }
        inMember = false;
    }

    private int require(String where) throws IOException {
        int b = next();
        if (b < 0) {
            throw new EOFException("truncated gzip data: the file ends in " + where + " (after " + offset()
                    + " compressed bytes)");
        }
        return b;
    }

    private int next() throws IOException {
        if (pos >= limit && !fill()) {
            return -1;
        }
        return buf[pos++] & 0xff;
    }

    private boolean fill() throws IOException {
        consumedBefore += limit;
        pos = 0;
        limit = 0;
        int n = in.read(buf, 0, buf.length);
        if (n <= 0) {
            return false;
        }
        limit = n;
        return true;
    }

    private long offset() {
        return consumedBefore + pos;
    }

    private IOException corrupt(String what) {
        return new IOException("corrupt gzip data: " + what + " (at compressed byte " + offset() + ")");
    }

    @Override
    public void close() throws IOException {
        inflater.end();
        in.close();
    }
}
