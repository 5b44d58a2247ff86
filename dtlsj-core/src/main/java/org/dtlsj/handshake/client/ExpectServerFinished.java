package org.dtlsj.handshake.client;

import org.dtlsj.error.DtlsException;
import org.dtlsj.handshake.HandshakeContext;
import org.dtlsj.handshake.HandshakeMessage;
import org.dtlsj.handshake.HandshakeState;
import org.dtlsj.wire.HandshakeType;

/** Waits for the server's Finished (RFC 5246 §7.4.9); the handshake is complete when it verifies. */
public record ExpectServerFinished() implements HandshakeState {
    @Override
    public HandshakeState onMessage(HandshakeMessage m, HandshakeContext cx) throws DtlsException {
        if (!m.type().equals(HandshakeType.FINISHED)) throw HandshakeContext.unexpected(this, m);
        cx.acceptPeerFinished(m);
        if (cx.sessionId.length > 0 || cx.newTicket != null) {
            cx.resumable = new org.dtlsj.session.ResumableSession(cx.sessionId, cx.newTicket, cx.newTicketLifetime,
                    cx.serverName, cx.sessionState());
        }
        cx.markComplete();
        return new Complete();
    }

    @Override
    public String toString() {
        return "expecting server Finished";
    }
}
