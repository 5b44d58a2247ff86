package org.dtlsj.handshake;

import java.time.Duration;

/**
 * The flight retransmission timer of RFC 6347 §4.2.4: starts at the initial value (1 s by
 * default, §4.2.4.1), doubles on each expiry up to the maximum (60 s), and goes back to the
 * initial value once a flight is answered. Pure: it computes deadlines from the times it is given.
 */
public final class RetransmitTimer {
    private final long initialNanos;
    private final long maxNanos;
    private long currentNanos;
    private long deadline = Long.MAX_VALUE;
    private int expiries;

    public RetransmitTimer(Duration initial, Duration max) {
        this.initialNanos = initial.toNanos();
        this.maxNanos = max.toNanos();
        this.currentNanos = initialNanos;
    }

    /** Starts (or restarts) the timer for a flight just sent at {@code now}. */
    public void arm(long now) {
        deadline = now + currentNanos;
    }

    public void cancel() {
        deadline = Long.MAX_VALUE;
    }

    /** RFC 6347 §4.2.4.1: after a flight is answered the next one starts with the initial value again. */
    public void reset() {
        currentNanos = initialNanos;
        expiries = 0;
        deadline = Long.MAX_VALUE;
    }

    public long deadline() {
        return deadline;
    }

    public boolean expired(long now) {
        return now - deadline >= 0 && deadline != Long.MAX_VALUE;
    }

    /** Called on expiry: doubles the interval (capped) and re-arms from {@code now}. */
    public void backOff(long now) {
        expiries++;
        currentNanos = Math.min(maxNanos, currentNanos * 2);
        arm(now);
    }

    public int expiries() {
        return expiries;
    }

    public long currentIntervalNanos() {
        return currentNanos;
    }
}
