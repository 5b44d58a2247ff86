package org.dtlsj.engine;

import java.security.MessageDigest;
import java.util.Queue;
import org.dtlsj.config.DtlsConfig;
import org.dtlsj.error.DtlsException;
import org.dtlsj.error.Reason;
import org.dtlsj.handshake.RetransmitTimer;
import org.dtlsj.wire.ContentType;
import org.dtlsj.wire.DecodeException;
import org.dtlsj.wire.WireReader;
import org.dtlsj.wire.WireWriter;
import org.dtlsj.wire.heartbeat.HeartbeatMessage;

/**
 * The Heartbeat protocol of RFC 6520 on an established connection: one request in flight at a
 * time, retransmitted with the DTLS timer (§3), answered with an exact copy of its payload and
 * fresh padding (§4); everything else is discarded silently — a payload_length too large for its
 * record (Heartbleed), a request when we said peer_not_allowed_to_send, a response that matches
 * nothing in flight.
 */
final class Heartbeats {
    /** Bytes of the payload we put in a request: enough to recognise the answer. */
    static final int PAYLOAD_LENGTH = 16;

    private final DtlsConfig config;
    private final ConnectionStats stats;
    private final Tracer tracer;
    private final RetransmitTimer timer;
    private final RecordLayer records;
    private final Queue<byte[]> out;
    private final Queue<DtlsEvent> events;
    private PathMtuDiscovery pmtu;
    /** The largest datagram the connection sends data in: the configured MTU, or what discovery found. */
    private int pathMtu;
    private byte[] inFlight;
    private byte[] request;
    private long firstSentAt;
    private long giveUpAt = Long.MAX_VALUE;
    /** Path-MTU probes: no retransmission; a probe unanswered by this time counts as lost. */
    private boolean probe;
    private long probeDeadline = Long.MAX_VALUE;

    Heartbeats(DtlsConfig config, ConnectionStats stats, RecordLayer records, Queue<byte[]> out, Queue<DtlsEvent> events) {
        this.config = config;
        this.stats = stats;
        this.records = records;
        this.out = out;
        this.events = events;
        this.pathMtu = config.mtu();
        this.tracer = config.tracer();
        this.timer = new RetransmitTimer(config.initialRetransmit(), config.maxRetransmit());
    }

    boolean inFlight() {
        return inFlight != null;
    }

    /** Sends a request with {@code paddingLength} random bytes (at least 16); false if one is already in flight. */
    boolean send(int paddingLength, long now) {
        return send(paddingLength, now, Long.MAX_VALUE);
    }

    /**
     * A Path-MTU probe (RFC 6520 §5.1, RFC 4821): a request sent once, without retransmission; if
     * it is not answered by {@code deadline}, {@link #onTimer} reports it lost.
     */
    boolean sendProbe(int paddingLength, long now, long deadline) {
        return send(paddingLength, now, deadline);
    }

    private boolean send(int paddingLength, long now, long probeUntil) {
        if (inFlight != null) return false;
        if (paddingLength < HeartbeatMessage.MIN_PADDING || 3 + PAYLOAD_LENGTH + paddingLength > HeartbeatMessage.MAX_LENGTH) {
            throw new IllegalArgumentException("heartbeat padding must be 16 to " + (HeartbeatMessage.MAX_LENGTH - 3 - PAYLOAD_LENGTH) + " bytes");
        }
        byte[] payload = new byte[PAYLOAD_LENGTH];
        config.random().nextBytes(payload);
        byte[] padding = new byte[paddingLength];
        config.random().nextBytes(padding);
        inFlight = payload;
        request = WireWriter.encode(new HeartbeatMessage(HeartbeatMessage.REQUEST, payload, padding));
        firstSentAt = now;
        giveUpAt = now + config.handshakeTimeout().toNanos();
        probe = probeUntil != Long.MAX_VALUE;
        probeDeadline = probeUntil;
        timer.reset();
        if (!probe) timer.arm(now);
        out.add(records.seal(ContentType.HEARTBEAT, request, 0, request.length));
        return true;
    }

