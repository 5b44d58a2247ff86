package org.dtlsj.testkit.sctp;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.dtlsj.sctp.SctpMessage;
import org.dtlsj.sctp.SctpRcvInfo;
import org.dtlsj.sctp.SctpSndInfo;

/**
 * The receiving half of a model endpoint: which TSNs arrived (duplicates are acknowledged again
 * but not delivered twice), per-stream reordering of ordered messages by stream sequence number
 * (RFC 9260 §6.6), unordered messages at once, and the gaps FORWARD-TSN fills (RFC 3758 §3.6).
 */
final class ModelReceiver {
    /** Every TSN up to this one arrived (or was abandoned). */
    private long cumTsn = -1;
    /** TSNs above {@link #cumTsn} that arrived. */
    private final TreeSet<Long> above = new TreeSet<>();
    /** Per stream: the next SSN to deliver. */
    private final Map<Integer, Integer> expected = new HashMap<>();
    /** Per stream: ordered messages that arrived early, by SSN. */
    private final Map<Integer, Map<Integer, SctpMessage>> early = new HashMap<>();
    /** Per stream: SSNs abandoned by the sender that have not been reached yet. */
    private final Map<Integer, Set<Integer>> skipped = new HashMap<>();
    private int earlyCount;

    /** Whether {@code tsn} arrived before. */
    boolean isDuplicate(long tsn) {
        return tsn <= cumTsn || above.contains(tsn);
    }

    /** Records that {@code tsn} arrived (or was abandoned). */
    void mark(long tsn) {
        if (isDuplicate(tsn)) return;
        above.add(tsn);
        while (above.remove(cumTsn + 1)) cumTsn++;
    }

    long cumTsn() {
        return cumTsn;
    }

    /** Ordered messages held back for order. */
    int heldBack() {
        return earlyCount;
    }

    /** The messages {@code c} (a new DATA chunk) makes deliverable, in order. */
    List<SctpMessage> accept(ModelChunk c) {
        SctpMessage m = new SctpMessage(c.payload(), new SctpRcvInfo(c.sid(), c.ssn(),
                c.flags() & SctpSndInfo.SCTP_UNORDERED, c.ppid(), (int) c.tsn(), (int) cumTsn, 0));
        List<SctpMessage> out = new ArrayList<>();
        if ((c.flags() & SctpSndInfo.SCTP_UNORDERED) != 0) {
            out.add(m);
            return out;
        }
        int next = expected.getOrDefault(c.sid(), 0);
        if (!ahead(c.ssn(), next)) return out; // an SSN already passed (abandoned): too late
        early.computeIfAbsent(c.sid(), k -> new HashMap<>()).put(c.ssn(), m);
        earlyCount++;
        release(c.sid(), out);
        return out;
    }

    /** FORWARD-TSN: {@code abandoned} will never come; returns what that releases. */
    List<SctpMessage> abandon(List<ModelChunk> abandoned) {
        List<SctpMessage> out = new ArrayList<>();
        for (ModelChunk a : abandoned) {
            mark(a.tsn());
            if ((a.flags() & SctpSndInfo.SCTP_UNORDERED) != 0) continue;
            if (ahead(a.ssn(), expected.getOrDefault(a.sid(), 0))) {
                skipped.computeIfAbsent(a.sid(), k -> new HashSet<>()).add(a.ssn());
            }
            release(a.sid(), out);
        }
        return out;
    }

    /** Delivers the stream's contiguous run from its next SSN, stepping over abandoned SSNs. */
    private void release(int sid, List<SctpMessage> out) {
        Map<Integer, SctpMessage> held = early.getOrDefault(sid, Map.of());
        Set<Integer> skip = skipped.getOrDefault(sid, Set.of());
        int next = expected.getOrDefault(sid, 0);
        while (true) {
            SctpMessage m = held.isEmpty() ? null : held.remove(next);
            if (m != null) {
                earlyCount--;
                out.add(m);
            } else if (!skip.isEmpty() && skip.remove(next)) {
                // abandoned: move past it
            } else {
                break;
            }
            next = (next + 1) & 0xffff;
        }
        expected.put(sid, next);
    }

    /** Whether {@code ssn} is {@code next} or after it, in 16-bit serial arithmetic (RFC 1982). */
    private static boolean ahead(int ssn, int next) {
        return ((ssn - next) & 0xffff) < 0x8000;
    }
}
