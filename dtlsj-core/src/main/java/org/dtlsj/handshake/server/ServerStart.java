package org.dtlsj.handshake.server;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.util.ArrayList;
import java.util.List;
import org.dtlsj.config.CipherSuite;
import org.dtlsj.config.ClientAuth;
import org.dtlsj.config.DtlsConfig;
import org.dtlsj.crypto.KeyExchange;
import org.dtlsj.crypto.Signatures;
import org.dtlsj.error.DtlsException;
import org.dtlsj.error.Reason;
import org.dtlsj.handshake.HandshakeContext;
import org.dtlsj.handshake.HandshakeMessage;
import org.dtlsj.handshake.HandshakeState;
import org.dtlsj.handshake.Negotiation;
import org.dtlsj.wire.CipherSuiteId;
import org.dtlsj.wire.ExtensionType;
import org.dtlsj.wire.NamedGroup;
import org.dtlsj.wire.ProtocolVersion;
import org.dtlsj.wire.SignatureScheme;
import org.dtlsj.wire.extension.EcPointFormats;
import org.dtlsj.wire.extension.Extension;
import org.dtlsj.wire.extension.Extensions;
import org.dtlsj.wire.extension.RenegotiationInfo;
import org.dtlsj.wire.extension.ServerName;
import org.dtlsj.wire.extension.SignatureAlgorithms;
import org.dtlsj.wire.extension.SupportedGroups;
import org.dtlsj.wire.handshake.CertificateMessage;
import org.dtlsj.wire.handshake.CertificateRequest;
import org.dtlsj.wire.handshake.ClientHello;
import org.dtlsj.wire.handshake.EcdheServerKeyExchange;
import org.dtlsj.wire.handshake.ServerHello;
import org.dtlsj.wire.handshake.ServerHelloDone;
import org.dtlsj.wire.handshake.PskServerKeyExchange;

/**
 * The server's answer to a ClientHello whose cookie verified (or with cookies off): negotiate,
 * then flight 4 — ServerHello, Certificate, ServerKeyExchange, [CertificateRequest],
 * ServerHelloDone (RFC 5246 §7.4.1.3 - §7.4.5, RFC 8422 §5.3 - §5.4); with a PSK suite,
 * ServerHello, [ServerKeyExchange], ServerHelloDone (RFC 4279 §2, RFC 5489 §2).
 */
public final class ServerStart {
    private ServerStart() {
    }

