package org.dtlsj.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.net.InetSocketAddress;
import java.security.Principal;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.SplittableRandom;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.dtlsj.config.ClientAuth;
import org.dtlsj.config.DtlsConfig;
import org.dtlsj.interop.peers.Credential;
import org.dtlsj.interop.peers.DtlsTestClient;
import org.dtlsj.interop.peers.DtlsTestServer;
import org.dtlsj.interop.peers.TestPki;
import org.eclipse.californium.elements.AddressEndpointContext;
import org.eclipse.californium.elements.DtlsEndpointContext;
import org.eclipse.californium.elements.EndpointContext;
import org.eclipse.californium.elements.MessageCallback;
import org.eclipse.californium.elements.RawData;
import org.eclipse.californium.elements.auth.X509CertPath;
import org.eclipse.californium.elements.config.CertificateAuthenticationMode;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.scandium.DTLSConnector;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;
import org.eclipse.californium.scandium.dtls.AlertMessage;
import org.eclipse.californium.scandium.dtls.CertificateType;
import org.eclipse.californium.scandium.dtls.cipher.CipherSuite;
import org.eclipse.californium.scandium.dtls.x509.SingleCertificateProvider;
import org.eclipse.californium.scandium.dtls.x509.StaticNewAdvancedCertificateVerifier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * dtlsj against Eclipse Californium's Scandium 3.14 (an independent Java DTLS 1.2 stack) over loopback
 * UDP, in both roles: a Scandium {@link DTLSConnector} server echoing {@link RawData} to a dtlsj client,
 * and a Scandium client sending {@link RawData} to dtlsj's echo server. ECDSA P-256 certificates from
 * {@link TestPki}; AES-128-GCM and AES-256-GCM (Scandium 3.14 has no ChaCha20-Poly1305); with and without
 * client certificates. Every payload is checked byte for byte on the side that receives it.
 *
 * <p>Scandium's own {@code DtlsConfig} module (configuration definitions) clashes with dtlsj's
 * {@link DtlsConfig}; it is always written fully qualified here.
 */
class ScandiumInteropTest {
    static final Duration TIMEOUT = Duration.ofSeconds(20);

    /** Payload sizes: tiny, odd, a block multiple, and a big one that still fits a 1200-byte datagram. */
    static final int[] SIZES = {1, 13, 16, 255, 1000};

