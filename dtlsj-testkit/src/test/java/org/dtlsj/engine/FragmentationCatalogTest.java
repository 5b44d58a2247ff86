package org.dtlsj.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.dtlsj.config.DtlsConfig;
import org.dtlsj.handshake.server.CookieExchange;
import org.dtlsj.testkit.EnginePair;
import org.dtlsj.testkit.TestPki;
import org.dtlsj.wire.WireWriter;
import org.junit.jupiter.api.Test;

/**
 * Fragmentation and reassembly cases (F) of the security catalog, and C-08, played between two
 * engines with the datagrams passed by hand so each test can rearrange, repeat or rewrite them.
 */
class FragmentationCatalogTest {
    static final TestPki.Credential CRED = TestPki.ecdsaP256();
    static final byte[] ADDRESS = {127, 0, 0, 1, 0x10, 0x01};
    static final int HEADER = 13;
    static final int HS_HEADER = 12;

    /** The records of a datagram. */
    static List<byte[]> records(byte[] d) {
        List<byte[]> out = new ArrayList<>();
        for (int p = 0; p + HEADER <= d.length; ) {
            int len = ((d[p + 11] & 0xff) << 8) | (d[p + 12] & 0xff);
            out.add(Arrays.copyOfRange(d, p, p + HEADER + len));
            p += HEADER + len;
        }
        return out;
    }

    static int epoch(byte[] record) {
        return ((record[3] & 0xff) << 8) | (record[4] & 0xff);
    }

    static byte[] plainRecord(long seq, byte[] body) {
        WireWriter w = new WireWriter();
        w.u8(22).u8(254).u8(253).u16(0).u48(seq).u16(body.length).bytes(body);
        return w.toByteArray();
    }

    static byte[] concat(List<byte[]> parts) {
        WireWriter w = new WireWriter();
        for (byte[] p : parts) w.bytes(p);
        return w.toByteArray();
    }

    @Test
    void F09_aBurstOfZeroLengthHelloRequestsIsHandledIterativelyAndChangesNothing() {
        HandDriven h = new HandDriven();
        List<byte[]> flight1 = HandDriven.drain(h.client);
        // Thousands of HelloRequests (type 0, length 0), many per datagram, before the server answers.
        for (int burst = 0; burst < 20; burst++) {
            List<byte[]> records = new ArrayList<>();
            for (int i = 0; i < 110; i++) {
                byte[] helloRequest = new byte[HS_HEADER];
                helloRequest[5] = (byte) (i % 3); // message_seq 0, 1, 2
                records.add(plainRecord(10_000 + burst * 110L + i, helloRequest));
            }
            h.client.receive(concat(records), h.now);
        }
        assertThat(h.client.status()).as(String.valueOf(h.client.failure())).isEqualTo(DtlsConnection.Status.HANDSHAKING);
        assertThat(HandDriven.drain(h.client)).isEmpty();
        assertThat(h.client.stats().dropped()).isPositive();
        completes(h, flight1);
    }

    /** Passes datagrams back and forth until both sides are connected. */
    static void completes(HandDriven h, List<byte[]> firstFromClient) {
        List<byte[]> toServer = firstFromClient;
        for (int round = 0; round < 10 && !(h.client.isConnected() && h.server.isConnected()); round++) {
            HandDriven.feed(h.server, toServer, h.now);
            HandDriven.feed(h.client, HandDriven.drain(h.server), h.now);
            toServer = HandDriven.drain(h.client);
        }
        HandDriven.feed(h.server, toServer, h.now);
        HandDriven.feed(h.client, HandDriven.drain(h.server), h.now);
        assertThat(h.client.isConnected()).as(h.client.stateDescription()).isTrue();
        assertThat(h.server.isConnected()).as(h.server.stateDescription()).isTrue();
    }

