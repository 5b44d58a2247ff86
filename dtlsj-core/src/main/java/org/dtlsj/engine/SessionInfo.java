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
                          boolean secureRenegotiation, String serverName) {
    public SessionInfo {
        peerCertificates = List.copyOf(peerCertificates);
    }
}
