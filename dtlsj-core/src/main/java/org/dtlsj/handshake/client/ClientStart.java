package org.dtlsj.handshake.client;

import java.util.ArrayList;
import java.util.List;
import org.dtlsj.config.CipherSuite;
import org.dtlsj.config.DtlsConfig;
import org.dtlsj.handshake.HandshakeContext;
import org.dtlsj.handshake.HandshakeState;
import org.dtlsj.wire.CipherSuiteId;
import org.dtlsj.wire.ExtensionType;
import org.dtlsj.wire.ProtocolVersion;
import org.dtlsj.wire.extension.EcPointFormats;
import org.dtlsj.wire.extension.Extension;
import org.dtlsj.wire.extension.Extensions;
import org.dtlsj.wire.extension.RenegotiationInfo;
import org.dtlsj.wire.extension.ServerName;
import org.dtlsj.wire.extension.SignatureAlgorithms;
import org.dtlsj.wire.extension.SupportedGroups;
import org.dtlsj.wire.handshake.ClientHello;

/** Flight 1: the client's first ClientHello (RFC 6347 §4.2.1, RFC 5246 §7.4.1.2). */
public final class ClientStart {
    private ClientStart() {
    }

    /** Builds and sends the ClientHello; returns the state that waits for the server's answer. */
    public static HandshakeState start(HandshakeContext cx) {
        DtlsConfig c = cx.config;
        byte[] random = new byte[32];
        c.random().nextBytes(random);
        cx.clientRandom = random;
        cx.offeredSessionId = resumption(cx);
        // A renegotiation keeps the version of the connection (servers refuse a change).
        ProtocolVersion version = cx.isRenegotiation() ? cx.renegotiation.version() : highest(c.versions());
        // A renegotiation repeats the cookie the server gave (OpenSSL servers with the cookie
        // exchange on drop a renegotiating ClientHello without one, and expect no second exchange).
        byte[] cookie = cx.isRenegotiation() ? cx.renegotiation.cookie() : new byte[0];
        ClientHello hello = new ClientHello(version, random, cx.offeredSessionId, cookie,
                suites(c), new byte[] {0}, extensions(cx));
        cx.startSendSeq(0);
        cx.send(hello);
        cx.endFlight(false);
        return new ExpectServerHello(hello, 0);
    }

    /**
     * The session ID to offer: the resumed session's (RFC 5246 §7.4.1.2), or with a ticket but no
     * ID a fresh random one, by which the server's echo says it accepted the ticket (RFC 5077
     * §3.4). Empty for a new session, or when the session cannot be resumed with this configuration.
     */
    private static byte[] resumption(HandshakeContext cx) {
        org.dtlsj.session.ResumableSession r = cx.resumeFrom;
        // RFC 6066 §3: a session belongs to the name it was made for; never offer it to another.
        if (r == null || !r.isUsableAt(cx.wallClockMillis) || !java.util.Objects.equals(r.serverName(), cx.serverName)
                || !cx.config.cipherSuites().contains(r.cipherSuite())
                || !cx.config.versions().contains(r.state().version())
                || (r.cipherSuite().keyExchange.usesPsk() && cx.config.pskProvider() == null)) {
            cx.resumeFrom = null;
            return new byte[0];
        }
        if (r.ticket() != null && !cx.config.sessionTickets()) {
            if (r.sessionId().length == 0) {
                cx.resumeFrom = null;
                return new byte[0];
            }
        }
        if (r.sessionId().length > 0) return r.sessionId();
        byte[] id = new byte[32];
        cx.config.random().nextBytes(id);
        return id;
    }

    static ProtocolVersion highest(List<ProtocolVersion> versions) {
        ProtocolVersion best = versions.get(0);
        for (ProtocolVersion v : versions) if (v.isNewerThan(best)) best = v;
        return best;
    }

    private static List<CipherSuiteId> suites(DtlsConfig c) {
        List<CipherSuiteId> ids = new ArrayList<>();
        // PSK suites only with a key to use (RFC 4279 §2); a server cannot ask for one otherwise.
        for (CipherSuite s : c.cipherSuites()) if (!s.keyExchange.usesPsk() || c.pskProvider() != null) ids.add(s.id);
        return ids;
    }

