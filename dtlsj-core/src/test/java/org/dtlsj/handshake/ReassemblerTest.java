package org.dtlsj.handshake;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.dtlsj.config.Limits;
import org.dtlsj.handshake.Reassembler.Offer;
import org.dtlsj.wire.HandshakeType;
import org.dtlsj.wire.handshake.HandshakeHeader;
import org.junit.jupiter.api.Test;

/**
 * RFC 6347 §4.2.2 (message_seq order, buffering of future messages) and §4.2.3 (fragments that
 * may arrive out of order, twice or overlapping), with the bounds of DESIGN.md habit 7.
 */
class ReassemblerTest {

    private static final HandshakeType CERT = HandshakeType.CERTIFICATE;

    private static byte[] body(long seed, int n) {
        byte[] b = new byte[n];
        new SplittableRandom(seed).nextBytes(b);
        return b;
    }

    /** Offers {@code body[from, to)} of message {@code seq} as one fragment, from inside the full body array. */
    private static Offer offer(Reassembler r, HandshakeType type, int seq, byte[] body, int from, int to) {
        HandshakeHeader h = new HandshakeHeader(type, body.length, seq, from, to - from);
        return r.offer(h, body, from);
    }

    /** Offers a fragment whose bytes sit in their own array, as in a record (offset into a bigger buffer). */
    private static Offer offerCopy(Reassembler r, HandshakeType type, int seq, int length, int from, byte[] frag) {
        byte[] rec = new byte[frag.length + 20];
        Arrays.fill(rec, (byte) 0xEE);
        System.arraycopy(frag, 0, rec, 13, frag.length);
        return r.offer(new HandshakeHeader(type, length, seq, from, frag.length), rec, 13);
    }

    private static Offer whole(Reassembler r, HandshakeType type, int seq, byte[] body) {
        return offer(r, type, seq, body, 0, body.length);
    }

    private static void assertMessage(HandshakeMessage m, HandshakeType type, int seq, byte[] body) {
        assertThat(m).isNotNull();
        assertThat(m.type()).isEqualTo(type);
        assertThat(m.messageSeq()).isEqualTo(seq);
        assertThat(m.body()).isEqualTo(body);
    }

    @Test
    void wholeMessageIsDeliveredAtOnce() {
        Reassembler r = new Reassembler(Limits.DEFAULT, 0);
        byte[] b = body(1, 300);
        assertThat(whole(r, HandshakeType.CLIENT_HELLO, 0, b)).isEqualTo(Offer.ACCEPTED);
        assertMessage(r.poll(), HandshakeType.CLIENT_HELLO, 0, b);
        assertThat(r.poll()).isNull();
        assertThat(r.nextSeq()).isEqualTo(1);
        assertThat(r.bufferedBytes()).isZero();
    }

    @Test
    void outOfOrderFragmentsReassembleExactly() {
        for (long seed = 0; seed < 50; seed++) {
            SplittableRandom rnd = new SplittableRandom(seed);
            byte[] b = body(seed, 1 + rnd.nextInt(5000));
            List<int[]> frags = new ArrayList<>();
            for (int at = 0; at < b.length; ) {
                int n = Math.min(b.length - at, 1 + rnd.nextInt(700));
                frags.add(new int[] {at, at + n});
                at += n;
            }
            shuffle(frags, rnd);
            Reassembler r = new Reassembler(Limits.DEFAULT, 2);
            for (int i = 0; i < frags.size(); i++) {
                assertThat(r.poll()).as("nothing before the last fragment").isNull();
                int[] f = frags.get(i);
                assertThat(offerCopy(r, CERT, 2, b.length, f[0], Arrays.copyOfRange(b, f[0], f[1])))
                        .isEqualTo(Offer.ACCEPTED);
            }
            assertMessage(r.poll(), CERT, 2, b);
            assertThat(r.poll()).isNull();
        }
    }

    @Test
    void duplicateAndOverlappingFragmentsReassembleExactly() {
        for (long seed = 100; seed < 150; seed++) {
            SplittableRandom rnd = new SplittableRandom(seed);
            byte[] b = body(seed, 200 + rnd.nextInt(3000));
            Reassembler r = new Reassembler(Limits.DEFAULT, 0);
            // Random (possibly overlapping, possibly repeated) ranges until everything is covered,
            // then a few more; the message must come out byte for byte.
            boolean[] covered = new boolean[b.length];
            int left = b.length;
            int extra = 5;
            while (left > 0 || extra-- > 0) {
                int from = rnd.nextInt(b.length);
                int to = Math.min(b.length, from + 1 + rnd.nextInt(b.length / 3 + 1));
                if (left > 0 && r.poll() != null) throw new AssertionError("delivered before complete");
                assertThat(offer(r, CERT, 0, b, from, to)).isEqualTo(Offer.ACCEPTED);
                for (int i = from; i < to; i++) {
                    if (!covered[i]) {
                        covered[i] = true;
                        left--;
                    }
                }
            }
            assertMessage(r.poll(), CERT, 0, b);
        }
    }

