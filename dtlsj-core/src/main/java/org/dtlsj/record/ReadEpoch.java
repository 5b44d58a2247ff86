package org.dtlsj.record;

import org.dtlsj.wire.ContentType;
import org.dtlsj.wire.ProtocolVersion;

/** The receiving side of one epoch: its protection and replay window (RFC 6347 §4.1.2.6). */
public final class ReadEpoch {
    private final int epoch;
    private final RecordProtection protection;
    private final ReplayWindow window;

    /** @param window null where the transport detects replays itself (RFC 6083 §3.3) */
    public ReadEpoch(int epoch, RecordProtection protection, ReplayWindow window) {
        this.epoch = epoch;
        this.protection = protection;
        this.window = window;
    }

    public int epoch() {
        return epoch;
    }

    public boolean isReplay(long seq) {
        return window != null && window.isReplay(seq);
    }

    public void markReceived(long seq) {
        if (window != null) window.markReceived(seq);
    }

    /** @return plaintext length, or -1 if the record does not authenticate */
    public int open(ContentType type, ProtocolVersion version, long seq, byte[] in, int inOff, int len, byte[] out, int outOff) {
        return protection.open(type, version, epoch, seq, in, inOff, len, out, outOff);
    }

    /** See {@link RecordProtection#openedLength(int)}. */
    public int openedLength(int len) {
        return protection.openedLength(len);
    }

    /** See {@link RecordProtection#trim()}. */
    public void trim() {
        protection.trim();
    }
}
