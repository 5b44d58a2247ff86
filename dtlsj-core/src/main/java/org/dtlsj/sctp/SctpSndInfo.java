package org.dtlsj.sctp;

/**
 * What to send a user message with: RFC 6458 §5.3.4 {@code struct sctp_sndinfo}, and the seed's
 * {@code struct bio_dgram_sctp_sndinfo} ({@code BIO_CTRL_DGRAM_SCTP_GET/SET_SNDINFO}).
 *
 * <p>{@code sid} is the stream (0..65535, below the association's outbound stream count).
 * {@code ppid} is the payload protocol identifier, an unsigned 32-bit value passed through to the
 * peer untouched and unprotected (RFC 6083 §4.3, §6); backends put it on the wire in network byte
 * order. {@code context} stays local: the stack returns it in {@link SctpNotification.SendFailed}.
 *
 * <p>The flag values are dtlsj's, chosen equal to the BSD and usrsctp ones; a backend whose stack
 * numbers them differently (the Linux kernel) translates.
 *
 * @param sid     stream identifier, 0..65535
 * @param flags   bitwise OR of {@link #SCTP_UNORDERED}, {@link #SCTP_EOF}, {@link #SCTP_ABORT},
 *                {@link #SCTP_SACK_IMMEDIATELY}
 * @param ppid    payload protocol identifier (unsigned 32-bit)
 * @param context opaque local value (unsigned 32-bit)
 */
public record SctpSndInfo(int sid, int flags, int ppid, int context) {
    /** RFC 6458 §5.3.4: deliver this message without regard to the stream's order. */
    public static final int SCTP_UNORDERED = 0x0400;
    /** RFC 6458 §5.3.4: start a graceful shutdown after this message. */
    public static final int SCTP_EOF = 0x0100;
    /** RFC 6458 §5.3.4: abort the association. */
    public static final int SCTP_ABORT = 0x0200;
    /** RFC 7053: ask the peer to acknowledge at once (the I bit). */
    public static final int SCTP_SACK_IMMEDIATELY = 0x4000;
    /** The flags a backend understands; others are refused. */
    public static final int KNOWN_FLAGS = SCTP_UNORDERED | SCTP_EOF | SCTP_ABORT | SCTP_SACK_IMMEDIATELY;
    /** Largest stream identifier (a 16-bit field, RFC 9260 §3.3.1). */
    public static final int MAX_SID = 0xffff;

    /** Checks the ranges. */
    public SctpSndInfo {
        if (sid < 0 || sid > MAX_SID) throw new IllegalArgumentException("stream id out of range: " + sid);
        if ((flags & ~KNOWN_FLAGS) != 0) {
            throw new IllegalArgumentException("unknown send flags: 0x" + Integer.toHexString(flags));
        }
    }

    /** Ordered on stream {@code sid} with payload protocol {@code ppid}. */
    public static SctpSndInfo ordered(int sid, int ppid) {
        return new SctpSndInfo(sid, 0, ppid, 0);
    }

    /** Unordered on stream {@code sid} with payload protocol {@code ppid}. */
    public static SctpSndInfo unordered(int sid, int ppid) {
        return new SctpSndInfo(sid, SCTP_UNORDERED, ppid, 0);
    }

    /** Whether {@link #SCTP_UNORDERED} is set. */
    public boolean isUnordered() {
        return (flags & SCTP_UNORDERED) != 0;
    }
}
