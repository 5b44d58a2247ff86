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
    private byte[] inFlight;
    private byte[] request;
    private long firstSentAt;
    private long giveUpAt = Long.MAX_VALUE;

    Heartbeats(DtlsConfig config, ConnectionStats stats) {
        this.config = config;
        this.stats = stats;
        this.tracer = config.tracer();
        this.timer = new RetransmitTimer(config.initialRetransmit(), config.maxRetransmit());
    }

    boolean inFlight() {
        return inFlight != null;
    }

    /** Sends a request with {@code paddingLength} random bytes (at least 16); false if one is already in flight. */
    boolean send(int paddingLength, long now, RecordLayer records, Queue<byte[]> out) {
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
        timer.reset();
        timer.arm(now);
        out.add(records.seal(ContentType.HEARTBEAT, request, 0, request.length));
        return true;
    }

    /**
     * A heartbeat record that authenticated in the current epoch. Returns the event to report, or
     * null.
     */
    DtlsEvent onMessage(byte[] plain, int n, boolean mustAnswer, long now, RecordLayer records, Queue<byte[]> out) {
        HeartbeatMessage m;
        try {
            m = HeartbeatMessage.decode(new WireReader(plain, 0, n));
        } catch (DecodeException e) {
            // RFC 6520 §4: "If the payload_length of a received HeartbeatMessage is too large, the
            // received HeartbeatMessage MUST be discarded silently." Not a byte of it is echoed.
            stats.droppedMalformed++;
            if (tracer != null) tracer.event("heartbeat discarded: " + e.getMessage());
            return null;
        }
        if (m.type() == HeartbeatMessage.REQUEST) {
            if (!mustAnswer) {
                // §2: we said peer_not_allowed_to_send; drop silently.
                stats.droppedUnexpected++;
                return null;
            }
            byte[] padding = new byte[HeartbeatMessage.MIN_PADDING];
            config.random().nextBytes(padding);
            byte[] response = WireWriter.encode(new HeartbeatMessage(HeartbeatMessage.RESPONSE, m.payload(), padding));
            out.add(records.seal(ContentType.HEARTBEAT, response, 0, response.length));
            return null;
        }
        if (m.type() == HeartbeatMessage.RESPONSE && inFlight != null && MessageDigest.isEqual(inFlight, m.payload())) {
            // §4: "If it does contain the expected payload, the retransmission timer MUST be stopped."
            inFlight = null;
            request = null;
            timer.cancel();
            giveUpAt = Long.MAX_VALUE;
            return new DtlsEvent.HeartbeatAnswered(now - firstSentAt, n - 3 - PAYLOAD_LENGTH);
        }
        // A response that matches nothing in flight, or an unknown type: discarded silently.
        stats.droppedUnexpected++;
        return null;
    }

    long deadline() {
        return inFlight == null ? Long.MAX_VALUE : Math.min(timer.deadline(), giveUpAt);
    }

    /** Timer due: retransmit (§3), or give up after the handshake's time bound. */
    DtlsException onTimer(long now, RecordLayer records, Queue<byte[]> out) {
        if (inFlight == null) return null;
        if (now - giveUpAt >= 0) {
            inFlight = null;
            return new DtlsException(Reason.HEARTBEAT_TIMEOUT, "peer answered no heartbeat within "
                    + config.handshakeTimeout().toMillis() + " ms (" + timer.expiries() + " retransmissions)");
        }
        if (timer.expired(now)) {
            stats.retransmissions++;
            out.add(records.seal(ContentType.HEARTBEAT, request, 0, request.length));
            timer.backOff(now);
        }
        return null;
    }
}
