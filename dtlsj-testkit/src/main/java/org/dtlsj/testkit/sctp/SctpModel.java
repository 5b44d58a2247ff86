package org.dtlsj.testkit.sctp;

import java.time.Duration;
import java.util.Comparator;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;
import org.dtlsj.sctp.SctpMessage;
import org.dtlsj.sctp.SctpNotification;
import org.dtlsj.testkit.VirtualClock;

/**
 * A deterministic, in-process SCTP association between two endpoints A and B, each an {@link
 * org.dtlsj.sctp.SctpAssociation} ({@link ModelAssociation}), for tests that need SCTP's
 * semantics without a real stack: per-stream ordering (RFC 9260 §6.6), unordered messages that
 * overtake, PPID passed through, SCTP-AUTH key identifiers (RFC 4895), delayed SACKs from which
 * sender-dry follows (RFC 6458 §6.1.9), PR-SCTP abandonment with FORWARD-TSN (RFC 3758),
 * graceful shutdown and ABORT, retransmission until the association is lost.
 *
 * <p>Single-threaded. Nothing happens until the test drives it: {@link #step()}, {@link
 * #runFor}, {@link #runUntil}, or an endpoint's blocking {@code poll(Duration)}, which runs the
 * model in virtual time. Every random choice comes from the seed, so a run repeats exactly.
 * User messages are not fragmented: one DATA chunk each.
 *
 * <pre>{@code
 * SctpModel m = SctpModel.pair(SctpModelConfig.defaults());
 * m.runUntil(() -> m.a().isOpen() && m.b().isOpen(), Duration.ofSeconds(1));
 * m.a().send(record, SctpSndInfo.ordered(0, 0));
 * SctpInbound in = m.b().poll(Duration.ofSeconds(1));   // COMM_UP first, then the message
 * }</pre>
 */
public final class SctpModel {
    /** Guards {@link #runUntil} and {@link #runUntilIdle} against a test that never converges. */
    public static final long MAX_STEPS = 10_000_000L;

    /** The two ends. */
    public enum Side {
        A, B;

        /** The other end. */
        public Side other() {
            return this == A ? B : A;
        }
    }

    /**
     * Sees every chunk as it is sent; returns the chunk to carry (possibly altered, e.g. with
     * {@link ModelChunk#withSid}) or null to lose it. Runs after random loss.
     */
    @FunctionalInterface
    public interface LinkHook {
        ModelChunk onTransmit(Side from, ModelChunk chunk);
    }

    /** Watches the model, for traces and assertions; runs on the model's thread. */
    public interface Observer {
        /** A chunk left {@code from} (before loss and the hook). */
        default void onTransmit(Side from, ModelChunk chunk, long nowNanos) {
        }

        /** {@code at} discarded {@code chunk}: lost, tampered, unknown key, window closed, ... */
        default void onDrop(Side at, ModelChunk chunk, String reason, long nowNanos) {
        }

        /** {@code to} accepted a user message authenticated with {@code keyId}. */
        default void onDeliver(Side to, SctpMessage message, int keyId, long nowNanos) {
        }
    }

    private record Event(long at, long seq, Runnable action) {
    }

    private final SctpModelConfig config;
    private final VirtualClock clock = new VirtualClock();
    private final SplittableRandom random;
    private final PriorityQueue<Event> events =
            new PriorityQueue<>(Comparator.comparingLong(Event::at).thenComparingLong(Event::seq));
    private long seq;
    private final ModelAssociation a;
    private final ModelAssociation b;
    private LinkHook hook = (from, c) -> c;
    private Observer observer = new Observer() {
    };

    private SctpModel(SctpModelConfig config) {
        this.config = config;
        this.random = new SplittableRandom(config.seed());
        this.a = new ModelAssociation(this, Side.A, config);
        this.b = new ModelAssociation(this, Side.B, config);
        // RFC 9260 §5.1: INIT, INIT ACK, COOKIE ECHO, COOKIE ACK; B is up when the COOKIE ECHO
        // arrives (three crossings), A when the COOKIE ACK does (four)
        schedule(3 * config.latencyNanos(), () -> b.commUp(a));
        schedule(4 * config.latencyNanos(), () -> a.commUp(b));
    }

