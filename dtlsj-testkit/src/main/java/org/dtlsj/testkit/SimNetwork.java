package org.dtlsj.testkit;

import java.util.Comparator;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;

/**
 * A deterministic, single-threaded network between two {@link SimEndpoint}s A and B.
 *
 * <p>Datagrams the endpoints emit are passed through per-direction {@link LinkConditions} and put on an
 * event queue ordered by delivery time, then by insertion order. Virtual time only advances to the next
 * event (a delivery or an endpoint timer), so a run takes as long as its computation, never its virtual
 * duration. All randomness comes from {@link SplittableRandom} streams derived from the seed, one per
 * direction, so a run is exactly reproducible and traffic in one direction does not perturb the other's
 * random decisions.
 *
 * <p>At equal times, deliveries go first (like an I/O loop that reads sockets before running timers),
 * then A's timer, then B's.
 */
public final class SimNetwork {

    /** Default guard for {@link #runUntil}: at most this many steps per call. */
    public static final long DEFAULT_MAX_STEPS = 10_000_000L;

    /** Guards {@link #pump()} against an endpoint whose pollDatagram() never returns null. */
    private static final int MAX_DATAGRAMS_PER_PUMP = 1_000_000;

    /** Why the last {@link #runUntil} call returned. */
    public enum StopReason {
        /** The condition became true. */
        DONE,
        /** The next event lay beyond the time bound; the clock was advanced to the bound. */
        TIME_LIMIT,
        /** Nothing was scheduled: no datagram in flight and no timer armed. */
        IDLE,
        /** The step guard was hit (probably a timer that never re-arms or a datagram storm). */
        STEP_LIMIT
    }

    /**
     * Observes traffic, e.g. for traces or a flight-ladder demo. Called synchronously on the simulation
     * thread. The byte arrays must not be modified.
     */
    public interface Listener {
        /**
         * A datagram entered the link at virtual time {@code nowNanos}. {@code datagram} holds the bytes
         * as the endpoint emitted them (before any corruption). A duplicated datagram produces a second
         * call with {@link Fate#DUPLICATED}.
         */
        default void onSend(Direction dir, long nowNanos, byte[] datagram, Fate fate) {}

        /** A datagram copy is about to be handed to the receiving endpoint (bytes as delivered). */
        default void onDeliver(Direction dir, long nowNanos, byte[] datagram) {}
    }

    /** One datagram copy in flight. {@code seq} breaks time ties in insertion order, for determinism. */
    private record InFlight(long at, long seq, Direction dir, byte[] data) {}

    private static final Comparator<InFlight> ORDER =
            Comparator.comparingLong(InFlight::at).thenComparingLong(InFlight::seq);

    /** Mutable state of one direction. */
    private static final class Link {
        final SplittableRandom random;
        LinkConditions conditions;
        long sent, delivered, lost, duplicated, corrupted, reordered, mtuDropped, bytesSent;
        int largest;
        int inFlight;

        Link(SplittableRandom random, LinkConditions conditions) {
            this.random = random;
            this.conditions = conditions;
        }

        LinkStats snapshot() {
            return new LinkStats(sent, delivered, lost, duplicated, corrupted, reordered, mtuDropped,
                    bytesSent, largest);
        }
    }

    private final SimEndpoint a;
    private final SimEndpoint b;
    private final VirtualClock clock;
    private final Map<Direction, Link> links = new EnumMap<>(Direction.class);
    private final PriorityQueue<InFlight> queue = new PriorityQueue<>(ORDER);
    private long nextSeq;
    private long steps;
    private long maxSteps = DEFAULT_MAX_STEPS;
    private Listener listener;
    private StopReason lastStopReason;

    /** Perfect links both ways, clock starting at 0. */
    public SimNetwork(SimEndpoint a, SimEndpoint b, long seed) {
        this(a, b, LinkConditions.perfect(), LinkConditions.perfect(), seed);
    }

    /** The same conditions in both directions (each direction still draws its own random decisions). */
    public SimNetwork(SimEndpoint a, SimEndpoint b, LinkConditions both, long seed) {
        this(a, b, both, both, seed);
    }

    /** Clock starting at 0. */
    public SimNetwork(SimEndpoint a, SimEndpoint b, LinkConditions aToB, LinkConditions bToA, long seed) {
        this(a, b, aToB, bToA, seed, new VirtualClock());
    }

    /** Full constructor; the clock may be shared with the endpoints so they can read the time. */
    public SimNetwork(SimEndpoint a, SimEndpoint b, LinkConditions aToB, LinkConditions bToA, long seed,
                      VirtualClock clock) {
        this.a = Objects.requireNonNull(a, "a");
        this.b = Objects.requireNonNull(b, "b");
        this.clock = Objects.requireNonNull(clock, "clock");
        SplittableRandom root = new SplittableRandom(seed);
        // Split in a fixed order so each direction's stream depends on the seed only.
        links.put(Direction.A_TO_B, new Link(root.split(), Objects.requireNonNull(aToB, "aToB")));
        links.put(Direction.B_TO_A, new Link(root.split(), Objects.requireNonNull(bToA, "bToA")));
    }

