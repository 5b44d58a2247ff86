package org.dtlsj.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.dtlsj.api.DtlsClient;
import org.dtlsj.api.DtlsHandler;
import org.dtlsj.api.DtlsServer;
import org.dtlsj.api.DtlsSession;
import org.dtlsj.config.DtlsConfig;
import org.dtlsj.engine.DtlsConnection;
import org.dtlsj.error.DtlsException;
import org.dtlsj.error.Reason;
import org.dtlsj.testkit.TestPki;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The UDP transport and the idiomatic API over real loopback sockets. */
class UdpTransportTest {
    static TestPki.Credential cred;
    static DtlsConfig serverConfig;
    static DtlsConfig clientConfig;

    @BeforeAll
    static void pki() {
        cred = TestPki.ecdsaP256();
        serverConfig = DtlsConfig.builder().credentials(cred.key(), cred.chain()).build();
        clientConfig = DtlsConfig.builder().trustAnchors(List.of(cred.root())).handshakeTimeout(Duration.ofSeconds(10)).build();
    }

    /** An echo handler: every datagram goes straight back, on the loop thread. */
    static final DtlsHandler ECHO = new DtlsHandler() {
        @Override
        public boolean onData(DtlsSession s, byte[] data) {
            try {
                s.send(data);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            return true;
        }
    };

    static DtlsServer echoServer(int loops, int maxConnections) throws IOException {
        return DtlsServer.builder(serverConfig).bind(new InetSocketAddress("127.0.0.1", 0)).eventLoops(loops)
                .maxConnections(maxConnections).handler(ECHO).start();
    }

    static void roundTrip(DtlsSession s, String text) throws Exception {
        byte[] msg = text.getBytes(StandardCharsets.UTF_8);
        s.send(msg);
        assertThat(s.receive(Duration.ofSeconds(10))).isEqualTo(msg);
    }

    @Test
    void manyPeersOnOneSocket() throws Exception {
        try (DtlsServer server = echoServer(1, 1000);
             ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> clients = new ArrayList<>();
            for (int i = 0; i < 25; i++) {
                int n = i;
                clients.add(pool.submit(() -> {
                    try (DtlsSession s = DtlsClient.connect(server.address(), clientConfig, "localhost")) {
                        for (int k = 0; k < 5; k++) roundTrip(s, "client " + n + " message " + k);
                    }
                    return null;
                }));
            }
            for (Future<?> f : clients) f.get();
            assertThat(server.eventLoops().get(0).stats().helloVerifyRequests()).isGreaterThanOrEqualTo(25);
        }
    }

    @Test
    void twoLoopsShareThePortWithReusePort() throws Exception {
        try (DtlsServer server = echoServer(2, 1000);
             ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> clients = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                int n = i;
                clients.add(pool.submit(() -> {
                    try (DtlsSession s = DtlsClient.connect(server.address(), clientConfig, "localhost")) {
                        roundTrip(s, "via reuseport " + n);
                    }
                    return null;
                }));
            }
            for (Future<?> f : clients) f.get();
        }
    }

    @Test
    void noStateBeforeTheCookieVerifies() throws Exception {
        try (DtlsServer server = echoServer(1, 1000); DatagramChannel raw = DatagramChannel.open()) {
            // A real first ClientHello, taken from a client engine, sent from a raw socket.
            DtlsConnection c = DtlsConnection.client(clientConfig, "localhost");
            c.start(0);
            byte[] hello = c.pollDatagram();
            raw.connect(server.address());
            raw.write(ByteBuffer.wrap(hello));
            ByteBuffer answer = ByteBuffer.allocate(2048);
            raw.configureBlocking(true);
            raw.socket().setSoTimeout(5000);
            int n = raw.read(answer);
            EventLoop loop = server.eventLoops().get(0);
            assertThat(answer.get(0)).as("a handshake record").isEqualTo((byte) 22);
            assertThat(answer.get(13)).as("HelloVerifyRequest").isEqualTo((byte) 3);
            assertThat(n).as("no amplification").isLessThanOrEqualTo(hello.length);
            assertThat(loop.stats().helloVerifyRequests()).isEqualTo(1);
            // The loop thread answered; its table holds nothing for this peer.
            java.util.concurrent.CompletableFuture<Integer> count = new java.util.concurrent.CompletableFuture<>();
            loop.execute(() -> count.complete(loop.connectionCount()));
            assertThat(count.get()).isZero();
        }
    }

