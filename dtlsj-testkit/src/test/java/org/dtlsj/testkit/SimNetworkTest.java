package org.dtlsj.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.dtlsj.testkit.ToyEndpoints.Pinger;
import org.dtlsj.testkit.ToyEndpoints.Ponger;
import org.dtlsj.testkit.ToyEndpoints.Recorder;
import org.dtlsj.testkit.ToyEndpoints.StuckTimer;
import org.dtlsj.testkit.ToyEndpoints.TimerProbe;
import org.dtlsj.testkit.ToyEndpoints.Trace;
import org.junit.jupiter.api.Test;

class SimNetworkTest {
    private static final long MS = 1_000_000L;

    private static final LinkConditions NASTY = LinkConditions.builder()
            .lossRate(0.2).duplicateRate(0.1).reorderRate(0.2).corruptRate(0.05)
            .jitterNanos(5 * MS).maxReorderDelayNanos(40 * MS).build();

    /** The result of one ping-pong run over a nasty link, everything a determinism check compares. */
    private record PingRun(boolean done, long endTime, LinkStats ab, LinkStats ba, List<String> trace,
                           List<Integer> pingsSeen, List<Long> timerFires) {}

    private static PingRun pingRun(long seed) {
        Pinger pinger = new Pinger(200, 50 * MS, 0);
        Ponger ponger = new Ponger();
        SimNetwork net = new SimNetwork(pinger, ponger, NASTY, seed);
        Trace trace = new Trace();
        net.setListener(trace);
        boolean done = net.runUntil(pinger::done, 3_600_000 * MS);
        return new PingRun(done, net.now(), net.stats(Direction.A_TO_B), net.stats(Direction.B_TO_A),
                trace.lines, ponger.pingsSeen, pinger.timerFires);
    }

    private static List<byte[]> numbered(int n, int size) {
        return IntStream.range(0, n)
                .mapToObj(i -> {
                    byte[] d = new byte[size];
                    d[0] = (byte) (i >>> 8);
                    d[1] = (byte) i;
                    return d;
                })
                .toList();
    }

    private static int numberOf(byte[] d) {
        return ((d[0] & 0xff) << 8) | (d[1] & 0xff);
    }

    @Test
    void sameSeedGivesIdenticalRun() {
        PingRun first = pingRun(42);
        PingRun second = pingRun(42);
        assertThat(first.done()).isTrue();
        // Every effect was exercised, so the comparison means something.
        LinkStats ab = first.ab();
        assertThat(ab.lost()).isPositive();
        assertThat(ab.duplicated()).isPositive();
        assertThat(ab.reordered()).isPositive();
        assertThat(ab.corrupted()).isPositive();
        assertThat(first.timerFires()).isNotEmpty();

        assertThat(second).isEqualTo(first); // stats, trace (delivery order and times), end time
        assertThat(pingRun(43).trace()).isNotEqualTo(first.trace());
    }

    @Test
    void perfectLinkHasExactTiming() {
        Pinger pinger = new Pinger(50, 100 * MS, 0);
        Ponger ponger = new Ponger();
        SimNetwork net = new SimNetwork(pinger, ponger, 7);
        assertThat(net.runUntil(pinger::done, 10_000 * MS)).isTrue();
        assertThat(net.lastStopReason()).isEqualTo(SimNetwork.StopReason.DONE);
        // One round trip = 2 x 10 ms base delay, no retransmissions.
        assertThat(net.now()).isEqualTo(50 * 20 * MS);
        assertThat(pinger.timerFires).isEmpty();
        assertThat(ponger.pingsSeen).containsExactlyElementsOf(IntStream.range(0, 50).boxed().toList());
        assertThat(net.stats(Direction.A_TO_B)).isEqualTo(new LinkStats(50, 50, 0, 0, 0, 0, 0, 250, 5));
    }