    @Test
    void specificOverlapsAndRepeats() {
        byte[] b = body(7, 1000);
        Reassembler r = new Reassembler(Limits.DEFAULT, 0);
        assertThat(offer(r, CERT, 0, b, 0, 600)).isEqualTo(Offer.ACCEPTED);
        assertThat(offer(r, CERT, 0, b, 0, 600)).isEqualTo(Offer.ACCEPTED);       // exact duplicate
        assertThat(offer(r, CERT, 0, b, 200, 800)).isEqualTo(Offer.ACCEPTED);     // overlaps both sides
        assertThat(offer(r, CERT, 0, b, 500, 500)).isEqualTo(Offer.ACCEPTED);     // empty fragment
        assertThat(r.poll()).isNull();
        assertThat(offer(r, CERT, 0, b, 799, 999)).isEqualTo(Offer.ACCEPTED);     // one byte short
        assertThat(r.poll()).isNull();
        assertThat(offer(r, CERT, 0, b, 999, 1000)).isEqualTo(Offer.ACCEPTED);
        assertMessage(r.poll(), CERT, 0, b);
    }

    @Test
    void fragmentsAfterCompletionDoNotChangeTheMessage() {
        byte[] b = body(8, 400);
        Reassembler r = new Reassembler(Limits.DEFAULT, 0);
        assertThat(offer(r, CERT, 1, b, 0, 400)).isEqualTo(Offer.ACCEPTED);       // complete, not yet pollable
        byte[] other = body(9, 400);
        assertThat(offer(r, CERT, 1, other, 100, 300)).isEqualTo(Offer.ACCEPTED);  // a retransmission with other bytes
        assertThat(whole(r, HandshakeType.SERVER_HELLO, 0, body(10, 50))).isEqualTo(Offer.ACCEPTED);
        assertThat(r.poll().messageSeq()).isZero();
        assertMessage(r.poll(), CERT, 1, b);
    }

    @Test
    void inconsistentFragmentsAreDroppedAndDoNotCorruptTheMessage() {
        byte[] b = body(11, 1000);
        Reassembler r = new Reassembler(Limits.DEFAULT, 0);
        assertThat(offer(r, CERT, 0, b, 0, 400)).isEqualTo(Offer.ACCEPTED);
        assertThat(r.lastDrop()).isNull();

        // Same message_seq, another type: dropped (first one seen wins).
        byte[] junk = new byte[1000];
        Arrays.fill(junk, (byte) 0x66);
        assertThat(offer(r, HandshakeType.SERVER_KEY_EXCHANGE, 0, junk, 300, 700)).isEqualTo(Offer.DROPPED);
        assertThat(r.lastDrop()).isNotNull();
        // Same message_seq, another total length (longer and shorter): dropped (CVE-2014-0195).
        assertThat(offerCopy(r, CERT, 0, 1001, 300, Arrays.copyOfRange(junk, 0, 701))).isEqualTo(Offer.DROPPED);
        assertThat(offerCopy(r, CERT, 0, 999, 300, Arrays.copyOfRange(junk, 0, 400))).isEqualTo(Offer.DROPPED);
        assertThat(offerCopy(r, CERT, 0, 5000, 0, Arrays.copyOfRange(junk, 0, 1000))).isEqualTo(Offer.DROPPED);
        assertThat(r.bufferedBytes()).as("a dropped fragment reserves nothing").isEqualTo(1000);
        assertThat(r.poll()).isNull();

        // The dropped fragments neither filled a gap nor overwrote bytes: completing with the true
        // bytes yields the true message.
        assertThat(offer(r, CERT, 0, b, 400, 1000)).isEqualTo(Offer.ACCEPTED);
        assertMessage(r.poll(), CERT, 0, b);
        assertThat(r.bufferedBytes()).isZero();
    }

