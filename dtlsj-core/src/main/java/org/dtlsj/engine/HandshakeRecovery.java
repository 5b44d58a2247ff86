package org.dtlsj.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;
import org.dtlsj.error.DtlsException;
import org.dtlsj.error.Reason;
import org.dtlsj.handshake.Flight;
import org.dtlsj.handshake.HandshakeContext;
import org.dtlsj.handshake.HandshakeMessage;
import org.dtlsj.handshake.HandshakeState;
import org.dtlsj.wire.handshake.HandshakeHeader;

/**
 * How a handshake survives corrupted or forged messages that no MAC protects yet.
 *
 * <p>Until the keys of epoch 1 are in use, handshake messages travel in the clear: a flipped bit
 * (one that escaped the UDP checksum) or a spoofed datagram can reach the state machine. RFC 6347
 * §4.1.2.7 asks that invalid records be dropped rather than end the association; dtlsj extends
 * that to unauthenticated handshake messages in two ways:
 * <ul>
 *   <li><b>Confirmation.</b> A message that fails to decode or verify in epoch 0 is set aside,
 *       not acted upon: the connection fails only when the peer's retransmission of the same
 *       message_seq fails identically. A genuine misconfiguration (an untrusted certificate)
 *       still fails with its precise reason, one retransmission later.</li>
 *   <li><b>Rewind.</b> A message that passed every check but was corrupted (a server random, an
 *       X25519 value) shows up when the peer retransmits it with different bytes. The engine
 *       then returns to the checkpoint taken when it sent its last flight and processes the
 *       peer's flight again. The Finished exchange still decides: nothing unverified survives
 *       into an established connection.</li>
 * </ul>
 * Both are bounded ({@link #MAX_UNCONFIRMED}, {@link #MAX_REWINDS}), so a hostile peer cannot
 * keep a handshake (or the CPU) busy beyond the handshake timeout.
 */
final class HandshakeRecovery {
    /** Messages set aside unconfirmed per handshake before a failure is taken at its word. */
    static final int MAX_UNCONFIRMED = 8;
    /** Rewinds per handshake. */
    static final int MAX_REWINDS = 8;

    /**
     * Where to return to: the engine's handshake state as it waited for the peer's next flight,
     * which starts at message_seq {@code reassemblerNext}.
     */
    record Checkpoint(HandshakeState state, HandshakeContext.Snapshot cx, int reassemblerNext,
                      RecordLayer.Snapshot records, int peerFlightEndSeq, Flight lastFlight) {
    }

    /** One per flight sent in this handshake (a handful), oldest first. */
    private final ArrayList<Checkpoint> checkpoints = new ArrayList<>();
    /** The peer's messages processed in this handshake, by message_seq. */
    private TreeMap<Integer, HandshakeMessage> processed; // made with the first message, dropped by clear()
    private int failedSeq = -1;
    private org.dtlsj.wire.HandshakeType failedType;
    private byte[] failedBody;
    private DtlsException failedError;
    private int unconfirmed;
    /** Differing fragments awaiting a second identical copy, by message_seq and offset. */
    private java.util.HashMap<Long, byte[]> conflicts; // made on the first differing copy
    /** Bound on {@link #conflicts}: a flight has a handful of fragments. */
    static final int MAX_CONFLICTS = 32;
    private int rewinds;
    /** The verify_data of a peer Finished that failed once; the same again confirms the failure. */
    private byte[] badFinished;

    /** True the first time this Finished fails; false when the same one failed before. */
    boolean firstBadFinished(byte[] finishedBody) {
        if (badFinished != null && Arrays.equals(badFinished, finishedBody)) return false;
        badFinished = finishedBody.clone();
        return true;
    }

    void checkpoint(Checkpoint c) {
        checkpoints.add(c);
        failedSeq = -1;
    }

    void processed(HandshakeMessage m) {
        if (processed == null) processed = new TreeMap<>();
        processed.put(m.messageSeq(), m);
    }

    /** Failures that corruption or a spoofed datagram could cause, as opposed to our own faults. */
    static boolean couldBeCorruption(DtlsException e) {
        return switch (e.reason()) {
            case UNEXPECTED_MESSAGE, DECODE_ERROR, ILLEGAL_PARAMETER, UNSUPPORTED_EXTENSION, PROTOCOL_VERSION, NO_COMMON_PARAMETERS,
                 UNKNOWN_PSK_IDENTITY,
                 BAD_SIGNATURE, CERTIFICATE_UNTRUSTED, CERTIFICATE_EXPIRED, CERTIFICATE_HOSTNAME_MISMATCH,
                 CERTIFICATE_REJECTED, BAD_CERTIFICATE, CERTIFICATE_REQUIRED, SECURITY_REQUIREMENT,
                 MESSAGE_TOO_LARGE -> true;
            default -> false;
        };
    }

