package org.dtlsj.wire;

import java.util.Arrays;

/**
 * A growable writer of TLS presentation-language structures. Length-prefixed vectors are written
 * with a body callback ({@link #u16Prefixed(Body)}), which fills in the prefix afterwards and
 * checks that the body fits it.
 *
 * <p>Used for handshake messages, which are built a few times per connection. The record path
 * writes into caller-owned {@link java.nio.ByteBuffer}s instead and never uses this class.
 */
public final class WireWriter {
    /** Writes the body of a vector. */
    @FunctionalInterface
    public interface Body {
        void write(WireWriter w);
    }

    private byte[] buf;
    private int len;

    public WireWriter() {
        this(256);
    }

    public WireWriter(int initialCapacity) {
        buf = new byte[Math.max(16, initialCapacity)];
    }

    private void ensure(int n) {
        if (len + n > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
        }
    }

    public int length() {
        return len;
    }

    public WireWriter u8(int v) {
        ensure(1);
        buf[len++] = (byte) v;
        return this;
    }

    public WireWriter u16(int v) {
        ensure(2);
        buf[len++] = (byte) (v >>> 8);
        buf[len++] = (byte) v;
        return this;
    }

    public WireWriter u24(int v) {
        ensure(3);
        buf[len++] = (byte) (v >>> 16);
        buf[len++] = (byte) (v >>> 8);
        buf[len++] = (byte) v;
        return this;
    }

    public WireWriter u32(long v) {
        ensure(4);
        for (int s = 24; s >= 0; s -= 8) {
            buf[len++] = (byte) (v >>> s);
        }
        return this;
    }

    public WireWriter u48(long v) {
        ensure(6);
        for (int s = 40; s >= 0; s -= 8) {
            buf[len++] = (byte) (v >>> s);
        }
        return this;
    }

    public WireWriter bytes(byte[] b) {
        return bytes(b, 0, b.length);
    }

    public WireWriter bytes(byte[] b, int off, int n) {
        ensure(n);
        System.arraycopy(b, off, buf, len, n);
        len += n;
        return this;
    }

    public WireWriter u8Prefixed(Body body) {
        return prefixed(1, 0xff, body);
    }

    public WireWriter u16Prefixed(Body body) {
        return prefixed(2, 0xffff, body);
    }

    public WireWriter u24Prefixed(Body body) {
        return prefixed(3, 0xffffff, body);
    }

    /** {@code opaque x<0..2^8-1>} holding {@code b}. */
    public WireWriter u8Vector(byte[] b) {
        return u8Prefixed(w -> w.bytes(b));
    }

    /** {@code opaque x<0..2^16-1>} holding {@code b}. */
    public WireWriter u16Vector(byte[] b) {
        return u16Prefixed(w -> w.bytes(b));
    }

    private WireWriter prefixed(int width, int max, Body body) {
        ensure(width);
        int at = len;
        len += width;
        body.write(this);
        int n = len - at - width;
        if (n > max) {
            throw new IllegalStateException("vector of " + n + " bytes exceeds its " + (8 * width) + "-bit length prefix");
        }
        for (int i = width - 1; i >= 0; i--) {
            buf[at + i] = (byte) n;
            n >>>= 8;
        }
        return this;
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(buf, len);
    }

    /** Encodes a structure into a fresh array. */
    public static byte[] encode(Encodable e) {
        WireWriter w = new WireWriter();
        e.encode(w);
        return w.toByteArray();
    }
}
