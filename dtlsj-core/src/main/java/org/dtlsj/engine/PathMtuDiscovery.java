package org.dtlsj.engine;

/**
 * Packetization-layer Path MTU discovery (RFC 4821) with heartbeat probes (RFC 6520 §5.1): a
 * binary search between a size known to pass and one known (or assumed) not to, sending several
 * probes per size so that ordinary loss is not mistaken for a size limit (RFC 4821 §7.4).
 * Sizes are whole UDP payloads.
 */
final class PathMtuDiscovery {
    /** Stop once the bounds are this close: the answer is at most this far below the true MTU. */
    static final int GRANULARITY = 8;

    private int low;       // known to pass
    private int high;      // known not to pass, or the ceiling + 1
    private final int probesPerSize;
    private final long probeTimeoutNanos;
    private int trying;
    private int lost;
    private int probesSent;

    /**
     * @param floor the size assumed to pass (the configured MTU, typically)
     * @param ceiling the largest size worth trying
     */
    PathMtuDiscovery(int floor, int ceiling, int probesPerSize, long probeTimeoutNanos) {
        if (floor < 64 || ceiling < floor) throw new IllegalArgumentException("need 64 <= floor <= ceiling");
        this.low = floor;
        this.high = ceiling + 1;
        this.probesPerSize = probesPerSize;
        this.probeTimeoutNanos = probeTimeoutNanos;
        this.trying = next();
    }

    private int next() {
        return (low + high) >>> 1;
    }

    boolean done() {
        return high - low <= GRANULARITY;
    }

    /** The size the next probe should have. */
    int probeSize() {
        return trying;
    }

    long probeTimeoutNanos() {
        return probeTimeoutNanos;
    }

    void sent() {
        probesSent++;
    }

    int probesSent() {
        return probesSent;
    }

    /** A probe of the current size was answered: the path carries it. */
    void answered() {
        low = trying;
        lost = 0;
        trying = next();
    }

    /** A probe went unanswered; after {@code probesPerSize} such, the size is too large. */
    void lost() {
        if (++lost < probesPerSize) return;
        high = trying;
        lost = 0;
        trying = next();
    }

    /** The largest size known to pass. */
    int result() {
        return low;
    }
}
