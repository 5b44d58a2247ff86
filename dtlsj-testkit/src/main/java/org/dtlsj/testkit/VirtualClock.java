package org.dtlsj.testkit;

/**
 * A monotonic virtual time source in nanoseconds. It only moves when told to, so tests never
 * depend on wall-clock time. Not thread-safe: the simulator runs everything on one thread.
 */
public final class VirtualClock {
    private final long origin;
    private long now;

    /** A clock starting at 0. */
    public VirtualClock() {
        this(0L);
    }

    /** A clock starting at {@code originNanos} (any value; a non-zero origin catches code that assumes 0). */
    public VirtualClock(long originNanos) {
        this.origin = originNanos;
        this.now = originNanos;
    }

    /** The time this clock started at. */
    public long origin() {
        return origin;
    }

    /** The current virtual time in nanoseconds. */
    public long now() {
        return now;
    }

    /** Nanoseconds elapsed since {@link #origin()}. */
    public long elapsed() {
        return now - origin;
    }

    /**
     * Moves the clock to {@code nanos}. Advancing to the current time is a no-op.
     *
     * @throws IllegalArgumentException if {@code nanos} is before {@link #now()}: time never goes backwards
     */
    public void advanceTo(long nanos) {
        if (nanos < now) {
            throw new IllegalArgumentException("virtual time cannot go backwards: now=" + now + ", asked=" + nanos);
        }
        now = nanos;
    }

    /** Moves the clock forward by {@code deltaNanos} (saturating at Long.MAX_VALUE). */
    public void advanceBy(long deltaNanos) {
        if (deltaNanos < 0) {
            throw new IllegalArgumentException("negative delta: " + deltaNanos);
        }
        advanceTo(SimMath.saturatingAdd(now, deltaNanos));
    }

    @Override
    public String toString() {
        return "VirtualClock[now=" + now + ", origin=" + origin + "]";
    }
}
