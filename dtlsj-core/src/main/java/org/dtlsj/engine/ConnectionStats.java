package org.dtlsj.engine;

/**
 * Counters of one connection. Dropped records are counted by reason, as RFC 6347 §4.1.2.7
 * suggests ("implementations SHOULD ... log" invalid records) without alerting the peer.
 */
public final class ConnectionStats {
    long datagramsReceived;
    long datagramsSent;
    long recordsReceived;
    long droppedMalformed;
    long droppedBadMac;
    long droppedReplay;
    long droppedEpoch;
    long droppedEarlyOverflow;
    long droppedUnexpected;
    long retransmissions;
    long applicationRecordsReceived;
    long applicationRecordsSent;

    public long datagramsReceived() { return datagramsReceived; }
    public long datagramsSent() { return datagramsSent; }
    public long recordsReceived() { return recordsReceived; }
    /** Records or datagrams whose framing could not be parsed. */
    public long droppedMalformed() { return droppedMalformed; }
    /** Records that did not authenticate (bad MAC / AEAD tag). */
    public long droppedBadMac() { return droppedBadMac; }
    /** Records rejected by the replay window. */
    public long droppedReplay() { return droppedReplay; }
    /** Records of an epoch with no keys here (old, or too far ahead). */
    public long droppedEpoch() { return droppedEpoch; }
    /** Records of the next epoch dropped because the early-record buffer was full. */
    public long droppedEarlyOverflow() { return droppedEarlyOverflow; }
    /** Records that authenticated but were not acceptable now (application data in epoch 0, unknown content type). */
    public long droppedUnexpected() { return droppedUnexpected; }
    /** Total of all dropped records. */
    public long dropped() {
        return droppedMalformed + droppedBadMac + droppedReplay + droppedEpoch + droppedEarlyOverflow + droppedUnexpected;
    }
    /** Flight retransmissions, on timer or on the peer's retransmission. */
    public long retransmissions() { return retransmissions; }
    public long applicationRecordsReceived() { return applicationRecordsReceived; }
    public long applicationRecordsSent() { return applicationRecordsSent; }

    @Override
    public String toString() {
        return "datagrams in/out " + datagramsReceived + "/" + datagramsSent + ", dropped " + dropped()
                + " (malformed " + droppedMalformed + ", bad MAC " + droppedBadMac + ", replay " + droppedReplay
                + ", epoch " + droppedEpoch + "), retransmissions " + retransmissions;
    }
}