    @Test
    void F14_severalMessagesInOneRecordAndOneMessageAcrossRecordsOfOneDatagram() {
        HandDriven h = new HandDriven();
        HandDriven.feed(h.server, HandDriven.drain(h.client), h.now);
        List<byte[]> flight = HandDriven.drain(h.server);
        // Every handshake fragment of the server's flight (ServerHello .. ServerHelloDone), whole.
        List<byte[]> fragments = new ArrayList<>();
        for (byte[] d : flight) for (byte[] r : records(d)) fragments.add(Arrays.copyOfRange(r, HEADER, r.length));
        assertThat(fragments).hasSizeGreaterThanOrEqualTo(4);
        // The ServerHello split into two fragments in two records, then every other message packed
        // into a single record, all in one datagram.
        byte[] sh = fragments.get(0);
        int bodyLength = sh.length - HS_HEADER;
        int half = bodyLength / 2;
        byte[] first = Arrays.copyOf(sh, HS_HEADER + half);
        setFragment(first, 0, half);
        byte[] second = new byte[HS_HEADER + bodyLength - half];
        System.arraycopy(sh, 0, second, 0, HS_HEADER);
        System.arraycopy(sh, HS_HEADER + half, second, HS_HEADER, bodyLength - half);
        setFragment(second, half, bodyLength - half);
        List<byte[]> records = new ArrayList<>();
        records.add(plainRecord(100, second)); // the second half first
        records.add(plainRecord(101, first));
        records.add(plainRecord(102, concat(fragments.subList(1, fragments.size()))));
        h.client.receive(concat(records), h.now);
        List<byte[]> flight5 = HandDriven.drain(h.client);
        assertThat(flight5).as(h.client.stateDescription()).isNotEmpty();
        assertThat(h.client.stats().dropped()).isZero();
        HandDriven.feed(h.server, flight5, h.now);
        HandDriven.feed(h.client, HandDriven.drain(h.server), h.now);
        assertThat(h.client.isConnected()).isTrue();
        assertThat(h.server.isConnected()).isTrue();
    }

    static void setFragment(byte[] fragment, int offset, int length) {
        fragment[6] = (byte) (offset >>> 16);
        fragment[7] = (byte) (offset >>> 8);
        fragment[8] = (byte) offset;
        fragment[9] = (byte) (length >>> 16);
        fragment[10] = (byte) (length >>> 8);
        fragment[11] = (byte) length;
    }

    @Test
    void F15_aRepeatedOldFlightIsNotReprocessedAndEarnsOneRetransmission() {
        HandDriven h = new HandDriven();
        List<byte[]> ch = HandDriven.drain(h.client);
        HandDriven.feed(h.server, ch, h.now);
        List<byte[]> flight4 = HandDriven.drain(h.server);
        String state = h.server.stateDescription();
        // Much later, the ClientHello arrives 50 times at once: one retransmission of our flight.
        h.now += 500_000_000L;
        for (int i = 0; i < 50; i++) HandDriven.feed(h.server, ch, h.now);
        List<byte[]> repeated = HandDriven.drain(h.server);
        assertThat(repeated).hasSize(flight4.size());
        assertThat(h.server.stateDescription()).isEqualTo(state);
        assertThat(h.server.stats().retransmissions()).isEqualTo(1);
        HandDriven.feed(h.client, flight4, h.now);
        completes(h, HandDriven.drain(h.client));
    }

    @Test
    void D02_aThousandRepeatsInOneSecondEarnAHandfulOfRetransmissions() {
        HandDriven h = new HandDriven();
        List<byte[]> ch = HandDriven.drain(h.client);
        HandDriven.feed(h.server, ch, h.now);
        int flight = HandDriven.drain(h.server).size();
        // The client's flight again, every millisecond for a second (a reflection attempt).
        int out = 0;
        for (int i = 1; i <= 1000; i++) {
            h.now = i * 1_000_000L;
            HandDriven.feed(h.server, ch, h.now);
            out += HandDriven.drain(h.server).size();
            h.server.handleTimeout(h.now);
            out += HandDriven.drain(h.server).size();
        }
        // RFC 6347 §4.2.4: answer repeats at most about once per timer period (1 s here), never per copy.
        assertThat(out).isBetween(flight, 3 * flight);
        assertThat(h.server.isHandshaking()).isTrue();
    }

    @Test
    void F16_copiesOfOneEarlyRecordTakeOneSlotOfTheBoundedQueue() {
        HandDriven h = new HandDriven();
        List<byte[]> flight5 = h.untilClientSecondFlight();
        byte[] finished = null;
        List<byte[]> rest = new ArrayList<>();
        for (byte[] d : flight5) {
            for (byte[] r : records(d)) {
                if (epoch(r) == 1) finished = r;
                else rest.add(r);
            }
        }
        assertThat(finished).isNotNull();
        // The encrypted Finished, 200 times, before the ClientKeyExchange that gives its keys: far
        // more copies than the early-record bound (16), and only one is kept.
        for (int i = 0; i < 200; i++) h.server.receive(finished, h.now);
        assertThat(h.server.stats().droppedEarlyOverflow()).isZero();
        assertThat(h.server.stats().droppedReplay()).isEqualTo(199);
        for (byte[] r : rest) h.server.receive(r, h.now);
        assertThat(h.server.isConnected()).as(h.server.stateDescription()).isTrue();
        HandDriven.feed(h.client, HandDriven.drain(h.server), h.now);
        assertThat(h.client.isConnected()).isTrue();
    }

