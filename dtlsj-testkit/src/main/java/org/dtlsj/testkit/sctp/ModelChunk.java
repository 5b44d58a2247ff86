package org.dtlsj.testkit.sctp;

import java.util.List;

/**
 * One chunk on the model's wire. Only the fields its {@link Kind} uses are set. A {@link
 * SctpModel.LinkHook} may replace a chunk with an altered copy (the {@code with...} methods) to
 * model tampering: the AUTH tag then no longer matches and the receiver discards it.
 *
 * @param kind      what it is
 * @param tsn       DATA: transmission sequence number
 * @param sid       DATA: stream
 * @param ssn       DATA: stream sequence number (ordered only)
 * @param flags     DATA: {@code SctpSndInfo.SCTP_UNORDERED} or 0
 * @param ppid      DATA: payload protocol identifier
 * @param payload   DATA: the user message (the model does not fragment)
 * @param keyId     DATA, FORWARD_TSN: the shared key identifier of its AUTH tag (RFC 4895 §6.2)
 * @param tag       DATA, FORWARD_TSN: the AUTH tag, or null when AUTH is off
 * @param acked     SACK: the TSNs acknowledged
 * @param abandoned FORWARD_TSN: the abandoned messages, as DATA chunks without payload
 */
public record ModelChunk(Kind kind, long tsn, int sid, int ssn, int flags, int ppid, byte[] payload, int keyId,
        byte[] tag, List<Long> acked, List<ModelChunk> abandoned) {

    /** Chunk kinds (RFC 9260 §3.2, RFC 3758 §3.2). */
    public enum Kind { DATA, SACK, FORWARD_TSN, SHUTDOWN, SHUTDOWN_ACK, SHUTDOWN_COMPLETE, ABORT }

    static ModelChunk data(long tsn, int sid, int ssn, int flags, int ppid, byte[] payload) {
        return new ModelChunk(Kind.DATA, tsn, sid, ssn, flags, ppid, payload, 0, null, List.of(), List.of());
    }

    static ModelChunk control(Kind kind) {
        return new ModelChunk(kind, 0, 0, 0, 0, 0, new byte[0], 0, null, List.of(), List.of());
    }

    static ModelChunk sack(List<Long> acked) {
        return new ModelChunk(Kind.SACK, 0, 0, 0, 0, 0, new byte[0], 0, null, List.copyOf(acked), List.of());
    }

    static ModelChunk forwardTsn(List<ModelChunk> abandoned) {
        return new ModelChunk(Kind.FORWARD_TSN, 0, 0, 0, 0, 0, new byte[0], 0, null, List.of(), List.copyOf(abandoned));
    }

    /** This chunk with an AUTH tag. */
    ModelChunk authenticated(int key, byte[] t) {
        return new ModelChunk(kind, tsn, sid, ssn, flags, ppid, payload, key, t, acked, abandoned);
    }

    /** A copy on another stream (tampering). */
    public ModelChunk withSid(int newSid) {
        return new ModelChunk(kind, tsn, newSid, ssn, flags, ppid, payload, keyId, tag, acked, abandoned);
    }

    /** A copy with other flags (tampering). */
    public ModelChunk withFlags(int newFlags) {
        return new ModelChunk(kind, tsn, sid, ssn, newFlags, ppid, payload, keyId, tag, acked, abandoned);
    }

    /** A copy with another PPID (tampering). */
    public ModelChunk withPpid(int newPpid) {
        return new ModelChunk(kind, tsn, sid, ssn, flags, newPpid, payload, keyId, tag, acked, abandoned);
    }

    /** A copy that claims another key identifier. */
    public ModelChunk withKeyId(int newKeyId) {
        return new ModelChunk(kind, tsn, sid, ssn, flags, ppid, payload, newKeyId, tag, acked, abandoned);
    }

    @Override
    public String toString() {
        return switch (kind) {
            case DATA -> "DATA[tsn=" + tsn + ", sid=" + sid + ", ssn=" + ssn + ", flags=0x" + Integer.toHexString(flags)
                    + ", ppid=" + ppid + ", " + payload.length + " B, key=" + keyId + "]";
            case SACK -> "SACK" + acked;
            case FORWARD_TSN -> "FORWARD_TSN[" + abandoned.size() + " abandoned, key=" + keyId + "]";
            default -> kind.name();
        };
    }
}