    @Test
    void inconsistentFragmentDoesNotCompleteAMessage() {
        // A dropped fragment must not count towards "received": the message stays incomplete.
        byte[] b = body(12, 100);
        Reassembler r = new Reassembler(Limits.DEFAULT, 0);
        assertThat(offer(r, CERT, 0, b, 0, 50)).isEqualTo(Offer.ACCEPTED);
        assertThat(offerCopy(r, HandshakeType.FINISHED, 0, 100, 50, new byte[50])).isEqualTo(Offer.DROPPED);
        assertThat(r.poll()).isNull();
    }

    @Test
    void messagesTooFarAheadAreDropped() {
        int first = 5;
        Reassembler r = new Reassembler(Limits.DEFAULT, first);
        int max = Limits.DEFAULT.maxBufferedMessages();
        byte[] b = body(13, 10);
        assertThat(whole(r, CERT, first + max - 1, b)).as("last seq within the bound").isEqualTo(Offer.ACCEPTED);
        assertThat(whole(r, CERT, first + max, b)).as("nextSeq + maxBufferedMessages").isEqualTo(Offer.DROPPED);
        assertThat(r.lastDrop()).contains("ahead");
        assertThat(whole(r, CERT, 0xffff, b)).isEqualTo(Offer.DROPPED);

        // With a bound of one, only the next expected message is taken.
        Reassembler one = new Reassembler(new Limits(1024, 1, 1024, 0, 1), 0);
        assertThat(whole(one, CERT, 1, b)).isEqualTo(Offer.DROPPED);
        assertThat(whole(one, CERT, 0, b)).isEqualTo(Offer.ACCEPTED);
        assertThat(one.poll()).isNotNull();
        assertThat(whole(one, CERT, 1, b)).as("the bound moves with nextSeq").isEqualTo(Offer.ACCEPTED);
    }

    @Test
    void messagesLongerThanTheLimitAreDropped() {
        Limits limits = new Limits(2048, 8, 8192, 0, 1);
        Reassembler r = new Reassembler(limits, 0);
        byte[] exact = body(14, 2048);
        byte[] over = body(15, 2049);
        assertThat(offer(r, CERT, 0, over, 0, 100)).isEqualTo(Offer.DROPPED);
        assertThat(r.lastDrop()).contains("2049");
        assertThat(r.bufferedBytes()).isZero();
        assertThat(offer(r, CERT, 0, exact, 0, 100)).isEqualTo(Offer.ACCEPTED);
        assertThat(offer(r, CERT, 0, exact, 100, 2048)).isEqualTo(Offer.ACCEPTED);
        assertMessage(r.poll(), CERT, 0, exact);

        // The largest length a header can carry (2^24 - 1) with the default limits.
        Reassembler d = new Reassembler(Limits.DEFAULT, 0);
        assertThat(d.offer(new HandshakeHeader(CERT, 0xffffff, 0, 0, 10), new byte[10], 0)).isEqualTo(Offer.DROPPED);
        assertThat(d.bufferedBytes()).isZero();
    }

    @Test
    void totalBufferedBytesAreCapped() {
        Limits limits = new Limits(1024, 8, 2048, 0, 1);
        Reassembler r = new Reassembler(limits, 0);
        byte[] a = body(16, 1024);
        byte[] b = body(17, 1024);
        byte[] c = body(18, 1);
        assertThat(offer(r, CERT, 0, a, 0, 10)).isEqualTo(Offer.ACCEPTED);
        assertThat(offer(r, CERT, 1, b, 0, 10)).isEqualTo(Offer.ACCEPTED);
        assertThat(r.bufferedBytes()).isEqualTo(2048);
        assertThat(whole(r, CERT, 2, c)).as("one byte over the cap").isEqualTo(Offer.DROPPED);
        assertThat(r.lastDrop()).contains("reassembly limit");
        // More fragments of messages already reserved are still welcome.
        assertThat(offer(r, CERT, 1, b, 10, 1024)).isEqualTo(Offer.ACCEPTED);
        assertThat(offer(r, CERT, 0, a, 10, 1024)).isEqualTo(Offer.ACCEPTED);
        assertMessage(r.poll(), CERT, 0, a);
        assertThat(r.bufferedBytes()).as("polling frees the bytes").isEqualTo(1024);
        assertThat(whole(r, CERT, 2, c)).isEqualTo(Offer.ACCEPTED);
        assertThat(r.bufferedBytes()).isEqualTo(1025);
        assertMessage(r.poll(), CERT, 1, b);
        assertMessage(r.poll(), CERT, 2, c);
        assertThat(r.bufferedBytes()).isZero();
    }

