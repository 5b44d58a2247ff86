package org.dtlsj.interop.peers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Self-test of the test peers: SunJSSE and Bouncy Castle DTLS 1.2 against each other and themselves over
 * loopback UDP, echoing datagrams of several sizes both ways.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class PeerSelfTest {

    static final String ECDSA_AES128_GCM = "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256";
    static final String RSA_AES256_GCM = "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384";
    static final String ECDSA_CHACHA20 = "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256";

    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    /** Negative cases fail by alert at once; this only bounds a lost alert. */
    private static final Duration FAILURE_HANDSHAKE_TIMEOUT = Duration.ofSeconds(5);
    private static final int[] SIZES = {1, 16, 100, 512, 1200};

    static Stream<Arguments> allPairsAllSuites() {
        List<Arguments> out = new ArrayList<>();
        for (PeerImplementation client : PeerImplementation.values()) {
            for (PeerImplementation server : PeerImplementation.values()) {
                for (String suite : List.of(ECDSA_AES128_GCM, RSA_AES256_GCM, ECDSA_CHACHA20)) {
                    out.add(Arguments.of(client, server, suite));
                }
            }
        }
        return out.stream();
    }

    static Stream<Arguments> allPairs() {
        List<Arguments> out = new ArrayList<>();
        for (PeerImplementation client : PeerImplementation.values()) {
            for (PeerImplementation server : PeerImplementation.values()) {
                out.add(Arguments.of(client, server));
            }
        }
        return out.stream();
    }

    static Stream<Arguments> allPairsBothClientKeys() {
        return allPairs().flatMap(a -> Stream.of("EC", "RSA").map(k -> Arguments.of(a.get()[0], a.get()[1], k)));
    }

    @ParameterizedTest(name = "{0} client -> {1} server, {2}")
    @MethodSource("allPairsAllSuites")
    void echoesEachSuite(PeerImplementation clientImpl, PeerImplementation serverImpl, String suite)
        throws Exception {
        Credential serverCredential = suite.contains("_ECDSA_") ? TestPki.ecServer() : TestPki.rsaServer();
        PeerOptions serverOptions = PeerOptions.builder().cipherSuites(suite).credential(serverCredential).build();
        PeerOptions clientOptions = PeerOptions.builder().cipherSuites(suite).trustRoots(TestPki.roots()).build();

        try (DtlsTestServer server = serverImpl.startServer(serverOptions)) {
            DtlsTestClient client = clientImpl.connect(server.address(), clientOptions);
            try {
                server.awaitHandshake(TIMEOUT);
                assertThat(client.cipherSuite()).isEqualTo(suite);
                assertThat(server.cipherSuite()).isEqualTo(suite);
                assertThat(client.peerCertificates()).containsExactlyElementsOf(serverCredential.chain());
                assertThat(server.peerCertificates()).isEmpty();

                assertEchoes(client, server, SIZES);

                client.close();
                assertThat(server.awaitCloseNotify(TIMEOUT)).as("server saw close_notify").isTrue();
                assertThat(server.failure()).isNull();
            } finally {
                client.close();
            }
        }
    }

    @ParameterizedTest(name = "{0} client ({2} key) -> {1} server, client auth required")
    @MethodSource("allPairsBothClientKeys")
    void clientAuthentication(PeerImplementation clientImpl, PeerImplementation serverImpl, String clientKey)
        throws Exception {
        Credential clientCredential = clientKey.equals("EC") ? TestPki.ecClient() : TestPki.rsaClient();
        PeerOptions serverOptions = PeerOptions.builder()
            .cipherSuites(ECDSA_AES128_GCM)
            .credential(TestPki.ecServer())
            .trustRoots(TestPki.roots())
            .needClientAuth(true)
            .build();
        PeerOptions clientOptions = PeerOptions.builder()
            .cipherSuites(ECDSA_AES128_GCM)
            .credential(clientCredential)
            .trustRoots(TestPki.ecRoot())
            .build();

        try (DtlsTestServer server = serverImpl.startServer(serverOptions)) {
            DtlsTestClient client = clientImpl.connect(server.address(), clientOptions);
            try {
                server.awaitHandshake(TIMEOUT);
                assertThat(server.peerCertificates()).containsExactlyElementsOf(clientCredential.chain());
                assertEchoes(client, server, 7, 300);
                client.close();
                assertThat(server.awaitCloseNotify(TIMEOUT)).isTrue();
                assertThat(server.failure()).isNull();
            } finally {
                client.close();
            }
        }
    }

    @ParameterizedTest(name = "{0} client without certificate -> {1} server wanting one")
    @MethodSource("allPairs")
    void optionalClientAuthenticationWithoutCertificate(PeerImplementation clientImpl,
        PeerImplementation serverImpl) throws Exception {
        PeerOptions serverOptions = PeerOptions.builder()
            .cipherSuites(ECDSA_AES128_GCM).credential(TestPki.ecServer())
            .trustRoots(TestPki.ecRoot()).clientAuth(PeerOptions.ClientAuth.WANT).build();
        PeerOptions clientOptions = PeerOptions.builder()
            .cipherSuites(ECDSA_AES128_GCM).trustRoots(TestPki.ecRoot()).build();
        try (DtlsTestServer server = serverImpl.startServer(serverOptions);
             DtlsTestClient client = clientImpl.connect(server.address(), clientOptions)) {
            server.awaitHandshake(TIMEOUT);
            assertThat(server.peerCertificates()).isEmpty();
            assertEchoes(client, server, 33);
        }
    }

    @ParameterizedTest(name = "{0} client <- {1} server closing first")
    @MethodSource("allPairs")
    void serverCloseSendsCloseNotify(PeerImplementation clientImpl, PeerImplementation serverImpl)
        throws Exception {
        PeerOptions serverOptions = PeerOptions.builder()
            .cipherSuites(ECDSA_AES128_GCM).credential(TestPki.ecServer()).build();
        PeerOptions clientOptions = PeerOptions.builder()
            .cipherSuites(ECDSA_AES128_GCM).trustRoots(TestPki.ecRoot()).build();
        DtlsTestServer server = serverImpl.startServer(serverOptions);
        try (DtlsTestClient client = clientImpl.connect(server.address(), clientOptions)) {
            server.awaitHandshake(TIMEOUT);
            assertEchoes(client, server, 10);
            server.close();
            assertThatThrownBy(() -> client.receive(TIMEOUT)).isInstanceOf(EOFException.class);
            assertThat(server.failure()).isNull();
        } finally {
            server.close();
        }
    }

    @ParameterizedTest(name = "{0} client -> {1} server, handshake datagrams lost")
    @MethodSource("allPairs")
    void handshakeSurvivesLoss(PeerImplementation clientImpl, PeerImplementation serverImpl) throws Exception {
        PeerOptions serverOptions = PeerOptions.builder()
            .cipherSuites(ECDSA_AES128_GCM).credential(TestPki.ecServer()).build();
        PeerOptions clientOptions = PeerOptions.builder()
            .cipherSuites(ECDSA_AES128_GCM).trustRoots(TestPki.ecRoot()).build();
        // Drop the client's 2nd datagram (ClientHello with cookie, or the client's key exchange flight) and the
        // server's final flight: the first server datagram that starts with a ChangeCipherSpec record.
        // SunJSSE sends its final flight twice in a row by design, and does NOT resend it when the client
        // retransmits its own final flight afterwards, so only one copy may be lost against a JSSE server.
        AtomicBoolean finalFlightDropped = new AtomicBoolean();
        LossyRelay.DropPolicy policy = (direction, index, datagram) ->
            direction == LossyRelay.Direction.CLIENT_TO_SERVER
                ? index == 2
                : datagram[0] == 20 && finalFlightDropped.compareAndSet(false, true);
        try (DtlsTestServer server = serverImpl.startServer(serverOptions);
             LossyRelay relay = LossyRelay.start(server.address(), policy);
             DtlsTestClient client = clientImpl.connect(relay.address(), clientOptions)) {
            server.awaitHandshake(TIMEOUT);
            assertThat(relay.dropped()).isEqualTo(2);
            assertEchoes(client, server, 1, 500);
        }
    }

    @ParameterizedTest(name = "{0} client -> Bouncy Castle server with HelloVerifyRequest")
    @EnumSource(PeerImplementation.class)
    void bcServerCookieExchange(PeerImplementation clientImpl) throws Exception {
        PeerOptions serverOptions = PeerOptions.builder()
            .cipherSuites(ECDSA_AES128_GCM)
            .credential(TestPki.ecServer())
            .cookieExchange(true)
            .build();
        PeerOptions clientOptions = PeerOptions.builder().cipherSuites(ECDSA_AES128_GCM)
            .trustRoots(TestPki.ecRoot()).build();

        try (BcDtlsPeer.Server server = BcDtlsPeer.startServer(serverOptions)) {
            DtlsTestClient client = clientImpl.connect(server.address(), clientOptions);
            try {
                server.awaitHandshake(TIMEOUT);
                assertThat(server.helloVerifyRequestsSent()).isGreaterThanOrEqualTo(1);
                assertEchoes(client, server, SIZES);
                client.close();
                assertThat(server.awaitCloseNotify(TIMEOUT)).isTrue();
                assertThat(server.failure()).isNull();
            } finally {
                client.close();
            }
        }
    }

    @ParameterizedTest(name = "{0} client -> {1} server, 512-byte packets, RSA chain")
    @MethodSource("allPairs")
    void smallMaximumPacketSizeFragmentsHandshake(PeerImplementation clientImpl, PeerImplementation serverImpl)
        throws Exception {
        PeerOptions serverOptions = PeerOptions.builder()
            .cipherSuites(RSA_AES256_GCM)
            .credential(TestPki.rsaServer())
            .maximumPacketSize(512)
            .build();
        PeerOptions clientOptions = PeerOptions.builder()
            .cipherSuites(RSA_AES256_GCM)
            .trustRoots(TestPki.rsaRoot())
            .maximumPacketSize(512)
            .build();

        try (DtlsTestServer server = serverImpl.startServer(serverOptions);
             DtlsTestClient client = clientImpl.connect(server.address(), clientOptions)) {
            server.awaitHandshake(TIMEOUT);
            assertEchoes(client, server, 1, 200, 400);
        }
    }

    @ParameterizedTest(name = "{0} client -> {1} server, P-384 server key")
    @MethodSource("allPairs")
    void p384ServerKey(PeerImplementation clientImpl, PeerImplementation serverImpl) throws Exception {
        PeerOptions serverOptions = PeerOptions.builder()
            .cipherSuites(ECDSA_AES128_GCM).credential(TestPki.ec384Server()).build();
        PeerOptions clientOptions = PeerOptions.builder()
            .cipherSuites(ECDSA_AES128_GCM).trustRoots(TestPki.ecRoot()).build();
        try (DtlsTestServer server = serverImpl.startServer(serverOptions);
             DtlsTestClient client = clientImpl.connect(server.address(), clientOptions)) {
            server.awaitHandshake(TIMEOUT);
            assertEchoes(client, server, 42);
        }
    }

    @ParameterizedTest(name = "{0} client -> {1} server, untrusted server chain is rejected")
    @MethodSource("allPairs")
    void untrustedServerIsRejected(PeerImplementation clientImpl, PeerImplementation serverImpl) throws Exception {
        PeerOptions serverOptions = PeerOptions.builder()
            .cipherSuites(ECDSA_AES128_GCM).credential(TestPki.ecServer())
            .handshakeTimeout(FAILURE_HANDSHAKE_TIMEOUT).build();
        PeerOptions clientOptions = PeerOptions.builder()
            .cipherSuites(ECDSA_AES128_GCM).trustRoots(TestPki.rsaRoot())
            .handshakeTimeout(FAILURE_HANDSHAKE_TIMEOUT).build();
        try (DtlsTestServer server = serverImpl.startServer(serverOptions)) {
            assertThatThrownBy(() -> connectAndClose(clientImpl, server, clientOptions))
                .isInstanceOf(IOException.class);
            assertThatThrownBy(() -> server.awaitHandshake(TIMEOUT)).isInstanceOf(ExecutionException.class);
            assertThat(server.failure()).isNotNull();
        }
    }

    @ParameterizedTest(name = "{0} client without certificate -> {1} server requiring one")
    @MethodSource("allPairs")
    void missingClientCertificateIsRejected(PeerImplementation clientImpl, PeerImplementation serverImpl)
        throws Exception {
        PeerOptions serverOptions = PeerOptions.builder()
            .cipherSuites(ECDSA_AES128_GCM).credential(TestPki.ecServer())
            .trustRoots(TestPki.ecRoot()).needClientAuth(true)
            .handshakeTimeout(FAILURE_HANDSHAKE_TIMEOUT).build();
        PeerOptions clientOptions = PeerOptions.builder()
            .cipherSuites(ECDSA_AES128_GCM).trustRoots(TestPki.ecRoot())
            .handshakeTimeout(FAILURE_HANDSHAKE_TIMEOUT).build();
        try (DtlsTestServer server = serverImpl.startServer(serverOptions)) {
            assertThatThrownBy(() -> connectAndClose(clientImpl, server, clientOptions))
                .isInstanceOf(IOException.class);
            assertThatThrownBy(() -> server.awaitHandshake(TIMEOUT)).isInstanceOf(ExecutionException.class);
            assertThat(server.failure()).isNotNull();
        }
    }

    @Test
    void pemWritersProduceParseableFiles(@TempDir Path dir) throws Exception {
        Path certs = dir.resolve("chain.pem");
        Path key = dir.resolve("key.pem");
        TestPki.writeCertChainPem(certs, TestPki.rsaServer().chain());
        TestPki.writePkcs8KeyPem(key, TestPki.ecServer().key());
        try (InputStream in = Files.newInputStream(certs)) {
            List<Certificate> parsed = new ArrayList<>(CertificateFactory.getInstance("X.509").generateCertificates(in));
            assertThat(parsed).containsExactlyElementsOf(new ArrayList<Certificate>(TestPki.rsaServer().chain()));
        }
        String pem = Files.readString(key);
        assertThat(pem).startsWith("-----BEGIN PRIVATE KEY-----\n").endsWith("-----END PRIVATE KEY-----\n");
        byte[] der = Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
        assertThat(KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(der)))
            .isEqualTo(TestPki.ecServer().key());
    }

    private static void connectAndClose(PeerImplementation impl, DtlsTestServer server, PeerOptions options)
        throws IOException, GeneralSecurityException {
        impl.connect(server.address(), options).close();
    }

    /** Sends one datagram of each size (distinct random content) and checks each comes back byte for byte. */
    static void assertEchoes(DtlsTestClient client, DtlsTestServer server, int... sizes) throws IOException {
        SplittableRandom random = new SplittableRandom(sizes.length * 31L + sizes[0]);
        int before = server.echoedRecords();
        for (int i = 0; i < sizes.length; i++) {
            byte[] payload = new byte[sizes[i]];
            for (int j = 0; j < payload.length; j++) {
                payload[j] = (byte) random.nextInt(256);
            }
            payload[0] = (byte) i;
            client.send(payload);
            byte[] echoed = client.receive(TIMEOUT);
            assertThat(echoed).as("echo of %d bytes", sizes[i]).isEqualTo(payload);
        }
        assertThat(server.echoedRecords() - before).isEqualTo(sizes.length);
    }
}