    @Test
    void deliveryBeforeTimerAtSameInstant() {
        // The pong arrives exactly when the retransmission timer is due: the delivery wins.
        Pinger pinger = new Pinger(20, 20 * MS, 0);
        Ponger ponger = new Ponger();
        SimNetwork net = new SimNetwork(pinger, ponger, 1);
        assertThat(net.runUntil(pinger::done, 10_000 * MS)).isTrue();
        assertThat(pinger.timerFires).isEmpty();
        assertThat(pinger.sends).isEqualTo(20);
    }

    @Test
    void lossRateRoughlyHonoured() {
        int n = 20_000;
        Recorder sender = new Recorder(numbered(n, 10));
        Recorder receiver = Recorder.silent();
        LinkConditions lossy = LinkConditions.builder().lossRate(0.3).build();
        SimNetwork net = new SimNetwork(sender, receiver, lossy, LinkConditions.perfect(), 1234);
        assertThat(net.runUntil(() -> false, 1_000 * MS)).isFalse();
        assertThat(net.lastStopReason()).isEqualTo(SimNetwork.StopReason.IDLE);

        LinkStats s = net.stats(Direction.A_TO_B);
        assertThat(s.sent()).isEqualTo(n);
        // Standard deviation is ~65 datagrams; +/- 400 is over 6 sigma.
        assertThat(s.lost()).isBetween(5_600L, 6_400L);
        assertThat(s.delivered()).isEqualTo(n - s.lost()).isEqualTo(receiver.received.size());
        assertThat(s.inFlight()).isZero();
        assertThat(s.bytesSent()).isEqualTo(10L * n);
    }

    @Test
    void mtuDropsOversizedDatagrams() {
        List<byte[]> sizes = IntStream.of(100, 1200, 1500, 1501, 9000, 0).mapToObj(byte[]::new).toList();
        Recorder sender = new Recorder(sizes);
        Recorder receiver = Recorder.silent();
        SimNetwork net = new SimNetwork(sender, receiver,
                LinkConditions.builder().mtu(1500).build(), LinkConditions.perfect(), 5);
        Map<Fate, Integer> fates = new EnumMap<>(Fate.class);
        net.setListener(new SimNetwork.Listener() {
            @Override
            public void onSend(Direction dir, long now, byte[] d, Fate fate) {
                fates.merge(fate, 1, Integer::sum);
            }
        });
        net.runUntil(() -> false, 1_000 * MS);

        LinkStats s = net.stats(Direction.A_TO_B);
        assertThat(s.mtuDropped()).isEqualTo(2);
        assertThat(s.delivered()).isEqualTo(4);
        assertThat(s.largestDatagram()).isEqualTo(9000); // what the sender emitted, dropped or not
        assertThat(receiver.received).extracting(d -> d.length).containsExactly(100, 1200, 1500, 0);
        assertThat(fates).containsExactlyInAnyOrderEntriesOf(Map.of(Fate.MTU_DROPPED, 2, Fate.DELIVERED, 4));
        assertThat(net.stats(Direction.B_TO_A).largestDatagram()).isZero();
    }

    @Test
    void unlimitedMtuPassesEverything() {
        Recorder sender = new Recorder(List.of(new byte[65_507], new byte[1 << 20]));
        Recorder receiver = Recorder.silent();
        SimNetwork net = new SimNetwork(sender, receiver, LinkConditions.builder().mtu(0).build(), 5);
        net.runUntil(() -> false, 1_000 * MS);
        assertThat(net.stats(Direction.A_TO_B).mtuDropped()).isZero();
        assertThat(receiver.received).hasSize(2);
    }

    @Test
    void corruptionNeverMutatesTheSendersArray() {
        SplittableRandom gen = new SplittableRandom(99);
        List<byte[]> payloads = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            byte[] d = new byte[1 + gen.nextInt(100)];
            gen.nextBytes(d);
            payloads.add(d);
        }
        List<byte[]> pristine = payloads.stream().map(byte[]::clone).toList();
        Recorder sender = new Recorder(payloads);
        Recorder receiver = Recorder.silent();
        SimNetwork net = new SimNetwork(sender, receiver,
                LinkConditions.builder().corruptRate(1.0).build(), LinkConditions.perfect(), 77);
        net.runUntil(() -> false, 1_000 * MS);

