package org.dtlsj.api;

import org.dtlsj.error.DtlsException;

/**
 * Callbacks for a server's (or client's) connections, run on the connection's event-loop thread:
 * keep them short, and hand long work to another thread (a virtual thread is cheap). Without a
 * handler, data waits in the session for {@link DtlsSession#receive}.
 */
public interface DtlsHandler {
    /** The handshake with a peer completed. */
    default void onConnected(DtlsSession session) {
    }

    /** An application datagram arrived. Return false to leave it queued for {@link DtlsSession#receive}. */
    default boolean onData(DtlsSession session, byte[] data) {
        return false;
    }

    /** A heartbeat this side sent was answered after {@code rtt} (RFC 6520). */
    /** A renegotiation completed; {@code session.info()} describes the new keys. On the event loop. */
    default void onRenegotiated(DtlsSession session) {
    }

    default void onHeartbeatAnswered(DtlsSession session, java.time.Duration rtt) {
    }

    /** The connection ended: {@code error} is null for close_notify or an idle timeout, else why it failed. */
    default void onClosed(DtlsSession session, DtlsException error) {
    }
}
