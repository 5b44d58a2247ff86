package org.dtlsj.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.dtlsj.config.DtlsConfig;
import org.dtlsj.testkit.EnginePair;
import org.dtlsj.testkit.TestPki;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The engine's DTLS-over-SCTP mode against RFC 6083, on {@link SctpPipe}; the numbers are those
 * of the checklist in the SCTP research note (column b, the in-process model).
 */
class SctpModeTest {
    static final TestPki.Credential CRED = TestPki.ecdsaP256();
    static final int APP_PPID = 47;

    static DtlsConfig[] configs() {
        DtlsConfig[] c = EnginePair.configs(CRED);
        return new DtlsConfig[] {c[0].toBuilder().sctp(true).sctpPpid(APP_PPID).build(), c[1].toBuilder().sctp(true).sctpPpid(APP_PPID).build()};
    }

    static SctpPipe connected(long seed) {
        DtlsConfig[] c = configs();
        DtlsConnection client = DtlsConnection.client(c[0], "localhost");
        DtlsConnection server = DtlsConnection.server(c[1], new byte[] {1, 2, 3, 4});
        SctpPipe p = new SctpPipe(client, server, seed);
        client.start(0);
        p.run(10_000);
        assertThat(client.isConnected()).as("client %s %s", client.stateDescription(), client.failure()).isTrue();
        assertThat(server.isConnected()).as("server %s %s", server.stateDescription(), server.failure()).isTrue();
        return p;
    }

    static int contentType(SctpPipe.Wire w) {
        return w.record()[0];
    }

    static byte[] id(int side, int n) {
        return ByteBuffer.allocate(8).putInt(side).putInt(n).array();
    }

    @Test
    void c1_c4_handshakeRecordsGoOnStreamZeroOrderedOnePerMessage() {
        SctpPipe p = connected(1);
        for (SctpPipe.Side s : List.of(p.client, p.server)) {
            assertThat(s.sent).isNotEmpty();
            for (SctpPipe.Wire w : s.sent) {
                // One DTLS record per user message (RFC 6083 §4.1): its length is the message's.
                int length = ((w.record()[11] & 0xff) << 8) | (w.record()[12] & 0xff);
                assertThat(13 + length).isEqualTo(w.record().length);
                if (contentType(w) != 23) {
                    assertThat(w.stream()).isZero();
                    assertThat(w.unordered()).isFalse();
                    assertThat(w.ppid()).isEqualTo(APP_PPID);
                }
            }
        }
    }

    @Test
    void c5_noRetransmissionNoTimerForFlightsAndNoCookieExchange() {
        SctpPipe p = connected(2);
        assertThat(p.client.conn.stats().retransmissions).isZero();
        assertThat(p.server.conn.stats().retransmissions).isZero();
        // Client: ClientHello; ClientKeyExchange, ChangeCipherSpec, Finished — no HelloVerifyRequest round.
        long clientHandshakeRecords = p.client.sent.stream().filter(w -> contentType(w) == 22 || contentType(w) == 20).count();
        assertThat(clientHandshakeRecords).isEqualTo(4);
        assertThat(p.client.conn.nextTimeoutNanos()).isEqualTo(Long.MAX_VALUE);
        assertThat(p.client.conn.discoverPathMtu(9000, 3, 1_000_000, p.now)).isFalse();
    }

    @Test
    void c5_aHandshakeMessageLargerThanTwoToTheFourteenIsSplitAcrossRecordsOfAtMostThatSize() throws Exception {
        // A long certificate chain: the Certificate message exceeds 2^14 bytes.
        TestPki.Credential big = TestPki.rsaChain2048();
        List<java.security.cert.X509Certificate> chain = new ArrayList<>();
        int bytes = 0;
        while (bytes < 24_000) {
            chain.addAll(big.chain());
            for (var cert : big.chain()) bytes += cert.getEncoded().length;
        }
        DtlsConfig server = DtlsConfig.builder().credentials(big.key(), chain).sctp(true).build();
        DtlsConfig client = DtlsConfig.builder().verifyPeer(false).sctp(true).build();
        DtlsConnection c = DtlsConnection.client(client, "localhost");
        DtlsConnection s = DtlsConnection.server(server, new byte[] {9});
        SctpPipe p = new SctpPipe(c, s, 3);
        c.start(0);
        p.run(10_000);
        assertThat(c.isConnected()).isTrue();
        assertThat(c.session().peerCertificates()).hasSize(chain.size());
        // The Certificate message went as records of up to 2^14 bytes of plaintext: at least two.
        long large = p.server.sent.stream().filter(w -> w.record().length > 16384 - 100).count();
        assertThat(large).isGreaterThanOrEqualTo(1);
        for (SctpPipe.Wire w : p.server.sent) assertThat(w.record().length).isLessThanOrEqualTo(13 + 16384);
    }