    /**
     * A heartbeat record that authenticated in the current epoch. Returns the event to report, or
     * null.
     */
    void onMessage(byte[] plain, int n, boolean mustAnswer, long now) {
        HeartbeatMessage m;
        try {
            m = HeartbeatMessage.decode(new WireReader(plain, 0, n));
        } catch (DecodeException e) {
            // RFC 6520 §4: "If the payload_length of a received HeartbeatMessage is too large, the
            // received HeartbeatMessage MUST be discarded silently." Not a byte of it is echoed.
            stats.droppedMalformed++;
            if (tracer != null) tracer.event("heartbeat discarded: " + e.getMessage());
            return;
        }
        if (m.type() == HeartbeatMessage.REQUEST) {
            if (!mustAnswer) {
                // §2: we said peer_not_allowed_to_send; drop silently.
                stats.droppedUnexpected++;
                return;
            }
            byte[] padding = new byte[HeartbeatMessage.MIN_PADDING];
            config.random().nextBytes(padding);
            byte[] response = WireWriter.encode(new HeartbeatMessage(HeartbeatMessage.RESPONSE, m.payload(), padding));
            out.add(records.seal(ContentType.HEARTBEAT, response, 0, response.length));
            return;
        }
        if (m.type() == HeartbeatMessage.RESPONSE && inFlight != null && MessageDigest.isEqual(inFlight, m.payload())) {
            // §4: "If it does contain the expected payload, the retransmission timer MUST be stopped."
            inFlight = null;
            request = null;
            timer.cancel();
            giveUpAt = Long.MAX_VALUE;
            probeDeadline = Long.MAX_VALUE;
            if (pmtu != null) {
                pmtu.answered();
                nextProbe(now);
            } else {
                events.add(new DtlsEvent.HeartbeatAnswered(now - firstSentAt, n - 3 - PAYLOAD_LENGTH));
            }
            return;
        }
        // A response that matches nothing in flight, or an unknown type: discarded silently.
        stats.droppedUnexpected++;
    }

    /** See {@code DtlsConnection.discoverPathMtu}. */
    boolean discoverPathMtu(int ceiling, int probesPerSize, long probeTimeoutNanos, long now) {
        if (inFlight != null) return false;
        pmtu = new PathMtuDiscovery(Math.min(config.mtu(), ceiling), ceiling, probesPerSize, probeTimeoutNanos);
        nextProbe(now);
        return true;
    }

    int pathMtu() {
        return pathMtu;
    }

    private void nextProbe(long now) {
        if (pmtu.done()) {
            pathMtu = pmtu.result();
            events.add(new DtlsEvent.PathMtuDiscovered(pathMtu, pmtu.probesSent()));
            pmtu = null;
            return;
        }
        // Record header, protection, and the heartbeat's type, length and payload come before the padding.
        int padding = pmtu.probeSize() - records.writeEpoch().overhead() - 3 - PAYLOAD_LENGTH;
        pmtu.sent();
        sendProbe(padding, now, now + pmtu.probeTimeoutNanos());
    }

    long deadline() {
        if (inFlight == null) return Long.MAX_VALUE;
        return probe ? probeDeadline : config.sctp() ? giveUpAt : Math.min(timer.deadline(), giveUpAt);
    }

    /** A probe's time ran out unanswered: count it lost and send the next. */
    private void onProbeTimer(long now) {
        if (inFlight == null || now - probeDeadline < 0) return;
        inFlight = null;
        request = null;
        probeDeadline = Long.MAX_VALUE;
        if (pmtu != null) {
            pmtu.lost();
            nextProbe(now);
        }
    }

    /** Timer due: retransmit (§3), or give up after the handshake's time bound. */
    DtlsException onTimer(long now) {
        if (probe) {
            onProbeTimer(now);
            return null;
        }
        if (inFlight == null) return null;
        if (now - giveUpAt >= 0) {
            inFlight = null;
            return new DtlsException(Reason.HEARTBEAT_TIMEOUT, "peer answered no heartbeat within "
                    + config.handshakeTimeout().toMillis() + " ms (" + timer.expiries() + " retransmissions)");
        }
        // RFC 6520 §3: over a reliable transport (DTLS over SCTP) a request is sent once.
        if (timer.expired(now) && !config.sctp()) {
            stats.retransmissions++;
            out.add(records.seal(ContentType.HEARTBEAT, request, 0, request.length));
            timer.backOff(now);
        }
        return null;
    }
}
