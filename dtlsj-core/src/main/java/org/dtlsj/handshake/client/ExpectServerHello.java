package org.dtlsj.handshake.client;

import java.util.Arrays;
import java.util.List;
import org.dtlsj.config.CipherSuite;
import org.dtlsj.error.DtlsException;
import org.dtlsj.error.Reason;
import org.dtlsj.handshake.HandshakeContext;
import org.dtlsj.handshake.HandshakeMessage;
import org.dtlsj.handshake.HandshakeState;
import org.dtlsj.handshake.Negotiation;
import org.dtlsj.wire.ExtensionType;
import org.dtlsj.wire.HandshakeType;
import org.dtlsj.wire.extension.EcPointFormats;
import org.dtlsj.wire.extension.Extension;
import org.dtlsj.wire.extension.RenegotiationInfo;
import org.dtlsj.wire.handshake.ClientHello;
import org.dtlsj.wire.handshake.HelloVerifyRequest;
import org.dtlsj.wire.handshake.ServerHello;

/**
 * Waits for HelloVerifyRequest (answered with the ClientHello again, now with the cookie — RFC
 * 6347 §4.2.1) or ServerHello.
 *
 * @param sent the ClientHello as last sent
 * @param verifyRequests HelloVerifyRequests answered so far
 */
public record ExpectServerHello(ClientHello sent, int verifyRequests) implements HandshakeState {
    /** A server that keeps asking for cookies is broken or hostile; give up after this many. */
    public static final int MAX_VERIFY_REQUESTS = 8;

    @Override
    public HandshakeState onMessage(HandshakeMessage m, HandshakeContext cx) throws DtlsException {
        if (m.type().equals(HandshakeType.HELLO_VERIFY_REQUEST)) {
            return onHelloVerifyRequest(m, cx);
        }
        if (!m.type().equals(HandshakeType.SERVER_HELLO)) throw HandshakeContext.unexpected(this, m);
        ServerHello sh = Negotiation.decode(m.body(), ServerHello::decode, "ServerHello");
        if (!cx.config.versions().contains(sh.serverVersion())) {
            throw new DtlsException(Reason.PROTOCOL_VERSION, "server chose " + sh.serverVersion()
                    + ", this side enables " + cx.config.versions());
        }
        if (cx.isRenegotiation() && !sh.serverVersion().equals(cx.renegotiation.version())) {
            throw new DtlsException(Reason.PROTOCOL_VERSION, "server changed the version from " + cx.renegotiation.version()
                    + " to " + sh.serverVersion() + " in a renegotiation");
        }
        CipherSuite suite = CipherSuite.byId(sh.cipherSuite());
        if (suite != null && !suite.usableIn(sh.serverVersion())) {
            throw new DtlsException(Reason.ILLEGAL_PARAMETER, "server chose " + suite + ", which " + sh.serverVersion() + " does not have");
        }
        if (suite == null || !cx.config.cipherSuites().contains(suite) || (suite.keyExchange.usesPsk() && cx.config.pskProvider() == null)) {
            throw new DtlsException(Reason.ILLEGAL_PARAMETER, "server chose cipher suite " + sh.cipherSuite() + " that was not offered");
        }
        if (sh.compressionMethod() != 0) {
            throw new DtlsException(Reason.ILLEGAL_PARAMETER, "server chose compression " + sh.compressionMethod());
        }
        checkExtensions(sh, cx);
        cx.version = sh.serverVersion();
        cx.suite = suite;
        cx.serverRandom = sh.random();
        cx.sessionId = sh.sessionId();
        cx.ticketNegotiated = sh.extensions().has(ExtensionType.SESSION_TICKET);
        cx.transcript.add(m);
        if (cx.resumeFrom != null && cx.offeredSessionId.length > 0 && Arrays.equals(sh.sessionId(), cx.offeredSessionId)) {
            return resume(cx);
        }
        return suite.keyExchange.usesCertificates() ? new ExpectServerCertificate() : new ExpectPskServerKeyExchange();
    }

