package org.dtlsj.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.time.Duration;
import java.util.List;
import org.dtlsj.api.DtlsClient;
import org.dtlsj.api.DtlsSession;
import org.dtlsj.config.DtlsConfig;
import org.dtlsj.handshake.server.CookieExchange;
import org.dtlsj.testkit.TestPki;
import org.dtlsj.testkit.hostile.HostileClient;
import org.dtlsj.testkit.hostile.HostilePeer;
import org.dtlsj.wire.HandshakeType;
import org.junit.jupiter.api.Test;

/**
 * Security catalog D-01, D-04, D-05 and S-24: peers that pass the cookie and then stall, peers
 * that fail handshake after handshake, and a peer that floods a handshake with crafted
 * fragments. Each leaves bounded state while it lasts, none afterwards, and never keeps a
 * genuine client out once it is over.
 */
class ResourceBoundsTest {
    static final TestPki.Credential CRED = TestPki.ecdsaP256();

    static DtlsConfig serverConfig() {
        return DtlsConfig.builder().credentials(CRED.key(), CRED.chain())
                .handshakeTimeout(Duration.ofSeconds(2)).retransmission(Duration.ofMillis(500), Duration.ofSeconds(1)).build();
    }

    static DtlsConfig clientConfig() {
        return DtlsConfig.builder().trustAnchors(List.of(CRED.root())).build();
    }

