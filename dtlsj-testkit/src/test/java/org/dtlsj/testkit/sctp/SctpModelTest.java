package org.dtlsj.testkit.sctp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.dtlsj.sctp.SctpInbound;
import org.dtlsj.sctp.SctpMessage;
import org.dtlsj.sctp.SctpNotification;
import org.dtlsj.sctp.SctpNotification.AssocChange;
import org.dtlsj.sctp.SctpNotification.AssocState;
import org.dtlsj.sctp.SctpNotification.AuthIndication;
import org.dtlsj.sctp.SctpNotification.AuthKey;
import org.dtlsj.sctp.SctpPrInfo;
import org.dtlsj.sctp.SctpSndInfo;
import org.junit.jupiter.api.Test;

/** The model's SCTP semantics: ordering, PPID, setup, acknowledgement, sender dry, loss, flow control. */
class SctpModelTest {
    static final Duration SECOND = Duration.ofSeconds(1);

    /** A model whose association is up, both COMM_UPs consumed. */
    static SctpModel up(SctpModelConfig config) {
        SctpModel m = SctpModel.pair(config);
        assertThat(m.runUntil(() -> m.a().isOpen() && m.b().isOpen(), SECOND)).isTrue();
        assertThat(m.a().poll()).isInstanceOf(AssocChange.class);
        assertThat(m.b().poll()).isInstanceOf(AssocChange.class);
        return m;
    }

    /** Everything {@code a} has now, after running the model until it is idle. */
    static List<SctpInbound> drain(SctpModel m, ModelAssociation a) {
        m.runUntilIdle();
        List<SctpInbound> out = new ArrayList<>();
        for (SctpInbound in; (in = a.poll()) != null; ) out.add(in);
        return out;
    }

    static List<SctpMessage> messages(List<SctpInbound> in) {
        return in.stream().filter(SctpMessage.class::isInstance).map(SctpMessage.class::cast).toList();
    }

    @Test
    void setupGivesCommUpWithTheNegotiatedStreamsAndRefusesEarlySends() {
        SctpModel m = SctpModel.pair(SctpModelConfig.defaults().withStreams(4, 16));
        assertThatThrownBy(() -> m.a().send(new byte[] {1}, SctpSndInfo.ordered(0, 0))).isInstanceOf(IOException.class);
        SctpInbound first = m.b().poll(SECOND);
        assertThat(first).isEqualTo(new AssocChange(AssocState.COMM_UP, 0, 4, 4));
        assertThat(m.now()).isEqualTo(3 * m.config().latencyNanos());
        assertThat(m.a().poll(SECOND)).isEqualTo(new AssocChange(AssocState.COMM_UP, 0, 4, 4));
        assertThatThrownBy(() -> m.a().send(new byte[] {1}, SctpSndInfo.ordered(4, 0)))
                .isInstanceOf(IOException.class).hasMessageContaining("stream 4");
    }

    @Test
    void orderedStreamsKeepTheirOrderWhileStreamsAndUnorderedMessagesInterleave() throws IOException {
        SctpModel m = up(SctpModelConfig.defaults().withDelays(1_000_000, 20_000_000).withSeed(7));
        for (int i = 0; i < 300; i++) {
            int sid = i % 4;
            SctpSndInfo info = sid == 3 ? SctpSndInfo.unordered(3, 1000 + sid) : SctpSndInfo.ordered(sid, 1000 + sid);
            assertThat(m.a().send(new byte[] {(byte) (i >> 8), (byte) i}, info)).isTrue();
        }
        List<SctpMessage> got = messages(drain(m, m.b()));
        assertThat(got).hasSize(300);
        Map<Integer, List<Integer>> perStream = new HashMap<>();
        List<Integer> arrival = new ArrayList<>();
        for (SctpMessage msg : got) {
            int i = ((msg.data()[0] & 0xff) << 8) | (msg.data()[1] & 0xff);
            assertThat(msg.sid()).isEqualTo(i % 4);
            assertThat(msg.ppid()).isEqualTo(1000 + msg.sid()); // RFC 6083 §4.3: passed through
            assertThat(msg.isUnordered()).isEqualTo(msg.sid() == 3);
            perStream.computeIfAbsent(msg.sid(), k -> new ArrayList<>()).add(i);
            arrival.add(i);
        }
        for (int sid = 0; sid < 3; sid++) assertThat(perStream.get(sid)).isSorted();
        assertThat(perStream.get(3)).as("unordered messages overtake one another").isNotEqualTo(
                perStream.get(3).stream().sorted().toList());
        assertThat(arrival).as("streams interleave out of send order").isNotEqualTo(arrival.stream().sorted().toList());
        assertThat(got.stream().filter(x -> x.sid() == 1).map(x -> x.info().ssn()).toList())
                .isEqualTo(java.util.stream.IntStream.range(0, 75).boxed().toList());
    }

