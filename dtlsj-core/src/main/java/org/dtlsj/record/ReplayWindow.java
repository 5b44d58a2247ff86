package org.dtlsj.record;

/**
 * The anti-replay sliding window of RFC 6347 §4.1.2.6 (after RFC 4303 §3.4.3): a bitmap of the
 * last {@code size} sequence numbers below the highest one seen. A record is checked before its
 * MAC ({@link #isReplay}) but marked only after it authenticated ({@link #markReceived}), so a
 * forged record can never move the window.
 */
public final class ReplayWindow {
    private final int size;
    private final long[] bits;
    private long highest = -1;

    public ReplayWindow(int size) {
        if (size < 32 || size % 64 != 0 && size != 32) {
            throw new IllegalArgumentException("window size must be 32 or a multiple of 64: " + size);
        }
        this.size = size;
        this.bits = new long[Math.max(1, size / 64)];
    }

    public int size() {
        return size;
    }

    /** True if {@code seq} was already received or lies left of the window: drop the record. */
    public boolean isReplay(long seq) {
        if (seq > highest) return false;
        long diff = highest - seq;
        if (diff >= size) return true;
        return bit(diff);
    }

    /** Records an authenticated {@code seq}, sliding the window right when it is the new highest. */
    public void markReceived(long seq) {
        if (seq > highest) {
            long shift = highest < 0 ? size : seq - highest;
            shiftLeft(shift);
            highest = seq;
            setBit(0);
        } else {
            long diff = highest - seq;
            if (diff < size) setBit(diff);
        }
    }

    /** Bit i means "highest - i was received". */
    private boolean bit(long i) {
        return (bits[(int) (i >>> 6)] & (1L << (i & 63))) != 0;
    }

    private void setBit(long i) {
        bits[(int) (i >>> 6)] |= 1L << (i & 63);
    }

    private void shiftLeft(long n) {
        if (n >= size) {
            java.util.Arrays.fill(bits, 0);
            return;
        }
        int words = (int) (n >>> 6);
        int r = (int) (n & 63);
        for (int i = bits.length - 1; i >= 0; i--) {
            long v = i - words >= 0 ? bits[i - words] << r : 0;
            if (r != 0 && i - words - 1 >= 0) v |= bits[i - words - 1] >>> (64 - r);
            bits[i] = v;
        }
        if (size == 32) bits[0] &= 0xffffffffL;
    }
}
