package org.dtlsj.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.dtlsj.config.CipherSuite;
import org.dtlsj.config.ClientAuth;
import org.dtlsj.config.DtlsConfig;
import org.dtlsj.interop.peers.BcDtlsPeer;
import org.dtlsj.interop.peers.Credential;
import org.dtlsj.interop.peers.DtlsTestClient;
import org.dtlsj.interop.peers.DtlsTestServer;
import org.dtlsj.interop.peers.JsseDtlsPeer;
import org.dtlsj.interop.peers.PeerOptions;
import org.dtlsj.interop.peers.TestPki;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * dtlsj against the JDK's SunJSSE {@code SSLEngine} ("DTLSv1.2") and Bouncy Castle's DTLS, both
 * roles, over loopback UDP. Application data goes both ways and is checked byte for byte.
 */
class JdkAndBouncyCastleInteropTest {
    static final Duration TIMEOUT = Duration.ofSeconds(20);

    enum Peer { JSSE, BOUNCY_CASTLE }

    /** One interop case: the suite, whether the server asks for a client certificate, and the other stack's cookie setting. */
    record Case(Peer peer, CipherSuite suite, boolean mutualAuth, boolean peerCookie) {
        @Override
        public String toString() {
            return peer + " " + suite + (mutualAuth ? " mutual-auth" : "") + (peerCookie ? " peer-cookie" : "");
        }
    }

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (Peer p : Peer.values()) {
            out.add(Arguments.of(new Case(p, CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, false, true)));
            out.add(Arguments.of(new Case(p, CipherSuite.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384, false, true)));
            out.add(Arguments.of(new Case(p, CipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256, false, true)));
            out.add(Arguments.of(new Case(p, CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, true, true)));
        }
        // CBC: SunJSSE has no encrypt-then-MAC (MAC-then-encrypt, opened in constant time);
        // Bouncy Castle negotiates it (RFC 7366).
        for (Peer p : Peer.values()) {
            out.add(Arguments.of(new Case(p, CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256, false, true)));
            out.add(Arguments.of(new Case(p, CipherSuite.TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA, false, true)));
        }
        // AES-CCM (RFC 7251), which SunJSSE does not implement.
        out.add(Arguments.of(new Case(Peer.BOUNCY_CASTLE, CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8, false, true)));
        out.add(Arguments.of(new Case(Peer.BOUNCY_CASTLE, CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_CCM, true, true)));
        // Bouncy Castle can run its server without the cookie exchange (SunJSSE always does it).
        out.add(Arguments.of(new Case(Peer.BOUNCY_CASTLE, CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, false, false)));
        return out.stream();
    }

    static Credential serverCredential(CipherSuite s) {
        return s.keyExchange.name().equals("ECDHE_RSA") ? TestPki.rsaServer() : TestPki.ecServer();
    }

    static List<java.security.cert.X509Certificate> roots() {
        return TestPki.roots();
    }

    static PeerOptions peerOptions(Case c, boolean peerIsServer) {
        PeerOptions.Builder b = PeerOptions.builder().cipherSuites(c.suite().ianaName()).trustRoots(roots())
                .cookieExchange(c.peerCookie());
        if (peerIsServer) {
            b.credential(serverCredential(c.suite()));
            if (c.mutualAuth()) b.clientAuth(PeerOptions.ClientAuth.NEED);
        } else if (c.mutualAuth()) {
            b.credential(TestPki.ecClient());
        }
        return b.build();
    }

    static DtlsConfig dtlsjServer(Case c) {
        Credential cred = serverCredential(c.suite());
        return DtlsConfig.builder().credentials(cred.key(), cred.chain()).trustAnchors(roots())
                .cipherSuites(List.of(c.suite())).clientAuth(c.mutualAuth() ? ClientAuth.NEED : ClientAuth.NONE).build();
    }

    static DtlsConfig dtlsjClient(Case c) {
        DtlsConfig.Builder b = DtlsConfig.builder().trustAnchors(roots()).cipherSuites(List.of(c.suite()));
        if (c.mutualAuth()) {
            Credential cred = TestPki.ecClient();
            b.credentials(cred.key(), cred.chain());
        }
        return b.build();
    }

    static void exchange(DtlsTestClient client, DtlsTestServer server) throws Exception {
        for (int size : new int[] {1, 17, 100, 512, 1000}) {
            byte[] msg = new byte[size];
            for (int i = 0; i < size; i++) msg[i] = (byte) (i * 31 + size);
            client.send(msg);
            assertThat(client.receive(TIMEOUT)).as("echo of " + size + " bytes").isEqualTo(msg);
        }
        byte[] text = "interop with dtlsj".getBytes(StandardCharsets.UTF_8);
        client.send(text);
        assertThat(client.receive(TIMEOUT)).isEqualTo(text);
        assertThat(server.echoedRecords()).isEqualTo(6);
    }

    @ParameterizedTest(name = "dtlsj client -> {0} server")
    @MethodSource("cases")
    void dtlsjClientAgainstPeerServer(Case c) throws Exception {
        PeerOptions opts = peerOptions(c, true);
        try (DtlsTestServer server = c.peer() == Peer.JSSE ? JsseDtlsPeer.startServer(opts) : BcDtlsPeer.startServer(opts);
             DtlsTestClient client = DtlsjUdpPeer.connect(new InetSocketAddress("127.0.0.1", server.port()),
                     dtlsjClient(c), "localhost", TIMEOUT)) {
            server.awaitHandshake(TIMEOUT);
            assertThat(client.cipherSuite()).isEqualTo(c.suite().ianaName());
            assertThat(server.cipherSuite()).isEqualTo(c.suite().ianaName());
            if (c.mutualAuth()) assertThat(server.peerCertificates()).isNotEmpty();
            exchange(client, server);
            client.close();
            assertThat(server.awaitCloseNotify(TIMEOUT)).as("server saw our close_notify").isTrue();
        }
    }

    @ParameterizedTest(name = "{0} client -> dtlsj server")
    @MethodSource("cases")
    void peerClientAgainstDtlsjServer(Case c) throws Exception {
        PeerOptions opts = peerOptions(c, false);
        InetSocketAddress addr;
        try (DtlsTestServer server = DtlsjUdpPeer.startEchoServer(dtlsjServer(c))) {
            addr = new InetSocketAddress("127.0.0.1", server.port());
            try (DtlsTestClient client = c.peer() == Peer.JSSE ? JsseDtlsPeer.connect(addr, opts) : BcDtlsPeer.connect(addr, opts)) {
                server.awaitHandshake(TIMEOUT);
                assertThat(client.cipherSuite()).isEqualTo(c.suite().ianaName());
                if (c.mutualAuth()) assertThat(server.peerCertificates()).hasSize(1);
                exchange(client, server);
                client.close();
                assertThat(server.awaitCloseNotify(TIMEOUT)).as("dtlsj server saw the peer's close_notify").isTrue();
            }
            assertThat(server.failure()).isNull();
        }
    }
}
