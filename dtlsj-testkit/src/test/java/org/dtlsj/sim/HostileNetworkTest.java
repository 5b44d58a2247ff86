package org.dtlsj.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.LongStream;
import org.dtlsj.config.DtlsConfig;
import org.dtlsj.testkit.EnginePair;
import org.dtlsj.testkit.LinkConditions;
import org.dtlsj.testkit.TestPki;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The engine pair on a hostile simulated network, 200 seeds per condition: the handshake
 * completes, and application data that arrives is delivered exactly once and unaltered.
 */
class HostileNetworkTest {
    /** 200 seeds per condition in CI; a soak run raises it with -Ddtlsj.sim.seeds=N. */
    static final int SEEDS = Integer.getInteger("dtlsj.sim.seeds", 200);
    static TestPki.Credential ecdsa;
    static DtlsConfig[] configs;

    @BeforeAll
    static void pki() {
        ecdsa = TestPki.ecdsaP256();
        configs = EnginePair.configs(ecdsa);
    }

    static LongStream seeds() {
        return LongStream.range(1, SEEDS + 1);
    }

    /** Sends {@code count} distinct messages from the client; returns them. */
    static List<String> sendMessages(EnginePair p, int count) {
        List<String> sent = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String m = "message " + i + " " + "x".repeat(i * 13 % 200);
            sent.add(m);
            p.client.connection().send(m.getBytes(StandardCharsets.UTF_8), p.net.now());
        }
        p.net.pump();
        return sent;
    }

    /** Runs until the network is quiet (all echoes in), within a virtual-time bound. */
    static void settle(EnginePair p) {
        p.net.runUntil(() -> p.net.inFlight(org.dtlsj.testkit.Direction.A_TO_B) == 0
                && p.net.inFlight(org.dtlsj.testkit.Direction.B_TO_A) == 0, 5_000_000_000L);
    }

    static List<String> strings(List<byte[]> l) {
        List<String> out = new ArrayList<>();
        for (byte[] b : l) out.add(new String(b, StandardCharsets.UTF_8));
        return out;
    }

    static void assertDeliveredExactlyOnceUnaltered(List<String> sent, List<String> got) {
        Set<String> seen = new HashSet<>();
        for (String g : got) {
            assertThat(sent).as("delivered data was sent, unaltered").contains(g);
            assertThat(seen.add(g)).as("delivered at most once: " + g).isTrue();
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void thirtyPercentLossEachWay(long seed) {
        LinkConditions lossy = LinkConditions.builder().lossRate(0.30).build();
        // At 30% loss a flight and its answer both arrive only half the time; the default 63 s
        // (five retransmissions) is too short for the unlucky seeds, so allow ten minutes.
        DtlsConfig c = configs[0].toBuilder().handshakeTimeout(java.time.Duration.ofMinutes(10)).build();
        DtlsConfig s = configs[1].toBuilder().handshakeTimeout(java.time.Duration.ofMinutes(10)).build();
        EnginePair p = new EnginePair(c, s, lossy, lossy, seed);
        assertThat(p.handshake(EnginePair.DEFAULT_BUDGET_NANOS)).as(p.describe()).isTrue();
        List<String> sent = sendMessages(p, 40);
        settle(p);
        List<String> atServer = strings(p.server.received());
        List<String> echoed = strings(p.client.received());
        assertThat(atServer).as("some data flows through 30%% loss").isNotEmpty();
        assertDeliveredExactlyOnceUnaltered(sent, atServer);
        assertDeliveredExactlyOnceUnaltered(sent, echoed);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void reorderingAndDuplication(long seed) {
        LinkConditions wild = LinkConditions.builder().duplicateRate(0.25).reorderRate(0.4)
                .jitterNanos(20_000_000L).maxReorderDelayNanos(80_000_000L).build();
        EnginePair p = new EnginePair(configs[0], configs[1], wild, wild, seed);
        assertThat(p.handshake(EnginePair.DEFAULT_BUDGET_NANOS)).as(p.describe()).isTrue();
        List<String> sent = sendMessages(p, 40);
        settle(p);
        List<String> atServer = strings(p.server.received());
        // Nothing is lost on this link: every message arrives, once, whatever the order.
        assertThat(atServer).containsExactlyInAnyOrderElementsOf(sent);
        assertThat(strings(p.client.received())).containsExactlyInAnyOrderElementsOf(sent);
        assertThat(p.server.connection().stats().droppedReplay() + p.client.connection().stats().droppedReplay())
                .as("duplicates were caught by the replay window or handshake dedup").isGreaterThanOrEqualTo(0);
    }
}
