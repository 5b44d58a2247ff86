package org.dtlsj.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.dtlsj.api.DtlsClient;
import org.dtlsj.api.DtlsSession;
import org.dtlsj.config.DtlsConfig;
import org.dtlsj.interop.peers.Credential;
import org.dtlsj.interop.peers.DtlsTestServer;
import org.dtlsj.interop.peers.TestPki;
import org.eclipse.californium.elements.AddressEndpointContext;
import org.eclipse.californium.elements.RawData;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.scandium.DTLSConnector;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;
import org.eclipse.californium.scandium.dtls.CertificateType;
import org.eclipse.californium.scandium.dtls.cipher.CipherSuite;
import org.eclipse.californium.scandium.dtls.x509.SingleCertificateProvider;
import org.eclipse.californium.scandium.dtls.x509.StaticNewAdvancedCertificateVerifier;
import org.junit.jupiter.api.Test;

/** record_size_limit (RFC 8449) with Eclipse Scandium, both roles: each side holds to the other's limit. */
class ScandiumRecordSizeLimitInteropTest {
    static final CipherSuite SUITE = CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256;

    static DTLSConnector scandium(boolean server, int recordSizeLimit) {
        DtlsConnectorConfig.Builder b = DtlsConnectorConfig.builder(Configuration.createStandardWithoutFile())
                .setAddress(new InetSocketAddress("127.0.0.1", 0))
                .set(org.eclipse.californium.scandium.config.DtlsConfig.DTLS_ROLE, server
                        ? org.eclipse.californium.scandium.config.DtlsConfig.DtlsRole.SERVER_ONLY
                        : org.eclipse.californium.scandium.config.DtlsConfig.DtlsRole.CLIENT_ONLY)
                .setAsList(org.eclipse.californium.scandium.config.DtlsConfig.DTLS_CIPHER_SUITES, SUITE)
                .set(org.eclipse.californium.scandium.config.DtlsConfig.DTLS_RECORD_SIZE_LIMIT, recordSizeLimit)
                .set(org.eclipse.californium.scandium.config.DtlsConfig.DTLS_CLIENT_AUTHENTICATION_MODE,
                        org.eclipse.californium.elements.config.CertificateAuthenticationMode.NONE);
        if (server) {
            Credential own = TestPki.ecServer();
            b.setCertificateIdentityProvider(new SingleCertificateProvider(own.key(),
                    own.chain().toArray(new java.security.cert.Certificate[0]), CertificateType.X_509));
        } else {
            b.setAdvancedCertificateVerifier(StaticNewAdvancedCertificateVerifier.builder()
                    .setTrustedCertificates(TestPki.roots().toArray(new java.security.cert.Certificate[0])).build());
        }
        return new DTLSConnector(b.build());
    }

    @Test
    void dtlsjClientHoldsToScandiumsLimit() throws Exception {
        DTLSConnector server = scandium(true, 256);
        Queue<Throwable> errors = new ConcurrentLinkedQueue<>();
        server.setRawDataReceiver(raw -> server.send(RawData.outbound(raw.getBytes(), raw.getEndpointContext(),
                ScandiumInteropTest.errorsTo(errors), false)));
        server.start();
        try {
            DtlsConfig config = DtlsConfig.builder().trustAnchors(TestPki.roots()).recordSizeLimit(300).build();
            try (DtlsSession s = DtlsClient.connect(server.getAddress(), config, "localhost")) {
                assertThat(s.maxRecordSize()).isEqualTo(256);
                assertThatThrownBy(() -> s.send(new byte[257])).isInstanceOf(IllegalArgumentException.class);
                s.send(new byte[256]);
                assertThat(s.receive(ScandiumInteropTest.TIMEOUT)).hasSize(256);
            }
            assertThat(errors).isEmpty();
        } finally {
            server.destroy();
        }
    }

    @Test
    void scandiumClientHoldsToDtlsjsLimit() throws Exception {
        Credential cred = TestPki.ecServer();
        DtlsConfig config = DtlsConfig.builder().credentials(cred.key(), cred.chain()).recordSizeLimit(128).build();
        try (DtlsTestServer server = DtlsjUdpPeer.startEchoServer(config)) {
            DTLSConnector client = scandium(false, 512);
            BlockingQueue<RawData> echoes = new LinkedBlockingQueue<>();
            client.setRawDataReceiver(echoes::add);
            client.start();
            Queue<Throwable> errors = new ConcurrentLinkedQueue<>();
            try {
                AddressEndpointContext dest = new AddressEndpointContext(server.address(), "localhost", null);
                client.send(RawData.outbound(new byte[128], dest, ScandiumInteropTest.errorsTo(errors), false));
                RawData echo = echoes.poll(ScandiumInteropTest.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                assertThat(echo).as("echo; errors %s", errors).isNotNull();
                assertThat(echo.getBytes()).hasSize(128);
                // 129 bytes: either Scandium holds back or dtlsj discards the record (RFC 8449 §4);
                // no echo either way, and the association goes on.
                client.send(RawData.outbound(new byte[129], dest, ScandiumInteropTest.errorsTo(new ConcurrentLinkedQueue<>()), false));
                client.send(RawData.outbound(new byte[100], dest, ScandiumInteropTest.errorsTo(errors), false));
                echo = echoes.poll(ScandiumInteropTest.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                assertThat(echo).isNotNull();
                assertThat(echo.getBytes()).hasSize(100);
                assertThat(server.failure()).isNull();
            } finally {
                client.destroy();
            }
        }
    }
}
