package org.dtlsj.handshake.client;

import org.dtlsj.error.DtlsException;
import org.dtlsj.handshake.HandshakeContext;
import org.dtlsj.handshake.HandshakeMessage;
import org.dtlsj.handshake.HandshakeState;
import org.dtlsj.handshake.Negotiation;
import org.dtlsj.wire.HandshakeType;
import org.dtlsj.wire.handshake.NewSessionTicket;

/**
 * The server announced session_ticket in ServerHello, so NewSessionTicket comes before its
 * ChangeCipherSpec, in the Finished hash (RFC 5077 §3.3). An empty ticket means "no ticket".
 */
public record ExpectNewSessionTicket(HandshakeState next) implements HandshakeState {
    @Override
    public HandshakeState onMessage(HandshakeMessage m, HandshakeContext cx) throws DtlsException {
        if (!m.type().equals(HandshakeType.NEW_SESSION_TICKET)) throw HandshakeContext.unexpected(this, m);
        NewSessionTicket t = Negotiation.decode(m.body(), NewSessionTicket::decode, "NewSessionTicket");
        cx.newTicket = t.ticket().length > 0 ? t.ticket() : null;
        cx.newTicketLifetime = t.lifetimeHintSeconds();
        cx.transcript.add(m);
        return next;
    }

    @Override
    public String toString() {
        return "expecting NewSessionTicket";
    }
}
