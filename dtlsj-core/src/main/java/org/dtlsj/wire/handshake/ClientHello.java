package org.dtlsj.wire.handshake;

import java.util.ArrayList;
import java.util.List;
import org.dtlsj.wire.CipherSuiteId;
import org.dtlsj.wire.DecodeException;
import org.dtlsj.wire.HandshakeType;
import org.dtlsj.wire.ProtocolVersion;
import org.dtlsj.wire.WireReader;
import org.dtlsj.wire.WireWriter;
import org.dtlsj.wire.extension.Extensions;

/**
 * <pre>
 * struct {
 *   ProtocolVersion client_version;
 *   Random random;
 *   SessionID session_id;                            // opaque &lt;0..32&gt;
 *   opaque cookie&lt;0..2^8-1&gt;;                         // New field
 *   CipherSuite cipher_suites&lt;2..2^16-1&gt;;
 *   CompressionMethod compression_methods&lt;1..2^8-1&gt;;
 *   select (extensions_present) { case false: struct {}; case true: Extension extensions&lt;0..2^16-1&gt;; };
 * } ClientHello;                                        (RFC 6347 §4.2.1, RFC 5246 §7.4.1.2)
 * </pre>
 */
public record ClientHello(ProtocolVersion clientVersion, byte[] random, byte[] sessionId, byte[] cookie,
                          List<CipherSuiteId> cipherSuites, byte[] compressionMethods, Extensions extensions)
        implements HandshakeBody {
    public static final int RANDOM_LENGTH = 32;
    public static final int MAX_SESSION_ID = 32;
    /** RFC 6347 §4.2.1 (errata for DTLS 1.2 allow 255; OpenSSL caps at 255 too). */
    public static final int MAX_COOKIE = 255;

    public ClientHello {
        random = random.clone();
        sessionId = sessionId.clone();
        cookie = cookie.clone();
        cipherSuites = List.copyOf(cipherSuites);
        compressionMethods = compressionMethods.clone();
        if (random.length != RANDOM_LENGTH) throw new IllegalArgumentException("random must be 32 bytes");
    }

    @Override
    public byte[] random() {
        return random.clone();
    }

    @Override
    public byte[] sessionId() {
        return sessionId.clone();
    }

    @Override
    public byte[] cookie() {
        return cookie.clone();
    }

    @Override
    public byte[] compressionMethods() {
        return compressionMethods.clone();
    }

    public int cookieLength() {
        return cookie.length;
    }

    /** The same hello with another cookie (the client's answer to HelloVerifyRequest). */
    public ClientHello withCookie(byte[] newCookie) {
        return new ClientHello(clientVersion, random, sessionId, newCookie, cipherSuites, compressionMethods, extensions);
    }

    public boolean offers(CipherSuiteId suite) {
        return cipherSuites.contains(suite);
    }

    @Override
    public HandshakeType type() {
        return HandshakeType.CLIENT_HELLO;
    }

    @Override
    public void encode(WireWriter w) {
        clientVersion.encode(w);
        w.bytes(random);
        w.u8Vector(sessionId);
        w.u8Vector(cookie);
        w.u16Prefixed(b -> cipherSuites.forEach(s -> b.u16(s.value())));
        w.u8Vector(compressionMethods);
        extensions.encode(w);
    }

    public static ClientHello decode(WireReader r) throws DecodeException {
        ProtocolVersion v = ProtocolVersion.decode(r);
        byte[] random = r.bytes(RANDOM_LENGTH);
        byte[] sid = r.u8Prefixed().rest();
        if (sid.length > MAX_SESSION_ID) throw new DecodeException("session_id longer than 32 bytes");
        byte[] cookie = r.u8Prefixed().rest();
        WireReader suites = r.u16Prefixed();
        if (suites.remaining() < 2 || suites.remaining() % 2 != 0) {
            throw new DecodeException("cipher_suites of odd or zero length");
        }
        List<CipherSuiteId> list = new ArrayList<>(suites.remaining() / 2);
        while (!suites.isEmpty()) {
            list.add(new CipherSuiteId(suites.u16()));
        }
        byte[] comp = r.u8Prefixed().rest();
        if (comp.length < 1) throw new DecodeException("empty compression_methods");
        Extensions ext = Extensions.decodeTrailing(r);
        return new ClientHello(v, random, sid, cookie, list, comp, ext);
    }
}