    @Test
    void c2_c3_c6_applicationDataOnChosenStreamsUnorderedAndFarOutOfOrderAllArrive() {
        SctpPipe p = connected(4);
        p.overtake = 0.9;
        int n = 600;
        for (int i = 0; i < n; i++) {
            p.client.conn.send(id(1, i), 0, 8, 1 + i % 3, i % 2 == 0, 1000 + i % 3, p.now);
        }
        p.run(100_000);
        assertThat(p.server.received).hasSize(n);
        Set<Integer> ids = new HashSet<>();
        boolean outOfWindow = false;
        int highest = -1;
        for (SctpOutput.Inbound in : p.server.received) {
            int i = ByteBuffer.wrap(in.data()).getInt(4);
            ids.add(i);
            // RFC 6083 §3.3: no replay window — a record 64 or more behind the highest still counts.
            if (highest - i >= 64) outOfWindow = true;
            highest = Math.max(highest, i);
            SctpPipe.SctpRcv rcv = (SctpPipe.SctpRcv) in.context();
            assertThat(rcv.stream()).isEqualTo(1 + i % 3);
            assertThat(rcv.unordered()).isEqualTo(i % 2 == 0);
            assertThat(rcv.ppid()).isEqualTo(1000 + i % 3);
        }
        assertThat(ids).hasSize(n);
        assertThat(outOfWindow).as("the model reordered beyond a 64-record window").isTrue();
    }

    @Test
    void c8_c9_authKeysFollowTheExporterAndSwitchBeforeFinished() throws Exception {
        SctpPipe p = connected(5);
        byte[] expected = p.client.conn.exportKeyingMaterial("EXPORTER_DTLS_OVER_SCTP", null, 64);
        for (SctpPipe.Side s : List.of(p.client, p.server)) {
            assertThat(s.outputs).contains(new SctpOutput.ActivateAuthKey(1), new SctpOutput.DeleteAuthKey(0));
            var add = s.outputs.stream().filter(o -> o instanceof SctpOutput.AddAuthKey).map(o -> (SctpOutput.AddAuthKey) o).toList();
            assertThat(add).hasSize(1);
            assertThat(add.get(0).keyId()).isEqualTo(1);
            assertThat(add.get(0).secret()).isEqualTo(expected);
            assertThat(s.keys.keySet()).containsExactly(1);
            // Everything up to and including ChangeCipherSpec under key 0; Finished (the first
            // record of epoch 1) and all after under key 1 (RFC 6083 §4.8).
            for (SctpPipe.Wire w : s.sent) {
                int epoch = ((w.record()[3] & 0xff) << 8) | (w.record()[4] & 0xff);
                assertThat(w.keyId()).as("key of a record of epoch %d", epoch).isEqualTo(epoch == 0 ? 0 : 1);
            }
        }
        assertThat(SctpLink.nextKeyId(65535)).isEqualTo(1);
        assertThat(SctpLink.nextKeyId(1)).isEqualTo(2);
    }

    @Test
    void c10_changeCipherSpecAndCloseNotifyWaitForSenderDry() {
        SctpPipe p = connected(6);
        for (SctpPipe.Side s : List.of(p.client, p.server)) {
            SctpPipe.Wire ccs = s.sent.stream().filter(w -> contentType(w) == 20).findFirst().orElseThrow();
            assertThat(ccs.afterDry()).as("ChangeCipherSpec went out only after sender dry").isTrue();
        }
        // Data in flight, then close: close_notify waits for it to be acknowledged.
        for (int i = 0; i < 20; i++) p.client.conn.send(id(1, i), 0, 8, 2, true, 1, p.now);
        p.client.conn.close(p.now);
        p.client.pump();
        assertThat(p.client.waitingDry).isTrue();
        p.run(10_000);
        SctpPipe.Wire last = p.client.sent.get(p.client.sent.size() - 1);
        assertThat(contentType(last)).isEqualTo(21);
        assertThat(last.afterDry()).isTrue();
        assertThat(p.server.received).hasSize(20);
    }

