package org.dtlsj.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.dtlsj.config.DtlsConfig;
import org.dtlsj.error.Reason;
import org.dtlsj.testkit.Direction;
import org.dtlsj.testkit.EnginePair;
import org.dtlsj.testkit.LinkConditions;
import org.dtlsj.testkit.TestPki;
import org.dtlsj.wire.ContentType;
import org.dtlsj.wire.WireWriter;
import org.dtlsj.wire.heartbeat.HeartbeatMessage;
import org.dtlsj.wire.heartbeat.HeartbeatMode;
import org.junit.jupiter.api.Test;

/** RFC 6520 on the engine pair: negotiation in both modes, keep-alive, and every discard rule. */
class HeartbeatTest {
    static final TestPki.Credential CRED = TestPki.ecdsaP256();
    static final long BUDGET = 600_000_000_000L;

    static EnginePair pair(HeartbeatMode client, HeartbeatMode server, LinkConditions link) {
        DtlsConfig s = DtlsConfig.builder().credentials(CRED.key(), CRED.chain()).heartbeat(server).build();
        DtlsConfig c = DtlsConfig.builder().trustAnchors(List.of(CRED.root())).heartbeat(client).build();
        EnginePair p = new EnginePair(c, s, link, link, 5);
        assertThat(p.handshake(BUDGET)).as(p.describe()).isTrue();
        return p;
    }

    static long answered(EngineEndpointView e) {
        return e.events().stream().filter(x -> x instanceof DtlsEvent.HeartbeatAnswered).count();
    }

    /** The events of an endpoint, for counting. */
    interface EngineEndpointView {
        List<DtlsEvent> events();
    }

    static EngineEndpointView view(org.dtlsj.testkit.EngineEndpoint e) {
        return e::events;
    }

    /** Seals a hand-made heartbeat message in the sender's current epoch and hands it straight to the receiver. */
    static void inject(DtlsConnection from, DtlsConnection to, byte[] message, long now) {
        byte[] record = from.records.seal(ContentType.HEARTBEAT, message, 0, message.length);
        to.receive(record, now);
    }

    static byte[] raw(int type, int payloadLength, int payloadBytes, int paddingBytes) {
        WireWriter w = new WireWriter();
        w.u8(type).u16(payloadLength);
        for (int i = 0; i < payloadBytes + paddingBytes; i++) w.u8(0x41 + (i % 26));
        return w.toByteArray();
    }

    @Test
    void H05_H12_bothSidesAnswerAndRoundTripTimeIsMeasured() {
        EnginePair p = pair(HeartbeatMode.PEER_ALLOWED_TO_SEND, HeartbeatMode.PEER_ALLOWED_TO_SEND, LinkConditions.perfect());
        assertThat(p.client.connection().session().heartbeat()).isEqualTo(new SessionInfo.HeartbeatRights(true, true));
        assertThat(p.client.connection().sendHeartbeat(16, p.net.now())).isTrue();
        assertThat(p.client.connection().sendHeartbeat(16, p.net.now())).as("one request in flight at a time").isFalse();
        p.net.runUntil(() -> answered(view(p.client)) == 1, BUDGET);
        DtlsEvent.HeartbeatAnswered a = (DtlsEvent.HeartbeatAnswered) p.client.events().stream()
                .filter(x -> x instanceof DtlsEvent.HeartbeatAnswered).findFirst().orElseThrow();
        assertThat(a.rttNanos()).as("two 10 ms hops").isEqualTo(20_000_000L);
        assertThat(p.server.connection().sendHeartbeat(1000, p.net.now())).isTrue();
        p.net.runUntil(() -> answered(view(p.server)) == 1, BUDGET);
        assertThat(p.client.connection().isConnected()).isTrue();
    }

    @Test
    void H08_peerNotAllowedToSendIsRespected() {
        // The server will send heartbeats but not answer them (a sleepy device would do this).
        EnginePair p = pair(HeartbeatMode.PEER_ALLOWED_TO_SEND, HeartbeatMode.PEER_NOT_ALLOWED_TO_SEND, LinkConditions.perfect());
        assertThat(p.client.connection().sendHeartbeat(16, p.net.now())).as("MUST NOT send to it").isFalse();
        assertThat(p.server.connection().sendHeartbeat(16, p.net.now())).isTrue();
        p.net.runUntil(() -> answered(view(p.server)) == 1, BUDGET);
        // A request the server refused to answer is dropped silently, not answered.
        long dropped = p.server.connection().stats().droppedUnexpected();
        inject(p.client.connection(), p.server.connection(), raw(1, 16, 16, 16), p.net.now());
        assertThat(p.server.connection().pollDatagram()).isNull();
        assertThat(p.server.connection().stats().droppedUnexpected()).isEqualTo(dropped + 1);
        assertThat(p.server.connection().isConnected()).isTrue();
    }