    /** Handles the verified ClientHello {@code m}; sends flight 4; returns the next state. */
    public static HandshakeState onClientHello(HandshakeMessage m, ClientHello ch, HandshakeContext cx) throws DtlsException {
        DtlsConfig c = cx.config;
        cx.version = Negotiation.chooseVersion(ch.clientVersion(), c.versions());
        if (cx.isRenegotiation() && !cx.version.equals(cx.renegotiation.version())) {
            // A renegotiation keeps the connection's version (a client offering less is refused).
            if (ch.clientVersion().isNewerThan(cx.renegotiation.version()) || ch.clientVersion().equals(cx.renegotiation.version())) {
                cx.version = cx.renegotiation.version();
            } else {
                throw new DtlsException(Reason.PROTOCOL_VERSION, "client offers " + ch.clientVersion() + " in a renegotiation of a "
                        + cx.renegotiation.version() + " connection");
            }
        }
        boolean nullCompression = false;
        for (byte b : ch.compressionMethods()) nullCompression |= b == 0;
        if (!nullCompression) {
            throw new DtlsException(Reason.ILLEGAL_PARAMETER, "ClientHello does not offer null compression");
        }
        Extensions ext = ch.extensions();
        readRenegotiation(ch, cx);
        var ems = ext.find(ExtensionType.EXTENDED_MASTER_SECRET);
        if (ems.isPresent() && ems.get().data().length != 0) {
            throw new DtlsException(Reason.DECODE_ERROR, "extended_master_secret with a body");
        }
        cx.extendedMasterSecret = ems.isPresent();
        if (!cx.extendedMasterSecret && c.requireExtendedMasterSecret()) {
            throw new DtlsException(Reason.SECURITY_REQUIREMENT, "client does not offer extended_master_secret (RFC 7627), which this side requires");
        }
        var pf = ext.find(ExtensionType.EC_POINT_FORMATS);
        if (pf.isPresent() && !Negotiation.decode(pf.get(), EcPointFormats::decode).includesUncompressed()) {
            throw new DtlsException(Reason.ILLEGAL_PARAMETER, "client's ec_point_formats lacks uncompressed");
        }
        var hb = ext.find(ExtensionType.HEARTBEAT);
        if (hb.isPresent()) {
            // RFC 6520 §2: an unknown mode is answered with illegal_parameter.
            var mode = Negotiation.decode(hb.get(), org.dtlsj.wire.heartbeat.HeartbeatMode::decode);
            if (c.heartbeat() != null) cx.peerHeartbeatMode = mode;
        }
        var alpn = ext.find(ExtensionType.ALPN);
        if (alpn.isPresent() && !c.applicationProtocols().isEmpty()) {
            // RFC 7301 §3.2: the server's most preferred protocol that the client offers.
            List<String> offered = Negotiation.decode(alpn.get(), org.dtlsj.wire.extension.ApplicationProtocols::decode).names();
            for (String p : c.applicationProtocols()) {
                if (offered.contains(p)) {
                    cx.applicationProtocol = p;
                    break;
                }
            }
            if (cx.applicationProtocol == null) {
                throw new DtlsException(Reason.NO_APPLICATION_PROTOCOL, "the client offers application protocols " + offered
                        + ", this server speaks " + c.applicationProtocols());
            }
        }
        var rsl = ext.find(ExtensionType.RECORD_SIZE_LIMIT);
        if (rsl.isPresent()) {
            // RFC 8449 §4: a server MUST NOT refuse a value above 2^14; it sends no more than 2^14 anyway.
            cx.peerRecordSizeLimit = Math.min(org.dtlsj.wire.extension.RecordSizeLimit.MAX_DTLS12,
                    Negotiation.decode(rsl.get(), org.dtlsj.wire.extension.RecordSizeLimit::decode).limit());
        }
        var sni = ext.find(ExtensionType.SERVER_NAME);
        if (sni.isPresent()) cx.requestedServerName = Negotiation.decode(sni.get(), ServerName::decode).hostName();

        cx.clientRandom = ch.random();
        HandshakeState resumed = ServerResumption.tryResume(m, ch, cx);
        if (resumed != null) return resumed;
        chooseCredentials(cx);
        negotiateCertificateTypes(ch, cx);

        List<NamedGroup> clientGroups = ext.find(ExtensionType.SUPPORTED_GROUPS).isPresent()
                ? Negotiation.decode(ext.find(ExtensionType.SUPPORTED_GROUPS).get(), SupportedGroups::decode).groups()
                // RFC 8422 §4: without the extension the server may pick any curve; P-256 is the one every client has.
                : List.of(NamedGroup.SECP256R1);
        NamedGroup group = null;
        for (NamedGroup g : c.groups()) {
            if (clientGroups.contains(g)) { group = g; break; }
        }
        List<SignatureScheme> clientSchemes = Negotiation.peerSignatureSchemes(ext);
        PrivateKey key = cx.ownKey;
        SignatureScheme scheme = key == null ? null : Signatures.choose(c.signatureSchemes(), clientSchemes, key);
        boolean certificate = cx.serverCertType == org.dtlsj.config.CertificateType.RAW_PUBLIC_KEY
                ? c.rawPublicKey() != null : !cx.ownChain.isEmpty();
        // DTLS 1.0 has no signature_algorithms: the key's type alone decides (RFC 4346 §7.4.3).
        boolean canSign = scheme != null || (cx.legacy() && key != null);
        CipherSuite suite = chooseSuite(ch, c, certificate ? key : null, canSign, group != null, cx.version);
        if (suite == null) {
            throw new DtlsException(Reason.NO_COMMON_PARAMETERS, "no common cipher suite with this client: "
                    + whyNoSuite(ch, c, key, canSign, group != null, clientGroups));
        }
        cx.suite = suite;
        cx.group = group;
        cx.clientRandom = ch.random();
        byte[] sr = new byte[32];
        c.random().nextBytes(sr);
        cx.serverRandom = sr;
        cx.transcript.add(m);
        return sendFlight4(ch, cx, scheme);
    }

