package org.dtlsj.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.dtlsj.config.CipherSuite;
import org.dtlsj.config.ClientAuth;
import org.dtlsj.config.DtlsConfig;
import org.dtlsj.config.RenegotiationPolicy;
import org.dtlsj.testkit.EnginePair;
import org.dtlsj.testkit.LinkConditions;
import org.dtlsj.testkit.TestPki;
import org.dtlsj.wire.ProtocolVersion;
import org.junit.jupiter.api.Test;

/** Secure renegotiation (RFC 5746) engine to engine, on a perfect link: who starts it, policies, what changes. */
class RenegotiationTest {
    static final long BUDGET = EnginePair.DEFAULT_BUDGET_NANOS;
    static final TestPki.Credential CRED = TestPki.ecdsaP256();

    static DtlsConfig.Builder server() {
        return DtlsConfig.builder().credentials(CRED.key(), CRED.chain());
    }

    static DtlsConfig.Builder client() {
        return DtlsConfig.builder().trustAnchors(List.of(CRED.root()));
    }

    static EnginePair connected(DtlsConfig client, DtlsConfig server) {
        EnginePair p = new EnginePair(client, server, LinkConditions.perfect(), LinkConditions.perfect(), 7);
        p.server.echo(false);
        assertThat(p.handshake(BUDGET)).as(p.describe()).isTrue();
        return p;
    }

    static long count(List<DtlsEvent> events, Class<?> type) {
        return events.stream().filter(type::isInstance).count();
    }

    static void send(EnginePair p, boolean fromClient, String text) {
        (fromClient ? p.client : p.server).connection().send(text.getBytes(StandardCharsets.UTF_8), p.net.now());
    }

    static List<String> texts(List<byte[]> received) {
        return received.stream().map(b -> new String(b, StandardCharsets.UTF_8)).toList();
    }

    void renegotiateAndCheck(EnginePair p, boolean clientStarts) {
        byte[] exportedBefore = p.client.connection().exportKeyingMaterial("EXPERIMENTAL-test", null, 32);
        send(p, true, "before-c");
        send(p, false, "before-s");
        (clientStarts ? p.client : p.server).connection().renegotiate(p.net.now());
        assertThat((clientStarts ? p.client : p.server).connection().isRenegotiating()).isTrue();
        // Data written while the new handshake runs.
        send(p, true, "during-c");
        send(p, false, "during-s");
        assertThat(p.net.runUntil(() -> count(p.client.events(), DtlsEvent.Renegotiated.class) == 1
                && count(p.server.events(), DtlsEvent.Renegotiated.class) == 1, BUDGET)).as(p.describe()).isTrue();
        send(p, true, "after-c");
        send(p, false, "after-s");
        p.net.runUntil(() -> p.client.received().size() == 3 && p.server.received().size() == 3, BUDGET);
        assertThat(texts(p.server.received())).containsExactly("before-c", "during-c", "after-c");
        assertThat(texts(p.client.received())).containsExactly("before-s", "during-s", "after-s");
        assertThat(p.client.connection().isRenegotiating()).isFalse();
        assertThat(p.server.connection().isRenegotiating()).isFalse();
        // New keys: the exporter (RFC 5705) now derives from the new master secret, equal on both sides.
        byte[] exportedAfter = p.client.connection().exportKeyingMaterial("EXPERIMENTAL-test", null, 32);
        assertThat(exportedAfter).isNotEqualTo(exportedBefore)
                .isEqualTo(p.server.connection().exportKeyingMaterial("EXPERIMENTAL-test", null, 32));
        assertThat(p.client.connection().session().secureRenegotiation()).isTrue();
    }

    @Test
    void clientStartsItAndDataFlowsBeforeDuringAndAfter() {
        EnginePair p = connected(client().build(), server().build());
        renegotiateAndCheck(p, true);
        // Records now travel in epoch 2: the old epoch's keys were replaced on both sides.
        assertThat(p.client.connection().stats().droppedBadMac).isZero();
        assertThat(p.server.connection().stats().droppedBadMac).isZero();
    }

    @Test
    void serverStartsItWithHelloRequest() {
        EnginePair p = connected(client().build(), server().build());
        renegotiateAndCheck(p, false);
    }

    @Test
    void repeatedRenegotiationsInBothDirections() {
        EnginePair p = connected(client().build(), server().build());
        for (int i = 0; i < 3; i++) {
            boolean clientStarts = i % 2 == 0;
            p.client.received().clear();
            p.server.received().clear();
            p.client.events().clear();
            p.server.events().clear();
            renegotiateAndCheck(p, clientStarts);
        }
    }