    @BeforeAll
    static void registerScandiumDefinitions() {
        org.eclipse.californium.scandium.config.DtlsConfig.register();
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of(CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, false),
                Arguments.of(CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384, false),
                Arguments.of(CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, true),
                Arguments.of(CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384, true),
                // The CoAP suites (RFC 7252 §9.1.3.3, RFC 7251): AES-CCM, which the JDK lacks.
                Arguments.of(CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8, false),
                Arguments.of(CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8, true),
                Arguments.of(CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_CCM_8, false),
                Arguments.of(CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CCM, false),
                Arguments.of(CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_CCM, true));
    }

    // ------------------------------------------------------------------ Scandium set-up

    /**
     * A Scandium connector on 127.0.0.1:0.
     *
     * @param own        own certificate (servers always; clients only for client authentication)
     * @param clientAuth server: demand a client certificate; client: ignored
     */
    static DTLSConnector scandium(boolean server, List<CipherSuite> suites, Credential own, boolean clientAuth,
                                  Queue<String> alerts) {
        DtlsConnectorConfig.Builder b = DtlsConnectorConfig.builder(Configuration.createStandardWithoutFile())
                .setAddress(new InetSocketAddress("127.0.0.1", 0))
                .setLoggingTag(server ? "scandium-server" : "scandium-client")
                .set(org.eclipse.californium.scandium.config.DtlsConfig.DTLS_ROLE, server
                        ? org.eclipse.californium.scandium.config.DtlsConfig.DtlsRole.SERVER_ONLY
                        : org.eclipse.californium.scandium.config.DtlsConfig.DtlsRole.CLIENT_ONLY)
                .setAsList(org.eclipse.californium.scandium.config.DtlsConfig.DTLS_CIPHER_SUITES,
                        suites.toArray(new CipherSuite[0]))
                // Californium 3 defaults to NEEDED; say what each case wants.
                .set(org.eclipse.californium.scandium.config.DtlsConfig.DTLS_CLIENT_AUTHENTICATION_MODE,
                        clientAuth ? CertificateAuthenticationMode.NEEDED : CertificateAuthenticationMode.NONE);
        if (!server) {
            // Send SNI "localhost" and check the server certificate's subject against it.
            b.set(org.eclipse.californium.scandium.config.DtlsConfig.DTLS_USE_SERVER_NAME_INDICATION, true);
            b.set(org.eclipse.californium.scandium.config.DtlsConfig.DTLS_VERIFY_SERVER_CERTIFICATES_SUBJECT, true);
        }
        if (!server || clientAuth) {
            // A Scandium server without client authentication refuses a certificate verifier it would never use.
            b.setAdvancedCertificateVerifier(StaticNewAdvancedCertificateVerifier.builder()
                    .setTrustedCertificates(TestPki.roots().toArray(new Certificate[0])).build());
        }
        if (own != null) {
            b.setCertificateIdentityProvider(new SingleCertificateProvider(own.key(),
                    own.chain().toArray(new Certificate[0]), CertificateType.X_509));
        }
        DTLSConnector c = new DTLSConnector(b.build());
        c.setAlertHandler((peer, alert) -> alerts.add(describe(alert)));
        return c;
    }

    static String describe(AlertMessage a) {
        return a.getLevel() + "/" + a.getDescription();
    }

    /** A {@link MessageCallback} that only records errors, so a failed send says why. */
    static MessageCallback errorsTo(Queue<Throwable> errors) {
        return new MessageCallback() {
            @Override
            public void onConnecting() {
            }

            @Override
            public void onDtlsRetransmission(int flight) {
            }

            @Override
            public void onContextEstablished(EndpointContext context) {
            }

            @Override
            public void onSent() {
            }

            @Override
            public void onError(Throwable error) {
                errors.add(error);
            }
        };
    }

    static byte[] payload(SplittableRandom r, int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) b[i] = (byte) r.nextInt(256);
        return b;
    }

    static org.dtlsj.config.CipherSuite dtlsjSuite(CipherSuite s) {
        org.dtlsj.config.CipherSuite d = org.dtlsj.config.CipherSuite.byName(s.name());
        assertThat(d).as("dtlsj implements " + s.name()).isNotNull();
        return d;
    }

    static X509Certificate certPathTarget(Principal p) {
        assertThat(p).as("Scandium's view of the peer identity").isInstanceOf(X509CertPath.class);
        return ((X509CertPath) p).getTarget();
    }

    // ------------------------------------------------------------------ dtlsj client, Scandium server

    @ParameterizedTest(name = "dtlsj client -> Scandium server, {0}, client auth {1}")
    @MethodSource("cases")
    void dtlsjClientWithScandiumServer(CipherSuite suite, boolean clientAuth) throws Exception {
        BlockingQueue<String> serverAlerts = new LinkedBlockingQueue<>();
        Queue<Throwable> serverSendErrors = new ConcurrentLinkedQueue<>();
        BlockingQueue<RawData> received = new LinkedBlockingQueue<>();
        DTLSConnector server = scandium(true, List.of(suite), TestPki.ecServer(), clientAuth, serverAlerts);
        // Echo every RawData back to its sender, and keep it for the byte-for-byte check.
        server.setRawDataReceiver(raw -> {
            received.add(raw);
            server.send(RawData.outbound(raw.getBytes(), raw.getEndpointContext(), errorsTo(serverSendErrors), false));
        });
        server.start();
        try {
            DtlsConfig.Builder cfg = DtlsConfig.builder()
                    .trustAnchors(TestPki.roots())
                    .cipherSuites(List.of(dtlsjSuite(suite)));
            if (clientAuth) cfg.credentials(TestPki.ecClient().key(), TestPki.ecClient().chain());
            DtlsTestClient client;
            try {
                client = DtlsjUdpPeer.connect(server.getAddress(), cfg.build(), "localhost", TIMEOUT);
            } catch (Exception e) {
                throw new AssertionError("dtlsj client handshake with Scandium server failed (" + suite + ", client auth "
                        + clientAuth + "); alerts Scandium received: " + serverAlerts, e);
            }
            try {
                assertThat(client.cipherSuite()).isEqualTo(suite.name());
                assertThat(client.peerCertificates()).as("server chain as dtlsj saw it")
                        .startsWith(TestPki.ecServer().leaf());

                SplittableRandom r = new SplittableRandom(0x5CA1AB1EL ^ suite.getCode());
                EndpointContext clientAtServer = null;
                for (int n : SIZES) {
                    byte[] sent = payload(r, n);
                    client.send(sent);
                    // client -> server: what Scandium delivered
                    RawData atServer = received.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                    assertThat(atServer).as("Scandium server received the %d-byte record; alerts %s", n, serverAlerts)
                            .isNotNull();
                    assertThat(atServer.getBytes()).as("client -> server, %d bytes", n).isEqualTo(sent);
                    clientAtServer = atServer.getEndpointContext();
                    // server -> client: the echo
                    byte[] echo = client.receive(TIMEOUT);
                    assertThat(echo).as("server -> client echo, %d bytes", n).isEqualTo(sent);
                }

                // What Scandium negotiated and authenticated.
                assertThat(clientAtServer).isInstanceOf(DtlsEndpointContext.class);
                assertThat(((DtlsEndpointContext) clientAtServer).getCipher()).isEqualTo(suite.name());
                if (clientAuth) {
                    assertThat(certPathTarget(clientAtServer.getPeerIdentity()))
                            .as("client certificate at the Scandium server").isEqualTo(TestPki.ecClient().leaf());
                } else {
                    assertThat(clientAtServer.getPeerIdentity()).as("no client identity without client auth").isNull();
                }

                // server -> client unprompted: Scandium initiates a record of its own.
                byte[] push = payload(r, 777);
                server.send(RawData.outbound(push, clientAtServer, errorsTo(serverSendErrors), false));
                assertThat(client.receive(TIMEOUT)).as("unsolicited Scandium -> dtlsj record").isEqualTo(push);
                assertThat(received).as("nothing further arrived at the server").isEmpty();
                assertThat(serverSendErrors).as("Scandium send errors").isEmpty();
                assertThat(serverAlerts).as("alerts Scandium received before the close").isEmpty();
            } finally {
                client.close();
            }
            // dtlsj's close_notify reaches Scandium and authenticates there (an alert in epoch 1).
            assertThat(serverAlerts.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS))
                    .as("alert Scandium received after dtlsj closed").isEqualTo("WARNING/CLOSE_NOTIFY");
        } finally {
            server.destroy();
        }
    }

    // ------------------------------------------------------------------ Scandium client, dtlsj server

    @ParameterizedTest(name = "Scandium client -> dtlsj server, {0}, client auth {1}")
    @MethodSource("cases")
    void scandiumClientWithDtlsjServer(CipherSuite suite, boolean clientAuth) throws Exception {
        Credential serverCred = TestPki.ecServer();
        DtlsConfig cfg = DtlsConfig.builder()
                .credentials(serverCred.key(), serverCred.chain())
                .trustAnchors(TestPki.roots())
                .clientAuth(clientAuth ? ClientAuth.NEED : ClientAuth.NONE)
                .cipherSuites(List.of(dtlsjSuite(suite)))
                .build();
        Queue<String> clientAlerts = new ConcurrentLinkedQueue<>();
        Queue<Throwable> clientSendErrors = new ConcurrentLinkedQueue<>();
        try (DtlsTestServer server = DtlsjUdpPeer.startEchoServer(cfg)) {
            DTLSConnector client = scandium(false, List.of(suite), clientAuth ? TestPki.ecClient() : null, false,
                    clientAlerts);
            BlockingQueue<RawData> echoes = new LinkedBlockingQueue<>();
            client.setRawDataReceiver(echoes::add);
            client.start();
            try {
                AddressEndpointContext dest = new AddressEndpointContext(server.address(), "localhost", null);
                SplittableRandom r = new SplittableRandom(0xC0FFEEL ^ suite.getCode());
                EndpointContext serverAtClient = null;
                for (int n : SIZES) {
                    byte[] sent = payload(r, n);
                    client.send(RawData.outbound(sent, dest, errorsTo(clientSendErrors), false));
                    RawData echo = echoes.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                    if (echo == null) {
                        fail("no echo of the %d-byte record within %s; dtlsj server failure: %s; Scandium send errors: %s;"
                                        + " alerts Scandium received: %s", n, TIMEOUT, server.failure(), clientSendErrors,
                                clientAlerts);
                    }
                    assertThat(echo.getBytes()).as("client -> server -> client, %d bytes", n).isEqualTo(sent);
                    serverAtClient = echo.getEndpointContext();
                }
                assertThat(server.echoedRecords()).as("records the dtlsj server received").isEqualTo(SIZES.length);

                // What each side negotiated and authenticated.
                server.awaitHandshake(TIMEOUT);
                assertThat(server.cipherSuite()).isEqualTo(suite.name());
                assertThat(serverAtClient).isInstanceOf(DtlsEndpointContext.class);
                assertThat(((DtlsEndpointContext) serverAtClient).getCipher()).isEqualTo(suite.name());
                assertThat(certPathTarget(serverAtClient.getPeerIdentity()))
                        .as("server certificate at the Scandium client").isEqualTo(serverCred.leaf());
                if (clientAuth) {
                    assertThat(server.peerCertificates()).as("client chain at the dtlsj server")
                            .isEqualTo(TestPki.ecClient().chain());
                } else {
                    assertThat(server.peerCertificates()).isEmpty();
                }
                assertThat(clientSendErrors).as("Scandium send errors").isEmpty();
                assertThat(clientAlerts).as("alerts Scandium received").isEmpty();
                assertThat(server.failure()).as("dtlsj server failure").isNull();
            } finally {
                client.destroy();
            }
        }
    }

    // ------------------------------------------------------------------ negotiation

    /** Both suites offered by the dtlsj client; a Scandium server holding only AES-256 picks it. */
    @Test
    void dtlsjClientOffersBothScandiumServerPicks() throws Exception {
        Queue<String> alerts = new ConcurrentLinkedQueue<>();
        DTLSConnector server = scandium(true, List.of(CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384),
                TestPki.ecServer(), false, alerts);
        server.setRawDataReceiver(raw -> server.send(RawData.outbound(raw.getBytes(), raw.getEndpointContext(), null, false)));
        server.start();
        try {
            DtlsConfig cfg = DtlsConfig.builder().trustAnchors(TestPki.roots())
                    .cipherSuites(List.of(org.dtlsj.config.CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
                            org.dtlsj.config.CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384))
                    .build();
            try (DtlsTestClient client = DtlsjUdpPeer.connect(server.getAddress(), cfg, "localhost", TIMEOUT)) {
                assertThat(client.cipherSuite()).isEqualTo("TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384");
                byte[] m = payload(new SplittableRandom(1), 64);
                client.send(m);
                assertThat(client.receive(TIMEOUT)).isEqualTo(m);
            }
        } finally {
            server.destroy();
        }
    }

    /** Both suites offered by the Scandium client; the dtlsj server, holding only AES-256, picks it. */
    @Test
    void scandiumClientOffersBothDtlsjServerPicks() throws Exception {
        DtlsConfig cfg = DtlsConfig.builder()
                .credentials(TestPki.ecServer().key(), TestPki.ecServer().chain())
                .cipherSuites(List.of(org.dtlsj.config.CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384))
                .build();
        Queue<String> alerts = new ConcurrentLinkedQueue<>();
        Queue<Throwable> errors = new ConcurrentLinkedQueue<>();
        try (DtlsTestServer server = DtlsjUdpPeer.startEchoServer(cfg)) {
            DTLSConnector client = scandium(false, List.of(CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
                    CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384), null, false, alerts);
            BlockingQueue<RawData> echoes = new LinkedBlockingQueue<>();
            client.setRawDataReceiver(echoes::add);
            client.start();
            try {
                byte[] m = payload(new SplittableRandom(2), 64);
                client.send(RawData.outbound(m, new AddressEndpointContext(server.address(), "localhost", null),
                        errorsTo(errors), false));
                RawData echo = echoes.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                assertThat(echo).as("echo; dtlsj failure %s, Scandium errors %s, alerts %s", server.failure(), errors,
                        alerts).isNotNull();
                assertThat(echo.getBytes()).isEqualTo(m);
                assertThat(server.cipherSuite()).isEqualTo("TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384");
                assertThat(((DtlsEndpointContext) echo.getEndpointContext()).getCipher())
                        .isEqualTo("TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384");
            } finally {
                client.destroy();
            }
        }
    }
}
