package org.dtlsj.handshake.server;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.dtlsj.config.CookieSecrets;
import org.dtlsj.config.DtlsConfig;
import org.dtlsj.wire.ContentType;
import org.dtlsj.wire.DecodeException;
import org.dtlsj.wire.HandshakeType;
import org.dtlsj.wire.ProtocolVersion;
import org.dtlsj.wire.RecordHeader;
import org.dtlsj.wire.WireReader;
import org.dtlsj.wire.WireWriter;
import org.dtlsj.wire.handshake.ClientHello;
import org.dtlsj.wire.handshake.HandshakeHeader;
import org.dtlsj.wire.handshake.HelloVerifyRequest;

/**
 * The stateless cookie exchange of RFC 6347 §4.2.1. Looks at a datagram from an address that has
 * no connection yet and decides, keeping no state at all: a ClientHello with a valid cookie goes
 * on to a new connection; one without earns a HelloVerifyRequest; anything else is dropped.
 *
 * <pre>
 * cookie = generation(1) || HMAC-SHA256(secret, generation || client address || client_version
 *                                        || random || session_id || cipher_suites || compression_methods)[0..30]
 * </pre>
 * The HelloVerifyRequest is never larger than the datagram that provoked it (no amplification),
 * reuses the ClientHello's record sequence number (§4.2.1: "the server MUST use the record
 * sequence number in the ClientHello as the record sequence number in the HelloVerifyRequest")
 * and carries version DTLS 1.0 ("DTLS 1.2 server implementations SHOULD use DTLS version 1.0
 * regardless of the version of TLS that is expected to be negotiated").
 */
public final class CookieExchange {
    public static final int COOKIE_LENGTH = 32;
    /** Highest message_seq a handshake-starting ClientHello may carry (OpenSSL's listen allows the same). */
    public static final int MAX_INITIAL_MESSAGE_SEQ = 2;
    private static final int MAC_LENGTH = COOKIE_LENGTH - 1;

    private CookieExchange() {
    }

    /** The outcome for one datagram. */
    public sealed interface Verdict permits Verified, Challenge, Drop {
    }

    /**
     * A ClientHello that may start a connection (its cookie verified, or cookies are off).
     * @param recordSequence the record's sequence number, for the new connection's replay window
     * @param recordEnd offset in the datagram just past this record: later records follow there
     */
    public record Verified(ClientHello hello, HandshakeHeader header, byte[] body, long recordSequence,
                           int recordEnd) implements Verdict {
    }

    /** Send {@code datagram} (a HelloVerifyRequest) back to the client. */
    public record Challenge(byte[] datagram) implements Verdict {
    }

    /** Not a ClientHello this server can use; nothing is sent. */
    public record Drop(String why) implements Verdict {
    }

    /** Inspects the first record of a datagram from {@code peerAddress} (any stable bytes naming it). */
    public static Verdict inspect(byte[] d, int off, int len, byte[] peerAddress, DtlsConfig config, long nowNanos) {
        Verified hello = parseClientHello(d, off, len);
        if (hello == null) return new Drop("not a whole epoch-0 ClientHello");
        // A first ClientHello has message_seq 0, its repetitions with a cookie 1 (or 2 after a
        // changed cookie): anything else on a fresh address is not a client starting a handshake.
        if (hello.header().messageSeq() > MAX_INITIAL_MESSAGE_SEQ) return new Drop("ClientHello with message_seq " + hello.header().messageSeq());
        if (!config.cookieExchange()) return hello;
        try {
            CookieSecrets.Keys keys = config.cookieSecrets().keys(nowNanos);
            ClientHello ch = hello.hello();
            byte[] cookie = ch.cookie();
            if (cookie.length == COOKIE_LENGTH && verify(keys, cookie, peerAddress, ch)) return hello;
            byte[] hvr = helloVerifyRequest(hello.recordSequence(), make(keys.current(), (byte) keys.generation(), peerAddress, ch));
            // Never answer with more bytes than the datagram that asked (no amplification).
            if (hvr.length > len) return new Drop("HelloVerifyRequest would be larger than the ClientHello");
            return new Challenge(hvr);
        } catch (RuntimeException e) {
            return new Drop("malformed: " + e.getMessage());
        }
    }

