package org.dtlsj.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.dtlsj.api.DtlsClient;
import org.dtlsj.api.DtlsSession;
import org.dtlsj.config.ClientAuth;
import org.dtlsj.config.DtlsConfig;
import org.dtlsj.interop.peers.DtlsTestServer;
import org.eclipse.californium.elements.AddressEndpointContext;
import org.eclipse.californium.elements.EndpointContext;
import org.eclipse.californium.elements.RawData;
import org.eclipse.californium.elements.auth.RawPublicKeyIdentity;
import org.eclipse.californium.elements.config.CertificateAuthenticationMode;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.scandium.DTLSConnector;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;
import org.eclipse.californium.scandium.dtls.CertificateType;
import org.eclipse.californium.scandium.dtls.cipher.CipherSuite;
import org.eclipse.californium.scandium.dtls.x509.SingleCertificateProvider;
import org.eclipse.californium.scandium.dtls.x509.StaticNewAdvancedCertificateVerifier;
import org.junit.jupiter.api.Test;

/**
 * Raw public keys (RFC 7250) with Eclipse Scandium, both roles, with mutual authentication, over
 * the CoAP suite TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8.
 */
class ScandiumRawPublicKeyInteropTest {
    static final CipherSuite SUITE = CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8;
    static final KeyPair SERVER = keys();
    static final KeyPair CLIENT = keys();

    static KeyPair keys() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            return g.generateKeyPair();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static DTLSConnector scandium(boolean server, KeyPair own, KeyPair peer) {
        DtlsConnectorConfig.Builder b = DtlsConnectorConfig.builder(Configuration.createStandardWithoutFile())
                .setAddress(new InetSocketAddress("127.0.0.1", 0))
                .set(org.eclipse.californium.scandium.config.DtlsConfig.DTLS_ROLE, server
                        ? org.eclipse.californium.scandium.config.DtlsConfig.DtlsRole.SERVER_ONLY
                        : org.eclipse.californium.scandium.config.DtlsConfig.DtlsRole.CLIENT_ONLY)
                .setAsList(org.eclipse.californium.scandium.config.DtlsConfig.DTLS_CIPHER_SUITES, SUITE)
                .setAsList(org.eclipse.californium.scandium.config.DtlsConfig.DTLS_CERTIFICATE_TYPES, CertificateType.RAW_PUBLIC_KEY)
                .set(org.eclipse.californium.scandium.config.DtlsConfig.DTLS_CLIENT_AUTHENTICATION_MODE, CertificateAuthenticationMode.NEEDED)
                .setCertificateIdentityProvider(new SingleCertificateProvider(own.getPrivate(), own.getPublic()))
                .setAdvancedCertificateVerifier(StaticNewAdvancedCertificateVerifier.builder()
                        .setTrustedRPKs(new RawPublicKeyIdentity(peer.getPublic())).build());
        return new DTLSConnector(b.build());
    }

    static org.dtlsj.config.CipherSuite dtlsjSuite() {
        return org.dtlsj.config.CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8;
    }

    @Test
    void dtlsjClientWithScandiumServer() throws Exception {
        DTLSConnector server = scandium(true, SERVER, CLIENT);
        Queue<Throwable> errors = new ConcurrentLinkedQueue<>();
        BlockingQueue<EndpointContext> peers = new LinkedBlockingQueue<>();
        server.setRawDataReceiver(raw -> {
            peers.add(raw.getEndpointContext());
            server.send(RawData.outbound(raw.getBytes(), raw.getEndpointContext(), ScandiumInteropTest.errorsTo(errors), false));
        });
        server.start();
        try {
            DtlsConfig config = DtlsConfig.builder().cipherSuites(List.of(dtlsjSuite())).rawPublicKeyCredentials(CLIENT)
                    .trustedRawPublicKeys(List.of(SERVER.getPublic())).build();
            try (DtlsSession s = DtlsClient.connect(server.getAddress(), config, null)) {
                assertThat(s.info().peerRawPublicKey()).isEqualTo(SERVER.getPublic());
                s.send(new byte[] {7, 7, 7});
                assertThat(s.receive(ScandiumInteropTest.TIMEOUT)).containsExactly(7, 7, 7);
            }
            EndpointContext at = peers.poll(ScandiumInteropTest.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(at.getPeerIdentity()).isInstanceOf(RawPublicKeyIdentity.class);
            assertThat(((RawPublicKeyIdentity) at.getPeerIdentity()).getKey()).isEqualTo(CLIENT.getPublic());
            assertThat(errors).isEmpty();
        } finally {
            server.destroy();
        }
    }

    @Test
    void scandiumClientWithDtlsjServer() throws Exception {
        DtlsConfig config = DtlsConfig.builder().cipherSuites(List.of(dtlsjSuite())).rawPublicKeyCredentials(SERVER)
                .trustedRawPublicKeys(List.of(CLIENT.getPublic())).clientAuth(ClientAuth.NEED).build();
        try (DtlsTestServer server = DtlsjUdpPeer.startEchoServer(config)) {
            DTLSConnector client = scandium(false, CLIENT, SERVER);
            BlockingQueue<RawData> echoes = new LinkedBlockingQueue<>();
            client.setRawDataReceiver(echoes::add);
            client.start();
            Queue<Throwable> errors = new ConcurrentLinkedQueue<>();
            try {
                client.send(RawData.outbound(new byte[] {9, 8}, new AddressEndpointContext(server.address()),
                        ScandiumInteropTest.errorsTo(errors), false));
                RawData echo = echoes.poll(ScandiumInteropTest.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                assertThat(echo).as("echo; dtlsj failure %s; errors %s", server.failure(), errors).isNotNull();
                assertThat(echo.getBytes()).containsExactly(9, 8);
                assertThat(((RawPublicKeyIdentity) echo.getEndpointContext().getPeerIdentity()).getKey()).isEqualTo(SERVER.getPublic());
                server.awaitHandshake(ScandiumInteropTest.TIMEOUT);
                assertThat(server.failure()).isNull();
            } finally {
                client.destroy();
            }
        }
    }
}