    /**
     * The server echoed the offered session ID: an abbreviated handshake (RFC 5246 §7.3) with the
     * session's master secret. It must have kept the session's suite and version, and the extended
     * master secret exactly as the session had it (RFC 7627 §5.3).
     */
    private static HandshakeState resume(HandshakeContext cx) throws DtlsException {
        org.dtlsj.session.SessionState s = cx.resumeFrom.state();
        if (cx.suite != s.cipherSuite() || !cx.version.equals(s.version())) {
            throw new DtlsException(Reason.ILLEGAL_PARAMETER, "server resumed the session with " + cx.suite + " " + cx.version
                    + ", not its " + s.cipherSuite() + " " + s.version());
        }
        if (cx.extendedMasterSecret != s.extendedMasterSecret()) {
            throw new DtlsException(Reason.SECURITY_REQUIREMENT, "server resumed a session " + (s.extendedMasterSecret() ? "made with" : "made without")
                    + " the extended master secret " + (cx.extendedMasterSecret ? "with" : "without") + " it (RFC 7627 §5.3)");
        }
        cx.resumed = true;
        cx.masterSecret = s.masterSecret();
        cx.restorePeer(s);
        cx.group = null;
        cx.deriveKeys();
        HandshakeState finish = new org.dtlsj.handshake.ExpectChangeCipherSpec(new ExpectAbbreviatedServerFinished());
        return cx.ticketNegotiated ? new ExpectNewSessionTicket(finish) : finish;
    }

    private HandshakeState onHelloVerifyRequest(HandshakeMessage m, HandshakeContext cx) throws DtlsException {
        HelloVerifyRequest hvr = Negotiation.decode(m.body(), HelloVerifyRequest::decode, "HelloVerifyRequest");
        if (!hvr.serverVersion().isDtls()) {
            throw new DtlsException(Reason.PROTOCOL_VERSION, "HelloVerifyRequest version " + hvr.serverVersion());
        }
        if (java.util.Arrays.equals(hvr.cookie(), sent.cookie())) {
            // A duplicate (our first ClientHello was answered twice): the ClientHello with this
            // cookie is already on its way, and the timer resends it if it is lost.
            return this;
        }
        if (verifyRequests >= MAX_VERIFY_REQUESTS) {
            throw new DtlsException(Reason.UNEXPECTED_MESSAGE, "server sent " + (verifyRequests + 1) + " HelloVerifyRequests");
        }
        // RFC 6347 §4.2.1: same parameters, now with the cookie; §4.2.6: the first ClientHello
        // and the HelloVerifyRequest stay out of the transcript.
        ClientHello again = sent.withCookie(hvr.cookie());
        cx.cookie = hvr.cookie();
        cx.transcript.reset();
        // Every ClientHello that answers a HelloVerifyRequest is "the second ClientHello",
        // message_seq 1 (RFC 6347 §4.2.2 figure): however often the cookie changes, the number
        // stays where servers expect it (OpenSSL's listen accepts at most 2; dtlsj's too).
        cx.startSendSeq(1);
        cx.send(again);
        cx.endFlight(false);
        return new ExpectServerHello(again, verifyRequests + 1);
    }

