package org.dtlsj.testkit.sctp;

/**
 * How an {@link SctpModel} behaves. Immutable; start from {@link #defaults()} and change with the
 * {@code with...} methods. Times are virtual nanoseconds.
 *
 * @param seed               seeds every random choice (jitter, loss), so a run repeats exactly
 * @param latencyNanos       one-way delay of every chunk
 * @param jitterNanos        extra delay of each DATA chunk, uniform in [0, jitter): DATA of other
 *                           streams and unordered DATA overtake one another
 * @param lossRate           probability that a DATA chunk is lost (control chunks are not lost
 *                           unless a {@link SctpModel.LinkHook} drops them)
 * @param ackDelayNanos      delayed SACK timer (RFC 9260 §6.2: at most 500 ms, 200 ms usual)
 * @param ackEveryPackets    a SACK goes out at once after this many DATA chunks (RFC 9260 §6.2: 2)
 * @param rtoNanos           first retransmission timeout; it doubles per retransmission of a chunk
 * @param rtoMaxNanos        cap of the doubling (RFC 9260 §15: RTO.Max 60 s)
 * @param maxRetransmissions retransmissions of one chunk before the association is lost
 *                           (RFC 9260 §15: Association.Max.Retrans 10)
 * @param outboundStreams    streams each end asks for
 * @param maxInboundStreams  streams each end accepts
 * @param maxMessageSize     largest user message {@code send} takes
 * @param sendBufferBytes    bytes unacknowledged and queued before {@code send} answers false
 * @param maxInbound         messages and notifications held for {@code poll} (and, apart, ordered
 *                           messages held back for order); DATA that finds the
 *                           queue full is not acknowledged (the receive window is closed) and is
 *                           retransmitted later
 * @param authenticateData   whether DATA and FORWARD-TSN carry an AUTH tag (RFC 6083 §4.5)
 */
public record SctpModelConfig(long seed, long latencyNanos, long jitterNanos, double lossRate, long ackDelayNanos,
        int ackEveryPackets, long rtoNanos, long rtoMaxNanos, int maxRetransmissions, int outboundStreams,
        int maxInboundStreams, int maxMessageSize, long sendBufferBytes, int maxInbound, boolean authenticateData) {

    /** Checks the values. */
    public SctpModelConfig {
        if (latencyNanos < 0 || jitterNanos < 0 || ackDelayNanos < 0 || rtoNanos <= 0 || rtoMaxNanos < rtoNanos) {
            throw new IllegalArgumentException("times must be non-negative and rtoMax >= rto");
        }
        if (lossRate < 0 || lossRate >= 1) throw new IllegalArgumentException("lossRate must be in [0, 1)");
        if (ackEveryPackets < 1 || maxRetransmissions < 0) throw new IllegalArgumentException("bad counts");
        if (outboundStreams < 1 || outboundStreams > 0xffff || maxInboundStreams < 1 || maxInboundStreams > 0xffff) {
            throw new IllegalArgumentException("stream counts are 1..65535");
        }
        if (maxMessageSize < 1 || sendBufferBytes < 1 || maxInbound < 1) {
            throw new IllegalArgumentException("bounds must be positive");
        }
    }

    /**
     * 1 ms latency, 2 ms jitter, no loss, 200 ms delayed SACK every second packet, RTO 1 s (max
     * 60 s), 10 retransmissions, 16 streams, 256 KiB messages, 1 MiB send buffer, 1024 queued,
     * AUTH on.
     */
    public static SctpModelConfig defaults() {
        return new SctpModelConfig(1, 1_000_000L, 2_000_000L, 0.0, 200_000_000L, 2, 1_000_000_000L,
                60_000_000_000L, 10, 16, 16, 256 * 1024, 1024 * 1024, 1024, true);
    }

    public SctpModelConfig withSeed(long s) {
        return new SctpModelConfig(s, latencyNanos, jitterNanos, lossRate, ackDelayNanos, ackEveryPackets, rtoNanos,
                rtoMaxNanos, maxRetransmissions, outboundStreams, maxInboundStreams, maxMessageSize, sendBufferBytes,
                maxInbound, authenticateData);
    }

    public SctpModelConfig withDelays(long latency, long jitter) {
        return new SctpModelConfig(seed, latency, jitter, lossRate, ackDelayNanos, ackEveryPackets, rtoNanos,
                rtoMaxNanos, maxRetransmissions, outboundStreams, maxInboundStreams, maxMessageSize, sendBufferBytes,
                maxInbound, authenticateData);
    }

    public SctpModelConfig withLossRate(double rate) {
        return new SctpModelConfig(seed, latencyNanos, jitterNanos, rate, ackDelayNanos, ackEveryPackets, rtoNanos,
                rtoMaxNanos, maxRetransmissions, outboundStreams, maxInboundStreams, maxMessageSize, sendBufferBytes,
                maxInbound, authenticateData);
    }

    public SctpModelConfig withAckDelay(long nanos, int everyPackets) {
        return new SctpModelConfig(seed, latencyNanos, jitterNanos, lossRate, nanos, everyPackets, rtoNanos,
                rtoMaxNanos, maxRetransmissions, outboundStreams, maxInboundStreams, maxMessageSize, sendBufferBytes,
                maxInbound, authenticateData);
    }

    public SctpModelConfig withRetransmission(long rto, long rtoMax, int maxRetrans) {
        return new SctpModelConfig(seed, latencyNanos, jitterNanos, lossRate, ackDelayNanos, ackEveryPackets, rto,
                rtoMax, maxRetrans, outboundStreams, maxInboundStreams, maxMessageSize, sendBufferBytes, maxInbound,
                authenticateData);
    }

    public SctpModelConfig withStreams(int outbound, int maxInbound) {
        return new SctpModelConfig(seed, latencyNanos, jitterNanos, lossRate, ackDelayNanos, ackEveryPackets, rtoNanos,
                rtoMaxNanos, maxRetransmissions, outbound, maxInbound, maxMessageSize, sendBufferBytes,
                this.maxInbound, authenticateData);
    }

    public SctpModelConfig withBounds(int maxMessage, long sendBuffer, int inbound) {
        return new SctpModelConfig(seed, latencyNanos, jitterNanos, lossRate, ackDelayNanos, ackEveryPackets, rtoNanos,
                rtoMaxNanos, maxRetransmissions, outboundStreams, maxInboundStreams, maxMessage, sendBuffer, inbound,
                authenticateData);
    }

    public SctpModelConfig withAuthenticateData(boolean on) {
        return new SctpModelConfig(seed, latencyNanos, jitterNanos, lossRate, ackDelayNanos, ackEveryPackets, rtoNanos,
                rtoMaxNanos, maxRetransmissions, outboundStreams, maxInboundStreams, maxMessageSize, sendBufferBytes,
                maxInbound, on);
    }
}
