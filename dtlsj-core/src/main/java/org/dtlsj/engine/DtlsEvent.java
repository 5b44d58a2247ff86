package org.dtlsj.engine;

import org.dtlsj.error.DtlsException;
import org.dtlsj.wire.Alert;

/** Something the application may want to know, polled with {@link DtlsConnection#pollEvent()}. */
public sealed interface DtlsEvent {
    /** The handshake completed; application data may flow. */
    record HandshakeCompleted(SessionInfo session) implements DtlsEvent {
    }

    /**
     * A renegotiation (RFC 5746) completed: from now on the connection runs under {@code session}'s
     * keys. Data sent before it was delivered or is still on its way under the old keys.
     */
    record Renegotiated(SessionInfo session) implements DtlsEvent {
    }

    /**
     * A renegotiation this side asked for did not happen, and the connection goes on under its
     * current keys: the peer refused it (a no_renegotiation warning, RFC 5246 §7.2.2) or never
     * answered within the handshake timeout.
     */
    record RenegotiationRefused(String reason) implements DtlsEvent {
    }

    /** The peer sent a warning alert other than close_notify (for instance no_renegotiation). */
    record WarningReceived(Alert alert) implements DtlsEvent {
    }

    /** A heartbeat we sent was answered (RFC 6520), {@code rttNanos} after its first transmission. */
    record HeartbeatAnswered(long rttNanos, int paddingLength) implements DtlsEvent {
    }

    /** Path-MTU discovery ended: {@code mtu} bytes of UDP payload reach the peer ({@code probes} sent). */
    record PathMtuDiscovered(int mtu, int probes) implements DtlsEvent {
    }

    /** The connection closed with close_notify; {@code byPeer} says who sent it first. */
    record Closed(boolean byPeer) implements DtlsEvent {
    }

    /** The connection failed; nothing more will be sent or delivered. */
    record Failed(DtlsException error) implements DtlsEvent {
    }
}