    static long usedHeap() {
        Runtime r = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) System.gc();
        return r.totalMemory() - r.freeMemory();
    }

    static InetSocketAddress spoofed(int i) throws Exception {
        byte[] ip = {127, (byte) (1 + (i >>> 16)), (byte) (i >>> 8), (byte) i};
        return new InetSocketAddress(InetAddress.getByAddress(ip), 30_000 + (i % 30_000));
    }

    /** A ClientHello carrying a cookie that verifies for {@code from}, as an on-path client could send. */
    static byte[] verifiedHello(HostileClient c, InetSocketAddress from, DtlsConfig server) {
        byte[] first = c.clientHello();
        var challenge = (CookieExchange.Challenge) CookieExchange.inspect(first, 0, first.length, PeerKey.bytes(from), server,
                System.nanoTime());
        c.receive(List.of(challenge.datagram()));
        return c.clientHelloWithCookie();
    }

    /** Waits, up to {@code limit}, for the condition the event loop's thread will make true. */
    static void await(java.util.function.BooleanSupplier done, Duration limit) throws InterruptedException {
        long end = System.nanoTime() + limit.toNanos();
        while (!done.getAsBoolean() && System.nanoTime() < end) Thread.onSpinWait();
        assertThat(done.getAsBoolean()).as("condition within " + limit).isTrue();
    }

    static void aGenuineClientConnects(EventLoop loop) throws Exception {
        try (DtlsSession s = DtlsClient.connect(loop.localAddress(), clientConfig(), "localhost")) {
            s.send(new byte[] {1, 2, 3});
            assertThat(s.isOpen()).isTrue();
        }
    }

    @Test
    void D01_D05_tenThousandPeersThatStallAfterTheCookieAreCappedAndReleasedAtTheTimeout() throws Exception {
        DtlsConfig server = serverConfig();
        int peers = 10_000;
        try (DatagramChannel ch = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0))) {
            EventLoop loop = new EventLoop(server, new EventLoop.Settings(100_000, 0, true), ch, null);
            // Warm up, then measure from a baseline.
            HostileClient warm = new HostileClient();
            InetSocketAddress w = spoofed(60_000);
            loop.deliverForTest(w, verifiedHello(warm, w, server));
            long baseline = usedHeap();
            for (int i = 0; i < peers; i++) {
                InetSocketAddress from = spoofed(i);
                loop.deliverForTest(from, verifiedHello(new HostileClient(), from, server));
            }
            long held = usedHeap() - baseline;
            assertThat(loop.handshakeCount()).as("the cap").isEqualTo(EventLoop.DEFAULT_MAX_HANDSHAKES);
            assertThat(loop.connectionCount()).isEqualTo(EventLoop.DEFAULT_MAX_HANDSHAKES);
            assertThat(loop.stats().refusedHandshakes()).isEqualTo(peers + 1 - EventLoop.DEFAULT_MAX_HANDSHAKES);
            System.out.printf("D-01: %,d peers stalled after the cookie: %,d handshakes held (the cap), %,d refused; "
                            + "heap held %,d bytes (%,d per handshake)%n", peers, loop.handshakeCount(),
                    loop.stats().refusedHandshakes(), held, held / loop.handshakeCount());
            assertThat(held / loop.handshakeCount()).as("bytes per stalled handshake").isLessThan(32 * 1024);

            Thread t = Thread.ofPlatform().name("loop").start(loop);
            try {
                // The handshake timeout (2 s here) frees every slot; the server sends nothing more.
                await(() -> loop.handshakeCount() == 0 && loop.connectionCount() == 0, Duration.ofSeconds(30));
                aGenuineClientConnects(loop);
            } finally {
                loop.close();
                t.join(10_000);
            }
            long after = usedHeap() - baseline;
            System.out.printf("D-05: heap after the stalled handshakes timed out: %,d bytes over the baseline%n", after);
            assertThat(after).as("back to the baseline").isLessThan(2_000_000L);
        }
    }

    @Test
    void S24_D05_aThousandFailedHandshakesLeaveNothingAndTheNextOneSucceeds() throws Exception {
        DtlsConfig server = serverConfig();
        int failures = Integer.getInteger("dtlsj.catalog.failedHandshakes", 1_000);
        try (DatagramChannel ch = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
             DatagramChannel peer = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
             Selector sel = Selector.open()) {
            EventLoop loop = new EventLoop(server, new EventLoop.Settings(100_000, 0, true), ch, null);
            Thread t = Thread.ofPlatform().name("loop").start(loop);
            try {
                peer.connect(loop.localAddress());
                peer.configureBlocking(false);
                peer.register(sel, SelectionKey.OP_READ);
                failOnce(peer, sel); // warm-up
                long baseline = usedHeap();
                for (int i = 0; i < failures; i++) failOnce(peer, sel);
                await(() -> loop.connectionCount() == 0 && loop.handshakeCount() == 0, Duration.ofSeconds(10));
                long after = usedHeap() - baseline;
                System.out.printf("S-24: %,d handshakes failed at a forged Finished; heap %,d bytes over the baseline%n",
                        failures, after);
                assertThat(after).as("nothing kept per failure").isLessThan(2_000_000L);
                aGenuineClientConnects(loop);
            } finally {
                loop.close();
                t.join(10_000);
            }
        }
    }

    /** One full handshake from the hostile client over UDP, ending in a Finished that does not verify. */
    static void failOnce(DatagramChannel peer, Selector sel) throws Exception {
        HostileClient c = new HostileClient();
        peer.write(ByteBuffer.wrap(c.clientHello()));
        c.receive(List.of(read(peer, sel)));
        peer.write(ByteBuffer.wrap(c.clientHelloWithCookie()));
        while (!c.serverHelloDone) c.receive(List.of(read(peer, sel)));
        byte[] cke = c.clientKeyExchange();
        byte[] ccs = c.changeCipherSpec();
        byte[] bad = c.ourVerifyData();
        bad[3] ^= 0x40;
        peer.write(ByteBuffer.wrap(HostilePeer.datagram(cke, ccs, c.finished(bad))));
        // The server sets the first failing Finished aside (it may follow a corrupted message);
        // the retransmission confirms it.
        peer.write(ByteBuffer.wrap(HostilePeer.datagram(c.resend(2), c.resendChangeCipherSpec(0), c.resend(3))));
        HostilePeer.Received r = c.receive(List.of(read(peer, sel)));
        assertThat(r.alerts).as("decrypt_error for the forged Finished").hasSize(1);
        assertThat(r.alerts.get(0).description().value()).isEqualTo(51);
    }

    /** The next datagram on a non-blocking channel registered with {@code sel}, waiting up to 5 s. */
    static byte[] read(DatagramChannel ch, Selector sel) throws Exception {
        ByteBuffer b = ByteBuffer.allocate(4096);
        while (ch.read(b) == 0) {
            assertThat(sel.select(5_000)).as("an answer from the server").isPositive();
            sel.selectedKeys().clear();
        }
        b.flip();
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }

    @Test
    void D04_aFloodOfCraftedFragmentsCostsBoundedMemoryAndLeavesOtherPeersServed() throws Exception {
        DtlsConfig server = serverConfig();
        try (DatagramChannel ch = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0))) {
            EventLoop loop = new EventLoop(server, new EventLoop.Settings(100_000, 0, true), ch, null);
            InetSocketAddress attacker = spoofed(7);
            HostileClient c = new HostileClient();
            loop.deliverForTest(attacker, verifiedHello(c, attacker, server));
            long baseline = usedHeap();
            java.util.Random rnd = new java.util.Random(6);
            int sent = 0;
            // 200,000 fragments of messages that claim to be up to 16 MB long, at any offset and
            // message_seq, in epoch 0: the reassembler's bounds (F-10..F-13) hold under volume.
            for (; sent < 200_000; sent++) {
                int seq = 1 + rnd.nextInt(8);
                int length = 1 + rnd.nextInt(1 << 24);
                int off = rnd.nextInt(length);
                int n = Math.min(length - off, 1 + rnd.nextInt(600));
                org.dtlsj.wire.WireWriter w = new org.dtlsj.wire.WireWriter();
                w.u8(HandshakeType.CLIENT_KEY_EXCHANGE.value()).u24(length).u16(seq).u24(off).u24(n).bytes(new byte[n]);
                loop.deliverForTest(attacker, c.record(org.dtlsj.wire.ContentType.HANDSHAKE, w.toByteArray()));
            }
            long held = usedHeap() - baseline;
            System.out.printf("D-04: %,d crafted fragments into one handshake: heap %,d bytes over the baseline%n", sent, held);
            assertThat(held).as("bounded by the reassembly limits").isLessThan(4_000_000L);
            assertThat(loop.connectionCount()).isLessThanOrEqualTo(1);
            Thread t = Thread.ofPlatform().name("loop").start(loop);
            try {
                aGenuineClientConnects(loop);
            } finally {
                loop.close();
                t.join(10_000);
            }
        }
    }
}
