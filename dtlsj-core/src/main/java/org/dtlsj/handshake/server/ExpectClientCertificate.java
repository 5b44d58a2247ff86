package org.dtlsj.handshake.server;

import java.security.cert.X509Certificate;
import java.util.List;
import org.dtlsj.config.ClientAuth;
import org.dtlsj.crypto.CertificateChecker;
import org.dtlsj.crypto.KeyExchange;
import org.dtlsj.error.DtlsException;
import org.dtlsj.error.Reason;
import org.dtlsj.handshake.HandshakeContext;
import org.dtlsj.handshake.HandshakeMessage;
import org.dtlsj.handshake.HandshakeState;
import org.dtlsj.handshake.Negotiation;
import org.dtlsj.wire.HandshakeType;
import org.dtlsj.wire.handshake.CertificateMessage;

/**
 * After a CertificateRequest: waits for the client's Certificate (RFC 5246 §7.4.6), which may be
 * empty; with {@link ClientAuth#NEED} an empty one ends the handshake with handshake_failure.
 */
public record ExpectClientCertificate(KeyExchange kx) implements HandshakeState {
    @Override
    public HandshakeState onMessage(HandshakeMessage m, HandshakeContext cx) throws DtlsException {
        if (!m.type().equals(HandshakeType.CERTIFICATE)) throw HandshakeContext.unexpected(this, m);
        if (cx.clientCertType == org.dtlsj.config.CertificateType.RAW_PUBLIC_KEY) {
            // RFC 7250 §4.3: one SubjectPublicKeyInfo, trusted only if it is a configured key.
            var rpk = Negotiation.decode(m.body(), org.dtlsj.wire.handshake.RawPublicKeyCertificate::decode, "Certificate");
            java.security.PublicKey key = org.dtlsj.crypto.RawPublicKeys.parse(rpk.subjectPublicKeyInfo());
            cx.transcript.add(m);
            // Without trusted keys (acceptRawPublicKeys alone) the application checks the key itself.
            if (!cx.config.trustedRawPublicKeys().isEmpty()) org.dtlsj.crypto.RawPublicKeys.check(key, cx.config.trustedRawPublicKeys());
            cx.peerRawPublicKey = key;
            return new ExpectClientKeyExchange(kx, key);
        }
        CertificateMessage cm = Negotiation.decode(m.body(), CertificateMessage::decode, "Certificate");
        cx.transcript.add(m);
        if (cm.certificates().isEmpty()) {
            if (cx.config.clientAuth() == ClientAuth.NEED) {
                throw new DtlsException(Reason.CERTIFICATE_REQUIRED, "client sent no certificate and this server requires one");
            }
            return new ExpectClientKeyExchange(kx, null);
        }
        List<X509Certificate> chain = CertificateChecker.parse(cm.certificates());
        var key = chain.get(0).getPublicKey();
        if (!(key instanceof java.security.interfaces.ECPublicKey) && !(key instanceof java.security.interfaces.RSAPublicKey)) {
            throw new DtlsException(Reason.BAD_CERTIFICATE, "client certificate key " + key.getAlgorithm() + " cannot sign CertificateVerify");
        }
        CertificateChecker.check(chain, cx.config.trustAnchors(), null, cx.config.verifier(), cx.wallClockMillis);
        cx.peerChain = chain;
        return new ExpectClientKeyExchange(kx, key);
    }

    @Override
    public String toString() {
        return "expecting client Certificate";
    }
}
