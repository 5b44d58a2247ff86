package org.dtlsj.wire;

import java.util.Arrays;

/**
 * A bounded, strict reader of TLS presentation-language structures (RFC 5246 §4).
 *
 * <p>A reader sees a window {@code [pos, limit)} of a byte array and never reads outside it. A
 * length-prefixed vector is read through a sub-reader scoped to exactly that length
 * ({@link #u8Prefixed()}, {@link #u16Prefixed()}, {@link #u24Prefixed()}), so a lying length
 * can at worst fail the decode; it can never make a decoder read a neighbour's bytes.
 */
public final class WireReader {
    private final byte[] buf;
    private int pos;
    private final int limit;

    public WireReader(byte[] buf) {
        this(buf, 0, buf.length);
    }

    public WireReader(byte[] buf, int offset, int length) {
        if (offset < 0 || length < 0 || offset + length > buf.length || offset + length < 0) {
            throw new IndexOutOfBoundsException("window outside array");
        }
        this.buf = buf;
        this.pos = offset;
        this.limit = offset + length;
    }

    public int remaining() {
        return limit - pos;
    }

    public boolean isEmpty() {
        return pos == limit;
    }

    /** The absolute position in the backing array (for callers that slice in place). */
    public int position() {
        return pos;
    }

    public byte[] array() {
        return buf;
    }

    private void need(int n, String what) throws DecodeException {
        if (n > limit - pos) {
            throw new DecodeException("truncated " + what + ": need " + n + " bytes, have " + (limit - pos));
        }
    }

    public int u8() throws DecodeException {
        need(1, "u8");
        return buf[pos++] & 0xff;
    }

    public int u16() throws DecodeException {
        need(2, "u16");
        int v = ((buf[pos] & 0xff) << 8) | (buf[pos + 1] & 0xff);
        pos += 2;
        return v;
    }

    public int u24() throws DecodeException {
        need(3, "u24");
        int v = ((buf[pos] & 0xff) << 16) | ((buf[pos + 1] & 0xff) << 8) | (buf[pos + 2] & 0xff);
        pos += 3;
        return v;
    }

    public long u32() throws DecodeException {
        need(4, "u32");
        long v = ((long) (buf[pos] & 0xff) << 24) | ((buf[pos + 1] & 0xff) << 16)
                | ((buf[pos + 2] & 0xff) << 8) | (buf[pos + 3] & 0xff);
        pos += 4;
        return v;
    }

    public long u48() throws DecodeException {
        need(6, "u48");
        long v = 0;
        for (int i = 0; i < 6; i++) {
            v = (v << 8) | (buf[pos + i] & 0xff);
        }
        pos += 6;
        return v;
    }

    /** Reads exactly {@code n} bytes into a new array. */
    public byte[] bytes(int n) throws DecodeException {
        if (n < 0) {
            throw new DecodeException("negative length");
        }
        need(n, "opaque[" + n + "]");
        byte[] out = Arrays.copyOfRange(buf, pos, pos + n);
        pos += n;
        return out;
    }

    /** Everything left in this reader. */
    public byte[] rest() {
        byte[] out = Arrays.copyOfRange(buf, pos, limit);
        pos = limit;
        return out;
    }

    public void skip(int n) throws DecodeException {
        need(n, "skipped bytes");
        pos += n;
    }

    /** A sub-reader over the next {@code n} bytes; this reader moves past them. */
    public WireReader sub(int n) throws DecodeException {
        need(n, "vector body");
        WireReader r = new WireReader(buf, pos, n);
        pos += n;
        return r;
    }

    /** {@code opaque x<0..2^8-1>}: a sub-reader over the vector's body. */
    public WireReader u8Prefixed() throws DecodeException {
        return sub(u8());
    }

    /** {@code opaque x<0..2^16-1>}: a sub-reader over the vector's body. */
    public WireReader u16Prefixed() throws DecodeException {
        return sub(u16());
    }

    /** {@code opaque x<0..2^24-1>}: a sub-reader over the vector's body. */
    public WireReader u24Prefixed() throws DecodeException {
        return sub(u24());
    }

    /** Fails unless every byte was consumed: trailing data is a decode_error (RFC 5246 §7.4). */
    public void expectEnd(String what) throws DecodeException {
        if (pos != limit) {
            throw new DecodeException("trailing " + (limit - pos) + " bytes after " + what);
        }
    }
}