    @Test
    void theClientCertificateIsAskedForAgainAndMustBeTheSame() {
        TestPki.Credential clientCred = TestPki.ecdsaP256();
        DtlsConfig serverConfig = server().trustAnchors(List.of(clientCred.root())).clientAuth(ClientAuth.WANT).build();
        DtlsConfig clientConfig = client().credentials(clientCred.key(), clientCred.chain()).build();
        EnginePair p = connected(clientConfig, serverConfig);
        assertThat(p.server.connection().session().peerCertificates()).isEqualTo(clientCred.chain());
        renegotiateAndCheck(p, false);
        // The same identity again: accepted.
        assertThat(p.server.connection().session().peerCertificates()).isEqualTo(clientCred.chain());
    }

    @Test
    void resumedSessionsRenegotiateToo() {
        EnginePair first = connected(client().build(), server().build());
        var session = first.client.connection().resumableSession();
        DtlsConfig serverConfig = server().build();
        EnginePair p = new EnginePair(DtlsConnection.client(client().build(), "localhost", session), serverConfig,
                new byte[] {127, 0, 0, 1, 0x11, 0x51}, LinkConditions.perfect(), LinkConditions.perfect(), 3);
        p.server.echo(false);
        assertThat(p.handshake(BUDGET)).isTrue();
        renegotiateAndCheck(p, true);
    }

    @Test
    void dtls10ConnectionsRenegotiateUnder10() {
        CipherSuite cbc = CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA;
        DtlsConfig c = client().versions(List.of(ProtocolVersion.DTLS_1_0)).cipherSuites(List.of(cbc)).build();
        DtlsConfig s = server().versions(List.of(ProtocolVersion.DTLS_1_0, ProtocolVersion.DTLS_1_2)).cipherSuites(List.of(cbc)).build();
        EnginePair p = connected(c, s);
        renegotiateAndCheck(p, true);
        assertThat(p.server.connection().session().version()).isEqualTo(ProtocolVersion.DTLS_1_0);
    }

    @Test
    void aServerThatRefusesAnswersWithNoRenegotiationAndTheConnectionGoesOn() {
        EnginePair p = connected(client().build(), server().renegotiation(RenegotiationPolicy.LOCAL_ONLY).build());
        p.client.connection().renegotiate(p.net.now());
        assertThat(p.net.runUntil(() -> count(p.client.events(), DtlsEvent.RenegotiationRefused.class) == 1, BUDGET)).isTrue();
        assertThat(p.client.connection().isRenegotiating()).isFalse();
        send(p, true, "still here");
        send(p, false, "me too");
        p.net.runUntil(() -> p.server.received().size() == 1 && p.client.received().size() == 1, BUDGET);
        assertThat(texts(p.server.received())).containsExactly("still here");
        assertThat(texts(p.client.received())).containsExactly("me too");
        // The refusing side may still start one itself.
        renegotiateAndCheckFrom(p);
    }

    private void renegotiateAndCheckFrom(EnginePair p) {
        p.client.received().clear();
        p.server.received().clear();
        renegotiateAndCheck(p, false);
    }

    @Test
    void aClientThatRefusesHelloRequestKeepsItsKeys() {
        EnginePair p = connected(client().renegotiation(RenegotiationPolicy.REFUSE).build(), server().build());
        p.server.connection().renegotiate(p.net.now());
        assertThat(p.net.runUntil(() -> count(p.server.events(), DtlsEvent.RenegotiationRefused.class) == 1, BUDGET)).isTrue();
        assertThat(p.server.connection().isRenegotiating()).isFalse();
        assertThat(p.client.connection().isConnected()).isTrue();
        assertThatThrownBy(() -> p.client.connection().renegotiate(p.net.now()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("refused by configuration");
    }

    @Test
    void aHelloRequestNobodyAnswersIsGivenUpAtTheHandshakeTimeout() {
        EnginePair p = connected(client().build(), server().build());
        p.net.setConditions(org.dtlsj.testkit.Direction.A_TO_B, LinkConditions.blackhole());
        p.server.connection().renegotiate(p.net.now());
        long t0 = p.net.now();
        assertThat(p.net.runUntil(() -> count(p.server.events(), DtlsEvent.RenegotiationRefused.class) == 1, BUDGET)).isTrue();
        assertThat(p.net.now() - t0).isEqualTo(server().build().handshakeTimeout().toNanos());
        assertThat(p.server.connection().isConnected()).isTrue();
        // The HelloRequest was resent on the RFC 6347 §4.2.4 timer meanwhile.
        assertThat(p.server.connection().stats().retransmissions).isGreaterThanOrEqualTo(5);
    }

    @Test
    void cannotRenegotiateTwiceAtOnceOrBeforeTheHandshake() {
        EnginePair p = connected(client().build(), server().build());
        p.client.connection().renegotiate(p.net.now());
        assertThatThrownBy(() -> p.client.connection().renegotiate(p.net.now()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("already in progress");
        DtlsConnection fresh = DtlsConnection.client(client().build(), "localhost");
        assertThatThrownBy(() -> fresh.renegotiate(0)).isInstanceOf(IllegalStateException.class);
    }
}
