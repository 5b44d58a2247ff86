package org.dtlsj.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.dtlsj.api.DtlsClient;
import org.dtlsj.api.DtlsHandler;
import org.dtlsj.api.DtlsServer;
import org.dtlsj.api.DtlsSession;
import org.dtlsj.config.DtlsConfig;
import org.dtlsj.testkit.TestPki;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A client made without a handler is driven by the application's threads ({@link CallerIo}): its
 * handshake, sends and receives run on the calling thread, and the loop takes reading back when
 * nobody waits in receive. These check what that must not change.
 */
class CallerDrivenClientTest {
    static TestPki.Credential cred;
    static DtlsConfig serverConfig;
    static DtlsConfig clientConfig;

    @BeforeAll
    static void pki() {
        cred = TestPki.ecdsaP256();
        serverConfig = DtlsConfig.builder().credentials(cred.key(), cred.chain()).heartbeat(org.dtlsj.wire.heartbeat.HeartbeatMode.PEER_ALLOWED_TO_SEND).build();
        clientConfig = DtlsConfig.builder().trustAnchors(List.of(cred.root())).heartbeat(org.dtlsj.wire.heartbeat.HeartbeatMode.PEER_ALLOWED_TO_SEND)
                .handshakeTimeout(Duration.ofSeconds(10)).build();
    }