    /** The virtual clock driving this network. */
    public VirtualClock clock() {
        return clock;
    }

    /** Shorthand for {@code clock().now()}. */
    public long now() {
        return clock.now();
    }

    /** The conditions currently applied to datagrams sent in {@code dir}. */
    public LinkConditions conditions(Direction dir) {
        return link(dir).conditions;
    }

    /**
     * Replaces the conditions of one direction. Applies to datagrams sent from now on; those already in
     * flight keep their fate and delivery time.
     */
    public void setConditions(Direction dir, LinkConditions conditions) {
        link(dir).conditions = Objects.requireNonNull(conditions, "conditions");
    }

    /** Installs a listener, or removes it with null. */
    public void setListener(Listener listener) {
        this.listener = listener;
    }

    /** The per-call step guard of {@link #runUntil}. */
    public long maxSteps() {
        return maxSteps;
    }

    /** Sets the per-call step guard of {@link #runUntil} (must be positive). */
    public void setMaxSteps(long maxSteps) {
        if (maxSteps <= 0) {
            throw new IllegalArgumentException("maxSteps must be > 0: " + maxSteps);
        }
        this.maxSteps = maxSteps;
    }

    /** Total number of {@link #step()}s that did something, over the network's life. */
    public long steps() {
        return steps;
    }

    /** A snapshot of one direction's counters. */
    public LinkStats stats(Direction dir) {
        return link(dir).snapshot();
    }

    /** Number of datagram copies in flight in {@code dir}. */
    public int inFlight(Direction dir) {
        return link(dir).inFlight;
    }

    /** Why the last {@link #runUntil} returned, or null before the first call. */
    public StopReason lastStopReason() {
        return lastStopReason;
    }

    /**
     * The virtual time of the next event (delivery or timer), never before now; Long.MAX_VALUE when
     * nothing is scheduled.
     */
    public long nextEventNanos() {
        InFlight head = queue.peek();
        long t = Math.min(head == null ? Long.MAX_VALUE : head.at(),
                Math.min(a.nextDeadlineNanos(), b.nextDeadlineNanos()));
        return t == Long.MAX_VALUE ? t : Math.max(t, clock.now());
    }

    /** Moves every queued datagram from both endpoints onto the links, until both have nothing left. */
    public void pump() {
        int budget = MAX_DATAGRAMS_PER_PUMP;
        boolean progress;
        do {
            progress = false;
            for (Direction dir : Direction.values()) {
                SimEndpoint sender = dir == Direction.A_TO_B ? a : b;
                byte[] d;
                while ((d = sender.pollDatagram()) != null) {
                    if (--budget < 0) {
                        throw new IllegalStateException("endpoint emitted more than " + MAX_DATAGRAMS_PER_PUMP
                                + " datagrams in one pump; pollDatagram() never returns null?");
                    }
                    send(dir, d);
                    progress = true;
                }
            }
        } while (progress);
    }

    /**
     * Advances to the earliest event, handles it (delivers the datagram or fires the timer), then pumps.
     *
     * @return false if nothing is scheduled at all (nothing in flight, no timer armed)
     */
    public boolean step() {
        InFlight head = queue.peek();
        long tDeliver = head == null ? Long.MAX_VALUE : head.at();
        long tA = a.nextDeadlineNanos();
        long tB = b.nextDeadlineNanos();
        long t = Math.min(tDeliver, Math.min(tA, tB));
        if (t == Long.MAX_VALUE) {
            return false;
        }
        // A deadline already in the past fires now: time never goes backwards.
        clock.advanceTo(Math.max(t, clock.now()));
        long now = clock.now();
        steps++;
        if (tDeliver == t) {
            deliver(queue.poll(), now);
        } else if (tA == t) {
            a.onTimer(now);
        } else {
            b.onTimer(now);
        }
        pump();
        return true;
    }