        assertThat(net.stats(Direction.A_TO_B).corrupted()).isEqualTo(500);
        assertThat(receiver.received).hasSize(500);
        for (int i = 0; i < 500; i++) {
            byte[] sent = sender.emitted.get(i);
            byte[] got = receiver.received.get(i); // no jitter or reordering: FIFO
            assertThat(sent).isEqualTo(pristine.get(i));
            assertThat(got).isNotSameAs(sent).hasSameSizeAs(sent);
            assertThat(bitDistance(got, sent)).isBetween(1, 3);
        }
    }

    @Test
    void emptyDatagramCannotBeCorrupted() {
        Recorder sender = new Recorder(List.of(new byte[0]));
        Recorder receiver = Recorder.silent();
        SimNetwork net = new SimNetwork(sender, receiver, LinkConditions.builder().corruptRate(1.0).build(), 3);
        net.runUntil(() -> false, 1_000 * MS);
        assertThat(net.stats(Direction.A_TO_B).corrupted()).isZero();
        assertThat(receiver.received).singleElement().satisfies(d -> assertThat(d).isEmpty());
    }

    private static int bitDistance(byte[] x, byte[] y) {
        int bits = 0;
        for (int i = 0; i < x.length; i++) {
            bits += Integer.bitCount((x[i] ^ y[i]) & 0xff);
        }
        return bits;
    }

    @Test
    void duplicatesAreSeparateCopies() {
        Recorder sender = new Recorder(numbered(50, 8));
        Recorder receiver = Recorder.silent();
        SimNetwork net = new SimNetwork(sender, receiver,
                LinkConditions.builder().duplicateRate(1.0).build(), LinkConditions.perfect(), 11);
        net.runUntil(() -> false, 1_000 * MS);

        assertThat(net.stats(Direction.A_TO_B).duplicated()).isEqualTo(50);
        assertThat(receiver.received).hasSize(100);
        for (int i = 0; i < 100; i += 2) {
            byte[] one = receiver.received.get(i);
            byte[] two = receiver.received.get(i + 1);
            assertThat(one).isEqualTo(two).isNotSameAs(two).isNotSameAs(sender.emitted.get(i / 2));
        }
    }

    @Test
    void reorderingChangesOrderWhilePlainLinkIsFifo() {
        Recorder fifoSender = new Recorder(numbered(200, 4));
        Recorder fifoReceiver = Recorder.silent();
        SimNetwork fifo = new SimNetwork(fifoSender, fifoReceiver, 8);
        fifo.runUntil(() -> false, 1_000 * MS);
        assertThat(fifoReceiver.received).extracting(SimNetworkTest::numberOf)
                .containsExactlyElementsOf(IntStream.range(0, 200).boxed().toList());
        assertThat(fifoReceiver.receiveTimes).containsOnly(10 * MS);

        Recorder sender = new Recorder(numbered(200, 4));
        Recorder receiver = Recorder.silent();
        SimNetwork net = new SimNetwork(sender, receiver, LinkConditions.builder().reorderRate(0.5).build(), 8);
        net.runUntil(() -> false, 1_000 * MS);
        List<Integer> order = receiver.received.stream().map(SimNetworkTest::numberOf).toList();
        assertThat(order).containsExactlyInAnyOrderElementsOf(IntStream.range(0, 200).boxed().toList());
        assertThat(order).isNotEqualTo(order.stream().sorted().toList());
        assertThat(net.stats(Direction.A_TO_B).reordered()).isBetween(1L, 199L);
        // Delays stay within base + max reorder delay.
        assertThat(receiver.receiveTimes).allSatisfy(t -> assertThat(t).isBetween(10 * MS, 40 * MS));
    }

    @Test
    void timersFireExactlyAtTheirDeadlines() {
        long origin = 1_000_000_000_000L; // a non-zero origin catches "time starts at 0" assumptions
        List<Long> deadlines = List.of(origin + 5 * MS, origin + 17 * MS, origin + 17 * MS, origin + 1_000 * MS + 3);
        TimerProbe probe = new TimerProbe(deadlines);
        VirtualClock clock = new VirtualClock(origin);
        SimNetwork net = new SimNetwork(probe, Recorder.silent(),
                LinkConditions.perfect(), LinkConditions.perfect(), 0, clock);

        assertThat(net.step()).isTrue();
        assertThat(clock.now()).isEqualTo(origin + 5 * MS);
        assertThat(net.runUntil(() -> probe.fired.size() == 4, 10_000 * MS)).isTrue();
        assertThat(probe.fired).containsExactlyElementsOf(deadlines);
        assertThat(clock.now()).isEqualTo(origin + 1_000 * MS + 3);
        assertThat(net.step()).isFalse(); // nothing left
        assertThat(net.steps()).isEqualTo(4);
    }

    @Test
    void retransmissionTimerFiresEveryRto() {
        Pinger pinger = new Pinger(1, 100 * MS, 0);
        SimNetwork net = new SimNetwork(pinger, Recorder.silent(), 3);
        net.runUntil(pinger::done, 1_000 * MS);
        assertThat(pinger.timerFires).containsExactlyElementsOf(
                IntStream.rangeClosed(1, 10).mapToObj(i -> i * 100 * MS).toList());
    }

    @Test
    void runUntilGivesUpOnSilentPeerAtTheTimeBound() {
        Pinger pinger = new Pinger(1, 100 * MS, 0);
        Recorder silent = Recorder.silent();
        SimNetwork net = new SimNetwork(pinger, silent, 3);

        assertThat(net.runUntil(pinger::done, 1_050 * MS)).isFalse();
        assertThat(net.lastStopReason()).isEqualTo(SimNetwork.StopReason.TIME_LIMIT);
        assertThat(net.now()).isEqualTo(1_050 * MS);
        // Sent at 0, 100, ..., 1000 ms; each delivered 10 ms later, the last at 1010 ms.
        assertThat(pinger.sends).isEqualTo(11);
        assertThat(silent.received).hasSize(11);
        assertThat(net.stats(Direction.A_TO_B).delivered()).isEqualTo(11);

        // A second call measures its bound from the current time.
        assertThat(net.runUntil(pinger::done, 100 * MS)).isFalse();
        assertThat(net.now()).isEqualTo(1_150 * MS);
        assertThat(pinger.sends).isEqualTo(12);
    }

    @Test
    void runUntilReportsIdleWhenNothingIsScheduled() {
        SimNetwork net = new SimNetwork(Recorder.silent(), Recorder.silent(), 0);
        assertThat(net.step()).isFalse();
        assertThat(net.runUntil(() -> false, 1_000 * MS)).isFalse();
        assertThat(net.lastStopReason()).isEqualTo(SimNetwork.StopReason.IDLE);
        assertThat(net.now()).isZero();
        assertThat(net.runUntil(() -> true, 0)).isTrue();
    }

    @Test
    void stepGuardStopsATimerThatNeverRearms() {
        StuckTimer stuck = new StuckTimer();
        SimNetwork net = new SimNetwork(stuck, Recorder.silent(), 0);
        net.setMaxSteps(1_000);
        assertThat(net.runUntil(() -> false, 1_000 * MS)).isFalse();
        assertThat(net.lastStopReason()).isEqualTo(SimNetwork.StopReason.STEP_LIMIT);
        assertThat(stuck.fires).isEqualTo(1_000);
        assertThat(net.now()).isZero();
        assertThat(SimNetwork.DEFAULT_MAX_STEPS).isEqualTo(10_000_000L);
        assertThatThrownBy(() -> net.setMaxSteps(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void pumpRejectsAnEndlessSender() {
        SimEndpoint endless = new SimEndpoint() {
            @Override
            public void receive(byte[] datagram, long nowNanos) {}

            @Override
            public byte[] pollDatagram() {
                return new byte[1];
            }

            @Override
            public long nextDeadlineNanos() {
                return Long.MAX_VALUE;
            }

            @Override
            public void onTimer(long nowNanos) {}
        };
        SimNetwork net = new SimNetwork(endless, Recorder.silent(), 0);
        assertThatThrownBy(net::pump).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void conditionsCanChangeMidRun() {
        Pinger pinger = new Pinger(1_000, 100 * MS, 0);
        Ponger ponger = new Ponger();
        SimNetwork net = new SimNetwork(pinger, ponger, 21);
        assertThat(net.runUntil(() -> ponger.pingsSeen.size() == 10, 10_000 * MS)).isTrue();

        net.setConditions(Direction.A_TO_B, LinkConditions.blackhole());
        assertThat(net.conditions(Direction.A_TO_B)).isEqualTo(LinkConditions.blackhole());
        assertThat(net.runUntil(pinger::done, 2_000 * MS)).isFalse();
        assertThat(ponger.pingsSeen).hasSize(10);
        assertThat(net.stats(Direction.A_TO_B).lost()).isPositive();

        // The path comes back and the run completes.
        net.setConditions(Direction.A_TO_B, LinkConditions.perfect());
        assertThat(net.runUntil(pinger::done, 3_600_000 * MS)).isTrue();
    }

    @Test
    void listenerSeesEveryCopyAndStatsBalance() {
        Pinger pinger = new Pinger(100, 50 * MS, 0);
        Ponger ponger = new Ponger();
        SimNetwork net = new SimNetwork(pinger, ponger, NASTY, 4242);
        Map<Direction, Map<Fate, Integer>> sends = new EnumMap<>(Direction.class);
        Map<Direction, Integer> deliveries = new EnumMap<>(Direction.class);
        net.setListener(new SimNetwork.Listener() {
            @Override
            public void onSend(Direction dir, long now, byte[] d, Fate fate) {
                sends.computeIfAbsent(dir, k -> new EnumMap<>(Fate.class)).merge(fate, 1, Integer::sum);
            }

            @Override
            public void onDeliver(Direction dir, long now, byte[] d) {
                deliveries.merge(dir, 1, Integer::sum);
            }
        });
        assertThat(net.runUntil(pinger::done, 3_600_000 * MS)).isTrue();

        for (Direction dir : Direction.values()) {
            LinkStats s = net.stats(dir);
            Map<Fate, Integer> f = sends.get(dir);
            assertThat(s.sent() + s.duplicated()).isEqualTo(s.delivered() + s.lost() + s.mtuDropped() + s.inFlight());
            assertThat(s.inFlight()).isEqualTo(net.inFlight(dir));
            assertThat((long) f.getOrDefault(Fate.LOST, 0)).isEqualTo(s.lost());
            assertThat((long) f.getOrDefault(Fate.DUPLICATED, 0)).isEqualTo(s.duplicated());
            assertThat((long) f.getOrDefault(Fate.CORRUPTED, 0)).isEqualTo(s.corrupted());
            long primaries = f.entrySet().stream().filter(e -> e.getKey() != Fate.DUPLICATED)
                    .mapToLong(Map.Entry::getValue).sum();
            assertThat(primaries).isEqualTo(s.sent());
            assertThat((long) deliveries.get(dir)).isEqualTo(s.delivered());
        }
        assertThat(net.stats(Direction.A_TO_B).sent()).isEqualTo(pinger.sends);
    }

    @Test
    void rejectsBadArguments() {
        SimNetwork net = new SimNetwork(Recorder.silent(), Recorder.silent(), 0);
        assertThatThrownBy(() -> net.runUntil(() -> true, -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> net.setConditions(Direction.A_TO_B, null)).isInstanceOf(NullPointerException.class);
        assertThat(Arrays.stream(Direction.values()).map(Direction::reverse))
                .containsExactly(Direction.B_TO_A, Direction.A_TO_B);
    }
}
