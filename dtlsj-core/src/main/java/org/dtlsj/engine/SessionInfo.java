package org.dtlsj.engine;

import java.security.cert.X509Certificate;
import java.util.List;
import org.dtlsj.config.CipherSuite;
import org.dtlsj.wire.NamedGroup;
import org.dtlsj.wire.ProtocolVersion;

/**
 * What a completed handshake negotiated.
 *
 * @param group the ECDHE group, null for plain PSK and resumed sessions
 * @param serverName client: the name it asked for; server: the name the client asked for (RFC 6066), or null
 * @param peerCertificates the peer's chain, leaf first (empty when the peer sent none)
 * @param pskIdentity the PSK identity the client named (RFC 4279 §2), null without a PSK suite
 * @param resumed the handshake resumed an earlier session (RFC 5246 §7.3)
 * @param peerRawPublicKey the peer's raw public key when RFC 7250 was negotiated, else null
 * @param applicationProtocol the protocol ALPN agreed on (RFC 7301), or null
 * @param encryptThenMac CBC records are encrypt-then-MAC (RFC 7366); false for AEAD suites
 */
public record SessionInfo(ProtocolVersion version, CipherSuite cipherSuite, NamedGroup group,
                          List<X509Certificate> peerCertificates, boolean extendedMasterSecret,
                          boolean secureRenegotiation, String serverName, HeartbeatRights heartbeat, byte[] pskIdentity,
                          boolean resumed, java.security.PublicKey peerRawPublicKey, String applicationProtocol,
                          boolean encryptThenMac) {
    /** What RFC 6520 allows on this connection; both false when heartbeats were not negotiated. */
    public record HeartbeatRights(boolean mayRequest, boolean mustAnswer) {
        public static final HeartbeatRights NONE = new HeartbeatRights(false, false);
    }

    public SessionInfo {
        peerCertificates = List.copyOf(peerCertificates);
        if (pskIdentity != null) pskIdentity = pskIdentity.clone();
    }

    @Override
    public byte[] pskIdentity() {
        return pskIdentity == null ? null : pskIdentity.clone();
    }
}
