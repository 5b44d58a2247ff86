package org.dtlsj.config;

/**
 * Every bound a peer can push against, named in one place (DESIGN.md habit 7). A peer that hits
 * a bound gets its input dropped or the handshake failed with a clear error, never unbounded
 * memory.
 *
 * @param maxHandshakeMessageLength largest handshake message accepted (a Certificate chain is the
 *        largest); a longer declared length fails the handshake with MESSAGE_TOO_LARGE
 * @param maxBufferedMessages handshake messages after the next expected one that are buffered
 *        (RFC 6347 §4.2.2 "MAY buffer"); fragments further ahead are dropped
 * @param maxReassemblyBytes bytes held for reassembly of all buffered messages of one connection
 * @param maxEarlyRecords records of the next epoch buffered before its keys exist (RFC 6347 §4.1)
 * @param maxApplicationQueue received application records held until the application reads them;
 *        beyond it new records are dropped, as the network would (DTLS is lossy by contract)
 */
public record Limits(int maxHandshakeMessageLength, int maxBufferedMessages, int maxReassemblyBytes,
                     int maxEarlyRecords, int maxApplicationQueue) {
    public static final Limits DEFAULT = new Limits(64 * 1024, 8, 128 * 1024, 16, 1024);

    public Limits {
        if (maxHandshakeMessageLength < 1024 || maxBufferedMessages < 1 || maxReassemblyBytes < maxHandshakeMessageLength
                || maxEarlyRecords < 0 || maxApplicationQueue < 1) {
            throw new IllegalArgumentException("limits out of range: " + this);
        }
    }
}