    @Test
    void sameSeedSameRunOtherSeedOtherRun() throws IOException {
        assertThat(arrivalOrder(11)).isEqualTo(arrivalOrder(11)).isNotEqualTo(arrivalOrder(12));
    }

    private static List<Integer> arrivalOrder(long seed) throws IOException {
        SctpModel m = up(SctpModelConfig.defaults().withDelays(1_000_000, 20_000_000).withSeed(seed));
        for (int i = 0; i < 50; i++) m.a().send(new byte[] {(byte) i}, SctpSndInfo.unordered(1, 0));
        return messages(drain(m, m.b())).stream().map(x -> (int) x.data()[0]).toList();
    }

    @Test
    void senderDryWaitsForTheDelayedAcknowledgement() throws IOException {
        SctpModelConfig c = SctpModelConfig.defaults().withDelays(1_000_000, 0).withAckDelay(200_000_000, 2);
        SctpModel m = up(c);
        long t0 = m.now();
        m.a().send(new byte[] {1}, SctpSndInfo.ordered(0, 0));
        assertThat(m.a().isSenderDry()).isFalse();
        assertThat(m.b().poll(SECOND)).isInstanceOf(SctpMessage.class);
        assertThat(m.a().isSenderDry()).as("delivered, but the SACK is still delayed").isFalse();
        assertThat(m.a().poll(SECOND)).isInstanceOf(SctpNotification.SenderDry.class);
        assertThat(m.now() - t0).isEqualTo(200_000_000 + 2 * 1_000_000L); // one latency, the delay, one latency back
        assertThat(m.a().isSenderDry()).isTrue();
        // two packets are acknowledged at once
        long t1 = m.now();
        m.a().send(new byte[] {2}, SctpSndInfo.ordered(0, 0));
        m.a().send(new byte[] {3}, SctpSndInfo.ordered(0, 0));
        assertThat(m.a().poll(SECOND)).isInstanceOf(SctpNotification.SenderDry.class);
        assertThat(m.now() - t1).isEqualTo(2 * 1_000_000L);
    }

    @Test
    void lossIsRepairedByRetransmissionInOrderAndOnce() throws IOException {
        SctpModel m = up(SctpModelConfig.defaults().withLossRate(0.3).withSeed(3));
        for (int i = 0; i < 200; i++) m.a().send(new byte[] {(byte) i}, SctpSndInfo.ordered(1, 0));
        List<SctpMessage> got = messages(drain(m, m.b()));
        assertThat(got.stream().map(x -> (int) (x.data()[0] & 0xff)).toList())
                .isEqualTo(java.util.stream.IntStream.range(0, 200).boxed().toList());
        assertThat(m.a().stats().retransmitted()).isPositive();
        assertThat(m.a().isSenderDry()).isTrue();
    }

    @Test
    void aFullReceiverHoldsTheSenderBackAndNothingIsLost() throws IOException {
        SctpModel m = up(SctpModelConfig.defaults().withBounds(1024, 1 << 20, 4)
                .withRetransmission(50_000_000, 200_000_000, 1000));
        for (int i = 0; i < 10; i++) m.a().send(new byte[] {(byte) i}, SctpSndInfo.ordered(0, 0));
        m.runFor(Duration.ofSeconds(2));
        assertThat(m.b().pending()).isBetween(4, 8);
        assertThat(m.b().stats().droppedWindow()).isPositive();
        assertThat(m.a().isSenderDry()).isFalse();
        List<Integer> got = new ArrayList<>();
        while (got.size() < 10) {
            SctpInbound in = m.b().poll(Duration.ofSeconds(5));
            assertThat(in).isInstanceOf(SctpMessage.class);
            got.add((int) ((SctpMessage) in).data()[0]);
        }
        assertThat(got).isEqualTo(java.util.stream.IntStream.range(0, 10).boxed().toList());
    }

