package org.dtlsj.testkit;

/**
 * How ONE direction of a simulated link treats datagrams. Immutable; build with {@link #builder()}
 * or derive with {@link #toBuilder()}. The order of effects per datagram is: MTU check, loss,
 * corruption, duplication, then a delay per copy of {@code baseDelayNanos} + uniform
 * [0, {@code jitterNanos}) + (with probability {@code reorderRate}) uniform [1, {@code maxReorderDelayNanos}].
 *
 * @param lossRate             probability in [0, 1] that a datagram is dropped
 * @param duplicateRate        probability in [0, 1] that a surviving datagram is delivered twice
 * @param reorderRate          probability in [0, 1] that a copy gets an extra random delay, so it can overtake others
 * @param corruptRate          probability in [0, 1] that a surviving datagram has 1-3 distinct bits flipped
 * @param mtu                  datagrams larger than this many bytes are dropped; 0 or Integer.MAX_VALUE = unlimited
 * @param baseDelayNanos       fixed one-way delay
 * @param jitterNanos          random extra delay bound (exclusive); 0 = none
 * @param maxReorderDelayNanos upper bound of the reordering delay; 0 makes reordering a no-op
 */
public record LinkConditions(double lossRate, double duplicateRate, double reorderRate, double corruptRate,
                             int mtu, long baseDelayNanos, long jitterNanos, long maxReorderDelayNanos) {

    /** Default one-way delay: 10 ms. */
    public static final long DEFAULT_BASE_DELAY_NANOS = 10_000_000L;
    /** Default reordering delay bound: 30 ms, i.e. enough to overtake a few base delays. */
    public static final long DEFAULT_MAX_REORDER_DELAY_NANOS = 30_000_000L;

    private static final LinkConditions PERFECT = builder().build();

    /** Validates ranges so a typo in a test fails loudly instead of silently simulating nonsense. */
    public LinkConditions {
        checkRate("lossRate", lossRate);
        checkRate("duplicateRate", duplicateRate);
        checkRate("reorderRate", reorderRate);
        checkRate("corruptRate", corruptRate);
        if (mtu < 0) {
            throw new IllegalArgumentException("mtu must be >= 0 (0 = unlimited): " + mtu);
        }
        checkNonNegative("baseDelayNanos", baseDelayNanos);
        checkNonNegative("jitterNanos", jitterNanos);
        checkNonNegative("maxReorderDelayNanos", maxReorderDelayNanos);
    }

    /** No loss, duplication, reordering or corruption, unlimited MTU, 10 ms delay, no jitter. */
    public static LinkConditions perfect() {
        return PERFECT;
    }

    /** A direction that drops everything: models a path that has gone silent. */
    public static LinkConditions blackhole() {
        return builder().lossRate(1.0).build();
    }

    /** A builder starting from {@link #perfect()}'s values. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from this instance's values. */
    public Builder toBuilder() {
        return new Builder()
                .lossRate(lossRate).duplicateRate(duplicateRate).reorderRate(reorderRate).corruptRate(corruptRate)
                .mtu(mtu).baseDelayNanos(baseDelayNanos).jitterNanos(jitterNanos)
                .maxReorderDelayNanos(maxReorderDelayNanos);
    }

    /** Whether an MTU limit applies at all. */
    public boolean mtuLimited() {
        return mtu != 0 && mtu != Integer.MAX_VALUE;
    }

    /** Whether a datagram of {@code size} bytes would be dropped for exceeding the MTU. */
    public boolean exceedsMtu(int size) {
        return mtuLimited() && size > mtu;
    }

    private static void checkRate(String name, double rate) {
        // The negated form also rejects NaN.
        if (!(rate >= 0.0 && rate <= 1.0)) {
            throw new IllegalArgumentException(name + " must be in [0, 1]: " + rate);
        }
    }

    private static void checkNonNegative(String name, long value) {
        if (value < 0) {
            throw new IllegalArgumentException(name + " must be >= 0: " + value);
        }
    }

    /** Mutable builder for {@link LinkConditions}; defaults equal {@link #perfect()}. */
    public static final class Builder {
        private double lossRate;
        private double duplicateRate;
        private double reorderRate;
        private double corruptRate;
        private int mtu;
        private long baseDelayNanos = DEFAULT_BASE_DELAY_NANOS;
        private long jitterNanos;
        private long maxReorderDelayNanos = DEFAULT_MAX_REORDER_DELAY_NANOS;

        private Builder() {}

        /** Probability in [0, 1] that a datagram is dropped. */
        public Builder lossRate(double v) { lossRate = v; return this; }

        /** Probability in [0, 1] that a surviving datagram is delivered twice. */
        public Builder duplicateRate(double v) { duplicateRate = v; return this; }

        /** Probability in [0, 1] that a copy gets an extra delay in [1, maxReorderDelayNanos]. */
        public Builder reorderRate(double v) { reorderRate = v; return this; }

        /** Probability in [0, 1] that a surviving datagram has 1-3 bits flipped. */
        public Builder corruptRate(double v) { corruptRate = v; return this; }

        /** Largest datagram in bytes that passes; 0 or Integer.MAX_VALUE = unlimited. */
        public Builder mtu(int v) { mtu = v; return this; }

        /** Fixed one-way delay in nanoseconds. */
        public Builder baseDelayNanos(long v) { baseDelayNanos = v; return this; }

        /** Random extra delay bound (exclusive) in nanoseconds. */
        public Builder jitterNanos(long v) { jitterNanos = v; return this; }

        /** Upper bound of the reordering delay in nanoseconds. */
        public Builder maxReorderDelayNanos(long v) { maxReorderDelayNanos = v; return this; }

        /** Validates and builds. */
        public LinkConditions build() {
            return new LinkConditions(lossRate, duplicateRate, reorderRate, corruptRate,
                    mtu, baseDelayNanos, jitterNanos, maxReorderDelayNanos);
        }
    }
}
