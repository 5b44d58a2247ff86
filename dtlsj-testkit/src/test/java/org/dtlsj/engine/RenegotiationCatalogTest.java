package org.dtlsj.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.dtlsj.config.CipherSuite;
import org.dtlsj.config.DtlsConfig;
import org.dtlsj.error.AlertDescription;
import org.dtlsj.testkit.EnginePair;
import org.dtlsj.testkit.LinkConditions;
import org.dtlsj.testkit.TestPki;
import org.dtlsj.wire.CipherSuiteId;
import org.dtlsj.wire.ContentType;
import org.dtlsj.wire.ExtensionType;
import org.dtlsj.wire.NamedGroup;
import org.dtlsj.wire.ProtocolVersion;
import org.dtlsj.wire.WireWriter;
import org.dtlsj.wire.extension.Extension;
import org.dtlsj.wire.extension.Extensions;
import org.dtlsj.wire.extension.RenegotiationInfo;
import org.dtlsj.wire.extension.SupportedGroups;
import org.dtlsj.wire.handshake.ClientHello;
import org.dtlsj.wire.handshake.ServerHello;
import org.junit.jupiter.api.Test;

/**
 * What RFC 5746 requires of a renegotiation's hellos, each MUST a test: forged or missing
 * renegotiation_info and the SCSV abort the handshake with handshake_failure (§3.5, §3.7), and so
 * does a peer that changes who it is. The hellos are sealed under the connection's real keys, as
 * only the peer (or a man in the middle of an insecure renegotiation) could send them.
 */
class RenegotiationCatalogTest {
    static final long BUDGET = EnginePair.DEFAULT_BUDGET_NANOS;
    static final TestPki.Credential CRED = TestPki.ecdsaP256();

    static EnginePair established() {
        DtlsConfig[] cfg = EnginePair.configs(CRED);
        EnginePair p = new EnginePair(cfg[0], cfg[1], LinkConditions.perfect(), LinkConditions.perfect(), 1);
        assertThat(p.handshake(BUDGET)).isTrue();
        p.net.runUntil(() -> false, 1_000_000_000L);
        return p;
    }

    /** A renegotiating ClientHello from the client's side of {@code p}, with {@code ext} and {@code suites}. */
    static byte[] clientHello(EnginePair p, List<Extension> ext, List<CipherSuiteId> suites) {
        byte[] random = new byte[32];
        List<Extension> all = new ArrayList<>(ext);
        all.add(Extension.of(ExtensionType.SUPPORTED_GROUPS, new SupportedGroups(List.of(NamedGroup.X25519))));
        ClientHello ch = new ClientHello(ProtocolVersion.DTLS_1_2, random, new byte[0], new byte[0], suites, new byte[] {0},
                Extensions.of(all));
        byte[] body = WireWriter.encode(ch);
        byte[] msg = SecurityCatalogTest.fragment(1, body.length, 0, 0, body.length, body);
        return p.client.connection().records.seal(ContentType.HANDSHAKE, msg, 0, msg.length);
    }

    static void assertServerAborts(EnginePair p, byte[] record, String why) {
        DtlsConnection s = p.server.connection();
        s.receive(record, p.net.now());
        assertThat(s.failure()).as("server state: %s", s.stateDescription()).isNotNull();
        assertThat(s.failure().alertToSend()).isEqualTo(AlertDescription.HANDSHAKE_FAILURE);
        assertThat(s.failure().getMessage()).contains(why);
    }

    static final List<CipherSuiteId> SUITES = List.of(CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256.id);

    @Test
    void aRenegotiatingClientHelloWithoutRenegotiationInfoIsRefused() {
        EnginePair p = established();
        assertServerAborts(p, clientHello(p, List.of(), SUITES), "without renegotiation_info");
    }

    @Test
    void aRenegotiatingClientHelloWithTheWrongVerifyDataIsRefused() {
        EnginePair p = established();
        // The empty renegotiation_info of an initial handshake: what a man in the middle splicing a
        // victim's fresh handshake onto an established connection would send (the RFC 5746 attack).
        var empty = Extension.of(ExtensionType.RENEGOTIATION_INFO, RenegotiationInfo.INITIAL);
        assertServerAborts(p, clientHello(p, List.of(empty), SUITES), "does not match");
        EnginePair q = established();
        var forged = Extension.of(ExtensionType.RENEGOTIATION_INFO, new RenegotiationInfo(new byte[12]));
        assertServerAborts(q, clientHello(q, List.of(forged), SUITES), "does not match");
    }

