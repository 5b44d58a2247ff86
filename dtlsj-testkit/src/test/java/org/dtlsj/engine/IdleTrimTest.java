package org.dtlsj.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.dtlsj.config.CipherSuite;
import org.dtlsj.config.DtlsConfig;
import org.dtlsj.testkit.EnginePair;
import org.dtlsj.testkit.LinkConditions;
import org.dtlsj.testkit.TestPki;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@link DtlsConnection#trimIdle()}: an idle connection lets its ciphers go and works as before when traffic comes back. */
class IdleTrimTest {
    static final TestPki.Credential CRED = TestPki.ecdsaP256();

    @ParameterizedTest
    @EnumSource(value = CipherSuite.class, names = {"TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8", "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256"})
    void dataFlowsBothWaysAfterTrimAndARenegotiationToo(CipherSuite suite) {
        DtlsConfig server = DtlsConfig.builder().credentials(CRED.key(), CRED.chain()).cipherSuites(List.of(suite)).build();
        DtlsConfig client = DtlsConfig.builder().trustAnchors(List.of(CRED.root())).cipherSuites(List.of(suite)).build();
        EnginePair p = new EnginePair(client, server, LinkConditions.perfect(), LinkConditions.perfect(), 1);
        p.server.echo(false);
        assertThat(p.handshake(EnginePair.DEFAULT_BUDGET_NANOS)).isTrue();
        for (int round = 0; round < 2; round++) {
            p.client.connection().trimIdle();
            p.server.connection().trimIdle();
            p.client.connection().send(("c" + round).getBytes(StandardCharsets.UTF_8), p.net.now());
            p.server.connection().send(("s" + round).getBytes(StandardCharsets.UTF_8), p.net.now());
            int want = round + 1;
            p.net.runUntil(() -> p.server.received().size() == want && p.client.received().size() == want, EnginePair.DEFAULT_BUDGET_NANOS);
            assertThat(new String(p.server.received().get(round), StandardCharsets.UTF_8)).isEqualTo("c" + round);
            assertThat(new String(p.client.received().get(round), StandardCharsets.UTF_8)).isEqualTo("s" + round);
        }
        p.client.connection().trimIdle();
        p.client.connection().renegotiate(p.net.now());
        assertThat(p.net.runUntil(() -> p.client.events().stream().anyMatch(e -> e instanceof DtlsEvent.Renegotiated), EnginePair.DEFAULT_BUDGET_NANOS)).isTrue();
        assertThat(p.client.connection().stats().droppedBadMac).isZero();
        assertThat(p.server.connection().stats().droppedBadMac).isZero();
    }
}