    /**
     * The key and chain for this handshake: the configuration's, or what the {@link
     * org.dtlsj.config.ServerNameSelector} picks for the requested name (RFC 6066 §3).
     */
    private static void chooseCredentials(HandshakeContext cx) throws DtlsException {
        cx.ownKey = cx.config.privateKey();
        cx.ownChain = cx.config.certificateChain();
        if (cx.config.serverNameSelector() == null) return;
        switch (cx.config.serverNameSelector().select(cx.requestedServerName)) {
            case org.dtlsj.config.ServerNameSelector.Use u -> {
                cx.ownKey = u.key();
                cx.ownChain = u.chain();
            }
            case org.dtlsj.config.ServerNameSelector.Reject r -> throw new DtlsException(Reason.UNRECOGNIZED_NAME,
                    "this server does not serve " + (cx.requestedServerName != null ? "\"" + cx.requestedServerName + "\"" : "clients without server_name"));
            case org.dtlsj.config.ServerNameSelector.UseDefault d -> { }
        }
    }

    /**
     * RFC 7250 §4.2: the certificate type this server presents (a raw public key when it has one
     * and the client takes it) and the one it asks the client for (a raw public key when it
     * trusts some and the client offers one). No type in common ends the handshake with
     * unsupported_certificate, unless pre-shared keys can still serve the client.
     */
    private static void negotiateCertificateTypes(ClientHello ch, HandshakeContext cx) throws DtlsException {
        DtlsConfig c = cx.config;
        var sct = ch.extensions().find(ExtensionType.SERVER_CERTIFICATE_TYPE);
        if (sct.isPresent()) {
            List<Integer> takes = Negotiation.decode(sct.get(), org.dtlsj.wire.extension.CertificateTypes::decodeList).types();
            if (c.rawPublicKey() != null && takes.contains(org.dtlsj.config.CertificateType.RAW_PUBLIC_KEY.value)) {
                cx.serverCertType = org.dtlsj.config.CertificateType.RAW_PUBLIC_KEY;
                cx.echoServerCertType = true;
            } else if (!cx.ownChain.isEmpty() && takes.contains(org.dtlsj.config.CertificateType.X509.value)) {
                cx.echoServerCertType = true;
            } else if (c.pskStore() == null) {
                throw new DtlsException(Reason.UNSUPPORTED_CERTIFICATE, "the client takes certificate types " + takes
                        + ", this server presents " + (c.rawPublicKey() != null ? "a raw public key" : "X.509"));
            }
        }
        var cct = ch.extensions().find(ExtensionType.CLIENT_CERTIFICATE_TYPE);
        if (cct.isPresent() && c.clientAuth() != ClientAuth.NONE) {
            List<Integer> gives = Negotiation.decode(cct.get(), org.dtlsj.wire.extension.CertificateTypes::decodeList).types();
            if (c.acceptRawPublicKeys() && gives.contains(org.dtlsj.config.CertificateType.RAW_PUBLIC_KEY.value)) {
                cx.clientCertType = org.dtlsj.config.CertificateType.RAW_PUBLIC_KEY;
                cx.echoClientCertType = true;
            } else if (gives.contains(org.dtlsj.config.CertificateType.X509.value)) {
                cx.echoClientCertType = true;
            }
        }
    }

