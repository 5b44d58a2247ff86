package org.dtlsj.session;

import org.dtlsj.config.CipherSuite;

/**
 * Client: a session to resume (RFC 5246 §7.3 abbreviated handshake), as the last handshake with a
 * server left it: the session ID the server gave, and the ticket if it issued one (RFC 5077). Give
 * it to the next connection to that server ({@code DtlsClient.connect(..., session)}); the server
 * decides whether to resume, and a full handshake happens if it does not. Immutable; it holds the
 * session's master secret, so keep it as you would a key.
 */
public final class ResumableSession {
    private final byte[] sessionId;
    private final byte[] ticket;
    private final long ticketLifetimeSeconds;
    private final String serverName;
    private final SessionState state;

    public ResumableSession(byte[] sessionId, byte[] ticket, long ticketLifetimeSeconds, String serverName, SessionState state) {
        this.sessionId = sessionId.clone();
        this.ticket = ticket == null ? null : ticket.clone();
        this.ticketLifetimeSeconds = ticketLifetimeSeconds;
        this.serverName = serverName;
        this.state = state;
    }

    /** The session ID the server assigned (may be empty with a ticket). */
    public byte[] sessionId() {
        return sessionId.clone();
    }

    /** The server's ticket, or null. */
    public byte[] ticket() {
        return ticket == null ? null : ticket.clone();
    }

    public String serverName() {
        return serverName;
    }

    public CipherSuite cipherSuite() {
        return state.cipherSuite();
    }

    public SessionState state() {
        return state;
    }

    /** Whether a client should still offer it at {@code nowMillis}: within the ticket's lifetime hint (or a day without one). */
    public boolean isUsableAt(long nowMillis) {
        long lifetime = ticket != null && ticketLifetimeSeconds > 0 ? ticketLifetimeSeconds * 1000 : 24 * 3600_000L;
        return state.isValidAt(nowMillis, lifetime);
    }

    @Override
    public String toString() {
        return "session " + java.util.HexFormat.of().formatHex(sessionId) + (ticket != null ? " with a ticket" : "")
                + " (" + state.cipherSuite() + ")";
    }
}