    @Test
    void H10_notNegotiatedMeansNoHeartbeats() {
        DtlsConfig s = DtlsConfig.builder().credentials(CRED.key(), CRED.chain()).build();
        DtlsConfig c = DtlsConfig.builder().trustAnchors(List.of(CRED.root())).heartbeat(HeartbeatMode.PEER_ALLOWED_TO_SEND).build();
        EnginePair p = new EnginePair(c, s, LinkConditions.perfect(), LinkConditions.perfect(), 6);
        assertThat(p.handshake(BUDGET)).isTrue();
        assertThat(p.client.connection().session().heartbeat()).isEqualTo(SessionInfo.HeartbeatRights.NONE);
        assertThat(p.client.connection().sendHeartbeat(16, p.net.now())).isFalse();
        inject(p.client.connection(), p.server.connection(), raw(1, 16, 16, 16), p.net.now());
        assertThat(p.server.connection().pollDatagram()).isNull();
    }

    @Test
    void H01_H02_H04_heartbleedProbeIsDiscardedWithoutAByteLeaked() {
        EnginePair p = pair(HeartbeatMode.PEER_ALLOWED_TO_SEND, HeartbeatMode.PEER_ALLOWED_TO_SEND, LinkConditions.perfect());
        DtlsConnection server = p.server.connection();
        long malformed = server.stats().droppedMalformed();
        // CVE-2014-0160: one byte of payload claiming 16384.
        inject(p.client.connection(), server, raw(1, 16384, 1, 16), p.net.now());
        assertThat(server.pollDatagram()).as("no answer at all").isNull();
        // Padding shorter than 16 makes payload_length too large as well (RFC 6520 §4).
        inject(p.client.connection(), server, raw(1, 8, 8, 15), p.net.now());
        assertThat(server.pollDatagram()).isNull();
        // Longer than 2^14 in total.
        inject(p.client.connection(), server, raw(1, 16, 16, 16400 - 19), p.net.now());
        assertThat(server.pollDatagram()).isNull();
        assertThat(server.stats().droppedMalformed()).isEqualTo(malformed + 3);
        // A well-formed request is answered with exactly its payload.
        inject(p.client.connection(), server, raw(1, 5, 5, 16), p.net.now());
        byte[] answer = server.pollDatagram();
        assertThat(answer).isNotNull();
        assertThat(server.isConnected()).isTrue();
    }

    @Test
    void H11_responsesThatMatchNothingAreDropped() {
        EnginePair p = pair(HeartbeatMode.PEER_ALLOWED_TO_SEND, HeartbeatMode.PEER_ALLOWED_TO_SEND, LinkConditions.perfect());
        DtlsConnection client = p.client.connection();
        long dropped = client.stats().droppedUnexpected();
        inject(p.server.connection(), client, raw(2, 16, 16, 16), p.net.now());
        assertThat(client.stats().droppedUnexpected()).as("unsolicited response").isEqualTo(dropped + 1);
        assertThat(client.sendHeartbeat(16, p.net.now())).isTrue();
        inject(p.server.connection(), client, raw(2, 16, 16, 16), p.net.now());
        assertThat(client.stats().droppedUnexpected()).as("response with the wrong payload").isEqualTo(dropped + 2);
        assertThat(client.sendHeartbeat(16, p.net.now())).as("the real request is still in flight").isFalse();
        p.net.runUntil(() -> answered(view(p.client)) == 1, BUDGET);
        assertThat(answered(view(p.client))).isEqualTo(1);
    }

    @Test
    void H06_requestDuringTheHandshakeIsDiscarded() {
        DtlsConfig s = DtlsConfig.builder().credentials(CRED.key(), CRED.chain()).heartbeat(HeartbeatMode.PEER_ALLOWED_TO_SEND).build();
        DtlsConfig c = DtlsConfig.builder().trustAnchors(List.of(CRED.root())).heartbeat(HeartbeatMode.PEER_ALLOWED_TO_SEND).build();
        DtlsConnection client = DtlsConnection.client(c, "localhost");
        DtlsConnection server = DtlsConnection.server(s, new byte[] {1});
        client.start(0);
        server.receive(client.pollDatagram(), 0);
        client.receive(server.pollDatagram(), 0); // HelloVerifyRequest
        server.receive(client.pollDatagram(), 0); // ClientHello with cookie: the server now handshakes
        for (byte[] d; (d = server.pollDatagram()) != null; ) { /* flight 4, not delivered */ }
        long before = server.stats().droppedUnexpected();
        inject(client, server, raw(1, 16, 16, 16), 0);
        assertThat(server.pollDatagram()).isNull();
        assertThat(server.stats().droppedUnexpected()).isEqualTo(before + 1);
        assertThat(server.isHandshaking()).isTrue();
    }

