package org.dtlsj.sctp;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;

/**
 * One SCTP association, one-to-one style (RFC 6458 §4), as DTLS over SCTP (RFC 6083) needs it:
 * user messages with stream, PPID, unordered flag and PR-SCTP policy; SCTP-AUTH shared keys
 * (RFC 4895, RFC 6458 §8.1.18, §8.3.3–§8.3.5); notifications in order with the data.
 *
 * <p>Non-blocking and event-loop friendly: {@link #send} never waits (it answers false when the
 * send buffer is full), {@link #poll()} returns what is there, and a {@linkplain
 * #setReadyListener ready listener} says when to look again. {@link #poll(Duration)} waits, for
 * threads that prefer to block.
 *
 * <pre>{@code
 * assoc.setReadyListener(loop::wakeup);
 * assoc.send(record, SctpSndInfo.ordered(0, ppid), SctpPrInfo.RELIABLE);  // RFC 6083 §4.4
 * for (SctpInbound in; (in = assoc.poll()) != null; ) {
 *     switch (in) {
 *         case SctpMessage m -> engine.receive(m.data(), m.info());
 *         case SctpNotification.SenderDry d -> engine.senderDry();        // RFC 6083 §4.7
 *         case SctpNotification n -> engine.notification(n);
 *     }
 * }
 * }</pre>
 *
 * <p>Backends: {@code org.dtlsj.sctp.usrsctp} and {@code org.dtlsj.sctp.kernel} in dtlsj-sctp,
 * and a deterministic in-process model in dtlsj-testkit. Each says whether it is thread-safe.
 */
public interface SctpAssociation extends AutoCloseable {

    /**
     * Queues one user message (RFC 6458 §5.3.4, §5.3.7; {@code sctp_sendv} §9.12). The bytes
     * between the buffer's position and limit are sent and the position moves to the limit when
     * the message was taken.
     *
     * @return true if the stack took the message; false if its send buffer is full (try again
     *         when the ready listener fires)
     * @throws IOException if the association is not open, the stream does not exist, the message
     *                     is larger than the stack accepts, or the stack refused it
     */
    boolean send(ByteBuffer data, SctpSndInfo info, SctpPrInfo pr) throws IOException;

    /** {@link #send(ByteBuffer, SctpSndInfo, SctpPrInfo)} for a whole array. */
    default boolean send(byte[] data, SctpSndInfo info, SctpPrInfo pr) throws IOException {
        return send(ByteBuffer.wrap(data), info, pr);
    }

    /** Fully reliable send of a whole array. */
    default boolean send(byte[] data, SctpSndInfo info) throws IOException {
        return send(ByteBuffer.wrap(data), info, SctpPrInfo.RELIABLE);
    }

    /** Fully reliable send on stream {@code sid}, ordered or not. */
    default boolean send(byte[] data, int sid, int ppid, boolean unordered) throws IOException {
        return send(ByteBuffer.wrap(data), new SctpSndInfo(sid, unordered ? SctpSndInfo.SCTP_UNORDERED : 0, ppid, 0),
                SctpPrInfo.RELIABLE);
    }

    /**
     * The next user message or notification, without waiting; null if there is none now. After
     * the association ended, what was received before is still handed out, then null.
     */
    SctpInbound poll();

    /**
     * Like {@link #poll()}, waiting up to {@code timeout} for something to arrive.
     *
     * @return the next message or notification, or null if none came in time or the association
     *         ended with nothing left to read
     */
    SctpInbound poll(Duration timeout) throws InterruptedException;

    /**
     * Sets the callback run when {@link #poll()} may return something new, {@link #send} may take
     * more, or the association changed state; null removes it. Backends may run it on a thread of
     * their own: it should do little (wake an event loop) and must not block.
     */
    void setReadyListener(Runnable listener);

    /**
     * Whether everything sent has been acknowledged or abandoned and nothing waits to be sent: the
     * condition {@link SctpNotification.SenderDry} reports (RFC 6458 §6.1.9), as a query.
     */
    boolean isSenderDry();

    /**
     * Adds or replaces the shared key {@code keyId} (RFC 6458 §8.3.3, {@code SCTP_AUTH_KEY}).
     * Key 0 starts as the empty key on both ends (RFC 4895 §6.1, RFC 6083 §4.8).
     *
     * @param keyId 0..65535
     * @param key   the key bytes; empty sets a null key
     */
    void addAuthKey(int keyId, byte[] key) throws IOException;

    /**
     * Makes {@code keyId} the key that authenticates chunks of messages sent from now on (RFC 6458
     * §8.1.18, {@code SCTP_AUTH_ACTIVE_KEY}); the key must have been added.
     */
    void activateAuthKey(int keyId) throws IOException;

    /**
     * Stops sending with {@code keyId} (RFC 6458 §8.3.4, {@code SCTP_AUTH_DEACTIVATE_KEY}); the
     * active key cannot be deactivated. {@link SctpNotification.AuthKey} with FREE_KEY follows once
     * the stack no longer uses it.
     */
    void deactivateAuthKey(int keyId) throws IOException;

    /**
     * Deletes {@code keyId} (RFC 6458 §8.3.5, {@code SCTP_AUTH_DELETE_KEY}); the active key cannot
     * be deleted. Chunks the peer authenticates with a deleted key are discarded (RFC 4895 §6.3).
     */
    void deleteAuthKey(int keyId) throws IOException;

    /** The key identifier messages are authenticated with now (RFC 6458 §8.1.18). */
    int activeAuthKey() throws IOException;

    /** Whether the association is up: set up and neither shut down, lost nor closed. */
    boolean isOpen();

    /**
     * Starts a graceful shutdown (RFC 6458 §4.1.7, {@code shutdown(SHUT_WR)}): messages already
     * queued are still delivered, no new ones are taken; the peer sees {@link
     * SctpNotification.Shutdown}, and both ends end with SHUTDOWN_COMPLETE.
     */
    void shutdown() throws IOException;

    /** Ends the association at once with an ABORT (RFC 9260 §9.1); the peer sees COMM_LOST. */
    void abort();

    /**
     * Releases the association: a graceful shutdown if it is still open, then the resources. What
     * was received but not polled is discarded.
     */
    @Override
    void close();
}