    @Test
    void c11_c13_newEpochDataAheadOfFinishedIsKeptAndAbandonedMessagesLeaveNoGap() {
        SctpPipe p = connected(7);
        // PR-SCTP drops every fifth application message; the rest decrypt (no replay or sequence gap check).
        p.abandon = w -> w.record()[0] == 23 && w.unordered() && (w.record()[12] & 0xff) % 5 == 0;
        int n = 200;
        for (int i = 0; i < n; i++) p.client.conn.send(id(1, i), 0, 8, 1, true, 1, p.now);
        p.run(100_000);
        assertThat(p.server.received.size()).isBetween(1, n);
        assertThat(p.server.conn.isConnected()).isTrue();
        assertThat(p.server.conn.stats().dropped()).isZero();
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {11, 12, 13, 14, 15})
    void renegotiationWithThousandsOfMessagesInFlightOnSeveralStreamsLosesNone(long seed) {
        SctpPipe p = connected(seed);
        int perSide = 3000;
        int c = 0;
        int s = 0;
        boolean started = false;
        int round = 0;
        while (c < perSide || s < perSide) {
            // A side holding as much as it may during the handshake refuses more: it waits a round.
            for (int k = 0; k < 10 && c < perSide && trySend(p.client, id(1, c), c, p.now); k++) c++;
            for (int k = 0; k < 10 && s < perSide && trySend(p.server, id(2, s), s, p.now); k++) s++;
            if (!started && c >= 1000) {
                (seed % 2 == 0 ? p.client : p.server).conn.renegotiate(p.now);
                started = true;
            }
            // Only a few steps per round: thousands of messages stay in flight across the renegotiation.
            for (int k = 0; k < 5; k++) {
                p.client.pump();
                p.server.pump();
                p.deliverOne(p.client);
                p.deliverOne(p.server);
            }
            round++;
        }
        p.run(1_000_000);
        assertThat(p.client.conn.failure()).isNull();
        assertThat(p.server.conn.failure()).isNull();
        assertThat(p.client.conn.session()).isNotNull();
        long renegotiated = java.util.stream.Stream.of(p.client, p.server).filter(x -> x.outputs.contains(new SctpOutput.ActivateAuthKey(2))).count();
        assertThat(renegotiated).as("both sides switched to key 2").isEqualTo(2);
        assertThat(ids(p.server.received, 1)).hasSize(perSide);
        assertThat(ids(p.client.received, 2)).hasSize(perSide);
        assertThat(p.server.received).hasSize(perSide);
        assertThat(p.client.received).hasSize(perSide);
        assertThat(p.client.keys.keySet()).containsExactly(2);
        assertThat(p.server.keys.keySet()).containsExactly(2);
        assertThat(round).isPositive();
    }

    static boolean trySend(SctpPipe.Side side, byte[] data, int i, long now) {
        try {
            side.conn.send(data, 0, data.length, i % 4, i % 3 == 0, 9, now);
            return true;
        } catch (IllegalStateException full) {
            return false;
        }
    }

    static Set<Integer> ids(List<SctpOutput.Inbound> in, int side) {
        Set<Integer> s = new HashSet<>();
        for (SctpOutput.Inbound i : in) {
            ByteBuffer b = ByteBuffer.wrap(i.data());
            if (b.getInt() == side) s.add(b.getInt());
        }
        return s;
    }