    @Test
    void aRenegotiatingClientHelloWithTheScsvIsRefused() {
        EnginePair p = established();
        var forged = Extension.of(ExtensionType.RENEGOTIATION_INFO, new RenegotiationInfo(new byte[12]));
        List<CipherSuiteId> withScsv = List.of(SUITES.get(0), CipherSuiteId.EMPTY_RENEGOTIATION_INFO_SCSV);
        assertServerAborts(p, clientHello(p, List.of(forged), withScsv), "SCSV");
    }

    /** The client renegotiates; its ClientHello is lost; a ServerHello with {@code ri} comes back under the server's keys. */
    static DtlsConnection clientGetsServerHello(Extension ri) {
        EnginePair p = established();
        DtlsConnection c = p.client.connection();
        c.renegotiate(p.net.now());
        while (c.pollDatagram() != null) {
            // the ClientHello goes nowhere
        }
        List<Extension> ext = new ArrayList<>();
        if (ri != null) ext.add(ri);
        ServerHello sh = new ServerHello(ProtocolVersion.DTLS_1_2, new byte[32], new byte[0],
                CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256.id, 0, Extensions.of(ext));
        byte[] body = WireWriter.encode(sh);
        byte[] msg = SecurityCatalogTest.fragment(2, body.length, 0, 0, body.length, body);
        c.receive(p.server.connection().records.seal(ContentType.HANDSHAKE, msg, 0, msg.length), p.net.now());
        return c;
    }

    @Test
    void aServerHelloWithoutRenegotiationInfoInARenegotiationIsRefused() {
        DtlsConnection c = clientGetsServerHello(null);
        assertThat(c.failure()).isNotNull();
        assertThat(c.failure().alertToSend()).isEqualTo(AlertDescription.HANDSHAKE_FAILURE);
        assertThat(c.failure().getMessage()).contains("without renegotiation_info");
    }

    @Test
    void aServerHelloWithTheWrongVerifyDataInARenegotiationIsRefused() {
        DtlsConnection c = clientGetsServerHello(Extension.of(ExtensionType.RENEGOTIATION_INFO, new RenegotiationInfo(new byte[24])));
        assertThat(c.failure()).isNotNull();
        assertThat(c.failure().alertToSend()).isEqualTo(AlertDescription.HANDSHAKE_FAILURE);
        assertThat(c.failure().getMessage()).contains("does not match");
    }

    @Test
    void aServerThatChangesItsCertificateInARenegotiationIsRefused() {
        TestPki.Credential other = TestPki.ecdsaP256();
        DtlsConfig[] cfg = EnginePair.configs(CRED);
        // The client trusts both roots; the server presents another identity the second time.
        DtlsConfig client = cfg[0].toBuilder().trustAnchors(List.of(CRED.root(), other.root())).build();
        var selector = new java.util.concurrent.atomic.AtomicInteger();
        DtlsConfig server = cfg[1].toBuilder().serverNameSelector(name -> selector.getAndIncrement() == 0
                ? new org.dtlsj.config.ServerNameSelector.Use(CRED.key(), CRED.chain())
                : new org.dtlsj.config.ServerNameSelector.Use(other.key(), other.chain())).build();
        EnginePair p = new EnginePair(client, server, LinkConditions.perfect(), LinkConditions.perfect(), 1);
        assertThat(p.handshake(BUDGET)).isTrue();
        p.client.connection().renegotiate(p.net.now());
        p.net.runUntil(() -> p.client.connection().failure() != null, BUDGET);
        assertThat(p.client.connection().failure()).isNotNull();
        assertThat(p.client.connection().failure().getMessage()).contains("different identity");
        assertThat(p.client.connection().failure().alertToSend()).isEqualTo(AlertDescription.HANDSHAKE_FAILURE);
    }

