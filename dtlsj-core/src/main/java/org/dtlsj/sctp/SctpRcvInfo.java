package org.dtlsj.sctp;

/**
 * How a user message arrived: RFC 6458 §5.3.5 {@code struct sctp_rcvinfo}, and the seed's
 * {@code struct bio_dgram_sctp_rcvinfo} ({@code BIO_CTRL_DGRAM_SCTP_GET/SET_RCVINFO}).
 *
 * <p>All fields are the stack's, unsigned: {@code sid} and {@code ssn} 16-bit, {@code ppid},
 * {@code tsn}, {@code cumtsn} and {@code context} 32-bit (read them with
 * {@link Integer#toUnsignedLong}). The {@code ssn} of an unordered message carries no meaning
 * (RFC 9260 §3.3.1). {@code flags} holds {@link SctpSndInfo#SCTP_UNORDERED} when the peer sent
 * the message unordered.
 *
 * @param sid     stream the message came on
 * @param ssn     stream sequence number
 * @param flags   {@link SctpSndInfo#SCTP_UNORDERED} or 0
 * @param ppid    payload protocol identifier as the peer sent it
 * @param tsn     transmission sequence number of the message's first fragment
 * @param cumtsn  cumulative TSN the receiver had acknowledged
 * @param context the value set for the association with {@code SCTP_CONTEXT}, usually 0
 */
public record SctpRcvInfo(int sid, int ssn, int flags, int ppid, int tsn, int cumtsn, int context) {
    /** Checks the 16-bit ranges. */
    public SctpRcvInfo {
        if (sid < 0 || sid > 0xffff) throw new IllegalArgumentException("stream id out of range: " + sid);
        if (ssn < 0 || ssn > 0xffff) throw new IllegalArgumentException("stream sequence number out of range: " + ssn);
        if (flags < 0 || flags > 0xffff) throw new IllegalArgumentException("flags out of range: " + flags);
    }

    /** Whether the peer sent the message unordered. */
    public boolean isUnordered() {
        return (flags & SctpSndInfo.SCTP_UNORDERED) != 0;
    }
}
