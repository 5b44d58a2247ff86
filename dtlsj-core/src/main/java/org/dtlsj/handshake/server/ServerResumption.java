package org.dtlsj.handshake.server;

import org.dtlsj.config.DtlsConfig;
import org.dtlsj.crypto.KeySchedule;
import org.dtlsj.error.DtlsException;
import org.dtlsj.handshake.ExpectChangeCipherSpec;
import org.dtlsj.handshake.HandshakeContext;
import org.dtlsj.handshake.HandshakeMessage;
import org.dtlsj.handshake.HandshakeState;
import org.dtlsj.session.SessionState;
import org.dtlsj.wire.ExtensionType;
import org.dtlsj.wire.HandshakeType;
import org.dtlsj.wire.handshake.ClientHello;
import org.dtlsj.wire.handshake.Finished;
import org.dtlsj.wire.handshake.NewSessionTicket;
import org.dtlsj.wire.handshake.ServerHello;

/**
 * Server side of session resumption: the abbreviated handshake of RFC 5246 §7.3 for a session
 * named by a ticket (RFC 5077 §3.1) or by its ID in the {@link org.dtlsj.session.ServerSessionCache},
 * and keeping the session at the end of a full handshake.
 *
 * <p>A session is resumed only as it was made: same version, a suite the client still offers and
 * this server still enables, and the extended master secret exactly as before (RFC 7627 §5.3);
 * anything else gets a full handshake. Behind the event loop's cookie check, so only a client that
 * owns its address gets here (security catalog S-23).
 */
final class ServerResumption {
    private ServerResumption() {
    }

    /** The state after an abbreviated ServerHello flight, or null for a full handshake. */
    static HandshakeState tryResume(HandshakeMessage m, ClientHello ch, HandshakeContext cx) throws DtlsException {
        DtlsConfig c = cx.config;
        var ticketExt = ch.extensions().find(ExtensionType.SESSION_TICKET);
        SessionState s = null;
        if (c.sessionTickets() && ticketExt.isPresent() && ticketExt.get().data().length > 0) {
            s = c.ticketKeys().open(ticketExt.get().data(), cx.wallClockMillis);
        }
        if (s == null && ch.sessionId().length > 0 && c.sessionCache() != null) {
            s = c.sessionCache().get(ch.sessionId(), cx.wallClockMillis);
        }
        if (s == null || !resumable(s, ch, cx)) return null;

        cx.suite = s.cipherSuite();
        cx.masterSecret = s.masterSecret();
        cx.restorePeer(s);
        cx.resumed = true;
        cx.group = null;
        cx.ticketNegotiated = c.sessionTickets() && ticketExt.isPresent();
        // RFC 5077 §3.4: the client's session ID is echoed, so it knows its ticket was taken.
        cx.sessionId = ch.sessionId();
        byte[] sr = new byte[32];
        c.random().nextBytes(sr);
        cx.serverRandom = sr;
        cx.transcript.add(m);
        cx.send(new ServerHello(cx.version, cx.serverRandom, cx.sessionId, cx.suite.id, 0, ServerStart.serverHelloExtensions(ch, cx)));
        if (cx.ticketNegotiated) cx.send(new NewSessionTicket(c.ticketKeys().lifetimeSeconds(), c.ticketKeys().seal(s, cx.wallClockMillis)));
        cx.deriveKeys();
        cx.sendChangeCipherSpec();
        byte[] ours = cx.verifyData(KeySchedule.SERVER_FINISHED);
        cx.serverVerifyData = ours;
        cx.send(new Finished(ours));
        cx.endFlight(false);
        return new ExpectChangeCipherSpec(new ExpectAbbreviatedClientFinished());
    }

    private static boolean resumable(SessionState s, ClientHello ch, HandshakeContext cx) {
        return s.version().equals(cx.version) && ch.offers(s.cipherSuite().id) && cx.config.cipherSuites().contains(s.cipherSuite())
                && s.extendedMasterSecret() == cx.extendedMasterSecret
                // RFC 6066 §3: "MUST NOT accept the request to resume the session if the
                // server_name extension contains a different name".
                && java.util.Objects.equals(s.serverName(), cx.requestedServerName)
                && (!s.cipherSuite().keyExchange.usesPsk() || cx.config.pskStore() != null);
    }

    /** At the end of a full handshake: a ticket for the client, or the session in the cache. */
    static void keep(HandshakeContext cx) {
        DtlsConfig c = cx.config;
        if (cx.ticketNegotiated) {
            // RFC 5077 §3.3: NewSessionTicket before ChangeCipherSpec, in the Finished hash.
            cx.send(new NewSessionTicket(c.ticketKeys().lifetimeSeconds(), c.ticketKeys().seal(cx.sessionState(), cx.wallClockMillis)));
        } else if (cx.sessionId.length > 0 && c.sessionCache() != null) {
            c.sessionCache().put(cx.sessionId, cx.sessionState());
        }
    }

    /** Abbreviated handshake: the client's Finished, after the server's, ends it. */
    record ExpectAbbreviatedClientFinished() implements HandshakeState {
        @Override
        public HandshakeState onMessage(HandshakeMessage m, HandshakeContext cx) throws DtlsException {
            if (!m.type().equals(HandshakeType.FINISHED)) throw HandshakeContext.unexpected(this, m);
            cx.acceptPeerFinished(m);
            cx.markComplete();
            return new Complete();
        }

        @Override
        public String toString() {
            return "expecting client Finished (resumption)";
        }
    }
}