    @Test
    void oldMessagesAreReportedAsOld() {
        Reassembler r = new Reassembler(Limits.DEFAULT, 3);
        byte[] b = body(19, 20);
        assertThat(whole(r, CERT, 0, b)).isEqualTo(Offer.OLD);
        assertThat(whole(r, CERT, 2, b)).isEqualTo(Offer.OLD);
        assertThat(whole(r, CERT, 3, b)).isEqualTo(Offer.ACCEPTED);
        assertThat(r.poll()).isNotNull();
        // A retransmission of the message just delivered (RFC 6347 §4.2.4: the peer's previous
        // flight arriving again) is OLD, whether whole or a fragment, and stores nothing.
        assertThat(whole(r, CERT, 3, b)).isEqualTo(Offer.OLD);
        assertThat(offer(r, CERT, 3, b, 5, 9)).isEqualTo(Offer.OLD);
        assertThat(r.bufferedBytes()).isZero();
        assertThat(r.poll()).isNull();
    }

    @Test
    void zeroLengthMessagesCompleteImmediately() {
        Reassembler r = new Reassembler(Limits.DEFAULT, 0);
        assertThat(whole(r, HandshakeType.SERVER_HELLO_DONE, 0, new byte[0])).isEqualTo(Offer.ACCEPTED);
        assertMessage(r.poll(), HandshakeType.SERVER_HELLO_DONE, 0, new byte[0]);
        // Twice in a row, and a duplicate before polling.
        assertThat(whole(r, HandshakeType.HELLO_REQUEST, 1, new byte[0])).isEqualTo(Offer.ACCEPTED);
        assertThat(whole(r, HandshakeType.HELLO_REQUEST, 1, new byte[0])).isEqualTo(Offer.ACCEPTED);
        assertMessage(r.poll(), HandshakeType.HELLO_REQUEST, 1, new byte[0]);
        assertThat(r.poll()).isNull();
    }

    @Test
    void pollReturnsMessagesInMessageSeqOrder() {
        Reassembler r = new Reassembler(Limits.DEFAULT, 10);
        byte[][] bodies = new byte[5][];
        for (int i = 0; i < 5; i++) bodies[i] = body(20 + i, 50 + 100 * i);
        // Arrive in reverse, the first one in two halves.
        for (int i = 4; i >= 1; i--) assertThat(whole(r, CERT, 10 + i, bodies[i])).isEqualTo(Offer.ACCEPTED);
        assertThat(r.poll()).as("later messages wait for message_seq 10").isNull();
        assertThat(offer(r, CERT, 10, bodies[0], 25, 50)).isEqualTo(Offer.ACCEPTED);
        assertThat(r.poll()).isNull();
        assertThat(offer(r, CERT, 10, bodies[0], 0, 25)).isEqualTo(Offer.ACCEPTED);
        for (int i = 0; i < 5; i++) assertMessage(r.poll(), CERT, 10 + i, bodies[i]);
        assertThat(r.poll()).isNull();
        assertThat(r.nextSeq()).isEqualTo(15);
    }

    @Test
    void aGapStopsDelivery() {
        Reassembler r = new Reassembler(Limits.DEFAULT, 0);
        assertThat(whole(r, CERT, 0, body(30, 5))).isEqualTo(Offer.ACCEPTED);
        assertThat(whole(r, CERT, 2, body(31, 5))).isEqualTo(Offer.ACCEPTED);
        assertThat(r.poll()).isNotNull();
        assertThat(r.poll()).as("message_seq 1 missing").isNull();
        assertThat(whole(r, CERT, 1, body(32, 5))).isEqualTo(Offer.ACCEPTED);
        assertThat(r.poll().messageSeq()).isEqualTo(1);
        assertThat(r.poll().messageSeq()).isEqualTo(2);
    }

    @Test
    void clearReleasesEverything() {
        Reassembler r = new Reassembler(Limits.DEFAULT, 0);
        assertThat(offer(r, CERT, 1, body(40, 900), 0, 10)).isEqualTo(Offer.ACCEPTED);
        assertThat(r.bufferedBytes()).isEqualTo(900);
        r.clear();
        assertThat(r.bufferedBytes()).isZero();
        assertThat(r.poll()).isNull();
        assertThat(r.nextSeq()).isZero();
    }

    private static <T> void shuffle(List<T> list, SplittableRandom rnd) {
        for (int i = list.size() - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            T t = list.get(i);
            list.set(i, list.get(j));
            list.set(j, t);
        }
    }
}