    /** RFC 5746 §3.6: SCSV or an empty renegotiation_info mark a client that supports secure renegotiation. */
    private static void readRenegotiation(ClientHello ch, HandshakeContext cx) throws DtlsException {
        var ri = ch.extensions().find(ExtensionType.RENEGOTIATION_INFO);
        if (cx.isRenegotiation()) {
            // RFC 5746 §3.7: no SCSV, and renegotiation_info holding the client's last verify_data,
            // or the handshake is aborted.
            if (ch.offers(CipherSuiteId.EMPTY_RENEGOTIATION_INFO_SCSV)) {
                throw new DtlsException(Reason.SECURITY_REQUIREMENT, "renegotiating ClientHello with the SCSV (RFC 5746 §3.7)");
            }
            byte[] got = ri.isPresent() ? Negotiation.decode(ri.get(), RenegotiationInfo::decode).renegotiatedConnection() : null;
            if (got == null || !java.security.MessageDigest.isEqual(got, cx.renegotiation.clientVerifyData())) {
                throw new DtlsException(Reason.SECURITY_REQUIREMENT, ri.isPresent()
                        ? "renegotiation_info does not match the previous handshake (RFC 5746 §3.7)"
                        : "renegotiating ClientHello without renegotiation_info (RFC 5746 §3.7)");
            }
            cx.secureRenegotiation = true;
            return;
        }
        if (ri.isPresent()) {
            if (Negotiation.decode(ri.get(), RenegotiationInfo::decode).renegotiatedConnection().length != 0) {
                throw new DtlsException(Reason.SECURITY_REQUIREMENT, "non-empty renegotiation_info on an initial handshake");
            }
            cx.secureRenegotiation = true;
        }
        if (ch.offers(CipherSuiteId.EMPTY_RENEGOTIATION_INFO_SCSV)) cx.secureRenegotiation = true;
    }

    /**
     * Server preference: the first configured suite the client offers that this server can run: a
     * certificate suite needs our key of the suite's type and a signature scheme the client takes;
     * a PSK suite needs a {@link org.dtlsj.config.PskStore}; an ECDHE suite a common group.
     */
    private static CipherSuite chooseSuite(ClientHello ch, DtlsConfig c, PrivateKey key, boolean scheme, boolean group,
                                           ProtocolVersion version) {
        for (CipherSuite s : c.cipherSuites()) {
            if (ch.offers(s.id) && s.usableIn(version) && usable(s, c, key, scheme, group)) return s;
        }
        return null;
    }

    private static boolean usable(CipherSuite s, DtlsConfig c, PrivateKey key, boolean scheme, boolean group) {
        if (s.keyExchange.isEphemeral() && !group) return false;
        if (s.keyExchange.usesPsk()) return c.pskStore() != null;
        return key != null && scheme && s.keyExchange.certificateKeyAlgorithm.equals(key.getAlgorithm());
    }

    /** A failure message a server operator can act on. */
    private static String whyNoSuite(ClientHello ch, DtlsConfig c, PrivateKey key, boolean scheme, boolean group,
                                     List<NamedGroup> clientGroups) {
        boolean offered = false;
        for (CipherSuite s : c.cipherSuites()) offered |= ch.offers(s.id);
        if (!offered) return "it offers none of " + c.cipherSuites();
        if (!group) return "no common group (it offers " + clientGroups + ")";
        if (key == null && c.pskStore() == null) return "this server has neither a certificate nor a PSK store";
        if (key != null && !scheme) return "no common signature algorithm for this server's " + key.getAlgorithm() + " key";
        return "the suites it offers need a " + (c.pskStore() == null ? "PSK store" : "certificate of another key type");
    }

