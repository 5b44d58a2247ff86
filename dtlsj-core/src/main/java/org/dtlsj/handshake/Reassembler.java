package org.dtlsj.handshake;

import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;
import org.dtlsj.config.Limits;
import org.dtlsj.wire.HandshakeType;
import org.dtlsj.wire.handshake.HandshakeHeader;

/**
 * Puts handshake messages back together from fragments that may arrive out of order, twice, or
 * overlapping (RFC 6347 §4.2.3), and hands them out in message_seq order (§4.2.2).
 *
 * <p>Bounds (DESIGN.md habit 7): a message longer than {@link Limits#maxHandshakeMessageLength()},
 * a message more than {@link Limits#maxBufferedMessages()} ahead of the next expected one, or a
 * fragment that would take the buffered total past {@link Limits#maxReassemblyBytes()} is dropped.
 * A fragment whose type or total length disagrees with earlier fragments of the same message_seq
 * is dropped too (the first one seen wins; catalog: inconsistent fragment lengths, CVE-2014-0195).
 */
public final class Reassembler {
    /** What became of an offered fragment. */
    public enum Offer {
        /** Stored (or already complete); poll for messages. */
        ACCEPTED,
        /** message_seq below the next expected one: a retransmission of something already processed. */
        OLD,
        /** Dropped: beyond a bound, or inconsistent with earlier fragments. */
        DROPPED
    }

    private static final class Partial {
        final HandshakeType type;
        final byte[] body;
        final BitSet have;
        int received;
        /** Another fragment disagreed about type or length: one of them was corrupted or forged. */
        boolean contested;

        Partial(HandshakeType type, int length) {
            this.type = type;
            this.body = new byte[length];
            this.have = new BitSet(length);
        }

        boolean complete() {
            return received == body.length;
        }
    }

    private final Limits limits;
    /** Messages begun but not yet delivered; made with the first fragment, let go by {@link #clear()}. */
    private Map<Integer, Partial> pending;
    private int nextSeq;
    private int bufferedBytes;
    private String lastDrop;

    public Reassembler(Limits limits, int firstSeq) {
        this.limits = limits;
        this.nextSeq = firstSeq;
    }

    public int nextSeq() {
        return nextSeq;
    }

    /** Why the last fragment was dropped, for a failure message a person can act on; null if none. */
    public String lastDrop() {
        return lastDrop;
    }

    public int bufferedBytes() {
        return bufferedBytes;
    }

    /** Offers one fragment whose body is {@code frag[off, off + header.fragmentLength())}. */
    public Offer offer(HandshakeHeader h, byte[] frag, int off) {
        if (from(h) < 0 || off < 0 || (long) off + h.fragmentLength() > frag.length) {
            throw new IllegalArgumentException("fragment outside its message or buffer: " + h);
        }
        int seq = h.messageSeq();
        if (seq < nextSeq) return Offer.OLD;
        if (seq >= nextSeq + limits.maxBufferedMessages()) {
            lastDrop = "a " + h.type() + " fragment too far ahead (message_seq " + seq + ")";
            return Offer.DROPPED;
        }
        if (h.length() > limits.maxHandshakeMessageLength()) {
            lastDrop = "a " + h.type() + " of " + h.length() + " bytes, over the limit of "
                    + limits.maxHandshakeMessageLength();
            return Offer.DROPPED;
        }
        if (pending == null) pending = new HashMap<>();
        Partial p = pending.get(seq);
        if (p == null) {
            if (bufferedBytes + h.length() > limits.maxReassemblyBytes()) {
                lastDrop = "handshake fragments beyond the reassembly limit of " + limits.maxReassemblyBytes() + " bytes";
                return Offer.DROPPED;
            }
            p = new Partial(h.type(), h.length());
            pending.put(seq, p);
            bufferedBytes += h.length();
        } else if (!p.type.equals(h.type()) || p.body.length != h.length()) {
            lastDrop = "a fragment inconsistent with earlier fragments of message_seq " + seq;
            p.contested = !p.complete();
            return Offer.DROPPED;
        }
        if (p.complete()) return Offer.ACCEPTED;
        int from = h.fragmentOffset();
        int to = h.fragmentEnd();
        System.arraycopy(frag, off, p.body, from, h.fragmentLength());
        int already = p.have.get(from, to).cardinality();
        p.have.set(from, to);
        p.received += (to - from) - already;
        return Offer.ACCEPTED;
    }

    /** Bounds check for callers that build headers by hand; decoded headers always pass. */
    private static int from(HandshakeHeader h) {
        return h.fragmentOffset() < 0 || h.fragmentLength() < 0 || (long) h.fragmentOffset() + h.fragmentLength() > h.length()
                ? -1 : h.fragmentOffset();
    }

    /**
     * Forgets incomplete messages whose fragments disagreed, so that the next retransmission
     * starts them afresh: with first-come-wins alone, one corrupted first fragment would block
     * the message for good. Called when the retransmission timer fires.
     */
    public void dropContested() {
        if (pending == null) return;
        var it = pending.values().iterator();
        while (it.hasNext()) {
            Partial p = it.next();
            if (p.contested && !p.complete()) {
                bufferedBytes -= p.body.length;
                it.remove();
            }
        }
    }

    /** The next message in order if it is complete, else null. */
    public HandshakeMessage poll() {
        Partial p = pending == null ? null : pending.get(nextSeq);
        if (p == null || !p.complete()) return null;
        pending.remove(nextSeq);
        bufferedBytes -= p.body.length;
        return new HandshakeMessage(p.type, nextSeq++, p.body);
    }

    /** Drops everything buffered (after the handshake, to keep an idle connection small). */
    public void clear() {
        // An established connection keeps no map at all.
        pending = null;
        bufferedBytes = 0;
    }
}
