package org.dtlsj.bench.loopback;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.dtlsj.api.DtlsHandler;
import org.dtlsj.api.DtlsServer;
import org.dtlsj.api.DtlsSession;
import org.dtlsj.config.CipherSuite;
import org.dtlsj.config.DtlsConfig;
import org.dtlsj.engine.DtlsConnection;
import org.dtlsj.transport.EventLoop;

/**
 * {@code dtlsj bench --million[=N]}: a dtlsj server holds N (default 1,000,000) established idle
 * connections in this JVM's heap (the bench runs with {@code -Xmx4g}), each from its own loopback
 * address and port, over real UDP. Every client makes a full handshake with the cookie exchange,
 * sends one record (so the server knows its final flight arrived and lets it go) and vanishes
 * without close_notify, as a sleeping device would.
 *
 * <p>The handshakes are TLS_PSK_WITH_AES_128_GCM_SHA256: a million ECDHE-ECDSA handshakes would
 * take over half an hour of public-key work on two cores, and what a server keeps of an
 * established connection is the same either way (epochs, AES-GCM keys, replay window, session
 * facts; with no client certificate, neither keeps a peer chain). The heap figure of the regular
 * run, with ECDHE-ECDSA, says how close the two are.
 */
final class MillionIdle {
    private static final byte[] IDENTITY = "million".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] KEY = new byte[32];
    private static final int CLIENT_THREADS = 2;

    private MillionIdle() {
    }

    /** What {@link #measure} found. */
    record Outcome(int held, long failed, double seconds, long heapBytes, double bytesPerConnection, String serverStats) {
    }

    static int run(int count) throws Exception {
        System.out.printf(Locale.ROOT, "dtlsj bench --million: %,d clients, each from its own loopback address, make a PSK handshake "
                + "(cookie exchange on) and one record, then go quiet; max heap %,d MB%n", count,
                Runtime.getRuntime().maxMemory() >> 20);
        Outcome o = measure(count, Measure.IDLE_NANOS);
        long max = Runtime.getRuntime().maxMemory();
        System.out.printf(Locale.ROOT, "  %,d handshakes in %.0f s (%,.0f per second), %,d failed attempts%n", count, o.seconds(),
                count / o.seconds(), o.failed());
        System.out.printf(Locale.ROOT, "million idle: held=%d heap_mb=%d bytes_per_connection=%.0f max_heap_mb=%d%n", o.held(),
                o.heapBytes() >> 20, o.bytesPerConnection(), max >> 20);
        System.out.println("  server: " + o.serverStats());
        return o.held() >= count ? 0 : 1;
    }

    /** Holds {@code count} idle connections; measures after {@code quietNanos} of quiet. */
    static Outcome measure(int count, long quietNanos) throws Exception {
        DtlsConfig config = DtlsConfig.builder()
                .cipherSuites(List.of(CipherSuite.TLS_PSK_WITH_AES_128_GCM_SHA256))
                .psk(IDENTITY, KEY)
                .handshakeTimeout(Duration.ofSeconds(20))
                .build();
        long before = Measure.usedHeapAfterGc();
        DtlsServer server = DtlsServer.builder(config)
                .bind(new InetSocketAddress("127.0.0.1", 0))
                .maxConnections(count + 1_000)
                .maxHandshakes(64)
                // Longer than the run: every connection is still held when the heap is measured.
                .idleTimeout(Duration.ofHours(2))
                .handler(new DtlsHandler() {
                    @Override
                    public boolean onData(DtlsSession s, byte[] data) {
                        return true;
                    }
                })
                .start();
        long t0 = System.nanoTime();
        AtomicInteger next = new AtomicInteger();
        AtomicLong failed = new AtomicLong();
        Thread[] threads = new Thread[CLIENT_THREADS];
        for (int t = 0; t < threads.length; t++) {
            threads[t] = Thread.ofPlatform().name("million-" + t).start(() -> {
                DatagramPacket in = new DatagramPacket(new byte[2048], 2048);
                for (int i; (i = next.getAndIncrement()) < count; ) {
                    while (true) {
                        try {
                            connect(server.address(), config, i, in);
                            break;
                        } catch (Exception e) {
                            // Counted, and tried again from the same address (a new port).
                            if (failed.incrementAndGet() > 1_000 + count / 1_000) return;
                        }
                    }
                    if (i > 0 && i % 100_000 == 0) {
                        System.out.printf(Locale.ROOT, "  %,d connected (%.0f s)%n", i, (System.nanoTime() - t0) / 1e9);
                    }
                }
            });
        }
        for (Thread t : threads) t.join();
        double seconds = (System.nanoTime() - t0) / 1e9;
        int held = 0;
        // The last connections still hold cipher instances until the loop's trim after 5 s of quiet.
        Thread.sleep(quietNanos / 1_000_000);
        for (EventLoop l : server.eventLoops()) held += l.connectionCount();
        long after = Measure.usedHeapAfterGc();
        long hvr = 0, refused = 0, full = 0, unknown = 0;
        for (EventLoop l : server.eventLoops()) {
            hvr += l.stats().helloVerifyRequests();
            refused += l.stats().refusedHandshakes();
            full += l.stats().refusedAtCapacity();
            unknown += l.stats().droppedUnknownPeer();
        }
        String stats = String.format(Locale.ROOT, "hello_verify_requests=%d refused_handshakes=%d refused_at_capacity=%d dropped_unknown_peer=%d",
                hvr, refused, full, unknown);
        server.close();
        return new Outcome(held, failed.get(), seconds, after - before, (after - before) / (double) Math.max(1, held), stats);
    }

    /** One client: handshake from the i-th held address, one record, then the socket closes without close_notify. */
    private static void connect(InetSocketAddress server, DtlsConfig config, int i, DatagramPacket in) throws Exception {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(Measure.heldAddress(i), 0))) {
            socket.connect(server);
            DtlsConnection c = DtlsConnection.client(config, null);
            long deadline = System.nanoTime() + 20_000_000_000L;
            c.start(System.nanoTime());
            flush(c, socket);
            while (!c.isConnected()) {
                if (c.failure() != null) throw c.failure();
                if (System.nanoTime() > deadline) throw new IOException("handshake timed out");
                long wait = Math.max(1, Math.min(1_000, (c.nextTimeoutNanos() - System.nanoTime()) / 1_000_000));
                socket.setSoTimeout((int) wait);
                try {
                    in.setLength(in.getData().length);
                    socket.receive(in);
                    c.receive(in.getData(), 0, in.getLength(), System.nanoTime());
                } catch (SocketTimeoutException e) {
                    c.handleTimeout(System.nanoTime());
                }
                flush(c, socket);
            }
            c.send(new byte[] {42}, 0, 1, System.nanoTime());
            flush(c, socket);
        }
    }

    private static void flush(DtlsConnection c, DatagramSocket socket) throws IOException {
        for (byte[] d; (d = c.pollDatagram()) != null; ) socket.send(new DatagramPacket(d, d.length));
    }
}