    @Test
    void connectionsBeyondTheLimitAreRefused() throws Exception {
        try (DtlsServer server = echoServer(1, 2)) {
            DtlsSession a = DtlsClient.connect(server.address(), clientConfig, "localhost");
            DtlsSession b = DtlsClient.connect(server.address(), clientConfig, "localhost");
            DtlsConfig impatient = clientConfig.toBuilder().handshakeTimeout(Duration.ofSeconds(2)).build();
            assertThatThrownBy(() -> DtlsClient.connect(server.address(), impatient, "localhost"))
                    .isInstanceOf(DtlsException.class)
                    .satisfies(e -> assertThat(((DtlsException) e).reason()).isEqualTo(Reason.HANDSHAKE_TIMEOUT));
            assertThat(server.eventLoops().get(0).stats().refusedAtCapacity()).isGreaterThanOrEqualTo(1);
            roundTrip(a, "still served");
            a.close();
            b.close();
        }
    }

    @Test
    void shutdownSendsCloseNotifyToEveryPeer() throws Exception {
        DtlsServer server = echoServer(1, 100);
        DtlsSession a = DtlsClient.connect(server.address(), clientConfig, "localhost");
        DtlsSession b = DtlsClient.connect(server.address(), clientConfig, "localhost");
        roundTrip(a, "before shutdown");
        server.close();
        assertThatThrownBy(() -> a.receive(Duration.ofSeconds(5))).isInstanceOf(IOException.class).hasMessageContaining("closed");
        assertThatThrownBy(() -> b.receive(Duration.ofSeconds(5))).isInstanceOf(IOException.class).hasMessageContaining("closed");
        assertThat(a.isOpen()).isFalse();
    }

    @Test
    void handshakeFailureSaysWhy() throws Exception {
        try (DtlsServer server = echoServer(1, 100)) {
            DtlsConfig distrusting = DtlsConfig.builder().trustAnchors(List.of(TestPki.ecdsaP256().root()))
                    .handshakeTimeout(Duration.ofSeconds(10)).build();
            assertThatThrownBy(() -> DtlsClient.connect(server.address(), distrusting, "localhost"))
                    .isInstanceOf(DtlsException.class)
                    .satisfies(e -> assertThat(((DtlsException) e).reason()).isEqualTo(Reason.CERTIFICATE_UNTRUSTED))
                    .hasMessageContaining("not trusted");
        }
    }

    @Test
    void blockingStyleWithAccept() throws Exception {
        try (DtlsServer server = DtlsServer.builder(serverConfig).bind(new InetSocketAddress("127.0.0.1", 0)).start();
             ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<String> served = pool.submit(() -> {
                DtlsSession s = server.accept(Duration.ofSeconds(10));
                byte[] d = s.receive(Duration.ofSeconds(10));
                s.send(("re: " + new String(d, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));
                return s.info().cipherSuite().ianaName();
            });
            try (DtlsSession c = DtlsClient.connect(server.address(), clientConfig, "localhost")) {
                c.send("ping".getBytes(StandardCharsets.UTF_8));
                assertThat(new String(c.receive(Duration.ofSeconds(10)), StandardCharsets.UTF_8)).isEqualTo("re: ping");
            }
            assertThat(served.get()).startsWith("TLS_ECDHE_ECDSA");
        }
    }
}