    private static Extensions extensions(HandshakeContext cx) {
        DtlsConfig c = cx.config;
        List<Extension> ext = new ArrayList<>();
        if (cx.serverName != null && isDnsName(cx.serverName)) {
            // RFC 6066 §3: "Literal IPv4 and IPv6 addresses are not permitted in HostName."
            ext.add(Extension.of(ExtensionType.SERVER_NAME, new ServerName(cx.serverName)));
        }
        ext.add(Extension.of(ExtensionType.SUPPORTED_GROUPS, new SupportedGroups(c.groups())));
        ext.add(Extension.of(ExtensionType.EC_POINT_FORMATS, EcPointFormats.UNCOMPRESSED_ONLY));
        ext.add(Extension.of(ExtensionType.SIGNATURE_ALGORITHMS, new SignatureAlgorithms(c.signatureSchemes())));
        ext.add(Extension.empty(ExtensionType.EXTENDED_MASTER_SECRET));
        // RFC 5746 §3.4 / §3.5: empty on an initial handshake, the client's last verify_data on a
        // renegotiation (and never the SCSV then).
        ext.add(Extension.of(ExtensionType.RENEGOTIATION_INFO, cx.isRenegotiation()
                ? new RenegotiationInfo(cx.renegotiation.clientVerifyData()) : RenegotiationInfo.INITIAL));
        if (c.heartbeat() != null) ext.add(Extension.of(ExtensionType.HEARTBEAT, c.heartbeat()));
        // RFC 7250 §4.1: the types this client takes from the server, and can present itself.
        if (c.acceptRawPublicKeys()) {
            List<Integer> takes = new ArrayList<>(List.of(org.dtlsj.config.CertificateType.RAW_PUBLIC_KEY.value));
            // X.509 too, if this client has anything to check a chain with.
            if (!c.trustAnchors().isEmpty() || !c.verifyPeer() || c.verifier() != null) takes.add(org.dtlsj.config.CertificateType.X509.value);
            ext.add(Extension.of(ExtensionType.SERVER_CERTIFICATE_TYPE, new org.dtlsj.wire.extension.CertificateTypes(takes, false)));
        }
        if (c.rawPublicKey() != null) {
            List<Integer> own = new ArrayList<>(List.of(org.dtlsj.config.CertificateType.RAW_PUBLIC_KEY.value));
            if (!c.certificateChain().isEmpty()) own.add(org.dtlsj.config.CertificateType.X509.value);
            ext.add(Extension.of(ExtensionType.CLIENT_CERTIFICATE_TYPE, new org.dtlsj.wire.extension.CertificateTypes(own, false)));
        }
        // RFC 7366 §2: asked for when a CBC suite is offered.
        if (c.encryptThenMac() && c.cipherSuites().stream().anyMatch(s -> s.cipher.isCbc())) {
            ext.add(Extension.empty(ExtensionType.ENCRYPT_THEN_MAC));
        }
        if (!c.applicationProtocols().isEmpty()) {
            ext.add(Extension.of(ExtensionType.ALPN, new org.dtlsj.wire.extension.ApplicationProtocols(c.applicationProtocols())));
        }
        // RFC 8449 §4: "Endpoints SHOULD advertise the record_size_limit extension".
        ext.add(Extension.of(ExtensionType.RECORD_SIZE_LIMIT, new org.dtlsj.wire.extension.RecordSizeLimit(c.recordSizeLimit())));
        if (c.sessionTickets()) {
            // RFC 5077 §3.2: empty to ask for a ticket, or the ticket to resume with.
            byte[] ticket = cx.resumeFrom != null ? cx.resumeFrom.ticket() : null;
            ext.add(new Extension(ExtensionType.SESSION_TICKET, ticket != null ? ticket : new byte[0]));
        }
        return Extensions.of(ext);
    }

    static boolean isDnsName(String host) {
        return ServerName.isValidHostName(host) && !host.contains(":") && !host.matches("[0-9.]+");
    }
}
