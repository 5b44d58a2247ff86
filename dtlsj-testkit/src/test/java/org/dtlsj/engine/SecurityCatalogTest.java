package org.dtlsj.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.dtlsj.config.DtlsConfig;
import org.dtlsj.handshake.server.CookieExchange;
import org.dtlsj.testkit.EnginePair;
import org.dtlsj.testkit.LinkConditions;
import org.dtlsj.testkit.TestPki;
import org.dtlsj.wire.ContentType;
import org.dtlsj.wire.WireWriter;
import org.junit.jupiter.api.Test;

/**
 * Cases of the security catalog ({@code shared/research/security-catalog.md}), each test named
 * after its id, sent for real to an engine: the exact behaviour (silent drop, counted) and that
 * nothing else changed — the connection still carries data afterwards.
 */
class SecurityCatalogTest {
    static final TestPki.Credential CRED = TestPki.ecdsaP256();
    static final long BUDGET = 60_000_000_000L;

    static EnginePair established() {
        return established(EnginePair.configs(CRED)[0], EnginePair.configs(CRED)[1]);
    }

    static EnginePair established(DtlsConfig client, DtlsConfig server) {
        EnginePair p = new EnginePair(client, server, LinkConditions.perfect(), LinkConditions.perfect(), 1);
        assertThat(p.handshake(BUDGET)).isTrue();
        p.net.runUntil(() -> false, 1_000_000_000L);
        return p;
    }

    /** The connection still works both ways after the attack. */
    static void stillWorks(EnginePair p) {
        int before = p.client.received().size();
        p.client.connection().send("after".getBytes(StandardCharsets.UTF_8), p.net.now());
        p.net.runUntil(() -> p.client.received().size() > before, BUDGET);
        assertThat(p.client.received()).hasSize(before + 1);
        assertThat(new String(p.client.received().get(before), StandardCharsets.UTF_8)).isEqualTo("after");
    }

    static byte[] record(int type, int major, int minor, int epoch, long seq, byte[] body, int declaredLength) {
        WireWriter w = new WireWriter();
        w.u8(type).u8(major).u8(minor).u16(epoch).u48(seq).u16(declaredLength).bytes(body);
        return w.toByteArray();
    }

    static byte[] plain(int type, int epoch, long seq, byte[] body) {
        return record(type, 254, 253, epoch, seq, body, body.length);
    }

    static byte[] concat(byte[]... parts) {
        WireWriter w = new WireWriter();
        for (byte[] p : parts) w.bytes(p);
        return w.toByteArray();
    }

    static void feed(DtlsConnection to, byte[] d) {
        to.receive(d, 0);
    }

    @Test
    void R01_datagramsShorterThanARecordHeaderAreDropped() {
        EnginePair p = established();
        DtlsConnection s = p.server.connection();
        long before = s.stats().dropped();
        for (int n : new int[] {0, 1, 12}) feed(s, new byte[n]);
        assertThat(s.stats().dropped()).isEqualTo(before + 2); // 0 bytes is nothing at all
        assertThat(s.pollDatagram()).isNull();
        // And before any handshake: no answer, no state.
        DtlsConnection fresh = DtlsConnection.server(EnginePair.configs(CRED)[1], new byte[] {9});
        for (int n : new int[] {0, 1, 12}) feed(fresh, new byte[n]);
        assertThat(fresh.pollDatagram()).isNull();
        assertThat(fresh.isHandshakeStarted()).isFalse();
        stillWorks(p);
    }

