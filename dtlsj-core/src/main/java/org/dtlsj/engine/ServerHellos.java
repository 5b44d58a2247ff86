package org.dtlsj.engine;

import java.util.Arrays;
import org.dtlsj.handshake.HandshakeContext;
import org.dtlsj.handshake.HandshakeMessage;
import org.dtlsj.handshake.Reassembler;
import org.dtlsj.handshake.server.CookieExchange;
import org.dtlsj.handshake.server.ExpectClientHello;
import org.dtlsj.wire.HandshakeType;
import org.dtlsj.wire.RecordHeader;
import org.dtlsj.wire.handshake.ClientHello;
import org.dtlsj.wire.handshake.HandshakeHeader;

/**
 * Server: the ClientHellos that start a connection's handshake, or restart it. The first one
 * passes the stateless cookie check (RFC 6347 §4.2.1) before anything is kept; a later one from
 * the same peer, with a new random or message_seq, replaces the handshake in progress only once
 * its cookie verifies (in the spirit of §4.2.8).
 */
final class ServerHellos {
    private final DtlsConnection c;
    /** The message_seq and random of the ClientHello being answered. */
    private int clientHelloSeq;
    private byte[] clientHelloRandom;

    ServerHellos(DtlsConnection c) {
        this.c = c;
    }

    /** A datagram from the peer before any handshake: the stateless cookie check decides. */
    void accept(byte[] d, int off, int len, long now) {
        CookieExchange.Verdict v = CookieExchange.inspect(d, off, len, c.peerAddress, c.config, now);
        switch (v) {
            case CookieExchange.Challenge challenge -> {
                if (c.tracer != null) c.tracer.event("ClientHello without a valid cookie: HelloVerifyRequest sent, no state kept");
                c.outbound.add(challenge.datagram());
            }
            case CookieExchange.Drop drop -> c.stats.droppedUnexpected++;
            case CookieExchange.Verified ok -> {
                c.started = true;
                c.handshakeDeadline = now + c.config.handshakeTimeout().toNanos();
                c.stats.recordsReceived++;
                c.records.writeEpoch().skipTo(ok.recordSequence());
                answerClientHello(ok.header().messageSeq(), ok.hello().random(), ok.body(), now);
                if (c.status != DtlsConnection.Status.FAILED) c.records.read(d, ok.recordEnd(), off + len - ok.recordEnd(), now, c.sink);
            }
        }
    }

    /**
     * A ClientHello other than the one being answered, from the same address, during the
     * handshake. Without a valid cookie it gets a HelloVerifyRequest (still keeping no state for
     * it); with one, it replaces the handshake in progress. Returns false for a copy of the
     * current ClientHello, which takes the ordinary path.
     */
    boolean onNewClientHello(HandshakeHeader h, byte[] b, int fragAt, long recordSeq, long now) {
        ClientHello ch = CookieExchange.decodeClientHello(b, fragAt, h.fragmentLength());
        if (ch == null) return false;
        // A copy of the ClientHello being answered takes the ordinary path (duplicate, conflict,
        // retransmission); one whose message_seq was corrupted on the first copy does not.
        if (Arrays.equals(ch.random(), clientHelloRandom) && h.messageSeq() == clientHelloSeq) return false;
        if (!CookieExchange.verifies(ch, c.peerAddress, c.config, now)) {
            byte[] hvr = CookieExchange.challenge(ch, c.peerAddress, c.config, recordSeq, now);
            if (hvr.length <= RecordHeader.LENGTH + HandshakeHeader.LENGTH + h.length()) c.outbound.add(hvr);
            return true;
        }
        c.recovery.clear();
        c.records.resetToEpochZero();
        c.earlyChangeCipherSpec = false;
        c.flights.release();
        c.peerFlightEndSeq = -1;
        c.records.writeEpoch().skipTo(recordSeq);
        answerClientHello(h.messageSeq(), ch.random(), Arrays.copyOfRange(b, fragAt, fragAt + h.length()), now);
        return true;
    }

    /** Server: starts the handshake with a ClientHello whose cookie verified. */
    private void answerClientHello(int seq, byte[] random, byte[] body, long now) {
        clientHelloSeq = seq;
        clientHelloRandom = random;
        c.cx = new HandshakeContext(c.config, false, null);
        // RFC 6347 §4.2.2: the server's first message after a cookie exchange takes the
        // ClientHello's message_seq (ServerHello seq=1 after ClientHello seq=1).
        c.cx.startSendSeq(seq);
        c.reassembler = new Reassembler(c.config.limits(), seq + 1);
        c.state = new ExpectClientHello();
        c.input.checkpointAt(seq);
        c.input.handle(new HandshakeMessage(HandshakeType.CLIENT_HELLO, seq, body), now);
    }

    /** A replacement ClientHello must carry a valid cookie, as the first one did. */
    boolean plausible(HandshakeHeader h, byte[] b, int fragAt, long now) {
        ClientHello ch = h.isWhole() ? CookieExchange.decodeClientHello(b, fragAt, h.fragmentLength()) : null;
        return ch != null && CookieExchange.verifies(ch, c.peerAddress, c.config, now);
    }
}
