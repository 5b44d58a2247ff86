package org.dtlsj.engine;

import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.dtlsj.error.AlertDescription;
import org.dtlsj.error.DtlsException;
import org.dtlsj.error.Reason;
import org.dtlsj.handshake.HandshakeContext;
import org.dtlsj.handshake.Reassembler;
import org.dtlsj.handshake.client.ClientStart;
import org.dtlsj.handshake.server.ExpectClientHello;
import org.dtlsj.wire.Alert;
import org.dtlsj.wire.ContentType;
import org.dtlsj.wire.HandshakeType;
import org.dtlsj.wire.handshake.HandshakeHeader;

/**
 * Secure renegotiation (RFC 5746) of one established {@link DtlsConnection}: a new handshake
 * under the current keys while application data goes on flowing, started by either side.
 *
 * <ul>
 *   <li>The client starts one with a ClientHello in the current epoch; the server asks for one
 *       with a HelloRequest (RFC 5246 §7.4.1.1), resent on the §4.2.4 timer until the ClientHello
 *       comes, the client refuses (no_renegotiation), or the handshake timeout passes.
 *   <li>message_seq starts again at 0 on each side (RFC 6347 §4.2.2: "the HelloRequest will have
 *       message_seq = 0 and the ServerHello will have message_seq = 1").
 *   <li>Records of the old epoch stay readable until the handshake completes and for a while
 *       after; records of the new one that come before its keys are kept, checked as soon as the
 *       keys are known, and delivered once the peer's Finished confirmed them (RFC 6347 §4.1, see
 *       {@link RecordLayer}).
 *   <li>The peer may not change who it is: a certificate, raw key or PSK identity presented
 *       before must be presented again (a client may gain one, as when a server asks for client
 *       authentication only now).
 * </ul>
 */
final class Renegotiation {
    private final DtlsConnection c;
    /** A handshake runs on the established connection. */
    private boolean active;
    /** A message of the new handshake came from the peer: it can no longer be called off quietly. */
    private boolean heardFromPeer;
    /** Server: a HelloRequest went out, so this handshake's ServerHello is message_seq 1. */
    private boolean helloRequestSent;
    private long helloRequestNext = Long.MAX_VALUE;
    private long helloRequestDeadline = Long.MAX_VALUE;
    private long helloRequestInterval;
    /** Application data written while the handshake proper runs (see {@link #hold}). */
    private java.util.ArrayDeque<Held> held;

    /** Data held back, and where it goes over SCTP. */
    private record Held(byte[] data, org.dtlsj.sctp.SctpSndInfo info, org.dtlsj.sctp.SctpPrInfo pr) {
    }
    /** What the last completed handshake leaves to the next one (RFC 5746 §3.1). */
    private HandshakeContext.Renegotiated last;

    Renegotiation(DtlsConnection c) {
        this.c = c;
    }

    boolean active() {
        return active;
    }

    /** A handshake completed: keep its verify_data for the next renegotiation. */
    void handshakeCompleted(HandshakeContext cx) {
        // A client keeps the server's cookie for its renegotiations (see ClientStart).
        byte[] cookie = cx.cookie.length > 0 || last == null ? cx.cookie : last.cookie();
        last = new HandshakeContext.Renegotiated(cx.clientVerifyData, cx.serverVerifyData, cx.version, cookie);
    }

    /** Why the application may not renegotiate now, or null if it may. */
    String refusal() {
        if (c.status != DtlsConnection.Status.CONNECTED) return "the connection is " + c.status;
        if (active || helloRequestNext != Long.MAX_VALUE) return "a renegotiation is already in progress";
        if (!c.config.renegotiation().allowsLocal()) return "renegotiation is refused by configuration";
        if (!c.session().secureRenegotiation()) return "the peer does not support secure renegotiation (RFC 5746)";
        return null;
    }

    /** The application asks for a new handshake. */
    void request(long now) {
        if (c.client) {
            startAsClient(0, now);
        } else {
            helloRequestSent = true;
            helloRequestInterval = c.config.initialRetransmit().toNanos();
            helloRequestDeadline = now + c.config.handshakeTimeout().toNanos();
            sendHelloRequest(now);
        }
    }

