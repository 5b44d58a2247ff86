package org.dtlsj.engine;

import java.util.Arrays;
import org.dtlsj.error.AlertDescription;
import org.dtlsj.error.DtlsException;
import org.dtlsj.handshake.Flight;
import org.dtlsj.handshake.HandshakeContext;
import org.dtlsj.handshake.HandshakeMessage;
import org.dtlsj.handshake.HandshakeState;
import org.dtlsj.handshake.Reassembler;
import org.dtlsj.handshake.client.ExpectServerHello;
import org.dtlsj.wire.Alert;
import org.dtlsj.wire.DecodeException;
import org.dtlsj.wire.HandshakeType;
import org.dtlsj.wire.WireReader;
import org.dtlsj.wire.handshake.HandshakeHeader;

/**
 * The handshake records of one {@link DtlsConnection}: fragments into the reassembler, whole
 * messages into the handshake state in message_seq order (RFC 6347 §4.2.2), the peer's
 * retransmissions answered with ours (§4.2.4), HelloVerifyRequest (§4.2.1), the recovery from
 * corrupted or spoofed epoch-0 input ({@link HandshakeRecovery}), and what may still arrive
 * after the handshake.
 */
final class HandshakeInput {
    private final DtlsConnection c;

    HandshakeInput(DtlsConnection c) {
        this.c = c;
    }

    void onHandshakeRecord(byte[] b, int n, int epoch, long recordSeq, long now) {
        WireReader r = new WireReader(b, 0, n);
        while (!r.isEmpty() && c.status != DtlsConnection.Status.FAILED) {
            HandshakeHeader h;
            try {
                h = HandshakeHeader.decode(r);
                if (h.fragmentLength() > r.remaining()) throw new DecodeException("fragment overruns record");
            } catch (DecodeException e) {
                c.stats.droppedMalformed++;
                return;
            }
            int fragAt = r.position();
            try {
                r.skip(h.fragmentLength());
            } catch (DecodeException e) {
                c.stats.droppedMalformed++;
                return;
            }
            if (c.handshakeRunning()) {
                onHandshakeFragment(h, b, fragAt, epoch, recordSeq, now);
            } else {
                onPostHandshakeFragment(h, b, fragAt, epoch, recordSeq, now);
            }
        }
    }

    void onHandshakeFragment(HandshakeHeader h, byte[] b, int fragAt, int epoch, long recordSeq, long now) {
        if (c.state instanceof ExpectServerHello && h.type().equals(HandshakeType.HELLO_VERIFY_REQUEST) && h.isWhole()) {
            onHelloVerifyRequest(h, b, fragAt, now);
            return;
        }
        if (c.client && h.type().equals(HandshakeType.HELLO_REQUEST)) { // RFC 5246 §7.4.1.1: ignored mid-handshake
            c.stats.droppedUnexpected++;
            return;
        }
        if (epoch == c.records.handshakeStartEpoch() && epoch > 0 && h.type().equals(HandshakeType.FINISHED)) {
            // A renegotiation's Finished follows its ChangeCipherSpec: one in the epoch the
            // renegotiation began in is a late copy from the handshake before.
            c.stats.droppedUnexpected++;
            return;
        }
        if (!c.client && epoch == 0 && h.type().equals(HandshakeType.CLIENT_HELLO) && h.isWhole()
                && c.serverHellos.onNewClientHello(h, b, fragAt, recordSeq, now)) {
            return;
        }
        switch (c.reassembler.offer(h, b, fragAt)) {
            case OLD -> onOldFragment(h, b, fragAt, now);
            case DROPPED -> c.stats.droppedUnexpected++;
            case ACCEPTED -> deliverMessages(now);
        }
    }

