package org.dtlsj.interop.peers;

import static org.dtlsj.interop.peers.BcDtlsPeer.*;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Vector;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.AlertLevel;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.ClientCertificateType;
import org.bouncycastle.tls.DefaultTlsClient;
import org.bouncycastle.tls.DefaultTlsServer;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.TlsAuthentication;
import org.bouncycastle.tls.TlsCredentialedSigner;
import org.bouncycastle.tls.TlsCredentials;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsServerCertificate;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCrypto;

/** The Bouncy Castle server and client classes behind {@link BcDtlsPeer}: versions, suites, credentials, heartbeats. */
final class BcTlsEndpoints {
    private BcTlsEndpoints() {
    }

    static final class EchoTlsServer extends DefaultTlsServer {
        private final JcaTlsCrypto crypto;
        private final PeerOptions options;
        volatile boolean closeNotifyReceived;
        volatile List<X509Certificate> clientChain = List.of();

        EchoTlsServer(JcaTlsCrypto crypto, PeerOptions options) {
            super(crypto);
            this.crypto = crypto;
            this.options = options;
        }

        int negotiatedCipherSuite() {
            return context.getSecurityParametersConnection().getCipherSuite();
        }

        @Override
        protected ProtocolVersion[] getSupportedVersions() {
            return ProtocolVersion.DTLSv12.only();
        }

        @Override
        public org.bouncycastle.tls.TlsHeartbeat getHeartbeat() {
            return options.heartbeatIdleMillis() > 0
                ? new org.bouncycastle.tls.DefaultTlsHeartbeat(options.heartbeatIdleMillis(), 3_000) : null;
        }

        @Override
        public short getHeartbeatPolicy() {
            return options.heartbeatPolicy() > 0 ? (short) options.heartbeatPolicy() : super.getHeartbeatPolicy();
        }

        @Override
        protected int[] getSupportedCipherSuites() {
            int[] suites = options.cipherSuites().isEmpty()
                ? super.getSupportedCipherSuites()
                : ids(options.cipherSuites());
            return servableBy(options.credential(), suites);
        }

        @Override
        public int getHandshakeTimeoutMillis() {
            return millis(options.handshakeTimeout());
        }

        @Override
        protected TlsCredentialedSigner getECDSASignerCredentials() throws IOException {
            return signerFor("EC");
        }

        @Override
        protected TlsCredentialedSigner getRSASignerCredentials() throws IOException {
            return signerFor("RSA");
        }

        private TlsCredentialedSigner signerFor(String keyAlgorithm) throws IOException {
            Credential credential = options.credential();
            if (credential == null || !keyAlgorithm.equals(credential.keyAlgorithm())) {
                return null;
            }
            return signer(context, crypto, credential, context.getSecurityParametersHandshake().getClientSigAlgs());
        }

        @Override
        public CertificateRequest getCertificateRequest() {
            if (options.clientAuth() == PeerOptions.ClientAuth.NONE) {
                return null;
            }
            Vector<X500Name> authorities = new Vector<>();
            for (X509Certificate root : options.trustRoots()) {
                authorities.add(X500Name.getInstance(root.getSubjectX500Principal().getEncoded()));
            }
            return new CertificateRequest(
                new short[] {ClientCertificateType.ecdsa_sign, ClientCertificateType.rsa_sign},
                TlsUtils.getDefaultSupportedSignatureAlgorithms(context), authorities);
        }

        @Override
        public void notifyClientCertificate(Certificate clientCertificate) throws IOException {
            if (clientCertificate == null || clientCertificate.isEmpty()) {
                if (options.clientAuth() == PeerOptions.ClientAuth.NEED) {
                    throw new TlsFatalAlert(AlertDescription.handshake_failure, "client certificate required");
                }
                return;
            }
            List<X509Certificate> chain = toX509(clientCertificate);
            try {
                verifyChain(chain, options.trustRoots());
            } catch (GeneralSecurityException e) {
                throw new TlsFatalAlert(AlertDescription.bad_certificate, "client chain rejected: " + e, e);
            }
            clientChain = chain;
        }

        @Override
        public void notifyAlertReceived(short alertLevel, short alertDescription) {
            if (alertDescription == AlertDescription.close_notify && alertLevel == AlertLevel.warning) {
                closeNotifyReceived = true;
            }
        }
    }

    static final class PeerTlsClient extends DefaultTlsClient {
        private final JcaTlsCrypto crypto;
        private final PeerOptions options;
        volatile boolean closeNotifyReceived;
        volatile List<X509Certificate> serverChain = List.of();

        PeerTlsClient(JcaTlsCrypto crypto, PeerOptions options) {
            super(crypto);
            this.crypto = crypto;
            this.options = options;
        }

        int negotiatedCipherSuite() {
            return context.getSecurityParametersConnection().getCipherSuite();
        }

        @Override
        protected ProtocolVersion[] getSupportedVersions() {
            return ProtocolVersion.DTLSv12.only();
        }

        @Override
        public org.bouncycastle.tls.TlsHeartbeat getHeartbeat() {
            return options.heartbeatIdleMillis() > 0
                ? new org.bouncycastle.tls.DefaultTlsHeartbeat(options.heartbeatIdleMillis(), 3_000) : null;
        }

        @Override
        public short getHeartbeatPolicy() {
            return options.heartbeatPolicy() > 0 ? (short) options.heartbeatPolicy() : super.getHeartbeatPolicy();
        }

        @Override
        protected int[] getSupportedCipherSuites() {
            return options.cipherSuites().isEmpty() ? super.getSupportedCipherSuites() : ids(options.cipherSuites());
        }

        @Override
        public int getHandshakeTimeoutMillis() {
            return millis(options.handshakeTimeout());
        }

        @Override
        public TlsAuthentication getAuthentication() {
            return new TlsAuthentication() {
                @Override
                public void notifyServerCertificate(TlsServerCertificate serverCertificate) throws IOException {
                    Certificate certificate = serverCertificate == null ? null : serverCertificate.getCertificate();
                    if (certificate == null || certificate.isEmpty()) {
                        throw new TlsFatalAlert(AlertDescription.bad_certificate, "no server certificate");
                    }
                    List<X509Certificate> chain = toX509(certificate);
                    try {
                        verifyChain(chain, options.trustRoots());
                    } catch (GeneralSecurityException e) {
                        throw new TlsFatalAlert(AlertDescription.bad_certificate, "server chain rejected: " + e, e);
                    }
                    serverChain = chain;
                }

                @Override
                public TlsCredentials getClientCredentials(CertificateRequest request) throws IOException {
                    Credential credential = options.credential();
                    if (credential == null) {
                        return null;
                    }
                    short type = "EC".equals(credential.keyAlgorithm())
                        ? ClientCertificateType.ecdsa_sign
                        : ClientCertificateType.rsa_sign;
                    short[] types = request.getCertificateTypes();
                    if (types == null || !contains(types, type)) {
                        return null;
                    }
                    return signer(context, crypto, credential, request.getSupportedSignatureAlgorithms());
                }
            };
        }

        @Override
        public void notifyAlertReceived(short alertLevel, short alertDescription) {
            if (alertDescription == AlertDescription.close_notify && alertLevel == AlertLevel.warning) {
                closeNotifyReceived = true;
            }
        }
    }
}
