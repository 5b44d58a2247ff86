package org.dtlsj.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.dtlsj.config.DtlsConfig;
import org.dtlsj.engine.DtlsConnection;
import org.dtlsj.error.Reason;
import org.dtlsj.testkit.Direction;
import org.dtlsj.testkit.EngineEndpoint;
import org.dtlsj.testkit.EnginePair;
import org.dtlsj.testkit.Fate;
import org.dtlsj.testkit.LinkConditions;
import org.dtlsj.testkit.SimEndpoint;
import org.dtlsj.testkit.SimNetwork;
import org.dtlsj.testkit.TestPki;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Fragmentation to a small MTU with a large RSA chain, and the RFC 6347 §4.2.4 timer against a silent peer. */
class SmallMtuAndTimeoutTest {
    static TestPki.Credential rsa;

    @BeforeAll
    static void pki() {
        rsa = TestPki.rsaChain2048();
    }

    static LongStream seeds() {
        return LongStream.range(1, HostileNetworkTest.SEEDS + 1);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void mtu300WithRsa2048Chain(long seed) {
        DtlsConfig server = DtlsConfig.builder().credentials(rsa.key(), rsa.chain()).mtu(300).build();
        DtlsConfig client = DtlsConfig.builder().trustAnchors(List.of(rsa.root())).mtu(300).build();
        // The path drops anything over 300 bytes; some loss and reordering make reassembly work for it.
        LinkConditions path = LinkConditions.builder().mtu(300).lossRate(0.05).reorderRate(0.2)
                .maxReorderDelayNanos(30_000_000L).build();
        EnginePair p = new EnginePair(client, server, path, path, seed);
        assertThat(p.handshake(EnginePair.DEFAULT_BUDGET_NANOS)).as(p.describe()).isTrue();
        assertThat(p.client.connection().session().cipherSuite().keyExchange.name()).isEqualTo("ECDHE_RSA");
        for (Direction d : Direction.values()) {
            assertThat(p.net.stats(d).mtuDropped()).as("nothing exceeded the MTU " + d).isZero();
            assertThat(p.net.stats(d).largestDatagram()).isLessThanOrEqualTo(300);
        }
        byte[] data = "through a narrow pipe".getBytes(StandardCharsets.UTF_8);
        p.client.connection().send(data, p.net.now());
        p.net.runUntil(() -> !p.client.received().isEmpty(), 2_000_000_000L);
        if (!p.server.received().isEmpty()) {
            assertThat(p.server.received().get(0)).isEqualTo(data);
        }
    }

    /** Records when each client datagram was sent. */
    static final class SendTimes implements SimNetwork.Listener {
        final List<Long> times = new ArrayList<>();

        @Override
        public void onSend(Direction dir, long nowNanos, byte[] datagram, Fate fate) {
            if (dir == Direction.A_TO_B) times.add(nowNanos);
        }
    }

    /** Takes datagrams and never answers. */
    static final class Silent implements SimEndpoint {
        @Override public void receive(byte[] datagram, long nowNanos) { }
        @Override public byte[] pollDatagram() { return null; }
        @Override public long nextDeadlineNanos() { return Long.MAX_VALUE; }
        @Override public void onTimer(long nowNanos) { }
    }

    @Test
    void silentPeerRetransmitsWithDoublingTimerThenFails() {
        DtlsConfig client = DtlsConfig.builder().trustAnchors(List.of(rsa.root()))
                .retransmission(Duration.ofSeconds(1), Duration.ofSeconds(60))
                .handshakeTimeout(Duration.ofSeconds(200)).build();
        EngineEndpoint c = new EngineEndpoint(DtlsConnection.client(client, "localhost"));
        SimNetwork net = new SimNetwork(c, new Silent(), 7);
        SendTimes sends = new SendTimes();
        net.setListener(sends);
        c.connection().start(net.now());
        net.runUntil(() -> c.connection().failure() != null, 1_000_000_000_000L);
        assertThat(c.connection().failure()).isNotNull();
        assertThat(c.connection().failure().reason()).isEqualTo(Reason.HANDSHAKE_TIMEOUT);
        assertThat(c.connection().failure().getMessage()).contains("timed out");
        // RFC 6347 §4.2.4.1: 1 s initial, doubled each time, capped at 60 s:
        // sends at 0, 1, 3, 7, 15, 31, 63, 123, 183 s; the 200 s budget ends the handshake.
        List<Long> expectedSeconds = List.of(0L, 1L, 3L, 7L, 15L, 31L, 63L, 123L, 183L);
        List<Long> actualSeconds = new ArrayList<>();
        for (long t : sends.times) actualSeconds.add(t / 1_000_000_000L);
        assertThat(actualSeconds).isEqualTo(expectedSeconds);
        for (long t : sends.times) assertThat(t % 1_000_000_000L).as("exact timer values").isZero();
        assertThat(net.now()).isEqualTo(200_000_000_000L);
    }

    @Test
    void serverRetransmitsItsFlightAndForgetsEverythingOnTimeout() {
        DtlsConfig server = DtlsConfig.builder().credentials(rsa.key(), rsa.chain())
                .handshakeTimeout(Duration.ofSeconds(10)).build();
        DtlsConfig client = DtlsConfig.builder().trustAnchors(List.of(rsa.root())).build();
        EnginePair p = new EnginePair(client, server, LinkConditions.perfect(), LinkConditions.perfect(), 3);
        // Let the cookie exchange and the server's flight 4 happen, then the client goes silent.
        p.client.connection().start(p.net.now());
        p.net.runUntil(() -> p.server.connection().stateDescription().contains("ClientKeyExchange"), 5_000_000_000L);
        p.net.setConditions(Direction.A_TO_B, LinkConditions.blackhole());
        p.net.runUntil(() -> p.server.connection().failure() != null, 60_000_000_000L);
        assertThat(p.server.connection().failure().reason()).isEqualTo(Reason.HANDSHAKE_TIMEOUT);
        assertThat(p.server.connection().stats().retransmissions()).isGreaterThanOrEqualTo(3);
        assertThat(p.server.connection().nextTimeoutNanos()).isEqualTo(Long.MAX_VALUE);
    }
}
