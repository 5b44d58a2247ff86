package org.dtlsj.sctp.ffm;

import java.util.Arrays;

/**
 * How SCTP sockets of the FFM backends (usrsctp, Linux kernel) are set up before they connect
 * or listen. The defaults are what DTLS over
 * SCTP needs: DATA and FORWARD-TSN (and I-DATA) chunks authenticated (RFC 6083 §4.5), HMAC-SHA-256
 * preferred over SHA-1, PR-SCTP on, Nagle off.
 *
 * @param authenticateData    add DATA, I-DATA and FORWARD-TSN to the chunks that must be
 *                            authenticated ({@code SCTP_AUTH_CHUNK}, RFC 6458 §8.3.2)
 * @param hmacIdents          the HMAC identifiers offered, most preferred first ({@code
 *                            SCTP_HMAC_IDENT}, RFC 6458 §8.1.17; RFC 4895 §6.1 requires SHA-1, 1)
 * @param outboundStreams     streams requested at setup ({@code SCTP_INITMSG}); 0 keeps the stack's
 * @param maxInboundStreams   streams accepted from the peer at most; 0 keeps the stack's
 * @param maxMessageSize      largest user message received; longer ones are discarded and counted
 * @param maxQueuedInbound    messages and notifications read from the stack but not yet polled
 * @param maxQueuedBytes      bytes of such messages
 */
public record SctpSocketOptions(boolean authenticateData, int[] hmacIdents, int outboundStreams, int maxInboundStreams,
        int maxMessageSize, int maxQueuedInbound, long maxQueuedBytes) {
    /** RFC 4895 §6.1: HMAC-SHA-1. */
    public static final int HMAC_SHA1 = 1;
    /** RFC 4895 §6.1: HMAC-SHA-256. */
    public static final int HMAC_SHA256 = 3;
    /**
     * Default bound on a received user message: 256 KiB, room for RFC 6083's 18,445-byte records
     * (§4.1) and for applications that send larger messages.
     */
    public static final int DEFAULT_MAX_MESSAGE_SIZE = 256 * 1024;
    /** Default number of received messages and notifications held until polled. */
    public static final int DEFAULT_MAX_QUEUED_INBOUND = 1024;
    /** Default bytes of received messages held until polled (4 MiB). */
    public static final long DEFAULT_MAX_QUEUED_BYTES = 4L * 1024 * 1024;

    /** Checks the values. */
    public SctpSocketOptions {
        hmacIdents = hmacIdents.clone();
        if (outboundStreams < 0 || outboundStreams > 0xffff || maxInboundStreams < 0 || maxInboundStreams > 0xffff) {
            throw new IllegalArgumentException("stream counts are 16-bit");
        }
        if (maxMessageSize < 1 || maxQueuedInbound < 1 || maxQueuedBytes < 1) {
            throw new IllegalArgumentException("bounds must be positive");
        }
    }

    /** The defaults. */
    public static SctpSocketOptions defaults() {
        return new SctpSocketOptions(true, new int[] {HMAC_SHA256, HMAC_SHA1}, 16, 16, DEFAULT_MAX_MESSAGE_SIZE,
                DEFAULT_MAX_QUEUED_INBOUND, DEFAULT_MAX_QUEUED_BYTES);
    }

    /** With or without DATA/FORWARD-TSN authentication (without: not RFC 6083, for tests only). */
    public SctpSocketOptions withAuthenticateData(boolean on) {
        return new SctpSocketOptions(on, hmacIdents, outboundStreams, maxInboundStreams, maxMessageSize,
                maxQueuedInbound, maxQueuedBytes);
    }

    /** With these stream counts. */
    public SctpSocketOptions withStreams(int outbound, int maxInbound) {
        return new SctpSocketOptions(authenticateData, hmacIdents, outbound, maxInbound, maxMessageSize,
                maxQueuedInbound, maxQueuedBytes);
    }

    /** With this largest received message. */
    public SctpSocketOptions withMaxMessageSize(int bytes) {
        return new SctpSocketOptions(authenticateData, hmacIdents, outboundStreams, maxInboundStreams, bytes,
                maxQueuedInbound, maxQueuedBytes);
    }

    /** With these bounds on what is read but not yet polled. */
    public SctpSocketOptions withQueueBounds(int items, long bytes) {
        return new SctpSocketOptions(authenticateData, hmacIdents, outboundStreams, maxInboundStreams, maxMessageSize,
                items, bytes);
    }

    @Override
    public int[] hmacIdents() {
        return hmacIdents.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SctpSocketOptions u && u.authenticateData == authenticateData
                && Arrays.equals(u.hmacIdents, hmacIdents) && u.outboundStreams == outboundStreams
                && u.maxInboundStreams == maxInboundStreams && u.maxMessageSize == maxMessageSize
                && u.maxQueuedInbound == maxQueuedInbound && u.maxQueuedBytes == maxQueuedBytes;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(hmacIdents) * 31 + Boolean.hashCode(authenticateData) + outboundStreams;
    }

    @Override
    public String toString() {
        return "SctpSocketOptions[auth=" + authenticateData + ", hmac=" + Arrays.toString(hmacIdents) + ", streams="
                + outboundStreams + "/" + maxInboundStreams + ", maxMessage=" + maxMessageSize + "]";
    }
}