    /** A server whose handler echoes, and hands every server-side session to {@code sessions}. */
    static DtlsServer server(CompletableFuture<DtlsSession> session) throws IOException {
        return DtlsServer.builder(serverConfig).bind(new InetSocketAddress("127.0.0.1", 0)).handler(new DtlsHandler() {
            @Override
            public void onConnected(DtlsSession s) {
                session.complete(s);
            }

            @Override
            public boolean onData(DtlsSession s, byte[] data) {
                try {
                    s.send(data);
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
                return true;
            }
        }).start();
    }

    static byte[] numbered(int i) {
        return ByteBuffer.allocate(200).putInt(0, i).array();
    }

    @Test
    void aWindowOfEchoesComesBackWholeAndInOrderOnTheCallingThread() throws Exception {
        try (DtlsServer server = server(new CompletableFuture<>());
             DtlsSession s = DtlsClient.connect(server.address(), clientConfig, "localhost")) {
            int window = 16;
            int total = 2_000;
            int sent = 0;
            int next = 0;
            byte[] buf = numbered(0);
            for (; sent < window; sent++) s.send(numbered(sent));
            while (next < total) {
                byte[] d = s.receive(Duration.ofSeconds(10));
                assertThat(d).as("echo %d", next).isNotNull();
                assertThat(ByteBuffer.wrap(d).getInt(0)).isEqualTo(next);
                next++;
                if (sent < total) {
                    // the same array each time: the session must not keep it after send returns
                    ByteBuffer.wrap(buf).putInt(0, sent++);
                    s.send(buf);
                }
            }
            // loopback does not reorder or drop at this rate; a lost datagram would have failed above
            assertThat(next).isEqualTo(total);
        }
    }

    @Test
    void twoThreadsReceivingShareTheDatagramsWithoutLossOrDuplicates() throws Exception {
        try (DtlsServer server = server(new CompletableFuture<>());
             DtlsSession s = DtlsClient.connect(server.address(), clientConfig, "localhost");
             ExecutorService pool = Executors.newFixedThreadPool(2)) {
            int total = 400;
            // At most 32 un-echoed: a larger burst would overflow the server's socket buffer.
            java.util.concurrent.Semaphore window = new java.util.concurrent.Semaphore(32);
            List<Future<Set<Integer>>> readers = new ArrayList<>();
            CountDownLatch started = new CountDownLatch(2);
            for (int r = 0; r < 2; r++) {
                readers.add(pool.submit(() -> {
                    started.countDown();
                    Set<Integer> got = new HashSet<>();
                    for (byte[] d; (d = s.receive(Duration.ofSeconds(2))) != null; ) {
                        got.add(ByteBuffer.wrap(d).getInt(0));
                        window.release();
                    }
                    return got;
                }));
            }
            started.await();
            for (int i = 0; i < total; i++) {
                assertThat(window.tryAcquire(10, TimeUnit.SECONDS)).as("echo window moves").isTrue();
                s.send(numbered(i));
            }
            Set<Integer> a = readers.get(0).get(30, TimeUnit.SECONDS);
            Set<Integer> b = readers.get(1).get(30, TimeUnit.SECONDS);
            Set<Integer> both = new HashSet<>(a);
            both.retainAll(b);
            assertThat(both).as("datagrams both threads received").isEmpty();
            Set<Integer> all = new HashSet<>(a);
            all.addAll(b);
            assertThat(all).hasSize(total);
        }
    }

    @Test
    void theLoopReadsAgainWhenTheApplicationOnlySends() throws Exception {
        CompletableFuture<DtlsSession> serverSide = new CompletableFuture<>();
        try (DtlsServer server = server(serverSide);
             DtlsSession s = DtlsClient.connect(server.address(), clientConfig, "localhost")) {
            s.send(numbered(1));
            assertThat(s.receive(Duration.ofSeconds(10))).isNotNull(); // this thread has read
            DtlsSession peer = serverSide.get(10, TimeUnit.SECONDS);
            // Nobody waits in receive from here on: the server's heartbeat must still be answered,
            // and its close_notify must still end the session.
            Duration rtt = peer.heartbeat(16).get(10, TimeUnit.SECONDS);
            assertThat(rtt).isPositive();
            peer.close();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (s.isOpen() && System.nanoTime() < deadline) Thread.onSpinWait();
            assertThat(s.isOpen()).as("closed by the peer's close_notify without a receive").isFalse();
            assertThatThrownBy(() -> s.receive(Duration.ofSeconds(1))).isInstanceOf(IOException.class).hasMessageContaining("closed");
        }
    }

    @Test
    void aReceiveWaitingWhenThePeerClosesEndsAtOnce() throws Exception {
        CompletableFuture<DtlsSession> serverSide = new CompletableFuture<>();
        try (DtlsServer server = server(serverSide);
             DtlsSession s = DtlsClient.connect(server.address(), clientConfig, "localhost");
             ExecutorService pool = Executors.newSingleThreadExecutor()) {
            CountDownLatch waiting = new CountDownLatch(1);
            AtomicReference<Throwable> thrown = new AtomicReference<>();
            Future<?> reader = pool.submit(() -> {
                waiting.countDown();
                try {
                    s.receive(Duration.ofSeconds(60));
                } catch (IOException | InterruptedException e) {
                    thrown.set(e);
                }
                return null;
            });
            waiting.await();
            serverSide.get(10, TimeUnit.SECONDS).close();
            reader.get(20, TimeUnit.SECONDS); // far less than the receive's 60 s
            assertThat(thrown.get()).isInstanceOf(IOException.class);
        }
    }

    @Test
    void aReceiveTimesOutWithNullAndAnInterruptEndsIt() throws Exception {
        try (DtlsServer server = server(new CompletableFuture<>());
             DtlsSession s = DtlsClient.connect(server.address(), clientConfig, "localhost");
             ExecutorService pool = Executors.newSingleThreadExecutor()) {
            assertThat(s.receive(Duration.ofMillis(50))).isNull();
            CountDownLatch waiting = new CountDownLatch(1);
            Future<Throwable> reader = pool.submit(() -> {
                waiting.countDown();
                try {
                    s.receive(Duration.ofSeconds(60));
                    return null;
                } catch (InterruptedException e) {
                    return e;
                }
            });
            waiting.await();
            pool.shutdownNow(); // interrupts the reader
            assertThat(reader.get(20, TimeUnit.SECONDS)).isInstanceOf(InterruptedException.class);
            // the session goes on for the next caller
            s.send(numbered(5));
            assertThat(ByteBuffer.wrap(s.receive(Duration.ofSeconds(10))).getInt(0)).isEqualTo(5);
        }
    }

    @Test
    void virtualThreadsWaitOnTheQueueAndStillGetEverything() throws Exception {
        try (DtlsServer server = server(new CompletableFuture<>());
             ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Integer>> clients = new ArrayList<>();
            for (int c = 0; c < 8; c++) {
                clients.add(pool.submit(() -> {
                    try (DtlsSession s = DtlsClient.connect(server.address(), clientConfig, "localhost")) {
                        int ok = 0;
                        for (int i = 0; i < 20; i++) {
                            s.send(numbered(i));
                            byte[] d = s.receive(Duration.ofSeconds(10));
                            if (d != null && ByteBuffer.wrap(d).getInt(0) == i) ok++;
                        }
                        return ok;
                    }
                }));
            }
            for (Future<Integer> f : clients) assertThat(f.get(60, TimeUnit.SECONDS)).isEqualTo(20);
        }
    }

    @Test
    void aClientThatConnectsAndClosesStartsNoThreadOfItsOwn() throws Exception {
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        try (DtlsServer server = server(new CompletableFuture<>())) {
            // The first client also brings up the one thread all clients share to start their loops later.
            DtlsClient.connect(server.address(), clientConfig, "localhost").close();
            long before = threads.getTotalStartedThreadCount();
            int clients = 10;
            for (int i = 0; i < clients; i++) {
                DtlsSession s = DtlsClient.connect(server.address(), clientConfig, "localhost");
                s.send(numbered(i)); // sent from this thread too
                s.close();
            }
            // A thread per client would make ten. The loop's thread would start 20 ms after connect
            // returned; the JVM may start a thread of its own meanwhile.
            assertThat(threads.getTotalStartedThreadCount() - before).isLessThan(3);
        }
    }

    @Test
    void theCallingThreadRetransmitsWhileTheLoopHasNoThread() throws Exception {
        // The first ClientHello goes into a socket that drops it; then the server takes that port.
        // Only a retransmission, fired by the thread that waits in connect, can reach it.
        try (java.net.DatagramSocket sink = new java.net.DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            InetSocketAddress at = (InetSocketAddress) sink.getLocalSocketAddress();
            CompletableFuture<DtlsSession> client = CompletableFuture.supplyAsync(() -> {
                try {
                    return DtlsClient.connect(at, clientConfig, "localhost");
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, r -> Thread.ofPlatform().start(r));
            sink.receive(new java.net.DatagramPacket(new byte[2048], 2048));
            sink.close();
            CompletableFuture<DtlsSession> serverSide = new CompletableFuture<>();
            try (DtlsServer server = DtlsServer.builder(serverConfig).bind(at).handler(new DtlsHandler() {
                @Override
                public void onConnected(DtlsSession ss) {
                    serverSide.complete(ss);
                }
            }).start(); DtlsSession s = client.get(15, TimeUnit.SECONDS)) {
                assertThat(s.info()).isNotNull();
                assertThat(serverSide.get(5, TimeUnit.SECONDS).isOpen()).isTrue();
            }
        }
    }
}
