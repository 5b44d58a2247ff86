package org.dtlsj.testkit;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/** Tiny endpoints for exercising {@link SimNetwork} without any protocol engine. */
final class ToyEndpoints {
    private ToyEndpoints() {}

    static final byte PING = 'P';
    static final byte PONG = 'R';

    static byte[] message(byte type, int seq) {
        return ByteBuffer.allocate(5).put(type).putInt(seq).array();
    }

    /** Returns the sequence number if {@code d} is a well-formed message of {@code type}, else -1. */
    static int seqOf(byte[] d, byte type) {
        if (d.length != 5 || d[0] != type) {
            return -1;
        }
        return ByteBuffer.wrap(d, 1, 4).getInt();
    }

    /** Sends pings 0..count-1 one at a time, retransmitting every rto until the matching pong arrives. */
    static final class Pinger implements SimEndpoint {
        private final int count;
        private final long rto;
        private final Deque<byte[]> out = new ArrayDeque<>();
        private int current;
        private long deadline;
        final List<Long> timerFires = new ArrayList<>();
        int sends;

        Pinger(int count, long rtoNanos, long startNanos) {
            this.count = count;
            this.rto = rtoNanos;
            out.add(message(PING, 0));
            deadline = startNanos + rto;
        }

        boolean done() {
            return current == count;
        }

        @Override
        public void receive(byte[] datagram, long nowNanos) {
            if (!done() && seqOf(datagram, PONG) == current) {
                current++;
                if (done()) {
                    deadline = Long.MAX_VALUE;
                } else {
                    out.add(message(PING, current));
                    deadline = nowNanos + rto;
                }
            }
        }

        @Override
        public byte[] pollDatagram() {
            byte[] d = out.poll();
            if (d != null) {
                sends++;
            }
            return d;
        }

        @Override
        public long nextDeadlineNanos() {
            return deadline;
        }

        @Override
        public void onTimer(long nowNanos) {
            timerFires.add(nowNanos);
            out.add(message(PING, current));
            deadline = nowNanos + rto;
        }
    }

    /** Answers every well-formed ping with a pong of the same number; ignores anything else. */
    static final class Ponger implements SimEndpoint {
        private final Deque<byte[]> out = new ArrayDeque<>();
        final List<Integer> pingsSeen = new ArrayList<>();

        @Override
        public void receive(byte[] datagram, long nowNanos) {
            int seq = seqOf(datagram, PING);
            if (seq >= 0) {
                pingsSeen.add(seq);
                out.add(message(PONG, seq));
            }
        }

        @Override
        public byte[] pollDatagram() {
            return out.poll();
        }

        @Override
        public long nextDeadlineNanos() {
            return Long.MAX_VALUE;
        }

        @Override
        public void onTimer(long nowNanos) {
            throw new AssertionError("no timer armed");
        }
    }

    /**
     * Emits a fixed list of datagrams once, keeps the arrays it handed out, and records everything it
     * receives (with arrival times). Has no timers. Doubles as a silent peer when given nothing to send.
     */
    static final class Recorder implements SimEndpoint {
        private final Deque<byte[]> out = new ArrayDeque<>();
        final List<byte[]> emitted = new ArrayList<>();
        final List<byte[]> received = new ArrayList<>();
        final List<Long> receiveTimes = new ArrayList<>();

        Recorder(List<byte[]> toSend) {
            out.addAll(toSend);
        }

        static Recorder silent() {
            return new Recorder(List.of());
        }

        @Override
        public void receive(byte[] datagram, long nowNanos) {
            received.add(datagram);
            receiveTimes.add(nowNanos);
        }

        @Override
        public byte[] pollDatagram() {
            byte[] d = out.poll();
            if (d != null) {
                emitted.add(d);
            }
            return d;
        }

        @Override
        public long nextDeadlineNanos() {
            return Long.MAX_VALUE;
        }

        @Override
        public void onTimer(long nowNanos) {
            throw new AssertionError("no timer armed");
        }
    }

    /** Arms a fixed sequence of absolute deadlines, recording the time each fires at. */
    static final class TimerProbe implements SimEndpoint {
        private final Deque<Long> deadlines;
        final List<Long> fired = new ArrayList<>();

        TimerProbe(List<Long> deadlines) {
            this.deadlines = new ArrayDeque<>(deadlines);
        }

        @Override
        public void receive(byte[] datagram, long nowNanos) {}

        @Override
        public byte[] pollDatagram() {
            return null;
        }

        @Override
        public long nextDeadlineNanos() {
            Long d = deadlines.peek();
            return d == null ? Long.MAX_VALUE : d;
        }

        @Override
        public void onTimer(long nowNanos) {
            fired.add(nowNanos);
            deadlines.poll();
        }
    }

    /** A timer that is always due and never re-arms: a buggy endpoint the step guard must catch. */
    static final class StuckTimer implements SimEndpoint {
        long fires;

        @Override
        public void receive(byte[] datagram, long nowNanos) {}

        @Override
        public byte[] pollDatagram() {
            return null;
        }

        @Override
        public long nextDeadlineNanos() {
            return 0;
        }

        @Override
        public void onTimer(long nowNanos) {
            fires++;
        }
    }

    /** Records every send and delivery as a line of text, for comparing runs. */
    static final class Trace implements SimNetwork.Listener {
        final List<String> lines = new ArrayList<>();

        @Override
        public void onSend(Direction dir, long nowNanos, byte[] datagram, Fate fate) {
            lines.add("send " + dir + " t=" + nowNanos + " " + java.util.HexFormat.of().formatHex(datagram) + " " + fate);
        }

        @Override
        public void onDeliver(Direction dir, long nowNanos, byte[] datagram) {
            lines.add("dlvr " + dir + " t=" + nowNanos + " " + java.util.HexFormat.of().formatHex(datagram));
        }
    }
}
