package org.dtlsj.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.dtlsj.api.DtlsClient;
import org.dtlsj.api.DtlsServer;
import org.dtlsj.api.DtlsSession;
import org.dtlsj.config.DtlsConfig;
import org.dtlsj.interop.peers.BcDtlsPeer;
import org.dtlsj.interop.peers.DtlsTestClient;
import org.dtlsj.interop.peers.DtlsTestServer;
import org.dtlsj.interop.peers.PeerOptions;
import org.dtlsj.interop.peers.TestPki;
import org.dtlsj.wire.heartbeat.HeartbeatMode;
import org.junit.jupiter.api.Test;

/**
 * Heartbeats (RFC 6520) with Bouncy Castle, both roles and both modes. Bouncy Castle sends a
 * heartbeat after 200 ms of idleness and ends the connection if one goes unanswered for 3 s, so a
 * connection still working after a few idle seconds proves dtlsj answered; dtlsj's own requests
 * are answered with a round-trip time.
 */
class HeartbeatInteropTest {
    static final short PEER_ALLOWED = 1;
    static final short PEER_NOT_ALLOWED = 2;

    static DtlsConfig client(HeartbeatMode mode) {
        return DtlsConfig.builder().trustAnchors(TestPki.roots()).heartbeat(mode).build();
    }

    /** Idle long enough for several of Bouncy Castle's heartbeats, then prove the connection lives. */
    static void idleThenEcho(DtlsSession s) throws Exception {
        assertThat(s.receive(Duration.ofMillis(3500))).as("nothing but heartbeats while idle").isNull();
        byte[] m = "still alive".getBytes(StandardCharsets.UTF_8);
        s.send(m);
        assertThat(s.receive(Duration.ofSeconds(5))).isEqualTo(m);
    }

    @Test
    void dtlsjClientAndBouncyCastleServerAnswerEachOther() throws Exception {
        PeerOptions opts = PeerOptions.builder().cipherSuites("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256").credential(TestPki.ecServer()).trustRoots(TestPki.roots())
                .heartbeat(PEER_ALLOWED, 200).build();
        try (DtlsTestServer server = BcDtlsPeer.startServer(opts);
             DtlsSession s = DtlsClient.connect(new InetSocketAddress("127.0.0.1", server.port()),
                     client(HeartbeatMode.PEER_ALLOWED_TO_SEND), "localhost")) {
            assertThat(s.info().heartbeat().mayRequest()).isTrue();
            Duration rtt = s.heartbeat(16).get(10, TimeUnit.SECONDS);
            assertThat(rtt).isPositive().isLessThan(Duration.ofSeconds(2));
            idleThenEcho(s);
            assertThat(server.failure()).isNull();
        }
    }

    @Test
    void dtlsjClientThatDoesNotAnswerIsNotAsked() throws Exception {
        // dtlsj announces peer_not_allowed_to_send: Bouncy Castle must not send requests (it would
        // otherwise time out after 3 s without answers), while dtlsj's own requests are answered.
        PeerOptions opts = PeerOptions.builder().cipherSuites("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256").credential(TestPki.ecServer()).trustRoots(TestPki.roots())
                .heartbeat(PEER_ALLOWED, 200).build();
        try (DtlsTestServer server = BcDtlsPeer.startServer(opts);
             DtlsSession s = DtlsClient.connect(new InetSocketAddress("127.0.0.1", server.port()),
                     client(HeartbeatMode.PEER_NOT_ALLOWED_TO_SEND), "localhost")) {
            assertThat(s.info().heartbeat().mustAnswer()).isFalse();
            assertThat(s.heartbeat(16).get(10, TimeUnit.SECONDS)).isPositive();
            idleThenEcho(s);
        }
    }

    @Test
    void bouncyCastleServerThatDoesNotAnswerIsNotAsked() throws Exception {
        PeerOptions opts = PeerOptions.builder().cipherSuites("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256").credential(TestPki.ecServer()).trustRoots(TestPki.roots())
                .heartbeat(PEER_NOT_ALLOWED, 0).build();
        try (DtlsTestServer server = BcDtlsPeer.startServer(opts);
             DtlsSession s = DtlsClient.connect(new InetSocketAddress("127.0.0.1", server.port()),
                     client(HeartbeatMode.PEER_ALLOWED_TO_SEND), "localhost")) {
            assertThat(s.info().heartbeat().mayRequest()).isFalse();
            assertThatThrownBy(() -> s.heartbeat(16).get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .hasMessageContaining("not allowed");
        }
    }

    @Test
    void bouncyCastleClientAndDtlsjServerAnswerEachOther() throws Exception {
        var cred = TestPki.ecServer();
        DtlsConfig cfg = DtlsConfig.builder().credentials(cred.key(), cred.chain()).heartbeat(HeartbeatMode.PEER_ALLOWED_TO_SEND).build();
        try (DtlsServer server = DtlsServer.builder(cfg).bind(new InetSocketAddress("127.0.0.1", 0)).start()) {
            PeerOptions opts = PeerOptions.builder().cipherSuites("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256").trustRoots(TestPki.roots()).heartbeat(PEER_ALLOWED, 200).build();
            try (DtlsTestClient client = BcDtlsPeer.connect(server.address(), opts)) {
                DtlsSession s = server.accept(Duration.ofSeconds(10));
                // Bouncy Castle handles records (and answers heartbeats) only inside receive().
                var received = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                    try {
                        return client.receive(Duration.ofSeconds(15));
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
                assertThat(s.heartbeat(16).get(10, TimeUnit.SECONDS)).isPositive();
                // Idle: Bouncy Castle's heartbeats must be answered by the dtlsj server.
                assertThat(s.receive(Duration.ofMillis(3500))).isNull();
                byte[] m = "from dtlsj".getBytes(StandardCharsets.UTF_8);
                s.send(m);
                assertThat(received.get(10, TimeUnit.SECONDS)).isEqualTo(m);
                byte[] back = "from bc".getBytes(StandardCharsets.UTF_8);
                client.send(back);
                assertThat(s.receive(Duration.ofSeconds(5))).isEqualTo(back);
            }
        }
    }
}
