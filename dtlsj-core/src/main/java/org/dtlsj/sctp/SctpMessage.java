package org.dtlsj.sctp;

/**
 * One complete user message as received, with its {@link SctpRcvInfo}. Over DTLS (RFC 6083 §4.1)
 * each user message holds exactly one DTLS record.
 *
 * <p>The array belongs to the receiver: backends hand over a fresh array and keep no reference.
 *
 * @param data the message bytes
 * @param info stream, sequence numbers, flags and PPID
 */
public record SctpMessage(byte[] data, SctpRcvInfo info) implements SctpInbound {
    /** Checks for nulls. */
    public SctpMessage {
        if (data == null || info == null) throw new NullPointerException("data and info are required");
    }

    /** The stream the message came on. */
    public int sid() {
        return info.sid();
    }

    /** The payload protocol identifier. */
    public int ppid() {
        return info.ppid();
    }

    /** Whether the message was sent unordered. */
    public boolean isUnordered() {
        return info.isUnordered();
    }

    @Override
    public String toString() {
        return "SctpMessage[" + data.length + " bytes, " + info + "]";
    }
}
