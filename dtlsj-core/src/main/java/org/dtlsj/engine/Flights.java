package org.dtlsj.engine;

import java.util.Queue;
import java.util.function.IntFunction;
import org.dtlsj.config.DtlsConfig;
import org.dtlsj.handshake.Flight;
import org.dtlsj.handshake.RetransmitTimer;
import org.dtlsj.record.WriteEpoch;

/**
 * The flights this side sends and their retransmission (RFC 6347 §4.2.4), apart from the
 * protocol logic that builds them: the current flight, the timer that resends it (1 s, doubling,
 * 60 s cap by default), resending when the peer repeats its own previous flight, and keeping the
 * final flight for as long as the peer may still ask for it.
 */
final class Flights {
    /** Client: every this many repeats of the server's flight, the flight before ours goes out too (see {@link #onPeerRepeat}). */
    static final int PROBE_AFTER_REPEATS = 3;

    private final DtlsConfig config;
    private final Tracer tracer;
    private final ConnectionStats stats;
    private final java.util.function.BiConsumer<Flight.Item, Queue<byte[]>> sctpHook;
    /** Made with the first flight, let go with the last ({@link #release}): an idle connection holds neither. */
    private FlightWriter writer;
    private RetransmitTimer timer;
    private Flight last;
    private Flight previous;
    private long lastSentAt = Long.MIN_VALUE / 2;
    private long finalFlightExpiry = Long.MAX_VALUE;
    private int peerRepeats;

    Flights(DtlsConfig config, ConnectionStats stats, java.util.function.BiConsumer<Flight.Item, Queue<byte[]>> sctpHook) {
        this.config = config;
        this.tracer = config.tracer();
        this.stats = stats;
        this.sctpHook = sctpHook;
    }

    private FlightWriter writer() {
        if (writer == null) {
            // Over SCTP the path MTU is 2^14 for DTLS (RFC 6083 §3.2): a record of the largest size per message.
            writer = sctpHook != null ? new FlightWriter(RecordLayer.MAX_CIPHERTEXT + org.dtlsj.wire.RecordHeader.LENGTH, tracer, sctpHook)
                    : new FlightWriter(config.mtu(), tracer);
        }
        return writer;
    }

    private RetransmitTimer timer() {
        if (timer == null) timer = new RetransmitTimer(config.initialRetransmit(), config.maxRetransmit());
        return timer;
    }

    /** The flight last sent, or null. */
    Flight last() {
        return last;
    }

    /** Sends a new flight; the peer's previous flight is answered, so the timer starts afresh (§4.2.4.1). */
    void send(Flight f, long now, IntFunction<WriteEpoch> epochs, Queue<byte[]> out) {
        previous = last;
        last = f;
        lastSentAt = now;
        peerRepeats = 0;
        timer().reset();
        writer().write(f, epochs, out);
        if (config.sctp()) {
            // RFC 6083 §3.5: SCTP retransmits; DTLS does not, and the peer never asks for a flight again.
            finalFlightExpiry = f.finalFlight() ? now : Long.MAX_VALUE;
        } else if (f.finalFlight()) {
            // RFC 6347 §4.2.4: the final flight is kept to answer a retransmitted flight of the peer,
            // as long as the peer may still be retrying: its handshake timeout, which we take to be
            // like ours, and at least two maximal timer intervals.
            finalFlightExpiry = now + Math.max(config.handshakeTimeout().toNanos(), 2 * config.maxRetransmit().toNanos());
        } else {
            timer().arm(now);
        }
    }

    private void retransmit(long now, IntFunction<WriteEpoch> epochs, Queue<byte[]> out) {
        stats.retransmissions++;
        lastSentAt = now;
        writer().write(last, epochs, out);
    }

    /** Timer due: retransmit the whole flight and double the interval. Returns true if it did. */
    boolean onTimer(long now, IntFunction<WriteEpoch> epochs, Queue<byte[]> out) {
        if (timer == null || !timer.expired(now) || last == null) return false;
        if (tracer != null) tracer.event("timer expired after " + timer.currentIntervalNanos() / 1_000_000 + " ms: retransmitting the flight");
        retransmit(now, epochs, out);
        timer.backOff(now);
        return true;
    }

    /**
     * The peer sent the last message of its previous flight again: ours was lost (§4.2.4).
     *
     * <p>A client also sends the flight before its last every {@value #PROBE_AFTER_REPEATS}
     * repeats: when the server keeps answering our ClientHello, perhaps its copy of it was
     * corrupted in a way no check caught. A dtlsj server notices the difference and rewinds, and
     * its new flight then rewinds us (HandshakeRecovery); other servers just repeat their flight,
     * which changes nothing. Only every third repeat, so that two peers can never drive each other
     * into a loop of answers.
     */
    void onPeerRepeat(boolean client, long now, IntFunction<WriteEpoch> epochs, Queue<byte[]> out) {
        if (last == null) return;
        if (now - lastSentAt < config.initialRetransmit().toNanos() / 2) {
            // Our copy just went out (our timer fired as theirs did): the two crossed on the way.
            // Sending again would only double every later flight.
            return;
        }
        if (tracer != null) tracer.event("peer repeated its flight: retransmitting ours");
        retransmit(now, epochs, out);
        // The flight just went out again: its timer counts from now.
        if (!last.finalFlight() && timer != null && timer.deadline() != Long.MAX_VALUE) timer.arm(now);
        if (client && ++peerRepeats % PROBE_AFTER_REPEATS == 0 && previous != null) {
            stats.retransmissions++;
            writer().write(previous, epochs, out);
        }
    }

    long timerDeadline() {
        return timer == null ? Long.MAX_VALUE : timer.deadline();
    }

    int expiries() {
        return timer == null ? 0 : timer.expiries();
    }

    long finalFlightExpiry() {
        return finalFlightExpiry;
    }

    void cancelTimer() {
        if (timer != null) timer.cancel();
    }

    /** Back to a checkpoint, where {@code flight} was the last one sent. */
    void restore(Flight flight) {
        last = flight;
        previous = null;
    }

    /** Forgets every flight (the handshake is over, or failed). */
    void release() {
        last = null;
        previous = null;
        finalFlightExpiry = Long.MAX_VALUE;
        writer = null;
        timer = null;
    }
}