    /** RFC 5246 §7.4.1.4: a server may only send extensions the client offered; a client "MUST abort the handshake with an unsupported_extension fatal alert" otherwise. */
    private void checkExtensions(ServerHello sh, HandshakeContext cx) throws DtlsException {
        for (Extension e : sh.extensions().list()) {
            if (!sent.extensions().has(e.type())) {
                throw new DtlsException(Reason.UNSUPPORTED_EXTENSION, "server sent unsolicited extension " + e.type());
            }
        }
        var reneg = sh.extensions().find(ExtensionType.RENEGOTIATION_INFO);
        if (cx.isRenegotiation()) {
            // RFC 5746 §3.5: present, and client_verify_data || server_verify_data of the handshake
            // before, or the handshake is aborted (handshake_failure).
            byte[] got = reneg.isPresent() ? Negotiation.decode(reneg.get(), RenegotiationInfo::decode).renegotiatedConnection() : null;
            if (got == null || !java.security.MessageDigest.isEqual(got, cx.renegotiation.both())) {
                throw new DtlsException(Reason.SECURITY_REQUIREMENT, reneg.isPresent()
                        ? "renegotiation_info does not match the previous handshake (RFC 5746 §3.5)"
                        : "server answered a renegotiation without renegotiation_info (RFC 5746 §3.5)");
            }
            cx.secureRenegotiation = true;
        } else if (reneg.isPresent()) {
            // RFC 5746 §3.4: on an initial handshake it must be empty.
            RenegotiationInfo ri = Negotiation.decode(reneg.get(), RenegotiationInfo::decode);
            if (ri.renegotiatedConnection().length != 0) {
                throw new DtlsException(Reason.SECURITY_REQUIREMENT, "non-empty renegotiation_info on an initial handshake");
            }
            cx.secureRenegotiation = true;
        }
        var ems = sh.extensions().find(ExtensionType.EXTENDED_MASTER_SECRET);
        if (ems.isPresent()) {
            if (ems.get().data().length != 0) {
                throw new DtlsException(Reason.DECODE_ERROR, "extended_master_secret with a body");
            }
            cx.extendedMasterSecret = true;
        } else if (cx.config.requireExtendedMasterSecret()) {
            throw new DtlsException(Reason.SECURITY_REQUIREMENT, "server does not support extended_master_secret (RFC 7627), which this side requires");
        }
        var hb = sh.extensions().find(ExtensionType.HEARTBEAT);
        if (hb.isPresent()) {
            // RFC 6520 §2: an unknown mode is answered with illegal_parameter.
            cx.peerHeartbeatMode = Negotiation.decode(hb.get(), org.dtlsj.wire.heartbeat.HeartbeatMode::decode);
        }
        cx.serverCertType = chosenType(sh, ExtensionType.SERVER_CERTIFICATE_TYPE);
        cx.clientCertType = chosenType(sh, ExtensionType.CLIENT_CERTIFICATE_TYPE);
        var etm = sh.extensions().find(ExtensionType.ENCRYPT_THEN_MAC);
        if (etm.isPresent()) {
            // RFC 7366 §2: never with an AEAD suite, and with an empty body.
            if (!CipherSuite.byId(sh.cipherSuite()).cipher.isCbc() || etm.get().data().length != 0) {
                throw new DtlsException(Reason.ILLEGAL_PARAMETER, "encrypt_then_mac with " + CipherSuite.byId(sh.cipherSuite()));
            }
            cx.encryptThenMac = true;
        }
        var alpn = sh.extensions().find(ExtensionType.ALPN);
        if (alpn.isPresent()) {
            // RFC 7301 §3.1: exactly one name, and one this client offered.
            List<String> chosen = Negotiation.decode(alpn.get(), org.dtlsj.wire.extension.ApplicationProtocols::decode).names();
            if (chosen.size() != 1 || !cx.config.applicationProtocols().contains(chosen.get(0))) {
                throw new DtlsException(Reason.ILLEGAL_PARAMETER, "server selected application protocol " + chosen
                        + ", not one of " + cx.config.applicationProtocols());
            }
            cx.applicationProtocol = chosen.get(0);
        }
        var rsl = sh.extensions().find(ExtensionType.RECORD_SIZE_LIMIT);
        if (rsl.isPresent()) {
            int limit = Negotiation.decode(rsl.get(), org.dtlsj.wire.extension.RecordSizeLimit::decode).limit();
            // RFC 8449 §4: a client MAY abort on a value above the version's maximum; it does.
            if (limit > org.dtlsj.wire.extension.RecordSizeLimit.MAX_DTLS12) {
                throw new DtlsException(Reason.ILLEGAL_PARAMETER, "record_size_limit " + limit + " exceeds DTLS 1.2's 2^14");
            }
            cx.peerRecordSizeLimit = limit;
        }
        var pf = sh.extensions().find(ExtensionType.EC_POINT_FORMATS);
        if (pf.isPresent() && !Negotiation.decode(pf.get(), EcPointFormats::decode).includesUncompressed()) {
            throw new DtlsException(Reason.ILLEGAL_PARAMETER, "server's ec_point_formats lacks uncompressed");
        }
        if (Arrays.equals(sh.random(), cx.clientRandom)) {
            throw new DtlsException(Reason.ILLEGAL_PARAMETER, "server echoed the client random");
        }
    }

    /** RFC 7250 §4.2: the one type the server chose, which must be one this client offered. */
    private org.dtlsj.config.CertificateType chosenType(ServerHello sh, ExtensionType which) throws DtlsException {
        var e = sh.extensions().find(which);
        if (e.isEmpty()) return org.dtlsj.config.CertificateType.X509;
        int v = Negotiation.decode(e.get(), org.dtlsj.wire.extension.CertificateTypes::decodeSingle).types().get(0);
        var offered = Negotiation.decode(sent.extensions().find(which).get(), org.dtlsj.wire.extension.CertificateTypes::decodeList);
        org.dtlsj.config.CertificateType t = org.dtlsj.config.CertificateType.of(v);
        if (t == null || !offered.types().contains(v)) {
            throw new DtlsException(Reason.ILLEGAL_PARAMETER, "server chose " + which + " " + v + ", which was not offered");
        }
        return t;
    }

    @Override
    public String toString() {
        return "expecting ServerHello";
    }
}