    private void sendHelloRequest(long now) {
        byte[] msg = new byte[HandshakeHeader.LENGTH]; // type hello_request (0), empty body, message_seq 0
        c.outbound.add(c.records.seal(ContentType.HANDSHAKE, msg, 0, msg.length));
        if (c.tracer != null) c.tracer.handshake(Tracer.Direction.SENT, HandshakeType.HELLO_REQUEST, 0, 0);
        helloRequestNext = now + helloRequestInterval;
    }

    long deadline() {
        return Math.min(helloRequestNext, helloRequestDeadline);
    }

    /** The HelloRequest timer: resend with the §4.2.4 back-off, or give up at the handshake timeout. */
    void onTimer(long now) {
        if (now - helloRequestDeadline >= 0) {
            refused("the client did not answer the HelloRequest within " + c.config.handshakeTimeout().toMillis() + " ms");
        } else if (now - helloRequestNext >= 0) {
            c.stats.retransmissions++;
            helloRequestInterval = Math.min(2 * helloRequestInterval, c.config.maxRetransmit().toNanos());
            sendHelloRequest(now);
        }
    }

    /**
     * An authenticated hello after the handshake: a ClientHello (server) or HelloRequest (client)
     * in the current epoch. Returns true if a renegotiation started; false if it was refused with
     * a no_renegotiation warning (RFC 5746 §4.5 / RFC 5246 §7.2.2).
     */
    boolean onPeerHello(HandshakeHeader h, long now) {
        boolean allowed = c.session().secureRenegotiation()
                && (c.config.renegotiation().acceptsPeer() || (!c.client && helloRequestSent));
        if (!allowed) {
            if (h.fragmentOffset() == 0) c.sendAlert(Alert.warning(AlertDescription.NO_RENEGOTIATION));
            return false;
        }
        if (c.client) {
            if (!h.isWhole() || h.length() != 0) return false;
            startAsClient(h.messageSeq() + 1, now);
        } else {
            startAsServer(h.messageSeq(), now);
        }
        return true;
    }

    private void startAsClient(int firstServerSeq, long now) {
        HandshakeContext cx = new HandshakeContext(c.config, true, c.serverName());
        cx.renegotiation = last;
        begin(cx, firstServerSeq, now);
        c.state = ClientStart.start(cx);
        c.sendPendingFlight(now);
        c.input.checkpoint();
    }

    private void startAsServer(int clientHelloSeq, long now) {
        HandshakeContext cx = new HandshakeContext(c.config, false, null);
        cx.renegotiation = last;
        // RFC 6347 §4.2.2: after our HelloRequest (message_seq 0), ServerHello is 1.
        cx.startSendSeq(helloRequestSent ? 1 : 0);
        helloRequestNext = Long.MAX_VALUE;
        helloRequestDeadline = Long.MAX_VALUE;
        begin(cx, clientHelloSeq, now);
        c.state = new ExpectClientHello();
        c.input.checkpointAt(clientHelloSeq);
    }

    private void begin(HandshakeContext cx, int peerSeq, long now) {
        active = true;
        heardFromPeer = false;
        c.flights.release();
        c.flights.cancelTimer();
        c.recovery.clear();
        c.cx = cx;
        cx.startSendEpoch(c.records.writeEpoch().epoch());
        c.reassembler = new Reassembler(c.config.limits(), peerSeq);
        c.peerFlightEndSeq = -1;
        c.earlyChangeCipherSpec = false;
        c.handshakeDeadline = now + c.config.handshakeTimeout().toNanos();
        c.records.beginHandshake();
        if (c.sctp != null) c.sctp.beginHandshake();
    }

    /** A message of the new handshake from the peer was processed. */
    void heard() {
        heardFromPeer = true;
    }

    /**
     * The handshake ran out of time. Before the peer answered at all, it is called off and the
     * connection goes on under its keys; after, the two sides may no longer agree on the keys,
     * so the connection fails.
     */
    void onHandshakeTimeout(long now) {
        if (heardFromPeer) {
            c.fail(new DtlsException(Reason.HANDSHAKE_TIMEOUT, "renegotiation timed out after "
                    + c.config.handshakeTimeout().toMillis() + " ms " + c.state), now);
        } else {
            refused("the peer did not answer the renegotiation within " + c.config.handshakeTimeout().toMillis() + " ms");
        }
    }

