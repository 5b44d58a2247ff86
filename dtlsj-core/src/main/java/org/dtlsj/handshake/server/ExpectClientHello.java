package org.dtlsj.handshake.server;

import org.dtlsj.error.DtlsException;
import org.dtlsj.handshake.HandshakeContext;
import org.dtlsj.handshake.HandshakeMessage;
import org.dtlsj.handshake.HandshakeState;
import org.dtlsj.handshake.Negotiation;
import org.dtlsj.wire.HandshakeType;
import org.dtlsj.wire.handshake.ClientHello;

/**
 * The server's first state once a ClientHello's cookie verified ({@link CookieExchange}); it
 * answers that ClientHello with flight 4 ({@link ServerStart}).
 */
public record ExpectClientHello() implements HandshakeState {
    @Override
    public HandshakeState onMessage(HandshakeMessage m, HandshakeContext cx) throws DtlsException {
        if (!m.type().equals(HandshakeType.CLIENT_HELLO)) throw HandshakeContext.unexpected(this, m);
        ClientHello ch = Negotiation.decode(m.body(), ClientHello::decode, "ClientHello");
        return ServerStart.onClientHello(m, ch, cx);
    }

    @Override
    public String toString() {
        return "expecting ClientHello";
    }
}
