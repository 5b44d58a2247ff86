package org.dtlsj.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.util.List;
import org.dtlsj.config.DtlsConfig;
import org.dtlsj.engine.DtlsConnection;
import org.dtlsj.testkit.TestPki;
import org.junit.jupiter.api.Test;

/**
 * Security catalog C-01 and C-13: a flood of ClientHellos from 100,000 spoofed loopback
 * addresses leaves no per-peer state, no heap growth beyond a small constant, and no
 * amplification (each answer is a HelloVerifyRequest no larger than its ClientHello).
 */
class SpoofedFloodTest {
    static long usedHeap() {
        Runtime r = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) System.gc();
        return r.totalMemory() - r.freeMemory();
    }

    @Test
    void C01_C13_hundredThousandSpoofedClientHellosLeaveNoStateAndNoAmplification() throws Exception {
        TestPki.Credential cred = TestPki.ecdsaP256();
        DtlsConfig server = DtlsConfig.builder().credentials(cred.key(), cred.chain()).build();
        DtlsConfig client = DtlsConfig.builder().trustAnchors(List.of(cred.root())).build();
        DtlsConnection c = DtlsConnection.client(client, "localhost");
        c.start(0);
        byte[] hello = c.pollDatagram();
        try (DatagramChannel ch = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0))) {
            EventLoop loop = new EventLoop(server, new EventLoop.Settings(1_000_000, 0, true), ch, null);
            // Warm up the code paths, then measure.
            for (int i = 0; i < 5_000; i++) loop.deliverForTest(spoofed(i), hello);
            long before = usedHeap();
            for (int i = 0; i < 100_000; i++) loop.deliverForTest(spoofed(i), hello);
            long after = usedHeap();
            EventLoop.Stats st = loop.stats();
            assertThat(loop.connectionCount()).as("no per-peer state").isZero();
            assertThat(st.helloVerifyRequests()).isEqualTo(105_000);
            double factor = (double) st.bytesOutToUnverified() / st.bytesInFromUnverified();
            assertThat(factor).as("amplification").isLessThanOrEqualTo(1.0);
            long growth = after - before;
            System.out.printf("spoofed flood: 100,000 ClientHellos of %d bytes, heap growth %,d bytes, "
                    + "amplification factor %.3f (%,d bytes out for %,d in)%n", hello.length, growth, factor,
                    st.bytesOutToUnverified(), st.bytesInFromUnverified());
            // A small constant: far below one byte per spoofed peer.
            assertThat(growth).isLessThan(2_000_000L);
        }
    }

    static InetSocketAddress spoofed(int i) throws Exception {
        byte[] ip = {127, (byte) (1 + (i >>> 16)), (byte) (i >>> 8), (byte) i};
        return new InetSocketAddress(InetAddress.getByAddress(ip), 40_000 + (i % 20_000));
    }
}