    /** A no_renegotiation warning from the peer: what we asked for is refused. */
    void onNoRenegotiation() {
        if (helloRequestNext != Long.MAX_VALUE || (active && !heardFromPeer)) refused("the peer answered with no_renegotiation");
    }

    private void refused(String why) {
        helloRequestNext = Long.MAX_VALUE;
        helloRequestDeadline = Long.MAX_VALUE;
        helloRequestSent = false;
        if (active) {
            active = false;
            c.flights.cancelTimer();
            c.flights.release();
            c.records.abandonHandshake();
            c.recovery.clear();
            c.cx = null;
            c.state = null;
            c.reassembler.clear();
            c.peerFlightEndSeq = -1;
            flushHeld();
        }
        if (c.tracer != null) c.tracer.event("renegotiation refused: " + why);
        c.events().add(new DtlsEvent.RenegotiationRefused(why));
    }

    /**
     * Application data the application sends now: held (true) while the handshake runs, then
     * sent under the new keys — by a client from its ClientHello on, by a server from its
     * ServerHello on. RFC 5246 lets records of different types interleave, but OpenSSL (3.0)
     * ends the connection with unexpected_message when application data reaches a server that
     * has read the ClientHello, or a client that has read the ServerHello, before the handshake
     * ends. At most {@code maxApplicationQueue} records.
     *
     * @throws IllegalStateException when that many wait already
     */
    boolean hold(byte[] data, int off, int len, org.dtlsj.sctp.SctpSndInfo info, org.dtlsj.sctp.SctpPrInfo pr) {
        if (!active || (!c.client && c.state instanceof ExpectClientHello)) return false;
        if (held == null) held = new java.util.ArrayDeque<>();
        if (held.size() >= c.config.limits().maxApplicationQueue()) {
            throw new IllegalStateException("a renegotiation is in progress and " + held.size()
                    + " records already wait for it to complete: try again when it has");
        }
        held.add(new Held(java.util.Arrays.copyOfRange(data, off, off + len), info, pr));
        return true;
    }

    private void flushHeld() {
        if (held == null) return;
        for (Held d; (d = held.poll()) != null; ) c.sealApplicationData(d.data(), 0, d.data().length, d.info(), d.pr());
        held = null;
    }

    /**
     * The new handshake completed (before the engine installs its results): checks the peer is
     * who it was, then returns null, or the failure.
     */
    DtlsException checkIdentity(SessionInfo before, HandshakeContext cx) {
        boolean changed = changed(before.peerCertificates(), cx.peerChain)
                || (before.peerRawPublicKey() != null && !before.peerRawPublicKey().equals(cx.peerRawPublicKey))
                || (before.pskIdentity() != null && !Arrays.equals(before.pskIdentity(), cx.pskIdentity));
        return changed ? new DtlsException(Reason.SECURITY_REQUIREMENT,
                "the peer presented a different identity in the renegotiation than before") : null;
    }

    /** Same end-entity certificate, or one for the same subject and names (a renewed certificate). */
    private static boolean changed(List<X509Certificate> before, List<X509Certificate> now) {
        if (before.isEmpty()) return false;
        if (now.isEmpty()) return true;
        X509Certificate a = before.get(0);
        X509Certificate b = now.get(0);
        if (a.equals(b)) return false;
        try {
            return !a.getSubjectX500Principal().equals(b.getSubjectX500Principal())
                    || !Objects.equals(a.getSubjectAlternativeNames(), b.getSubjectAlternativeNames());
        } catch (java.security.cert.CertificateParsingException e) {
            return true;
        }
    }

    /** The renegotiation completed: held data goes out under the new keys. */
    void completed() {
        active = false;
        helloRequestSent = false;
        flushHeld();
    }

    /** The connection failed or closed: no renegotiation goes on, and nothing held is sent. */
    void discard() {
        held = null;
        active = false;
        helloRequestNext = Long.MAX_VALUE;
        helloRequestDeadline = Long.MAX_VALUE;
    }

}
