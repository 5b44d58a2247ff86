package org.dtlsj.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.dtlsj.config.CipherSuite;
import org.dtlsj.config.DtlsConfig;
import org.dtlsj.config.PskProvider;
import org.dtlsj.config.PskStore;
import org.dtlsj.error.AlertDescription;
import org.dtlsj.error.Reason;
import org.dtlsj.testkit.EnginePair;
import org.dtlsj.testkit.LinkConditions;
import org.dtlsj.testkit.TestPki;
import org.dtlsj.wire.NamedGroup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Pre-shared keys (RFC 4279, RFC 5489 and the AEAD suites of RFC 5487, RFC 6655, RFC 8442, RFC 7905), engine to engine. */
class PskHandshakeTest {
    static final long BUDGET = EnginePair.DEFAULT_BUDGET_NANOS;
    static final byte[] IDENTITY = "sensor-17".getBytes(StandardCharsets.UTF_8);
    static final byte[] KEY = java.util.HexFormat.of().parseHex("00112233445566778899aabbccddeeff");

    static EnginePair pair(DtlsConfig client, DtlsConfig server, long seed) {
        return new EnginePair(client, server, LinkConditions.perfect(), LinkConditions.perfect(), seed);
    }

    static void carriesData(EnginePair p) {
        p.client.connection().send(new byte[] {4, 2}, p.net.now());
        p.net.runUntil(() -> !p.client.received().isEmpty(), BUDGET);
        assertThat(p.client.received().get(0)).containsExactly(4, 2);
    }

    @ParameterizedTest
    @EnumSource(value = CipherSuite.class, mode = EnumSource.Mode.MATCH_ANY, names = ".*_PSK_.*")
    void everyPskSuiteCompletesAndCarriesData(CipherSuite suite) {
        DtlsConfig server = DtlsConfig.builder().psk(IDENTITY, KEY).cipherSuites(List.of(suite)).build();
        DtlsConfig client = DtlsConfig.builder().psk(IDENTITY, KEY).cipherSuites(List.of(suite)).build();
        EnginePair p = pair(client, server, 1);
        assertThat(p.handshake(BUDGET)).as(p.describe()).isTrue();
        SessionInfo s = p.server.connection().session();
        assertThat(s.cipherSuite()).isEqualTo(suite);
        assertThat(s.pskIdentity()).isEqualTo(IDENTITY);
        assertThat(p.client.connection().session().pskIdentity()).isEqualTo(IDENTITY);
        assertThat(s.peerCertificates()).isEmpty();
        assertThat(p.client.connection().session().peerCertificates()).as("no Certificate with PSK").isEmpty();
        assertThat(s.group()).isEqualTo(suite.keyExchange.isEphemeral() ? NamedGroup.X25519 : null);
        assertThat(s.extendedMasterSecret()).isTrue();
        carriesData(p);
    }

    @Test
    void theServerLooksTheIdentityUpAndTheClientSeesTheHint() {
        List<String> asked = new ArrayList<>();
        List<String> hints = new ArrayList<>();
        PskStore store = new PskStore() {
            @Override
            public byte[] key(byte[] identity) {
                asked.add(new String(identity, StandardCharsets.UTF_8));
                return new String(identity, StandardCharsets.UTF_8).equals("sensor-17") ? KEY : null;
            }

            @Override
            public byte[] identityHint() {
                return "building-4".getBytes(StandardCharsets.UTF_8);
            }
        };
        PskProvider provider = hint -> {
            hints.add(new String(hint, StandardCharsets.UTF_8));
            return new PskProvider.Psk(IDENTITY, KEY);
        };
        for (CipherSuite suite : List.of(CipherSuite.TLS_PSK_WITH_AES_128_CCM_8, CipherSuite.TLS_ECDHE_PSK_WITH_AES_128_GCM_SHA256)) {
            asked.clear();
            hints.clear();
            DtlsConfig server = DtlsConfig.builder().pskStore(store).cipherSuites(List.of(suite)).build();
            DtlsConfig client = DtlsConfig.builder().pskProvider(provider).cipherSuites(List.of(suite)).build();
            EnginePair p = pair(client, server, 2);
            assertThat(p.handshake(BUDGET)).as(p.describe()).isTrue();
            assertThat(asked).containsExactly("sensor-17");
            assertThat(hints).containsExactly("building-4");
        }
    }

    @Test
    void plainPskWithoutAHintLeavesTheServerKeyExchangeOut() {
        List<byte[]> hints = new ArrayList<>();
        DtlsConfig server = DtlsConfig.builder().pskStore(PskStore.of(IDENTITY, KEY))
                .cipherSuites(List.of(CipherSuite.TLS_PSK_WITH_AES_128_GCM_SHA256)).build();
        DtlsConfig client = DtlsConfig.builder().pskProvider(hint -> {
            hints.add(hint);
            return new PskProvider.Psk(IDENTITY, KEY);
        }).cipherSuites(List.of(CipherSuite.TLS_PSK_WITH_AES_128_GCM_SHA256)).build();
        List<org.dtlsj.wire.HandshakeType> seen = new ArrayList<>();
        client = client.toBuilder().tracer(new Tracer() {
            @Override
            public void handshake(Direction d, org.dtlsj.wire.HandshakeType type, int messageSeq, int length) {
                if (d == Direction.RECEIVED) seen.add(type);
            }
        }).build();
        EnginePair p = pair(client, server, 3);
        assertThat(p.handshake(BUDGET)).as(p.describe()).isTrue();
        assertThat(hints).hasSize(1);
        assertThat(hints.get(0)).isEmpty();
        assertThat(seen).doesNotContain(org.dtlsj.wire.HandshakeType.SERVER_KEY_EXCHANGE, org.dtlsj.wire.HandshakeType.CERTIFICATE);
    }