    @Test
    void sendAnswersFalseWhenTheSendBufferIsFull() throws IOException {
        SctpModel m = up(SctpModelConfig.defaults().withBounds(1000, 2500, 1024));
        assertThat(m.a().send(new byte[1000], SctpSndInfo.ordered(0, 0))).isTrue();
        assertThat(m.a().send(new byte[1000], SctpSndInfo.ordered(0, 0))).isTrue();
        assertThat(m.a().send(new byte[1000], SctpSndInfo.ordered(0, 0))).isFalse();
        assertThatThrownBy(() -> m.a().send(new byte[1001], SctpSndInfo.ordered(0, 0)))
                .isInstanceOf(IOException.class).hasMessageContaining("EMSGSIZE");
        m.runUntil(m.a()::isSenderDry, SECOND);
        assertThat(m.a().send(new byte[1000], SctpSndInfo.ordered(0, 0))).isTrue();
    }

    @Test
    void gracefulShutdownDeliversWhatWasSentThenCompletesOnBothEnds() throws IOException {
        SctpModel m = up(SctpModelConfig.defaults());
        m.a().send(new byte[] {1}, SctpSndInfo.ordered(0, 0));
        m.a().send(new byte[] {2}, SctpSndInfo.ordered(0, 0), SctpPrInfo.RELIABLE);
        m.a().shutdown();
        assertThat(m.a().isOpen()).isFalse();
        assertThatThrownBy(() -> m.a().send(new byte[] {3}, SctpSndInfo.ordered(0, 0))).isInstanceOf(IOException.class);
        List<SctpInbound> b = drain(m, m.b());
        assertThat(messages(b)).hasSize(2);
        assertThat(b).contains(new SctpNotification.Shutdown());
        assertThat(b.getLast()).isEqualTo(new AssocChange(AssocState.SHUTDOWN_COMPLETE, 0, 0, 0));
        assertThat(drain(m, m.a()).getLast()).isEqualTo(new AssocChange(AssocState.SHUTDOWN_COMPLETE, 0, 0, 0));
        assertThat(m.b().isOpen()).isFalse();
    }

    @Test
    void abortIsCommLostForThePeerAndUnsentMessagesComeBack() throws IOException {
        SctpModel m = up(SctpModelConfig.defaults());
        m.b().send(new byte[] {9}, SctpSndInfo.ordered(0, 0));
        m.a().abort();
        List<SctpInbound> b = drain(m, m.b());
        assertThat(b).contains(new AssocChange(AssocState.COMM_LOST, ModelAssociation.USER_INITIATED_ABORT, 0, 0));
        assertThat(b).anyMatch(i -> i instanceof SctpNotification.SendFailed f && f.data()[0] == 9);
        assertThat(m.b().isOpen()).isFalse();
    }

    @Test
    void injectedNotificationsReachTheEndpoint() {
        SctpModel m = up(SctpModelConfig.defaults());
        m.inject(SctpModel.Side.B, new AssocChange(AssocState.RESTART, 0, 16, 16));
        m.inject(SctpModel.Side.B, new SctpNotification.PartialDeliveryAborted(2, 5));
        assertThat(m.b().poll()).isEqualTo(new AssocChange(AssocState.RESTART, 0, 16, 16));
        assertThat(m.b().poll()).isEqualTo(new SctpNotification.PartialDeliveryAborted(2, 5));
    }

    @Test
    void theReadyListenerFiresOnArrival() throws IOException {
        SctpModel m = up(SctpModelConfig.defaults());
        int[] calls = {0};
        m.b().setReadyListener(() -> calls[0]++);
        m.a().send(new byte[] {1}, SctpSndInfo.ordered(0, 0));
        m.runUntilIdle();
        assertThat(calls[0]).isPositive();
        assertThat(m.b().poll()).isInstanceOf(SctpMessage.class);
    }

    static AuthKey firstAuth(List<SctpInbound> in, AuthIndication kind) {
        return in.stream().filter(AuthKey.class::isInstance).map(AuthKey.class::cast)
                .filter(k -> k.indication() == kind).findFirst().orElse(null);
    }
}