    /** The ServerHello extensions that answer the client's (RFC 5246 §7.4.1.4: only those it offered). */
    static Extensions serverHelloExtensions(ClientHello ch, HandshakeContext cx) {
        List<Extension> ext = new ArrayList<>();
        if (cx.secureRenegotiation) {
            // RFC 5746 §3.6 / §3.7: empty on an initial handshake; both verify_data on a renegotiation.
            ext.add(Extension.of(ExtensionType.RENEGOTIATION_INFO, cx.isRenegotiation()
                    ? new RenegotiationInfo(cx.renegotiation.both()) : RenegotiationInfo.INITIAL));
        }
        if (cx.extendedMasterSecret) ext.add(Extension.empty(ExtensionType.EXTENDED_MASTER_SECRET));
        if (cx.peerHeartbeatMode != null) ext.add(Extension.of(ExtensionType.HEARTBEAT, cx.config.heartbeat()));
        if (ch.extensions().has(ExtensionType.EC_POINT_FORMATS) && cx.suite.keyExchange.isEphemeral()) {
            ext.add(Extension.of(ExtensionType.EC_POINT_FORMATS, EcPointFormats.UNCOMPRESSED_ONLY));
        }
        if (cx.suite.keyExchange.usesCertificates() && !cx.resumed) {
            if (cx.echoServerCertType) {
                ext.add(Extension.of(ExtensionType.SERVER_CERTIFICATE_TYPE, org.dtlsj.wire.extension.CertificateTypes.chosen(cx.serverCertType.value)));
            }
            if (cx.echoClientCertType) {
                ext.add(Extension.of(ExtensionType.CLIENT_CERTIFICATE_TYPE, org.dtlsj.wire.extension.CertificateTypes.chosen(cx.clientCertType.value)));
            }
        }
        // RFC 7366 §2: echoed only for a CBC suite.
        cx.encryptThenMac = cx.config.encryptThenMac() && cx.suite.cipher.isCbc() && ch.extensions().has(ExtensionType.ENCRYPT_THEN_MAC);
        if (cx.encryptThenMac) ext.add(Extension.empty(ExtensionType.ENCRYPT_THEN_MAC));
        if (cx.applicationProtocol != null) {
            ext.add(Extension.of(ExtensionType.ALPN, new org.dtlsj.wire.extension.ApplicationProtocols(List.of(cx.applicationProtocol))));
        }
        if (cx.peerRecordSizeLimit > 0) {
            ext.add(Extension.of(ExtensionType.RECORD_SIZE_LIMIT, new org.dtlsj.wire.extension.RecordSizeLimit(cx.config.recordSizeLimit())));
        }
        // RFC 6066 §3: a server that used the name answers with an empty server_name, except
        // when it resumes a session.
        if (cx.requestedServerName != null && cx.config.serverNameSelector() != null && !cx.resumed) {
            ext.add(Extension.empty(ExtensionType.SERVER_NAME));
        }
        // RFC 5077 §3.2: an empty session_ticket promises a NewSessionTicket.
        if (cx.ticketNegotiated) ext.add(Extension.empty(ExtensionType.SESSION_TICKET));
        return ext.isEmpty() ? Extensions.NONE : Extensions.of(ext);
    }

