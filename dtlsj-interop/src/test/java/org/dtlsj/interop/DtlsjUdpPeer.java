package org.dtlsj.interop;

import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.dtlsj.config.DtlsConfig;
import org.dtlsj.engine.DtlsConnection;
import org.dtlsj.engine.DtlsEvent;
import org.dtlsj.interop.peers.DtlsTestClient;
import org.dtlsj.interop.peers.DtlsTestServer;

/**
 * dtlsj's engine on a real loopback UDP socket, for interop tests: a small single-connection
 * driver (non-blocking channel, selector, the engine's timer). The library's own transport is
 * tested elsewhere; this keeps the interop tests about the protocol.
 */
final class DtlsjUdpPeer {
    private DtlsjUdpPeer() {
    }

    /** Drives one connection over one channel. */
    private static final class Driver {
        final DatagramChannel channel;
        final Selector selector;
        final DtlsConnection conn;
        final ByteBuffer rx = ByteBuffer.allocate(65536);
        final ArrayDeque<byte[]> app = new ArrayDeque<>();
        volatile boolean peerClosed;

        Driver(DatagramChannel channel, DtlsConnection conn) throws IOException {
            this.channel = channel;
            this.conn = conn;
            this.selector = Selector.open();
            channel.configureBlocking(false);
            channel.register(selector, SelectionKey.OP_READ);
        }

        void flush() throws IOException {
            for (byte[] d; (d = conn.pollDatagram()) != null; ) channel.write(ByteBuffer.wrap(d));
        }

        void feed(byte[] d) throws IOException {
            conn.receive(d, System.nanoTime());
            drain();
        }

        void drain() throws IOException {
            for (byte[] a; (a = conn.pollApplicationData()) != null; ) app.add(a);
            for (DtlsEvent e; (e = conn.pollEvent()) != null; ) {
                if (e instanceof DtlsEvent.Closed c && c.byPeer()) peerClosed = true;
            }
            flush();
        }

        /** Runs I/O and timers until {@code done} holds or the deadline passes. */
        boolean runUntil(java.util.function.BooleanSupplier done, long deadline) throws IOException {
            flush();
            while (!done.getAsBoolean()) {
                long now = System.nanoTime();
                if (now - deadline >= 0) return false;
                long wake = Math.min(deadline, conn.nextTimeoutNanos());
                long waitMs = Math.max(1, (wake - now) / 1_000_000);
                selector.select(waitMs);
                selector.selectedKeys().clear();
                rx.clear();
                while (true) {
                    try {
                        if (channel.receive(rx) == null) break;
                    } catch (java.net.PortUnreachableException e) {
                        // An ICMP error, forgeable by anyone: never a reason to drop a connection.
                        continue;
                    }
                    rx.flip();
                    byte[] d = new byte[rx.remaining()];
                    rx.get(d);
                    rx.clear();
                    feed(d);
                    if (done.getAsBoolean()) break;
                }
                if (System.nanoTime() - conn.nextTimeoutNanos() >= 0) {
                    conn.handleTimeout(System.nanoTime());
                    drain();
                }
            }
            return true;
        }

        void close() {
            try {
                conn.close(System.nanoTime());
                flush();
            } catch (IOException | RuntimeException ignored) {
                // best effort on the way out
            }
            try {
                selector.close();
                channel.close();
            } catch (IOException ignored) {
                // closing
            }
        }
    }

    /** A dtlsj client connected to {@code server}; returns after the handshake. */
    static DtlsTestClient connect(InetSocketAddress server, DtlsConfig config, String serverName, Duration timeout)
            throws IOException, TimeoutException {
        DatagramChannel ch = DatagramChannel.open();
        ch.bind(new InetSocketAddress(server.getAddress(), 0));
        ch.connect(server);
        Driver d = new Driver(ch, DtlsConnection.client(config, serverName));
        d.conn.start(System.nanoTime());
        boolean ok = d.runUntil(() -> !d.conn.isHandshaking(), System.nanoTime() + timeout.toNanos());
        if (!d.conn.isConnected()) {
            d.close();
            if (!ok) throw new TimeoutException("dtlsj client handshake did not complete: " + d.conn.stateDescription() + " " + d.conn.failure() + " " + d.conn.stats());
            if (d.conn.failure() == null) throw new IOException("dtlsj client closed during handshake");
            throw new IOException("dtlsj client handshake failed: " + d.conn.failure().getMessage(), d.conn.failure());
        }
        return new DtlsTestClient() {
            @Override
            public void send(byte[] data) throws IOException {
                d.conn.send(data, System.nanoTime());
                d.flush();
            }

            @Override
            public byte[] receive(Duration t) throws IOException {
                d.runUntil(() -> !d.app.isEmpty() || d.peerClosed || !d.conn.isConnected(), System.nanoTime() + t.toNanos());
                if (!d.app.isEmpty()) return d.app.poll();
                if (d.peerClosed || !d.conn.isConnected()) throw new EOFException("connection closed: " + d.conn.status());
                throw new SocketTimeoutException("no application data within " + t);
            }

            @Override
            public String cipherSuite() {
                return d.conn.session().cipherSuite().ianaName();
            }

            @Override
            public List<X509Certificate> peerCertificates() {
                return d.conn.session().peerCertificates();
            }

            @Override
            public int localPort() {
                try {
                    return ((InetSocketAddress) ch.getLocalAddress()).getPort();
                } catch (IOException e) {
                    return -1;
                }
            }

            @Override
            public void close() {
                d.close();
            }
        };
    }