    @Test
    void R02_R03_aRecordOverrunningItsDatagramEndsItButEarlierRecordsCount() {
        EnginePair p = established();
        DtlsConnection c = p.client.connection();
        DtlsConnection s = p.server.connection();
        byte[] one = c.records.seal(ContentType.APPLICATION_DATA, "one".getBytes(StandardCharsets.UTF_8), 0, 3);
        byte[] two = c.records.seal(ContentType.APPLICATION_DATA, "two".getBytes(StandardCharsets.UTF_8), 0, 3);
        byte[] three = c.records.seal(ContentType.APPLICATION_DATA, "three".getBytes(StandardCharsets.UTF_8), 0, 5);
        byte[] truncated = java.util.Arrays.copyOf(three, three.length - 5);
        feed(s, concat(one, two, truncated));
        assertThat(new String(s.pollApplicationData(), StandardCharsets.UTF_8)).isEqualTo("one");
        assertThat(new String(s.pollApplicationData(), StandardCharsets.UTF_8)).isEqualTo("two");
        assertThat(s.pollApplicationData()).isNull();
        // A length field of 0x4000 with 20 bytes following.
        long malformed = s.stats().droppedMalformed();
        feed(s, record(23, 254, 253, 1, 99, new byte[20], 0x4000));
        assertThat(s.stats().droppedMalformed()).isEqualTo(malformed + 1);
        stillWorks(p);
    }

    @Test
    void R04_oversizedRecordsAreDroppedBeforeAnyAllocation() {
        EnginePair p = established();
        DtlsConnection s = p.server.connection();
        long malformed = s.stats().droppedMalformed();
        feed(s, record(23, 254, 253, 1, 100, new byte[16384 + 2049], 16384 + 2049));
        assertThat(s.stats().droppedMalformed()).isEqualTo(malformed + 1);
        stillWorks(p);
    }

    @Test
    void R05_R06_shortControlRecordsAndUnknownContentTypesAreDropped() {
        EnginePair p = established();
        DtlsConnection c = p.client.connection();
        DtlsConnection s = p.server.connection();
        long dropped = s.stats().dropped();
        feed(s, c.records.seal(ContentType.HANDSHAKE, new byte[5], 0, 5));        // < 12-byte header
        feed(s, c.records.seal(ContentType.ALERT, new byte[1], 0, 1));            // 1-byte alert
        feed(s, c.records.seal(ContentType.ALERT, new byte[3], 0, 3));            // 3-byte alert
        feed(s, c.records.seal(ContentType.CHANGE_CIPHER_SPEC, new byte[] {2}, 0, 1));
        feed(s, c.records.seal(ContentType.CHANGE_CIPHER_SPEC, new byte[] {1, 1}, 0, 2));
        for (int t : new int[] {0, 0x13, 0x19, 0x7f, 0xff}) feed(s, c.records.seal(new ContentType(t), new byte[4], 0, 4));
        assertThat(s.stats().dropped()).isEqualTo(dropped + 10);
        assertThat(s.isConnected()).isTrue();
        assertThat(s.pollDatagram()).as("no alert in answer").isNull();
        stillWorks(p);
    }

    @Test
    void R07_recordsOfOtherVersionsAreDropped() {
        EnginePair p = established();
        DtlsConnection c = p.client.connection();
        DtlsConnection s = p.server.connection();
        long malformed = s.stats().droppedMalformed();
        for (int[] v : new int[][] {{3, 3}, {0, 0}, {254, 252}, {254, 255}}) {
            byte[] rec = c.records.seal(ContentType.APPLICATION_DATA, "v".getBytes(StandardCharsets.UTF_8), 0, 1);
            rec[1] = (byte) v[0];
            rec[2] = (byte) v[1];
            feed(s, rec);
        }
        assertThat(s.pollApplicationData()).isNull();
        assertThat(s.stats().droppedMalformed()).isEqualTo(malformed + 4);
        stillWorks(p);
    }

    @Test
    void R08_aClientHelloInEpochOneStartsNothing() {
        DtlsConfig server = EnginePair.configs(CRED)[1];
        DtlsConnection client = DtlsConnection.client(EnginePair.configs(CRED)[0], "localhost");
        client.start(0);
        byte[] ch = client.pollDatagram();
        for (int epoch : new int[] {1, 0xffff}) {
            byte[] moved = ch.clone();
            moved[3] = (byte) (epoch >>> 8);
            moved[4] = (byte) epoch;
            DtlsConnection s = DtlsConnection.server(server, new byte[] {1});
            feed(s, moved);
            assertThat(s.pollDatagram()).as("no HelloVerifyRequest for epoch " + epoch).isNull();
            assertThat(s.isHandshakeStarted()).isFalse();
        }
    }