    /** A ClientHello body from its parts; lengths are written as given, so they may lie. */
    static byte[] clientHello(int sessionIdLength, byte[] sessionId, int suitesLength, byte[] suites,
                              int compressionLength, byte[] compression, byte[] extensions) {
        WireWriter b = new WireWriter();
        b.u8(254).u8(253).bytes(new byte[32]);
        b.u8(sessionIdLength).bytes(sessionId).u8(0);
        b.u16(suitesLength).bytes(suites);
        b.u8(compressionLength).bytes(compression);
        b.bytes(extensions);
        byte[] body = b.toByteArray();
        WireWriter hs = new WireWriter();
        hs.u8(1).u24(body.length).u16(0).u24(0).u24(body.length).bytes(body);
        return plainRecord(0, hs.toByteArray());
    }

    @Test
    void F17_C08_clientHellosWithLyingInnerLengthsOrInFragmentsAreDroppedBeforeAnyState() {
        DtlsConfig server = EnginePair.configs(CRED)[1];
        byte[] gcm = {(byte) 0xc0, 0x2b};
        byte[] none = {0};
        byte[] noExtensions = {};
        // A well-formed one as the control: it earns a HelloVerifyRequest.
        byte[] good = clientHello(0, new byte[0], 2, gcm, 1, none, noExtensions);
        assertThat(CookieExchange.inspect(good, 0, good.length, ADDRESS, server, 0)).isInstanceOf(CookieExchange.Challenge.class);
        byte[][] bad = {
            clientHello(0, new byte[0], 3, new byte[] {(byte) 0xc0, 0x2b, 0}, 1, none, noExtensions),  // odd suites length
            clientHello(0, new byte[0], 0, new byte[0], 1, none, noExtensions),                          // no suites
            clientHello(0, new byte[0], 2, gcm, 0, new byte[0], noExtensions),                           // no compression
            clientHello(33, new byte[33], 2, gcm, 1, none, noExtensions),                                // session_id 33
            clientHello(0, new byte[0], 2, gcm, 1, none, new byte[] {0, 10, 0, 23, 0, 9}),               // extension past end
            clientHello(0, new byte[0], 200, gcm, 1, none, noExtensions),                                // suites past end
        };
        for (byte[] b : bad) {
            assertThat(CookieExchange.inspect(b, 0, b.length, ADDRESS, server, 0)).isInstanceOf(CookieExchange.Drop.class);
        }
        // C-08: a ClientHello carrying a valid cookie, split over two records: the stateless
        // check cannot reassemble and keeps nothing, so it drops; the client's timer resends.
        DtlsConnection client = DtlsConnection.client(EnginePair.configs(CRED)[0], "localhost");
        client.start(0);
        byte[] ch1 = client.pollDatagram();
        var hvr = (CookieExchange.Challenge) CookieExchange.inspect(ch1, 0, ch1.length, ADDRESS, server, 0);
        client.receive(hvr.datagram(), 0);
        byte[] ch2 = client.pollDatagram();
        assertThat(CookieExchange.inspect(ch2, 0, ch2.length, ADDRESS, server, 0)).isInstanceOf(CookieExchange.Verified.class);
        byte[] message = Arrays.copyOfRange(ch2, HEADER, ch2.length);
        int bodyLength = message.length - HS_HEADER;
        byte[] head = Arrays.copyOf(message, HS_HEADER + 40);
        setFragment(head, 0, 40);
        byte[] tail = new byte[HS_HEADER + bodyLength - 40];
        System.arraycopy(message, 0, tail, 0, HS_HEADER);
        System.arraycopy(message, HS_HEADER + 40, tail, HS_HEADER, bodyLength - 40);
        setFragment(tail, 40, bodyLength - 40);
        byte[] split = concat(List.of(plainRecord(1, head), plainRecord(2, tail)));
        assertThat(CookieExchange.inspect(split, 0, split.length, ADDRESS, server, 0)).isInstanceOf(CookieExchange.Drop.class);
        byte[] second = plainRecord(2, tail);
        assertThat(CookieExchange.inspect(second, 0, second.length, ADDRESS, server, 0)).isInstanceOf(CookieExchange.Drop.class);
    }
}