    /** A dtlsj echo server on 127.0.0.1 serving the first client that writes to it. */
    static DtlsTestServer startEchoServer(DtlsConfig config) throws IOException {
        DatagramChannel ch = DatagramChannel.open();
        ch.bind(new InetSocketAddress("127.0.0.1", 0));
        int port = ((InetSocketAddress) ch.getLocalAddress()).getPort();
        CompletableFuture<DtlsConnection> handshake = new CompletableFuture<>();
        CountDownLatch closeNotify = new CountDownLatch(1);
        AtomicInteger echoed = new AtomicInteger();
        Driver[] driver = new Driver[1];
        Throwable[] failure = new Throwable[1];
        Thread t = new Thread(() -> {
            try {
                ByteBuffer first = ByteBuffer.allocate(65536);
                SocketAddress peer = ch.receive(first);
                first.flip();
                byte[] d0 = new byte[first.remaining()];
                first.get(d0);
                ch.connect(peer);
                InetSocketAddress ip = (InetSocketAddress) peer;
                byte[] addr = Arrays.copyOf(ip.getAddress().getAddress(), ip.getAddress().getAddress().length + 2);
                addr[addr.length - 2] = (byte) (ip.getPort() >>> 8);
                addr[addr.length - 1] = (byte) ip.getPort();
                Driver d = new Driver(ch, DtlsConnection.server(config, addr));
                driver[0] = d;
                d.feed(d0);
                long forever = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
                d.runUntil(() -> !d.conn.isHandshaking(), forever);
                if (!d.conn.isConnected()) {
                    handshake.completeExceptionally(d.conn.failure() != null ? d.conn.failure() : new IOException("closed"));
                    return;
                }
                handshake.complete(d.conn);
                while (!Thread.currentThread().isInterrupted() && d.conn.isConnected()) {
                    d.runUntil(() -> !d.app.isEmpty() || !d.conn.isConnected() || Thread.currentThread().isInterrupted(), forever);
                    for (byte[] a; (a = d.app.poll()) != null; ) {
                        echoed.incrementAndGet();
                        if (d.conn.isConnected()) d.conn.send(a, System.nanoTime());
                    }
                    d.flush();
                }
                if (d.peerClosed) closeNotify.countDown();
            } catch (java.nio.channels.AsynchronousCloseException e) {
                handshake.completeExceptionally(e);
            } catch (Throwable e) {
                failure[0] = e;
                handshake.completeExceptionally(e);
            }
        }, "dtlsj-echo-server");
        t.setDaemon(true);
        t.start();
        return new DtlsTestServer() {
            @Override
            public int port() {
                return port;
            }

            @Override
            public void awaitHandshake(Duration timeout) throws InterruptedException, TimeoutException, ExecutionException {
                handshake.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            }

            @Override
            public String cipherSuite() {
                return handshake.isDone() && !handshake.isCompletedExceptionally()
                        ? handshake.join().session().cipherSuite().ianaName() : null;
            }

            @Override
            public List<X509Certificate> peerCertificates() {
                return handshake.isDone() && !handshake.isCompletedExceptionally()
                        ? handshake.join().session().peerCertificates() : List.of();
            }

            @Override
            public boolean awaitCloseNotify(Duration timeout) throws InterruptedException {
                return closeNotify.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
            }

            @Override
            public int echoedRecords() {
                return echoed.get();
            }

            @Override
            public Throwable failure() {
                if (failure[0] != null) return failure[0];
                Driver d = driver[0];
                return d != null ? d.conn.failure() : null;
            }

            @Override
            public void close() {
                t.interrupt();
                try {
                    t.join(2000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                if (driver[0] != null) driver[0].close();
                try {
                    ch.close();
                } catch (IOException ignored) {
                    // closing
                }
            }
        };
    }
}
