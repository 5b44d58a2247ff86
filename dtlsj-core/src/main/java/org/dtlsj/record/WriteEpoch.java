package org.dtlsj.record;

import org.dtlsj.wire.ContentType;
import org.dtlsj.wire.ProtocolVersion;
import org.dtlsj.wire.RecordHeader;

/**
 * The sending side of one epoch: its protection and its next 48-bit sequence number (RFC 6347
 * §4.1: sequence numbers restart at 0 in each epoch, and a retransmission takes a new one).
 */
public final class WriteEpoch {
    private final int epoch;
    private final RecordProtection protection;
    private ProtocolVersion version;
    private long nextSeq;

    public WriteEpoch(int epoch, RecordProtection protection, ProtocolVersion version) {
        this(epoch, protection, version, 0);
    }

    /** An epoch whose numbering starts at {@code firstSeq} (never reuse a number within an epoch). */
    public WriteEpoch(int epoch, RecordProtection protection, ProtocolVersion version, long firstSeq) {
        this.epoch = epoch;
        this.protection = protection;
        this.version = version;
        this.nextSeq = firstSeq;
    }

    public int epoch() {
        return epoch;
    }

    public int expansion() {
        return protection.expansion();
    }

    /** Record header plus protection overhead. */
    public int overhead() {
        return RecordHeader.LENGTH + protection.expansion();
    }

    public long nextSequence() {
        return nextSeq;
    }

    /**
     * Continues numbering at {@code seq} if that is ahead: RFC 6347 §4.2.1, "the server MUST use
     * the record sequence number in the ClientHello as the record sequence number in its initial
     * ServerHello" (so a client never takes it for a replay of the HelloVerifyRequest).
     */
    public void skipTo(long seq) {
        if (seq > nextSeq) nextSeq = seq;
    }

    /** The record version written from now on (DTLS 1.0 until a version is negotiated). */
    public void version(ProtocolVersion v) {
        this.version = v;
    }

    /**
     * Writes one protected record (header and fragment) at {@code out[outOff]}.
     * @return the record's length on the wire
     * @throws IllegalStateException when the 48-bit sequence space is used up (the connection must end)
     */
    public int seal(ContentType type, byte[] in, int inOff, int len, byte[] out, int outOff) {
        if (nextSeq > RecordHeader.MAX_SEQUENCE) {
            throw new IllegalStateException("record sequence numbers of epoch " + epoch + " exhausted");
        }
        long seq = nextSeq++;
        int frag = protection.seal(type, version, epoch, seq, in, inOff, len, out, outOff + RecordHeader.LENGTH);
        out[outOff] = (byte) type.value();
        out[outOff + 1] = (byte) version.major();
        out[outOff + 2] = (byte) version.minor();
        out[outOff + 3] = (byte) (epoch >>> 8);
        out[outOff + 4] = (byte) epoch;
        for (int i = 0; i < 6; i++) out[outOff + 5 + i] = (byte) (seq >>> (40 - 8 * i));
        out[outOff + 11] = (byte) (frag >>> 8);
        out[outOff + 12] = (byte) frag;
        return RecordHeader.LENGTH + frag;
    }

    /** See {@link RecordProtection#trim()}. */
    public void trim() {
        protection.trim();
    }
}