    @Test
    void anUnknownIdentityEndsWithUnknownPskIdentity() {
        DtlsConfig server = DtlsConfig.builder().psk(IDENTITY, KEY).build();
        DtlsConfig client = DtlsConfig.builder().psk("someone-else".getBytes(StandardCharsets.UTF_8), KEY).build();
        EnginePair p = pair(client, server, 4);
        assertThat(p.handshake(BUDGET)).isFalse();
        p.settle(BUDGET);
        assertThat(p.server.connection().failure().reason()).isEqualTo(Reason.UNKNOWN_PSK_IDENTITY);
        assertThat(p.server.connection().failure().getMessage()).contains("\"someone-else\"");
        assertThat(p.client.connection().failure().peerAlert()).isEqualTo(AlertDescription.UNKNOWN_PSK_IDENTITY);
    }

    @Test
    void theRightIdentityWithTheWrongKeyNeverCompletes() {
        byte[] other = KEY.clone();
        other[0] ^= 1;
        DtlsConfig server = DtlsConfig.builder().psk(IDENTITY, KEY).build();
        DtlsConfig client = DtlsConfig.builder().psk(IDENTITY, other).build();
        EnginePair p = pair(client, server, 5);
        assertThat(p.handshake(BUDGET)).isFalse();
        p.settle(BUDGET);
        // The keys differ, so the client's Finished does not authenticate: RFC 6347 §4.1.2.7 drops
        // such a record silently (a forger could send it as well), and both sides time out.
        assertThat(p.server.connection().stats().droppedBadMac()).isPositive();
        assertThat(p.server.connection().failure().reason()).isEqualTo(Reason.HANDSHAKE_TIMEOUT);
        assertThat(p.client.connection().failure().reason()).isEqualTo(Reason.HANDSHAKE_TIMEOUT);
    }

    @Test
    void aClientWithoutAPskNeverOffersPskSuites() {
        TestPki.Credential cred = TestPki.ecdsaP256();
        // The server does both; the client has no PSK: a certificate suite is chosen.
        DtlsConfig server = DtlsConfig.builder().credentials(cred.key(), cred.chain()).psk(IDENTITY, KEY).build();
        DtlsConfig client = DtlsConfig.builder().trustAnchors(List.of(cred.root()))
                .cipherSuites(List.of(CipherSuite.TLS_PSK_WITH_AES_128_GCM_SHA256, CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256))
                .build();
        EnginePair p = pair(client, server, 6);
        assertThat(p.handshake(BUDGET)).as(p.describe()).isTrue();
        assertThat(p.client.connection().session().cipherSuite()).isEqualTo(CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256);
        assertThat(p.server.connection().session().pskIdentity()).isNull();
    }

    @Test
    void aPskOnlyServerRefusesACertificateOnlyClientWithAReason() {
        TestPki.Credential cred = TestPki.ecdsaP256();
        DtlsConfig server = DtlsConfig.builder().pskStore(PskStore.of(IDENTITY, KEY))
                .cipherSuites(List.of(CipherSuite.TLS_PSK_WITH_AES_128_CCM_8)).build();
        DtlsConfig client = DtlsConfig.builder().trustAnchors(List.of(cred.root())).build();
        EnginePair p = pair(client, server, 7);
        assertThat(p.handshake(BUDGET)).isFalse();
        p.settle(BUDGET);
        assertThat(p.server.connection().failure().reason()).isEqualTo(Reason.NO_COMMON_PARAMETERS);
        assertThat(p.client.connection().failure().peerAlert()).isEqualTo(AlertDescription.HANDSHAKE_FAILURE);
    }

    @Test
    void theDefaultSuitesGainThePskOnesOnlyWhenAPskIsConfigured() {
        assertThat(DtlsConfig.builder().build().cipherSuites()).noneMatch(s -> s.keyExchange.usesPsk());
        assertThat(DtlsConfig.builder().psk(IDENTITY, KEY).build().cipherSuites())
                .containsAll(DtlsConfig.DEFAULT_PSK_SUITES).contains(CipherSuite.TLS_PSK_WITH_AES_128_CCM_8);
        assertThat(DtlsConfig.builder().cipherSuites(List.of(CipherSuite.TLS_PSK_WITH_AES_128_GCM_SHA256)).psk(IDENTITY, KEY)
                .build().cipherSuites()).containsExactly(CipherSuite.TLS_PSK_WITH_AES_128_GCM_SHA256);
    }

    @Test
    void pskUnderLossAndReordering() {
        java.time.Duration patient = java.time.Duration.ofMinutes(10);
        DtlsConfig server = DtlsConfig.builder().psk(IDENTITY, KEY).handshakeTimeout(patient).build();
        DtlsConfig client = DtlsConfig.builder().psk(IDENTITY, KEY).handshakeTimeout(patient).build();
        LinkConditions wild = LinkConditions.builder().lossRate(0.3).duplicateRate(0.1).reorderRate(0.3).build();
        for (long seed = 0; seed < 40; seed++) {
            EnginePair p = new EnginePair(client, server, wild, wild, seed);
            assertThat(p.handshake(BUDGET)).as("seed %d: %s", seed, p.describe()).isTrue();
        }
    }
}
