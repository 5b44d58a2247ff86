package org.dtlsj.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.dtlsj.config.DtlsConfig;
import org.dtlsj.engine.DtlsEvent;
import org.dtlsj.testkit.Direction;
import org.dtlsj.testkit.EnginePair;
import org.dtlsj.testkit.LinkConditions;
import org.dtlsj.testkit.TestPki;
import org.dtlsj.wire.heartbeat.HeartbeatMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Path-MTU discovery with heartbeat probes (RFC 6520 §5.1, RFC 4821) over a simulated path that
 * drops anything larger than its MTU, with and without 10% random loss.
 */
class PathMtuDiscoveryTest {
    static final TestPki.Credential CRED = TestPki.ecdsaP256();
    static final int CEILING = 1472;
    static final int PROBES_PER_SIZE = 4;
    static final long PROBE_TIMEOUT = 250_000_000L;

    @ParameterizedTest(name = "path MTU {0}, loss {1}, configured {2}")
    @CsvSource({"1280, 0.0, 1200", "1400, 0.0, 1200", "576, 0.0, 512", "1280, 0.1, 1200", "1400, 0.1, 1200", "576, 0.1, 512"})
    void findsThePathMtu(int pathMtu, double loss, int configured) {
        for (long seed = 1; seed <= 25; seed++) {
            DtlsConfig s = DtlsConfig.builder().credentials(CRED.key(), CRED.chain()).mtu(configured)
                    .heartbeat(HeartbeatMode.PEER_ALLOWED_TO_SEND).build();
            DtlsConfig c = DtlsConfig.builder().trustAnchors(List.of(CRED.root())).mtu(configured)
                    .heartbeat(HeartbeatMode.PEER_ALLOWED_TO_SEND).handshakeTimeout(java.time.Duration.ofMinutes(10)).build();
            LinkConditions link = LinkConditions.builder().mtu(pathMtu).lossRate(loss).build();
            EnginePair p = new EnginePair(c, s, link, link, seed);
            assertThat(p.handshake(EnginePair.DEFAULT_BUDGET_NANOS)).as(p.describe()).isTrue();
            assertThat(p.client.connection().discoverPathMtu(CEILING, PROBES_PER_SIZE, PROBE_TIMEOUT, p.net.now())).isTrue();
            p.net.runUntil(() -> p.client.events().stream().anyMatch(e -> e instanceof DtlsEvent.PathMtuDiscovered), 600_000_000_000L);
            DtlsEvent.PathMtuDiscovered found = (DtlsEvent.PathMtuDiscovered) p.client.events().stream()
                    .filter(e -> e instanceof DtlsEvent.PathMtuDiscovered).findFirst().orElseThrow();
            assertThat(found.mtu()).as("seed " + seed).isBetween(pathMtu - 8, pathMtu);
            // A binary search from the configured size to 1472: at most ~8 sizes, a few probes each.
            assertThat(found.probes()).isLessThanOrEqualTo(8 * PROBES_PER_SIZE + 8);
            assertThat(p.client.connection().pathMtu()).isEqualTo(found.mtu());
            // From now on the client's datagrams fit the path.
            long dropsBefore = p.net.stats(Direction.A_TO_B).mtuDropped();
            int max = p.client.connection().maxApplicationDataSize();
            for (int i = 0; i < 20; i++) p.client.connection().send(new byte[max], p.net.now());
            p.net.runUntil(() -> p.net.inFlight(Direction.A_TO_B) == 0 && p.net.inFlight(Direction.B_TO_A) == 0, 5_000_000_000L);
            assertThat(p.net.stats(Direction.A_TO_B).mtuDropped()).isEqualTo(dropsBefore);
            assertThat(p.server.received()).as("seed " + seed).isNotEmpty();
            assertThat(p.server.received().get(0)).hasSize(max);
        }
    }
}
