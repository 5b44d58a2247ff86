package org.dtlsj.engine;

/**
 * What a connection over SCTP (RFC 6083) asks of its association, in order: messages to send,
 * SCTP-AUTH key changes (RFC 4895, RFC 6458 §8.3.3 - §8.3.5) and the wait for all sent messages
 * to be acknowledged. Read with {@link DtlsConnection#pollSctp()} and carried out one after the
 * other: nothing after an {@link AwaitSenderDry} goes out before the association's sender-dry
 * notification (RFC 6458 §6.1.9) has come.
 */
public sealed interface SctpOutput {
    /**
     * One DTLS record as one SCTP user message (RFC 6083 §4.1), sent as {@code info} and
     * {@code pr} say; handshake, alert and ChangeCipherSpec records always on stream 0, ordered
     * and fully reliable (§4.4).
     */
    record Message(byte[] record, org.dtlsj.sctp.SctpSndInfo info, org.dtlsj.sctp.SctpPrInfo pr) implements SctpOutput {
        public int stream() {
            return info.sid();
        }

        public boolean unordered() {
            return info.isUnordered();
        }

        public int ppid() {
            return info.ppid();
        }
    }

    /** RFC 6083 §4.7 / §4.9: before ChangeCipherSpec and close_notify, every message sent so far must be acknowledged. */
    record AwaitSenderDry() implements SctpOutput {
    }

    /** RFC 6083 §4.8: a new endpoint-pair shared key (64 bytes from the exporter) under {@code keyId}. */
    record AddAuthKey(int keyId, byte[] secret) implements SctpOutput {
        @Override
        public byte[] secret() {
            return secret.clone();
        }
    }

    /** RFC 6083 §4.8: authenticate what is sent from now on with {@code keyId} (before our Finished). */
    record ActivateAuthKey(int keyId) implements SctpOutput {
    }

    /** RFC 6083 §4.8: the previous key, once the peer's Finished arrived. */
    record DeleteAuthKey(int keyId) implements SctpOutput {
    }

    /** Application data received over SCTP, with what the transport gave with its record (its rcvinfo, say). */
    record Inbound(byte[] data, Object context) {
    }
}