    /** RFC 6347 §4.2.1: a HelloVerifyRequest may come again (message_seq says nothing here);
     *  one that does not decode changes nothing and is dropped. ExpectServerHello bounds them. */
    void onHelloVerifyRequest(HandshakeHeader h, byte[] b, int fragAt, long now) {
        HandshakeMessage m = new HandshakeMessage(h.type(), h.messageSeq(), Arrays.copyOfRange(b, fragAt, fragAt + h.length()));
        if (c.tracer != null) c.tracer.handshake(Tracer.Direction.RECEIVED, m.type(), m.messageSeq(), m.body().length);
        try {
            c.state = c.state.onMessage(m, c.cx);
        } catch (DtlsException e) {
            c.stats.droppedUnexpected++;
            return;
        }
        if (c.cx.hasPendingFlight()) {
            c.peerFlightEndSeq = -1;
            c.sendPendingFlight(now);
            c.reassembler = new Reassembler(c.config.limits(), lastSentSeq());
            checkpoint();
        }
    }

    void deliverMessages(long now) {
        HandshakeMessage m;
        while (c.handshakeRunning() && !c.state.expectsChangeCipherSpec() && (m = c.reassembler.poll()) != null) {
            handle(m, now);
        }
    }

    /** A fragment of a message already processed: a duplicate, a conflicting copy, or the peer's retransmission. */
    void onOldFragment(HandshakeHeader h, byte[] b, int fragAt, long now) {
        if (c.recovery.conflicts(h, b, fragAt)) {
            if (h.type().equals(HandshakeType.CLIENT_HELLO) && !c.serverHellos.plausible(h, b, fragAt, now)) {
                c.stats.droppedUnexpected++;
                return;
            }
            try {
                rewindTo(c.recovery.rewind(h.messageSeq()));
            } catch (DtlsException e) {
                c.fail(e, now);
                return;
            }
            if (c.reassembler.offer(h, b, fragAt) == Reassembler.Offer.ACCEPTED) deliverMessages(now);
            return;
        }
        // RFC 6347 §4.2.4: the peer retransmitted its previous flight: ours was lost.
        if (h.messageSeq() == c.peerFlightEndSeq && h.fragmentEnd() == h.length()) {
            c.flights.onPeerRepeat(c.client, now, c::writeEpochFor, c.outbound);
        }
    }

    void checkpoint() {
        checkpointAt(c.reassembler.nextSeq());
    }

    void checkpointAt(int next) {
        c.recovery.checkpoint(new HandshakeRecovery.Checkpoint(c.state, c.cx.snapshot(), next, c.records.snapshot(),
                c.peerFlightEndSeq, c.flights.last()));
    }

    void rewindTo(HandshakeRecovery.Checkpoint to) {
        c.state = to.state();
        c.cx.restore(to.cx());
        c.reassembler = new Reassembler(c.config.limits(), to.reassemblerNext());
        c.records.restore(to.records());
        c.peerFlightEndSeq = to.peerFlightEndSeq();
        c.flights.restore(to.lastFlight());
        c.earlyChangeCipherSpec = false;
    }

    /** The message_seq of the last message we sent (the server answers a ClientHello with the same number). */
    int lastSentSeq() {
        int seq = 0;
        for (Flight.Item i : c.flights.last().items()) if (i instanceof Flight.Message m) seq = m.messageSeq();
        return seq;
    }

    void handle(HandshakeMessage m, long now) {
        if (c.tracer != null) c.tracer.handshake(Tracer.Direction.RECEIVED, m.type(), m.messageSeq(), m.body().length);
        DtlsException confirmed = c.recovery.confirms(m);
        if (confirmed != null) {
            c.fail(confirmed, now);
            return;
        }
        HandshakeContext.Snapshot before = c.cx.snapshot();
        HandshakeState was = c.state;
        try {
            c.state = c.state.onMessage(m, c.cx);
        } catch (org.dtlsj.handshake.client.ExpectServerHelloDone.PausedForCertificate p) {
            c.cx.restore(before);
            c.state = was;
            c.paused = m;
            return;
        } catch (DtlsException e) {
            // Unauthenticated input (epoch 0) that fails may be corruption: wait for the peer's
            // retransmission to confirm it before giving up (see HandshakeRecovery).
            if (c.records.readEpoch() == 0 && HandshakeRecovery.couldBeCorruption(e) && c.recovery.setAside(m, e)) {
                c.cx.restore(before);
                c.state = was;
                c.stats.droppedUnexpected++;
                c.reassembler = new Reassembler(c.config.limits(), m.messageSeq());
                return;
            }
            if (e.reason() == org.dtlsj.error.Reason.BAD_FINISHED && rewindForBadFinished(m)) return;
            c.fail(e, now);
            return;
        }
        c.recovery.processed(m);
        c.renegotiation.heard();
        // RFC 6083 §4.8: the next SCTP-AUTH key as soon as the master secret is known.
        if (c.sctp != null) c.sctp.afterMessage(c.cx, c.outbound);
        if (c.cx.hasPendingFlight()) {
            c.peerFlightEndSeq = m.messageSeq();
            c.sendPendingFlight(now);
            if (!c.cx.isComplete()) checkpoint();
        }
        if (c.earlyChangeCipherSpec && c.state.expectsChangeCipherSpec()) {
            c.earlyChangeCipherSpec = false;
            c.recordInput.switchReadEpoch(now);
        }
        if (c.cx != null && c.cx.isComplete()) c.complete(now);
    }

