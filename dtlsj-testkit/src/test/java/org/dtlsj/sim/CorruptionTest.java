package org.dtlsj.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.stream.LongStream;
import org.dtlsj.config.DtlsConfig;
import org.dtlsj.testkit.EnginePair;
import org.dtlsj.testkit.LinkConditions;
import org.dtlsj.testkit.TestPki;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * 5% of datagrams have bits flipped in both directions. Protected records that were hit fail
 * their AEAD check and are dropped (RFC 6347 §4.1.2.7); unprotected handshake messages that were
 * hit are caught by decoding, verification or a conflicting retransmission. The handshake
 * completes, and nothing corrupted is ever delivered.
 */
class CorruptionTest {
    static DtlsConfig[] configs;

    @BeforeAll
    static void pki() {
        TestPki.Credential cred = TestPki.ecdsaP256();
        DtlsConfig[] base = EnginePair.configs(cred);
        configs = new DtlsConfig[] {
            base[0].toBuilder().handshakeTimeout(Duration.ofMinutes(10)).build(),
            base[1].toBuilder().handshakeTimeout(Duration.ofMinutes(10)).build()};
    }

    static LongStream seeds() {
        return LongStream.range(1, HostileNetworkTest.SEEDS + 1);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void fivePercentCorrupted(long seed) {
        LinkConditions noisy = LinkConditions.builder().corruptRate(0.05).build();
        EnginePair p = new EnginePair(configs[0], configs[1], noisy, noisy, seed);
        assertThat(p.handshake(EnginePair.DEFAULT_BUDGET_NANOS)).as(p.describe()).isTrue();
        List<String> sent = HostileNetworkTest.sendMessages(p, 200);
        HostileNetworkTest.settle(p);
        List<String> atServer = HostileNetworkTest.strings(p.server.received());
        HostileNetworkTest.assertDeliveredExactlyOnceUnaltered(sent, atServer);
        HostileNetworkTest.assertDeliveredExactlyOnceUnaltered(sent, HostileNetworkTest.strings(p.client.received()));
        // Roughly 5% of 200 are hit on the way in; they must have been dropped, not delivered.
        long corruptedToServer = p.net.stats(org.dtlsj.testkit.Direction.A_TO_B).corrupted();
        assertThat(atServer.size()).isGreaterThanOrEqualTo(sent.size() - (int) corruptedToServer);
        assertThat(p.server.connection().stats().dropped()).isGreaterThanOrEqualTo(1);
    }
}
