package org.dtlsj.engine;

import java.security.cert.X509Certificate;
import java.util.List;
import org.dtlsj.config.CipherSuite;
import org.dtlsj.wire.NamedGroup;
import org.dtlsj.wire.ProtocolVersion;

/**
 * What a completed handshake negotiated.
 *
 * @param peerCertificates the peer's chain, leaf first (empty when the peer sent none)
 */
public record SessionInfo(ProtocolVersion version, CipherSuite cipherSuite, NamedGroup group,
                          List<X509Certificate> peerCertificates, boolean extendedMasterSecret,
                          boolean secureRenegotiation, String serverName, HeartbeatRights heartbeat) {
    /** What RFC 6520 allows on this connection; both false when heartbeats were not negotiated. */
    public record HeartbeatRights(boolean mayRequest, boolean mustAnswer) {
        public static final HeartbeatRights NONE = new HeartbeatRights(false, false);
    }

    public SessionInfo {
        peerCertificates = List.copyOf(peerCertificates);
    }
}