    @Test
    void keepAliveGetsThroughLossByRetransmission() {
        LinkConditions lossy = LinkConditions.builder().lossRate(0.3).build();
        DtlsConfig s = DtlsConfig.builder().credentials(CRED.key(), CRED.chain()).heartbeat(HeartbeatMode.PEER_ALLOWED_TO_SEND)
                .handshakeTimeout(Duration.ofMinutes(10)).build();
        DtlsConfig c = DtlsConfig.builder().trustAnchors(List.of(CRED.root())).heartbeat(HeartbeatMode.PEER_ALLOWED_TO_SEND)
                .handshakeTimeout(Duration.ofMinutes(10)).build();
        for (long seed = 1; seed <= 20; seed++) {
            EnginePair p = new EnginePair(c, s, lossy, lossy, seed);
            assertThat(p.handshake(BUDGET)).isTrue();
            for (int i = 1; i <= 5; i++) {
                int n = i;
                assertThat(p.client.connection().sendHeartbeat(32, p.net.now())).isTrue();
                p.net.runUntil(() -> answered(view(p.client)) == n, BUDGET);
                assertThat(answered(view(p.client))).as("seed " + seed + " heartbeat " + i).isEqualTo(i);
            }
        }
    }

    @Test
    void deadPeerIsDeclaredWithinTheBound() {
        EnginePair p = pair(HeartbeatMode.PEER_ALLOWED_TO_SEND, HeartbeatMode.PEER_ALLOWED_TO_SEND, LinkConditions.perfect());
        p.net.setConditions(Direction.A_TO_B, LinkConditions.blackhole());
        long start = p.net.now();
        assertThat(p.client.connection().sendHeartbeat(16, start)).isTrue();
        p.net.runUntil(() -> p.client.connection().failure() != null, BUDGET);
        assertThat(p.client.connection().failure().reason()).isEqualTo(Reason.HEARTBEAT_TIMEOUT);
        assertThat(p.net.now() - start).isEqualTo(DtlsConfig.DEFAULT_HANDSHAKE_TIMEOUT.toNanos());
        assertThat(p.client.connection().stats().retransmissions()).isGreaterThanOrEqualTo(5);
    }

    @Test
    void H09_heartbeatCodecsAndUnknownModes() throws Exception {
        HeartbeatMessage m = new HeartbeatMessage(1, new byte[] {1, 2, 3}, new byte[16]);
        byte[] enc = WireWriter.encode(m);
        assertThat(HeartbeatMessage.decode(new org.dtlsj.wire.WireReader(enc)).payload()).containsExactly(1, 2, 3);
        assertThat(WireWriter.encode(HeartbeatMode.decode(new org.dtlsj.wire.WireReader(new byte[] {2})))).containsExactly(2);
        for (int mode : new int[] {0, 3, 255}) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> HeartbeatMode.decode(new org.dtlsj.wire.WireReader(new byte[] {(byte) mode})))
                    .isInstanceOf(org.dtlsj.wire.DecodeException.class)
                    .satisfies(e -> assertThat(((org.dtlsj.wire.DecodeException) e).alert())
                            .isEqualTo(org.dtlsj.error.AlertDescription.ILLEGAL_PARAMETER));
        }
    }

    @Test
    void H03_H14_H15_shortMessagesEmptyPayloadsAndPaddingThatIsNeverEchoed() {
        EnginePair p = pair(HeartbeatMode.PEER_ALLOWED_TO_SEND, HeartbeatMode.PEER_ALLOWED_TO_SEND, LinkConditions.perfect());
        DtlsConnection client = p.client.connection();
        DtlsConnection server = p.server.connection();
        // H-03: under 1 + 2 + 16 bytes cannot be a heartbeat message.
        for (int padding = 0; padding < 16; padding++) {
            inject(client, server, raw(1, 0, 0, padding), p.net.now());
            assertThat(server.pollDatagram()).as("%d bytes", 3 + padding).isNull();
        }
        // H-14: an empty payload with 16 bytes of padding is valid and answered.
        inject(client, server, raw(1, 0, 0, 16), p.net.now());
        byte[] empty = server.pollDatagram();
        assertThat(empty).isNotNull();
        // H-15: the answer's padding is the responder's own: a request padded with 1000 bytes gets
        // an answer as long as the one to a minimally padded request, not an echo of its padding.
        inject(client, server, raw(1, 0, 0, 1000), p.net.now());
        byte[] padded = server.pollDatagram();
        assertThat(padded).isNotNull();
        assertThat(padded.length).isEqualTo(empty.length).isLessThan(1000);
        assertThat(server.isConnected()).isTrue();
    }
}