    /**
     * The peer's Finished is authentic (epoch 1) yet does not match our transcript: some epoch-0
     * message we took was corrupted in a way no check could see (a NewSessionTicket is opaque,
     * RFC 5077 §3.3; an X25519 value is any 32 bytes), or the peer is wrong. The first time, return
     * to the checkpoint of our last flight, so that the peer's retransmission, which our timer
     * prompts, is processed afresh; the same Finished failing again confirms it, and the handshake
     * ends with decrypt_error (RFC 5246 §7.4.9). Bounded by {@link HandshakeRecovery#MAX_REWINDS}.
     */
    private boolean rewindForBadFinished(HandshakeMessage finished) {
        if (!c.recovery.firstBadFinished(finished.body())) return false;
        try {
            rewindTo(c.recovery.rewind(finished.messageSeq()));
            c.stats.droppedUnexpected++;
            return true;
        } catch (DtlsException | IllegalStateException tooMany) {
            return false;
        }
    }

    /**
     * After the handshake: a hello in the connection's current epoch asks for a renegotiation
     * ({@link Renegotiation}); the final flight goes again for a retransmitted Finished. Anything
     * else with a new message_seq under the connection's keys is a protocol violation (a second
     * Finished, say: security catalog S-08) and ends the connection.
     */
    void onPostHandshakeFragment(HandshakeHeader h, byte[] b, int fragAt, int epoch, long recordSeq, long now) {
        boolean peerHello = c.client ? h.type().equals(HandshakeType.HELLO_REQUEST) : h.type().equals(HandshakeType.CLIENT_HELLO);
        if (peerHello && epoch > 0 && epoch == c.records.readEpoch() && c.status == DtlsConnection.Status.CONNECTED) {
            // message_seq starts again in a new handshake (RFC 6347 §4.2.2), so it says nothing here.
            if (c.renegotiation.onPeerHello(h, now) && !c.client) onHandshakeFragment(h, b, fragAt, epoch, recordSeq, now);
            return;
        }
        if (c.reassembler != null && h.messageSeq() < c.reassembler.nextSeq()) {
            if (h.messageSeq() == c.peerFlightEndSeq && h.fragmentEnd() == h.length()) {
                c.flights.onPeerRepeat(c.client, now, c::writeEpochFor, c.outbound);
            }
            return;
        }
        boolean hello = c.client ? h.type().equals(HandshakeType.HELLO_REQUEST) : h.type().equals(HandshakeType.CLIENT_HELLO);
        if (hello && h.fragmentOffset() == 0) {
            // RFC 5746 §4.5 / RFC 5246 §7.2.2: renegotiation is refused with a warning.
            c.sendAlert(Alert.warning(AlertDescription.NO_RENEGOTIATION));
        } else if (epoch > 0 && !hello) {
            // RFC 5246 §7.4: handshake messages come in the order the handshake defines; after
            // Finished, only a hello may start anything. This one is authenticated: not noise.
            c.fail(new DtlsException(org.dtlsj.error.Reason.UNEXPECTED_MESSAGE,
                    h.type() + " (message_seq " + h.messageSeq() + ") after the handshake completed"), now);
        } else {
            c.stats.droppedUnexpected++;
        }
    }
}