    /**
     * The first record of a datagram as a whole, unfragmented epoch-0 ClientHello, without any
     * cookie check (for applications that check cookies themselves); null if it is not one.
     */
    public static Verified parseClientHello(byte[] d, int off, int len) {
        try {
            WireReader r = new WireReader(d, off, len);
            RecordHeader rh = RecordHeader.decode(r);
            if (!rh.type().equals(ContentType.HANDSHAKE) || rh.epoch() != 0 || !rh.version().isDtls()) return null;
            WireReader rec = r.sub(rh.length());
            int recordEnd = rec.position() + rec.remaining();
            HandshakeHeader hh = HandshakeHeader.decode(rec);
            if (!hh.type().equals(HandshakeType.CLIENT_HELLO) || !hh.isWhole() || hh.fragmentLength() > rec.remaining()) return null;
            byte[] body = rec.bytes(hh.fragmentLength());
            ClientHello ch = decodeClientHello(body, 0, body.length);
            return ch == null ? null : new Verified(ch, hh, body, rh.sequenceNumber(), recordEnd);
        } catch (DecodeException | RuntimeException e) {
            return null;
        }
    }

    /** A ClientHello body occupying exactly {@code b[off, off+len)}, or null if it does not decode. */
    public static ClientHello decodeClientHello(byte[] b, int off, int len) {
        try {
            WireReader r = new WireReader(b, off, len);
            ClientHello ch = ClientHello.decode(r);
            r.expectEnd("ClientHello");
            return ch;
        } catch (DecodeException | RuntimeException e) {
            return null;
        }
    }

    /** Whether {@code ch} carries a cookie this server made for {@code peerAddress} (always true with cookies off). */
    public static boolean verifies(ClientHello ch, byte[] peerAddress, DtlsConfig config, long nowNanos) {
        if (!config.cookieExchange()) return true;
        byte[] cookie = ch.cookie();
        return cookie.length == COOKIE_LENGTH && verify(config.cookieSecrets().keys(nowNanos), cookie, peerAddress, ch);
    }

    /** A HelloVerifyRequest datagram for {@code ch}, answering the record numbered {@code recordSeq}. */
    public static byte[] challenge(ClientHello ch, byte[] peerAddress, DtlsConfig config, long recordSeq, long nowNanos) {
        CookieSecrets.Keys keys = config.cookieSecrets().keys(nowNanos);
        return helloVerifyRequest(recordSeq, make(keys.current(), (byte) keys.generation(), peerAddress, ch));
    }

    private static boolean verify(CookieSecrets.Keys keys, byte[] cookie, byte[] peer, ClientHello ch) {
        byte gen = cookie[0];
        byte[] secret;
        if (gen == (byte) keys.generation()) {
            secret = keys.current();
        } else if (gen == (byte) (keys.generation() - 1)) {
            secret = keys.previous();
        } else {
            return false;
        }
        return MessageDigest.isEqual(make(secret, gen, peer, ch), cookie);
    }

    static byte[] make(byte[] secret, byte gen, byte[] peer, ClientHello ch) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            WireWriter w = new WireWriter(256);
            w.u8(gen).u8Vector(peer);
            ch.clientVersion().encode(w);
            w.bytes(ch.random()).u8Vector(ch.sessionId());
            w.u16Prefixed(b -> ch.cipherSuites().forEach(s -> b.u16(s.value())));
            w.u8Vector(ch.compressionMethods());
            // The extensions too: the handshake's transcript starts with this ClientHello, and a
            // copy corrupted on the way (a bit the UDP checksum missed) must not verify. It earns
            // a fresh HelloVerifyRequest instead, made from the copy that did arrive.
            ch.extensions().encode(w);
            byte[] tag = mac.doFinal(w.toByteArray());
            byte[] cookie = new byte[COOKIE_LENGTH];
            cookie[0] = gen;
            System.arraycopy(tag, 0, cookie, 1, MAC_LENGTH);
            return cookie;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    /** A HelloVerifyRequest datagram carrying {@code cookie}, answering the record numbered {@code recordSeq}. */
    public static byte[] helloVerifyRequest(long recordSeq, byte[] cookie) {
        byte[] body = WireWriter.encode(new HelloVerifyRequest(ProtocolVersion.DTLS_1_0, cookie));
        WireWriter w = new WireWriter(RecordHeader.LENGTH + HandshakeHeader.LENGTH + body.length);
        new RecordHeader(ContentType.HANDSHAKE, ProtocolVersion.DTLS_1_0, 0, recordSeq,
                HandshakeHeader.LENGTH + body.length).encode(w);
        // message_seq 0: the server's first message of this (stateless) exchange.
        HandshakeHeader.whole(HandshakeType.HELLO_VERIFY_REQUEST, body.length, 0).encode(w);
        w.bytes(body);
        return w.toByteArray();
    }
}
