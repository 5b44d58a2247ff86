package org.dtlsj.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.dtlsj.config.ClientAuth;
import org.dtlsj.config.DtlsConfig;
import org.dtlsj.interop.peers.Credential;
import org.dtlsj.interop.peers.DtlsTestClient;
import org.dtlsj.interop.peers.DtlsTestServer;
import org.dtlsj.interop.peers.TestPki;
import org.eclipse.californium.elements.AddressEndpointContext;
import org.eclipse.californium.elements.RawData;
import org.eclipse.californium.elements.config.CertificateAuthenticationMode;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.scandium.DTLSConnector;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;
import org.eclipse.californium.scandium.dtls.CertificateType;
import org.eclipse.californium.scandium.dtls.cipher.CipherSuite;
import org.eclipse.californium.scandium.dtls.x509.SingleCertificateProvider;
import org.eclipse.californium.scandium.dtls.x509.StaticNewAdvancedCertificateVerifier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** dtlsj against Eclipse Californium's Scandium 3.14, both roles, over loopback UDP. */
class CaliforniumScandiumInteropTest {
    static final Duration TIMEOUT = Duration.ofSeconds(20);

    @BeforeAll
    static void register() {
        org.eclipse.californium.scandium.config.DtlsConfig.register();
    }

    static java.util.stream.Stream<Arguments> cases() {
        return java.util.stream.Stream.of(
                Arguments.of(CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, false),
                Arguments.of(CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384, false),
                Arguments.of(CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, true));
    }

    static DTLSConnector scandium(boolean server, CipherSuite suite, Credential own, boolean clientAuth) {
        var b = DtlsConnectorConfig.builder(Configuration.createStandardWithoutFile())
                .setAddress(new InetSocketAddress("127.0.0.1", 0))
                .set(org.eclipse.californium.scandium.config.DtlsConfig.DTLS_ROLE, server
                        ? org.eclipse.californium.scandium.config.DtlsConfig.DtlsRole.SERVER_ONLY
                        : org.eclipse.californium.scandium.config.DtlsConfig.DtlsRole.CLIENT_ONLY)
                .setAsList(org.eclipse.californium.scandium.config.DtlsConfig.DTLS_CIPHER_SUITES, suite)
                .set(org.eclipse.californium.scandium.config.DtlsConfig.DTLS_CLIENT_AUTHENTICATION_MODE,
                        clientAuth ? CertificateAuthenticationMode.NEEDED : CertificateAuthenticationMode.NONE);
        if (!server || clientAuth) {
            // Scandium refuses a verifier its server would not use.
            b.setAdvancedCertificateVerifier(StaticNewAdvancedCertificateVerifier.builder()
                    .setTrustedCertificates(TestPki.roots().toArray(new Certificate[0])).build());
        }
        if (own != null) {
            b.setCertificateIdentityProvider(new SingleCertificateProvider(own.key(),
                    own.chain().toArray(new Certificate[0]), CertificateType.X_509));
        }
        return new DTLSConnector(b.build());
    }

    static String ianaName(CipherSuite s) {
        return s.name();
    }

    @ParameterizedTest(name = "dtlsj client -> Scandium server, {0}, client auth {1}")
    @MethodSource("cases")
    void dtlsjClientWithScandiumServer(CipherSuite suite, boolean clientAuth) throws Exception {
        DTLSConnector server = scandium(true, suite, TestPki.ecServer(), clientAuth);
        server.setRawDataReceiver(raw -> server.send(RawData.outbound(raw.getBytes(), raw.getEndpointContext(), null, false)));
        server.start();
        try {
            DtlsConfig.Builder cfg = DtlsConfig.builder().trustAnchors(TestPki.roots())
                    .cipherSuites(List.of(org.dtlsj.config.CipherSuite.byName(ianaName(suite))));
            if (clientAuth) cfg.credentials(TestPki.ecClient().key(), TestPki.ecClient().chain());
            try (DtlsTestClient client = DtlsjUdpPeer.connect(server.getAddress(), cfg.build(), "localhost", TIMEOUT)) {
                assertThat(client.cipherSuite()).isEqualTo(ianaName(suite));
                for (String m : List.of("to scandium", "x".repeat(900), "last")) {
                    client.send(m.getBytes(StandardCharsets.UTF_8));
                    assertThat(new String(client.receive(TIMEOUT), StandardCharsets.UTF_8)).isEqualTo(m);
                }
            }
        } finally {
            server.destroy();
        }
    }

    @ParameterizedTest(name = "Scandium client -> dtlsj server, {0}, client auth {1}")
    @MethodSource("cases")
    void scandiumClientWithDtlsjServer(CipherSuite suite, boolean clientAuth) throws Exception {
        Credential cred = TestPki.ecServer();
        DtlsConfig cfg = DtlsConfig.builder().credentials(cred.key(), cred.chain()).trustAnchors(TestPki.roots())
                .clientAuth(clientAuth ? ClientAuth.NEED : ClientAuth.NONE).build();
        try (DtlsTestServer server = DtlsjUdpPeer.startEchoServer(cfg)) {
            DTLSConnector client = scandium(false, suite, clientAuth ? TestPki.ecClient() : null, false);
            BlockingQueue<byte[]> echoes = new LinkedBlockingQueue<>();
            client.setRawDataReceiver(raw -> echoes.add(raw.getBytes()));
            client.start();
            try {
                AddressEndpointContext dest = new AddressEndpointContext(new InetSocketAddress("127.0.0.1", server.port()));
                for (String m : List.of("from scandium", "y".repeat(900), "done")) {
                    client.send(RawData.outbound(m.getBytes(StandardCharsets.UTF_8), dest, null, false));
                    byte[] got = echoes.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                    assertThat(got).as("echo of " + m.length() + " bytes").isNotNull();
                    assertThat(new String(got, StandardCharsets.UTF_8)).isEqualTo(m);
                }
                server.awaitHandshake(TIMEOUT);
                assertThat(server.cipherSuite()).isEqualTo(ianaName(suite));
                if (clientAuth) assertThat(server.peerCertificates()).isNotEmpty();
            } finally {
                client.destroy();
            }
            assertThat(server.failure()).isNull();
        }
    }
}