    private static HandshakeState sendFlight4(ClientHello ch, HandshakeContext cx, SignatureScheme scheme) throws DtlsException {
        DtlsConfig c = cx.config;
        // A ticket keeps the session with the client; otherwise a session ID names it in the cache.
        cx.ticketNegotiated = c.sessionTickets() && ch.extensions().has(ExtensionType.SESSION_TICKET);
        if (!cx.ticketNegotiated && c.sessionCache() != null) {
            cx.sessionId = new byte[32];
            c.random().nextBytes(cx.sessionId);
        }
        cx.send(new ServerHello(cx.version, cx.serverRandom, cx.sessionId, cx.suite.id, 0, serverHelloExtensions(ch, cx)));
        if (cx.suite.keyExchange.usesPsk()) return sendPskFlight4(cx);
        if (cx.serverCertType == org.dtlsj.config.CertificateType.RAW_PUBLIC_KEY) {
            cx.send(new org.dtlsj.wire.handshake.RawPublicKeyCertificate(c.rawPublicKey().getEncoded()));
        } else {
            cx.send(new CertificateMessage(der(cx.ownChain)));
        }
        KeyExchange kx;
        try {
            kx = c.ephemeralKeys().take(cx.group);
            byte[] params = EcdheServerKeyExchange.params(cx.group, kx.publicValue());
            if (cx.legacy()) {
                byte[] sig = Signatures.signLegacy(cx.ownKey, c.random(), c.publicKeyProvider(), cx.clientRandom, cx.serverRandom, params);
                cx.send(new EcdheServerKeyExchange(cx.group, kx.publicValue(), null, sig));
            } else {
                byte[] sig = Signatures.sign(scheme, cx.ownKey, c.random(), c.publicKeyProvider(), cx.clientRandom, cx.serverRandom, params);
                cx.send(new EcdheServerKeyExchange(cx.group, kx.publicValue(), scheme, sig));
            }
        } catch (GeneralSecurityException e) {
            throw new DtlsException(Reason.INTERNAL_ERROR, "could not make ServerKeyExchange: " + e.getMessage(), e);
        }
        boolean request = c.clientAuth() != ClientAuth.NONE;
        if (request) cx.send(certificateRequest(c, cx.legacy()));
        cx.send(new ServerHelloDone());
        cx.endFlight(false);
        return request ? new ExpectClientCertificate(kx) : new ExpectClientKeyExchange(kx, null);
    }

    /**
     * The rest of flight 4 for PSK suites: no Certificate and no CertificateRequest (RFC 4279 §2);
     * ServerKeyExchange with the identity hint, left out for plain PSK without a hint; for
     * ECDHE_PSK it also carries the unsigned ECDH parameters (RFC 5489 §2).
     */
    private static HandshakeState sendPskFlight4(HandshakeContext cx) throws DtlsException {
        DtlsConfig c = cx.config;
        byte[] hint = c.pskStore().identityHint();
        KeyExchange kx = null;
        if (cx.suite.keyExchange.isEphemeral()) {
            try {
                kx = c.ephemeralKeys().take(cx.group);
            } catch (GeneralSecurityException e) {
                throw new DtlsException(Reason.INTERNAL_ERROR, "could not make an ECDH key: " + e.getMessage(), e);
            }
            cx.send(new PskServerKeyExchange(hint != null ? hint : new byte[0], cx.group, kx.publicValue()));
        } else {
            cx.group = null;
            if (hint != null) cx.send(new PskServerKeyExchange(hint, null, null));
        }
        cx.send(new ServerHelloDone());
        cx.endFlight(false);
        return new ExpectClientKeyExchange(kx, null);
    }

    private static CertificateRequest certificateRequest(DtlsConfig c, boolean legacy) {
        List<byte[]> authorities = new ArrayList<>();
        for (var anchor : c.trustAnchors()) {
            authorities.add(anchor.getSubjectX500Principal().getEncoded());
        }
        List<SignatureScheme> schemes = new ArrayList<>();
        for (SignatureScheme s : c.signatureSchemes()) if (Signatures.isSupported(s)) schemes.add(s);
        return new CertificateRequest(new byte[] {(byte) CertificateRequest.ECDSA_SIGN, (byte) CertificateRequest.RSA_SIGN},
                legacy ? null : new SignatureAlgorithms(schemes), authorities);
    }

    private static List<byte[]> der(List<java.security.cert.X509Certificate> chain) throws DtlsException {
        List<byte[]> out = new ArrayList<>();
        try {
            for (var cert : chain) out.add(cert.getEncoded());
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new DtlsException(Reason.INTERNAL_ERROR, "could not encode own certificate", e);
        }
        return out;
    }
}
