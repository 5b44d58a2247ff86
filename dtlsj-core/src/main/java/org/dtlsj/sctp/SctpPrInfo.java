package org.dtlsj.sctp;

import java.time.Duration;

/**
 * Partial reliability for one user message: RFC 6458 §5.3.7 {@code struct sctp_prinfo} with the
 * policies of RFC 3758 and RFC 7496, and the seed's {@code struct bio_dgram_sctp_prinfo}
 * ({@code BIO_CTRL_DGRAM_SCTP_GET/SET_PRINFO}).
 *
 * <p>A message sent with a policy other than {@link #NONE} may be abandoned by the sender: the
 * peer then never sees it, later messages of its stream are not held back for it, and the sender
 * learns of it through {@link SctpNotification.SendFailed}. RFC 6083 §4.4 requires handshake,
 * ChangeCipherSpec and alert records to go fully reliable ({@link #RELIABLE}).
 *
 * <p>The policy values are dtlsj's, equal to the BSD and usrsctp ones; the Linux kernel backend
 * translates.
 *
 * @param policy {@link #NONE}, {@link #TTL}, {@link #PRIO} or {@link #RTX}
 * @param value  TTL: lifetime in milliseconds; RTX: retransmissions allowed; PRIO: priority
 *               (lower abandons later); ignored for NONE. Unsigned 32-bit.
 */
public record SctpPrInfo(int policy, int value) {
    /** SCTP_PR_SCTP_NONE: fully reliable. */
    public static final int NONE = 0;
    /** SCTP_PR_SCTP_TTL (RFC 3758 timed reliability): abandon once {@code value} ms have passed. */
    public static final int TTL = 1;
    /** SCTP_PR_SCTP_PRIO (RFC 7496 §4, "BUF" in usrsctp): abandon to make room for higher priority. */
    public static final int PRIO = 2;
    /** SCTP_PR_SCTP_RTX (RFC 7496 §3): abandon after {@code value} retransmissions. */
    public static final int RTX = 3;

    /** Fully reliable delivery, what RFC 6083 requires for everything but application data. */
    public static final SctpPrInfo RELIABLE = new SctpPrInfo(NONE, 0);

    /** Checks the policy. */
    public SctpPrInfo {
        if (policy < NONE || policy > RTX) throw new IllegalArgumentException("unknown PR-SCTP policy: " + policy);
    }

    /** Timed reliability: abandon the message once {@code lifetime} has passed unacknowledged. */
    public static SctpPrInfo ttl(Duration lifetime) {
        long ms = lifetime.toMillis();
        if (ms < 0 || ms > 0xffff_ffffL) throw new IllegalArgumentException("lifetime out of range: " + lifetime);
        return new SctpPrInfo(TTL, (int) ms);
    }

    /** Limited retransmission: abandon the message after {@code retransmissions} retransmissions. */
    public static SctpPrInfo rtx(int retransmissions) {
        if (retransmissions < 0) throw new IllegalArgumentException("negative retransmission limit");
        return new SctpPrInfo(RTX, retransmissions);
    }

    /** Whether the message may be abandoned. */
    public boolean isPartiallyReliable() {
        return policy != NONE;
    }
}