    @Test
    void R09_R10_recordsOfFutureEpochsAreBoundedOrDropped() {
        DtlsConfig[] cfg = EnginePair.configs(CRED);
        EnginePair p = new EnginePair(cfg[0], cfg[1], LinkConditions.perfect(), LinkConditions.perfect(), 2);
        p.client.connection().start(p.net.now());
        p.net.runUntil(() -> p.server.connection().stateDescription().contains("ClientKeyExchange"), BUDGET);
        DtlsConnection s = p.server.connection();
        Random r = new Random(1);
        for (int i = 0; i < 10_000; i++) {
            byte[] junk = new byte[40];
            r.nextBytes(junk);
            feed(s, plain(23, 1, r.nextLong() & 0xffffffffffffL, junk));
        }
        assertThat(s.stats().droppedEarlyOverflow()).isGreaterThanOrEqualTo(10_000 - 16);
        for (int epoch : new int[] {2, 3, 0x7fff, 0xffff}) feed(s, plain(22, epoch, 1, new byte[30]));
        assertThat(p.handshake(BUDGET)).as(p.describe()).isTrue();
        stillWorks(p);
    }

    @Test
    void R11_R12_epochZeroDataOrFinishedAfterTheHandshakeIsIgnored() {
        EnginePair p = established();
        DtlsConnection s = p.server.connection();
        long dropped = s.stats().dropped();
        feed(s, plain(23, 0, 500, "clear text".getBytes(StandardCharsets.UTF_8)));
        byte[] finished = concat(new byte[] {20, 0, 0, 12, 0, 5, 0, 0, 0, 0, 0, 12}, new byte[12]);
        feed(s, plain(22, 0, 501, finished));
        assertThat(s.pollApplicationData()).isNull();
        assertThat(s.pollDatagram()).as("no restart, no retransmission").isNull();
        assertThat(s.stats().dropped()).isEqualTo(dropped + 2);
        stillWorks(p);
    }

