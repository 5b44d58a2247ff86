package org.dtlsj.testkit;

/**
 * An immutable snapshot of the counters of one link direction. Every datagram an endpoint emits
 * counts once in {@code sent}; each ends up lost, MTU-dropped or delivered (plus its duplicates),
 * so {@code sent + duplicated == delivered + lost + mtuDropped + inFlight()}.
 *
 * @param sent            datagrams emitted by the sending endpoint
 * @param delivered       copies handed to the receiving endpoint (duplicates included)
 * @param lost            datagrams dropped by random loss
 * @param duplicated      extra copies created
 * @param corrupted       datagrams that had bits flipped
 * @param reordered       copies given an extra reordering delay
 * @param mtuDropped      datagrams dropped for exceeding the MTU
 * @param bytesSent       total size of all emitted datagrams
 * @param largestDatagram size of the largest emitted datagram (MTU-dropped ones included), 0 if none
 */
public record LinkStats(long sent, long delivered, long lost, long duplicated, long corrupted,
                        long reordered, long mtuDropped, long bytesSent, int largestDatagram) {

    /** Copies scheduled but not yet delivered at the time of the snapshot. */
    public long inFlight() {
        return sent + duplicated - delivered - lost - mtuDropped;
    }
}