    /**
     * A message is about to be processed. Returns the error to fail with if this is the
     * retransmission that confirms an earlier failure, else null.
     */
    DtlsException confirms(HandshakeMessage m) {
        if (m.messageSeq() != failedSeq) return null;
        // Same type and the same bytes: a corrupted copy would not repeat itself exactly.
        if (m.type().equals(failedType) && Arrays.equals(m.body(), failedBody)) return failedError;
        failedSeq = -1;
        return null;
    }

    /** Sets aside a failed unauthenticated message; false when the allowance is used up. */
    boolean setAside(HandshakeMessage m, DtlsException e) {
        if (unconfirmed >= MAX_UNCONFIRMED) return false;
        unconfirmed++;
        failedSeq = m.messageSeq();
        failedType = m.type();
        failedBody = m.body();
        failedError = e;
        return true;
    }

    /**
     * True when a fragment of an already processed message differs from what was processed, and
     * either an earlier copy differed in exactly the same way (two copies outvote the processed
     * one) or a later message failed against the processed one. A single differing copy alone is
     * more likely the corrupted one, and rewinding on it would throw away a good handshake.
     */
    boolean conflicts(HandshakeHeader h, byte[] b, int off) {
        HandshakeMessage m = processed == null ? null : processed.get(h.messageSeq());
        if (m == null) return false;
        byte[] body = m.body();
        boolean differs = !m.type().equals(h.type()) || body.length != h.length()
                || !Arrays.equals(body, h.fragmentOffset(), h.fragmentEnd(), b, off, off + h.fragmentLength());
        if (!differs) return false;
        if (failedSeq > h.messageSeq()) {
            // A later message failed its checks against this one: the copy we processed is the
            // likely culprit (a corrupted server random fails the ServerKeyExchange signature).
            conflicts = null;
            return true;
        }
        byte[] fingerprint = fingerprint(h, b, off);
        long key = ((long) h.messageSeq() << 32) | h.fragmentOffset();
        byte[] earlier = conflicts == null ? null : conflicts.get(key);
        if (earlier != null && Arrays.equals(fingerprint, earlier)) {
            conflicts = null;
            return true;
        }
        if (conflicts == null) conflicts = new java.util.HashMap<>();
        if (conflicts.size() < MAX_CONFLICTS) conflicts.put(key, fingerprint);
        return false;
    }

    /** The header and bytes of a fragment, to recognise a second identical copy. */
    private static byte[] fingerprint(HandshakeHeader h, byte[] b, int off) {
        byte[] f = new byte[HandshakeHeader.LENGTH + h.fragmentLength()];
        org.dtlsj.wire.WireWriter w = new org.dtlsj.wire.WireWriter(HandshakeHeader.LENGTH);
        h.encode(w);
        System.arraycopy(w.toByteArray(), 0, f, 0, HandshakeHeader.LENGTH);
        System.arraycopy(b, off, f, HandshakeHeader.LENGTH, h.fragmentLength());
        return f;
    }

    /**
     * Returns to the latest checkpoint from before message {@code seq} was processed, forgetting
     * everything processed after it. Throws when there have been too many rewinds.
     */
    Checkpoint rewind(int seq) throws DtlsException {
        if (++rewinds > MAX_REWINDS) {
            throw new DtlsException(Reason.DECODE_ERROR, "the peer's handshake messages kept changing between"
                    + " retransmissions (" + MAX_REWINDS + " times): the path corrupts data or someone tampers with it");
        }
        Checkpoint target = null;
        for (Checkpoint c : checkpoints) {
            if (c.reassemblerNext() <= seq) target = c;
        }
        if (target == null) throw new IllegalStateException("no checkpoint before message_seq " + seq);
        while (checkpoints.get(checkpoints.size() - 1) != target) checkpoints.remove(checkpoints.size() - 1);
        if (processed != null) processed.tailMap(target.reassemblerNext(), true).clear();
        conflicts = null;
        failedSeq = -1;
        return target;
    }

    int rewinds() {
        return rewinds;
    }

    void clear() {
        checkpoints.clear();
        checkpoints.trimToSize(); // an idle connection keeps no grown array

        conflicts = null;
        processed = null;
        failedBody = null;
        failedError = null;
        badFinished = null;
    }
}