    /**
     * Catalog H-07: a HeartbeatRequest protected under the keys from before a renegotiation is
     * discarded (RFC 6520 §3: only in the current epoch), and no answer goes back.
     */
    @Test
    void H07_aHeartbeatRequestUnderTheOldKeysIsDiscarded() {
        var mode = org.dtlsj.wire.heartbeat.HeartbeatMode.PEER_ALLOWED_TO_SEND;
        DtlsConfig[] cfg = EnginePair.configs(CRED);
        EnginePair p = new EnginePair(cfg[0].toBuilder().heartbeat(mode).build(), cfg[1].toBuilder().heartbeat(mode).build(),
                LinkConditions.perfect(), LinkConditions.perfect(), 1);
        assertThat(p.handshake(BUDGET)).isTrue();
        var oldClientKeys = p.client.connection().records.writeEpoch();
        p.client.connection().renegotiate(p.net.now());
        assertThat(p.net.runUntil(() -> p.server.events().stream().anyMatch(e -> e instanceof DtlsEvent.Renegotiated)
                && p.client.events().stream().anyMatch(e -> e instanceof DtlsEvent.Renegotiated), BUDGET)).isTrue();
        DtlsConnection s = p.server.connection();
        byte[] request = WireWriter.encode(new org.dtlsj.wire.heartbeat.HeartbeatMessage(1, new byte[16], new byte[16]));
        byte[] record = new byte[oldClientKeys.overhead() + request.length];
        int n = oldClientKeys.seal(ContentType.HEARTBEAT, request, 0, request.length, record, 0);
        long droppedBefore = s.stats().droppedEpoch();
        s.receive(java.util.Arrays.copyOf(record, n), p.net.now());
        assertThat(s.pollDatagram()).as("no HeartbeatResponse").isNull();
        assertThat(s.stats().droppedEpoch()).isEqualTo(droppedBefore + 1);
        assertThat(s.isConnected()).isTrue();
    }

    /**
     * Catalog D-06: the flights of the handshake before a renegotiation, delivered again during
     * and after it (a late retransmission, or an attacker replaying them), change nothing: each
     * handshake keeps its own keys and transcript, and the renegotiation completes.
     */
    @Test
    void D06_flightsOfThePreviousHandshakeReplayedDuringAndAfterARenegotiationChangeNothing() {
        DtlsConfig[] cfg = EnginePair.configs(CRED);
        EnginePair p = new EnginePair(cfg[0], cfg[1], LinkConditions.perfect(), LinkConditions.perfect(), 1);
        List<byte[]> toServer = new ArrayList<>();
        List<byte[]> toClient = new ArrayList<>();
        p.net.setListener(new org.dtlsj.testkit.SimNetwork.Listener() {
            @Override
            public void onSend(org.dtlsj.testkit.Direction dir, long now, byte[] d, org.dtlsj.testkit.Fate fate) {
                if (d[0] != 23) (dir == org.dtlsj.testkit.Direction.A_TO_B ? toServer : toClient).add(d.clone());
            }
        });
        assertThat(p.handshake(BUDGET)).isTrue();
        p.net.setListener(null);
        DtlsConnection c = p.client.connection();
        DtlsConnection s = p.server.connection();
        c.renegotiate(p.net.now());
        p.net.runUntil(() -> s.isRenegotiating(), BUDGET);
        for (byte[] d : toServer) s.receive(d, p.net.now());
        for (byte[] d : toClient) c.receive(d, p.net.now());
        assertThat(p.net.runUntil(() -> p.server.events().stream().anyMatch(e -> e instanceof DtlsEvent.Renegotiated)
                && p.client.events().stream().anyMatch(e -> e instanceof DtlsEvent.Renegotiated), BUDGET)).as(p.describe()).isTrue();
        for (byte[] d : toServer) s.receive(d, p.net.now());
        for (byte[] d : toClient) c.receive(d, p.net.now());
        p.net.runUntil(() -> false, 5_000_000_000L);
        assertThat(c.failure()).isNull();
        assertThat(s.failure()).isNull();
        c.send("still fine".getBytes(java.nio.charset.StandardCharsets.UTF_8), p.net.now());
        p.net.runUntil(() -> !p.server.received().isEmpty(), BUDGET);
        assertThat(new String(p.server.received().get(p.server.received().size() - 1), java.nio.charset.StandardCharsets.UTF_8))
                .isEqualTo("still fine");
    }
}