    @Test
    void R13_theSendSequenceNeverWraps() {
        EnginePair p = established();
        DtlsConnection c = p.client.connection();
        c.records.writeEpoch().skipTo(org.dtlsj.wire.RecordHeader.MAX_SEQUENCE - 1);
        c.send(new byte[] {1}, p.net.now());
        c.send(new byte[] {2}, p.net.now());
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> c.send(new byte[] {3}, p.net.now()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("exhausted");
        assertThat(c.failure()).isNotNull();
        byte[] last = null;
        for (byte[] d; (d = c.pollDatagram()) != null; ) last = d;
        long seq = 0;
        for (int k = 5; k < 11; k++) seq = (seq << 8) | (last[k] & 0xff);
        assertThat(seq).as("the last record sent used 2^48-1, nothing wrapped").isEqualTo(org.dtlsj.wire.RecordHeader.MAX_SEQUENCE);
    }

    @Test
    void R14_aForgedRecordCannotMoveTheReplayWindow() {
        EnginePair p = established();
        DtlsConnection c = p.client.connection();
        DtlsConnection s = p.server.connection();
        byte[] genuine = c.records.seal(ContentType.APPLICATION_DATA, "genuine".getBytes(StandardCharsets.UTF_8), 0, 7);
        byte[] forged = genuine.clone();
        for (int i = 5; i < 11; i++) forged[i] = (byte) 0xff; // seq 2^48-1
        forged[forged.length - 1] ^= 1;
        feed(s, forged);
        feed(s, genuine);
        assertThat(new String(s.pollApplicationData(), StandardCharsets.UTF_8)).isEqualTo("genuine");
        assertThat(s.stats().droppedBadMac()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void R15_replaysAreDroppedAndOutOfOrderRecordsAcceptedOnce() {
        EnginePair p = established();
        DtlsConnection c = p.client.connection();
        DtlsConnection s = p.server.connection();
        List<byte[]> recs = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            byte[] d = ("m" + i).getBytes(StandardCharsets.UTF_8);
            recs.add(c.records.seal(ContentType.APPLICATION_DATA, d, 0, d.length));
        }
        feed(s, recs.get(99));
        feed(s, recs.get(99));                  // (a) the same record twice
        feed(s, recs.get(10));                  // (b) left of the 64-record window
        feed(s, recs.get(80));                  // (c) inside the window, out of order
        feed(s, recs.get(80));
        List<String> got = new ArrayList<>();
        for (byte[] d; (d = s.pollApplicationData()) != null; ) got.add(new String(d, StandardCharsets.UTF_8));
        assertThat(got).containsExactly("m99", "m80");
        assertThat(s.stats().droppedReplay()).isEqualTo(3);
    }

    @Test
    void R17_aFlippedBitIsDroppedAndTheConnectionStaysUp() {
        EnginePair p = established();
        DtlsConnection c = p.client.connection();
        DtlsConnection s = p.server.connection();
        byte[] rec = c.records.seal(ContentType.APPLICATION_DATA, "x".repeat(50).getBytes(StandardCharsets.UTF_8), 0, 50);
        for (int bit : new int[] {13 * 8 + 3, (rec.length - 20) * 8, (rec.length - 1) * 8 + 7}) {
            byte[] bad = rec.clone();
            bad[bit / 8] ^= (byte) (1 << (bit % 8));
            feed(s, bad);
        }
        assertThat(s.pollApplicationData()).isNull();
        assertThat(s.stats().droppedBadMac()).isEqualTo(3);
        assertThat(s.pollDatagram()).as("no alert").isNull();
        stillWorks(p);
    }

    @Test
    void R21_gcmExplicitNonceIsEpochAndSequenceAndSequenceStepsByOne() {
        EnginePair p = established();
        DtlsConnection c = p.client.connection();
        long last = -1;
        for (int i = 0; i < 5; i++) {
            byte[] rec = c.records.seal(ContentType.APPLICATION_DATA, new byte[8], 0, 8);
            long seq = 0;
            for (int k = 5; k < 11; k++) seq = (seq << 8) | (rec[k] & 0xff);
            if (last >= 0) assertThat(seq).isEqualTo(last + 1);
            last = seq;
            // AES-128-GCM: the 8-byte explicit nonce right after the header is epoch || seq.
            assertThat(java.util.Arrays.copyOfRange(rec, 13, 21)).isEqualTo(java.util.Arrays.copyOfRange(rec, 3, 11));
        }
    }

    @Test
    void renegotiationIsRefusedWithANoRenegotiationWarningBothWays() {
        // Both sides refuse by configuration (RenegotiationPolicy.REFUSE); RenegotiationTest has the accepting side.
        DtlsConfig[] cfg = EnginePair.configs(CRED);
        EnginePair p = established(cfg[0].toBuilder().renegotiation(org.dtlsj.config.RenegotiationPolicy.REFUSE).build(),
                cfg[1].toBuilder().renegotiation(org.dtlsj.config.RenegotiationPolicy.REFUSE).build());
        DtlsConnection c = p.client.connection();
        DtlsConnection s = p.server.connection();
        // Server side: a ClientHello in the new epoch (a renegotiation request, RFC 5246 §7.4.1.2).
        byte[] hello = fragment(1, 40, 5, 0, 40, new byte[40]);
        feed(s, c.records.seal(ContentType.HANDSHAKE, hello, 0, hello.length));
        byte[] answer = s.pollDatagram();
        assertThat(answer).as("an alert goes back").isNotNull();
        c.receive(answer, 0);
        assertThat(c.pollEvent()).isEqualTo(new DtlsEvent.WarningReceived(
                org.dtlsj.wire.Alert.warning(org.dtlsj.error.AlertDescription.NO_RENEGOTIATION)));
        // Client side: a HelloRequest (RFC 5246 §7.4.1.1).
        byte[] helloRequest = fragment(0, 0, 20, 0, 0, new byte[0]);  // a message_seq the server has not used
        feed(c, s.records.seal(ContentType.HANDSHAKE, helloRequest, 0, helloRequest.length));
        answer = c.pollDatagram();
        assertThat(answer).isNotNull();
        s.receive(answer, 0);
        assertThat(s.pollEvent()).isEqualTo(new DtlsEvent.WarningReceived(
                org.dtlsj.wire.Alert.warning(org.dtlsj.error.AlertDescription.NO_RENEGOTIATION)));
        assertThat(c.isConnected()).isTrue();
        assertThat(s.isConnected()).isTrue();
        stillWorks(p);
    }

    /** A handshake fragment header with the given fields, then {@code body}. */
    static byte[] fragment(int type, int length, int seq, int off, int flen, byte[] body) {
        WireWriter w = new WireWriter();
        w.u8(type).u24(length).u16(seq).u24(off).u24(flen).bytes(body);
        return w.toByteArray();
    }

    /** A server that has answered a client's ClientHello, waiting for flight 5: epoch-0 fragments reach its reassembler. */
    static EnginePair waitingForFlight5() {
        DtlsConfig[] cfg = EnginePair.configs(CRED);
        EnginePair p = new EnginePair(cfg[0], cfg[1], LinkConditions.perfect(), LinkConditions.perfect(), 3);
        p.client.connection().start(p.net.now());
        p.net.runUntil(() -> p.server.connection().stateDescription().contains("ClientKeyExchange"), BUDGET);
        return p;
    }

    @Test
    void F01_F02_F03_F10_F11_fragmentsOutsideTheirMessageOrBoundsAreDropped() {
        EnginePair p = waitingForFlight5();
        DtlsConnection s = p.server.connection();
        long before = s.stats().dropped();
        feed(s, plain(22, 0, 900, fragment(16, 100, 2, 90, 20, new byte[20])));       // F-01 offset+len > length
        feed(s, plain(22, 0, 901, fragment(16, 100, 2, 0xffffff, 1, new byte[1])));   // F-01 offset 0xFFFFFF
        feed(s, plain(22, 0, 902, fragment(16, 200, 2, 0, 200, new byte[50])));       // F-02 fragment_length > record
        feed(s, plain(22, 0, 903, fragment(16, 100, 3, 0, 50, new byte[50])));        // F-03 first: length 100
        feed(s, plain(22, 0, 904, fragment(16, 200, 3, 50, 150, new byte[150])));     // F-03 then length 200
        feed(s, plain(22, 0, 905, fragment(16, 0xffffff, 4, 0, 10, new byte[10])));   // F-10 16 MiB message
        feed(s, plain(22, 0, 906, fragment(16, 10, 2 + 1000, 0, 10, new byte[10])));  // F-11 far in the future
        assertThat(s.stats().dropped()).isEqualTo(before + 6); // the first length-100 fragment is buffered (bounded)
        assertThat(s.isHandshaking()).isTrue();
        assertThat(p.handshake(BUDGET)).as(p.describe()).isTrue();
    }

    @Test
    void F07_F13_zeroLengthFloodsAndOneByteFragmentsTerminate() {
        EnginePair p = waitingForFlight5();
        DtlsConnection s = p.server.connection();
        for (int i = 0; i < 1000; i++) feed(s, plain(22, 0, 1000 + i, fragment(16, 100, 3, 5, 0, new byte[0])));
        // F-13: a 4 KiB message in one-byte fragments, shuffled and duplicated: reassembled, bounded.
        List<byte[]> frags = new ArrayList<>();
        for (int off = 0; off < 4096; off++) frags.add(plain(22, 0, 5000 + off, fragment(11, 4096, 4, off, 1, new byte[] {(byte) off})));
        frags.addAll(frags.subList(0, 500));
        Collections.shuffle(frags, new Random(7));
        for (byte[] f : frags) feed(s, f);
        assertThat(s.isHandshaking()).isTrue();
        assertThat(p.handshake(BUDGET)).as(p.describe()).isTrue();
    }

    @Test
    void C02_C03_C15_cookiesAreCheckedStatelesslyAgainstAddressAndParameters() {
        DtlsConfig server = EnginePair.configs(CRED)[1];
        DtlsConnection client = DtlsConnection.client(EnginePair.configs(CRED)[0], "localhost");
        client.start(0);
        byte[] ch1 = client.pollDatagram();
        byte[] a = {127, 0, 0, 1, 0x10, 0x01};
        byte[] b = {127, 0, 0, 1, 0x10, 0x02};
        var hvr = (CookieExchange.Challenge) CookieExchange.inspect(ch1, 0, ch1.length, a, server, 0);
        client.receive(hvr.datagram(), 0);
        byte[] ch2 = client.pollDatagram();
        assertThat(CookieExchange.inspect(ch2, 0, ch2.length, a, server, 0)).isInstanceOf(CookieExchange.Verified.class);
        // C-03: the same cookie from another address is no cookie: a fresh HelloVerifyRequest.
        assertThat(CookieExchange.inspect(ch2, 0, ch2.length, b, server, 0)).isInstanceOf(CookieExchange.Challenge.class);
        // C-02: one flipped cookie byte.
        byte[] flipped = ch2.clone();
        int cookieAt = 13 + 12 + 2 + 32 + 1 + 1; // header, handshake header, version, random, session_id length, cookie length
        flipped[cookieAt + 5] ^= 1;
        assertThat(CookieExchange.inspect(flipped, 0, flipped.length, a, server, 0)).isInstanceOf(CookieExchange.Challenge.class);
        // C-15: message_seq 5 on a fresh address starts nothing.
        byte[] seq5 = ch2.clone();
        seq5[13 + 4] = 0;
        seq5[13 + 5] = 5;
        assertThat(CookieExchange.inspect(seq5, 0, seq5.length, a, server, 0)).isInstanceOf(CookieExchange.Drop.class);
    }

    @Test
    void C07_C09_truncatedCookiesAndTheHelloVerifyRequestRecord() {
        DtlsConfig server = EnginePair.configs(CRED)[1];
        DtlsConnection client = DtlsConnection.client(EnginePair.configs(CRED)[0], "localhost");
        client.start(0);
        byte[] ch1 = client.pollDatagram();
        // C-09: the HelloVerifyRequest reuses the ClientHello's record sequence number, version DTLS 1.0.
        byte[] withSeq = ch1.clone();
        withSeq[10] = 42;
        var hvr = (CookieExchange.Challenge) CookieExchange.inspect(withSeq, 0, withSeq.length, new byte[] {1}, server, 0);
        assertThat(hvr.datagram()[10]).isEqualTo((byte) 42);
        assertThat(hvr.datagram()[1]).isEqualTo((byte) 254);
        assertThat(hvr.datagram()[2]).isEqualTo((byte) 255);
        assertThat(hvr.datagram().length).isLessThanOrEqualTo(ch1.length);
        // C-07: a cookie length of 255 with 10 bytes left.
        int cookieLenAt = 13 + 12 + 2 + 32 + 1;
        byte[] lying = java.util.Arrays.copyOf(ch1, cookieLenAt + 11);
        lying[cookieLenAt] = (byte) 255;
        assertThat(CookieExchange.inspect(lying, 0, lying.length, new byte[] {1}, server, 0)).isInstanceOf(CookieExchange.Drop.class);
    }
}