    @Test
    void catalogP01_aMessageWithTwoRecordsOrHalfOneIsDropped() {
        SctpPipe p = connected(21);
        DtlsConnection c = p.client.conn;
        DtlsConnection s = p.server.conn;
        byte[] one = c.records.seal(org.dtlsj.wire.ContentType.APPLICATION_DATA, new byte[] {1}, 0, 1);
        byte[] two = c.records.seal(org.dtlsj.wire.ContentType.APPLICATION_DATA, new byte[] {2}, 0, 1);
        byte[] both = java.util.Arrays.copyOf(one, one.length + two.length);
        System.arraycopy(two, 0, both, one.length, two.length);
        long before = s.stats().droppedMalformed();
        s.receive(both, 0, both.length, p.now);
        s.receive(one, 0, one.length - 3, p.now);
        assertThat(s.stats().droppedMalformed()).isEqualTo(before + 2);
        assertThat(s.pollApplicationData()).isNull();
        // The same record whole is taken.
        s.receive(one, 0, one.length, p.now);
        assertThat(s.pollApplicationData()).containsExactly(1);
    }

    @Test
    void catalogP02_controlRecordsOffStreamZeroOrUnorderedAreDropped() {
        var onStream1 = new org.dtlsj.sctp.SctpMessage(new byte[] {22, (byte) 254, (byte) 253}, new org.dtlsj.sctp.SctpRcvInfo(1, 0, 0, 0, 0, 0, 0));
        var unordered = new org.dtlsj.sctp.SctpMessage(new byte[] {21, (byte) 254, (byte) 253},
                new org.dtlsj.sctp.SctpRcvInfo(0, 0, org.dtlsj.sctp.SctpSndInfo.SCTP_UNORDERED, 0, 0, 0, 0));
        var ccsOnZero = new org.dtlsj.sctp.SctpMessage(new byte[] {20, (byte) 254, (byte) 253}, new org.dtlsj.sctp.SctpRcvInfo(0, 0, 0, 0, 0, 0, 0));
        var data = new org.dtlsj.sctp.SctpMessage(new byte[] {23, (byte) 254, (byte) 253},
                new org.dtlsj.sctp.SctpRcvInfo(5, 0, org.dtlsj.sctp.SctpSndInfo.SCTP_UNORDERED, 0, 0, 0, 0));
        assertThat(org.dtlsj.transport.SctpDriverAccess.misplaced(onStream1)).isTrue();
        assertThat(org.dtlsj.transport.SctpDriverAccess.misplaced(unordered)).isTrue();
        assertThat(org.dtlsj.transport.SctpDriverAccess.misplaced(ccsOnZero)).isFalse();
        assertThat(org.dtlsj.transport.SctpDriverAccess.misplaced(data)).isFalse();
    }

    @Test
    void catalogH13_P07_aHeartbeatOverSctpIsSentOnceNeverRetransmitted() {
        var mode = org.dtlsj.wire.heartbeat.HeartbeatMode.PEER_ALLOWED_TO_SEND;
        DtlsConfig[] cfg = configs();
        DtlsConnection client = DtlsConnection.client(cfg[0].toBuilder().heartbeat(mode).build(), "localhost");
        DtlsConnection server = DtlsConnection.server(cfg[1].toBuilder().heartbeat(mode).build(), new byte[] {5});
        SctpPipe p = new SctpPipe(client, server, 22);
        client.start(0);
        p.run(10_000);
        assertThat(client.isConnected()).isTrue();
        p.client.pump();
        int sentBefore = p.client.sent.size();
        assertThat(client.sendHeartbeat(16, p.now)).isTrue();
        // The request goes out once; the peer's answer never comes (nothing is delivered); time passes.
        for (long t = p.now; t < p.now + 30_000_000_000L; t += 500_000_000L) client.handleTimeout(t);
        p.client.pump();
        long heartbeats = p.client.sent.subList(sentBefore, p.client.sent.size()).stream().filter(w -> w.record()[0] == 24).count();
        assertThat(heartbeats).isEqualTo(1);
        assertThat(client.stats().retransmissions).isZero();
    }

    @Test
    void pollDatagramIsRefusedOverSctpAndPollSctpOverUdp() {
        DtlsConnection sctp = DtlsConnection.client(configs()[0], "localhost");
        org.assertj.core.api.Assertions.assertThatThrownBy(sctp::pollDatagram).isInstanceOf(IllegalStateException.class);
        DtlsConnection udp = DtlsConnection.client(EnginePair.configs(CRED)[0], "localhost");
        org.assertj.core.api.Assertions.assertThatThrownBy(udp::pollSctp).isInstanceOf(IllegalStateException.class);
    }
}