    /** Two endpoints whose association starts setting up at virtual time 0. */
    public static SctpModel pair(SctpModelConfig config) {
        return new SctpModel(config);
    }

    public ModelAssociation a() {
        return a;
    }

    public ModelAssociation b() {
        return b;
    }

    public ModelAssociation endpoint(Side side) {
        return side == Side.A ? a : b;
    }

    public SctpModelConfig config() {
        return config;
    }

    /** Virtual now, in nanoseconds. */
    public long now() {
        return clock.now();
    }

    public void setLinkHook(LinkHook hook) {
        this.hook = hook == null ? (from, c) -> c : hook;
    }

    public void setObserver(Observer observer) {
        this.observer = observer == null ? new Observer() {
        } : observer;
    }

    /** Hands {@code side} a notification now, as if its stack had raised it (RESTART, PARTIAL_DELIVERY_ABORTED, ...). */
    public void inject(Side side, SctpNotification notification) {
        endpoint(side).deliverNotification(notification);
    }

    /** Runs the next event; false if nothing is scheduled. */
    public boolean step() {
        Event e = events.poll();
        if (e == null) return false;
        clock.advanceTo(Math.max(clock.now(), e.at()));
        e.action().run();
        return true;
    }

    /** Time of the next event, or Long.MAX_VALUE. */
    public long nextEventNanos() {
        Event e = events.peek();
        return e == null ? Long.MAX_VALUE : e.at();
    }

    /** Runs every event due within {@code d} of now, then moves the clock to that point. */
    public void runFor(Duration d) {
        long until = clock.now() + d.toNanos();
        long steps = 0;
        while (nextEventNanos() <= until && steps++ < MAX_STEPS) step();
        clock.advanceTo(Math.max(clock.now(), until));
    }

    /**
     * Runs events until {@code condition} holds (checked before each), virtual time would pass
     * {@code within}, or nothing is scheduled.
     *
     * @return whether the condition holds
     */
    public boolean runUntil(BooleanSupplier condition, Duration within) {
        long until = clock.now() + within.toNanos();
        long steps = 0;
        while (!condition.getAsBoolean()) {
            if (nextEventNanos() > until || steps++ >= MAX_STEPS) return condition.getAsBoolean();
            step();
        }
        return true;
    }

    /** Runs until nothing is scheduled (timers of a lost association included). */
    public void runUntilIdle() {
        long steps = 0;
        while (steps++ < MAX_STEPS && step()) {
            // keep going
        }
    }

    // ---- used by the endpoints ----

    void schedule(long delayNanos, Runnable action) {
        events.add(new Event(clock.now() + delayNanos, seq++, action));
    }

    /** Puts {@code chunk} on the wire from {@code from}: random loss (DATA), the hook, the delay. */
    void transmit(Side from, ModelChunk chunk) {
        observer.onTransmit(from, chunk, clock.now());
        long delay = config.latencyNanos();
        if (chunk.kind() == ModelChunk.Kind.DATA) {
            if (config.lossRate() > 0 && random.nextDouble() < config.lossRate()) {
                observer.onDrop(from.other(), chunk, "lost", clock.now());
                return;
            }
            if (config.jitterNanos() > 0) delay += random.nextLong(config.jitterNanos());
        }
        ModelChunk carried = hook.onTransmit(from, chunk);
        if (carried == null) {
            observer.onDrop(from.other(), chunk, "dropped by the link hook", clock.now());
            return;
        }
        ModelAssociation to = endpoint(from.other());
        schedule(delay, () -> to.receive(carried));
    }

    void dropped(Side at, ModelChunk chunk, String reason) {
        observer.onDrop(at, chunk, reason, clock.now());
    }

    void delivered(Side to, SctpMessage m, int keyId) {
        observer.onDeliver(to, m, keyId, clock.now());
    }
}