    /**
     * Pumps, then steps until {@code done} holds. Gives up when the next event would lie beyond
     * {@code maxVirtualNanos} after the time of this call (then the clock is left exactly at that bound),
     * when nothing is scheduled, or after {@link #maxSteps()} steps. {@link #lastStopReason()} tells which.
     *
     * @return true iff {@code done} became true
     */
    public boolean runUntil(BooleanSupplier done, long maxVirtualNanos) {
        Objects.requireNonNull(done, "done");
        if (maxVirtualNanos < 0) {
            throw new IllegalArgumentException("maxVirtualNanos must be >= 0: " + maxVirtualNanos);
        }
        long limit = SimMath.saturatingAdd(clock.now(), maxVirtualNanos);
        pump();
        long budget = maxSteps;
        while (true) {
            if (done.getAsBoolean()) {
                return stop(StopReason.DONE);
            }
            long t = nextEventNanos();
            if (t == Long.MAX_VALUE) {
                return stop(StopReason.IDLE);
            }
            if (t > limit) {
                clock.advanceTo(limit);
                return stop(StopReason.TIME_LIMIT);
            }
            if (budget-- <= 0) {
                return stop(StopReason.STEP_LIMIT);
            }
            step();
        }
    }

    private boolean stop(StopReason reason) {
        lastStopReason = reason;
        return reason == StopReason.DONE;
    }

    private Link link(Direction dir) {
        return links.get(Objects.requireNonNull(dir, "dir"));
    }

    /** Applies the link's conditions to one emitted datagram. */
    private void send(Direction dir, byte[] datagram) {
        Link link = link(dir);
        LinkConditions c = link.conditions;
        SplittableRandom rnd = link.random;
        long now = clock.now();
        link.sent++;
        link.bytesSent += datagram.length;
        link.largest = Math.max(link.largest, datagram.length);

        if (c.exceedsMtu(datagram.length)) {
            link.mtuDropped++;
            notifySend(dir, now, datagram, Fate.MTU_DROPPED);
            return;
        }
        if (chance(rnd, c.lossRate())) {
            link.lost++;
            notifySend(dir, now, datagram, Fate.LOST);
            return;
        }
        // Always copy: the endpoint may reuse its buffer, and corruption must never touch the caller's array.
        byte[] wire = datagram.clone();
        boolean corrupted = chance(rnd, c.corruptRate()) && wire.length > 0;
        if (corrupted) {
            flipBits(wire, rnd);
            link.corrupted++;
        }
        boolean reordered = schedule(dir, link, wire, now);
        notifySend(dir, now, datagram, corrupted ? Fate.CORRUPTED : reordered ? Fate.REORDERED : Fate.DELIVERED);
        if (chance(rnd, c.duplicateRate())) {
            link.duplicated++;
            // A separate array, so the receiver of one copy cannot affect the other.
            schedule(dir, link, wire.clone(), now);
            notifySend(dir, now, datagram, Fate.DUPLICATED);
        }
    }

    /** Queues one copy with its delay; returns whether it got a reordering delay. */
    private boolean schedule(Direction dir, Link link, byte[] wire, long now) {
        LinkConditions c = link.conditions;
        SplittableRandom rnd = link.random;
        long delay = c.baseDelayNanos();
        if (c.jitterNanos() > 0) {
            delay = SimMath.saturatingAdd(delay, rnd.nextLong(c.jitterNanos()));
        }
        boolean reordered = c.maxReorderDelayNanos() > 0 && chance(rnd, c.reorderRate());
        if (reordered) {
            delay = SimMath.saturatingAdd(delay, 1 + rnd.nextLong(c.maxReorderDelayNanos()));
            link.reordered++;
        }
        // Keep MAX_VALUE free: it means "nothing scheduled".
        long at = Math.min(SimMath.saturatingAdd(now, delay), Long.MAX_VALUE - 1);
        queue.add(new InFlight(at, nextSeq++, dir, wire));
        link.inFlight++;
        return reordered;
    }

    private void deliver(InFlight f, long now) {
        Link link = link(f.dir());
        link.delivered++;
        link.inFlight--;
        if (listener != null) {
            listener.onDeliver(f.dir(), now, f.data());
        }
        (f.dir() == Direction.A_TO_B ? b : a).receive(f.data(), now);
    }

    private void notifySend(Direction dir, long now, byte[] datagram, Fate fate) {
        if (listener != null) {
            listener.onSend(dir, now, datagram, fate);
        }
    }

    /** Bernoulli draw; rate 0 never fires and rate 1 always does, since nextDouble() is in [0, 1). */
    private static boolean chance(SplittableRandom rnd, double rate) {
        return rnd.nextDouble() < rate;
    }

    /** Flips 1-3 distinct bits, so the result always differs from the input. */
    private static void flipBits(byte[] wire, SplittableRandom rnd) {
        long bits = (long) wire.length * 8;
        int n = (int) Math.min(1 + rnd.nextInt(3), bits);
        long[] chosen = new long[n];
        for (int i = 0; i < n; i++) {
            long bit;
            boolean dup;
            do {
                bit = rnd.nextLong(bits);
                dup = false;
                for (int j = 0; j < i; j++) {
                    dup |= chosen[j] == bit;
                }
            } while (dup);
            chosen[i] = bit;
            wire[(int) (bit >>> 3)] ^= (byte) (1 << (bit & 7));
        }
    }
}
