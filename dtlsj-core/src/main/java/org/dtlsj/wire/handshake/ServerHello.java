package org.dtlsj.wire.handshake;

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
 *   ProtocolVersion server_version;
 *   Random random;
 *   SessionID session_id;
 *   CipherSuite cipher_suite;
 *   CompressionMethod compression_method;
 *   select (extensions_present) { case false: struct {}; case true: Extension extensions&lt;0..2^16-1&gt;; };
 * } ServerHello;                                        (RFC 5246 §7.4.1.3)
 * </pre>
 */
public record ServerHello(ProtocolVersion serverVersion, byte[] random, byte[] sessionId, CipherSuiteId cipherSuite,
                          int compressionMethod, Extensions extensions) implements HandshakeBody {
    public ServerHello {
        random = random.clone();
        sessionId = sessionId.clone();
        if (random.length != ClientHello.RANDOM_LENGTH) throw new IllegalArgumentException("random must be 32 bytes");
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
    public HandshakeType type() {
        return HandshakeType.SERVER_HELLO;
    }

    @Override
    public void encode(WireWriter w) {
        serverVersion.encode(w);
        w.bytes(random);
        w.u8Vector(sessionId);
        w.u16(cipherSuite.value());
        w.u8(compressionMethod);
        extensions.encode(w);
    }

    public static ServerHello decode(WireReader r) throws DecodeException {
        ProtocolVersion v = ProtocolVersion.decode(r);
        byte[] random = r.bytes(ClientHello.RANDOM_LENGTH);
        byte[] sid = r.u8Prefixed().rest();
        if (sid.length > ClientHello.MAX_SESSION_ID) throw new DecodeException("session_id longer than 32 bytes");
        CipherSuiteId suite = new CipherSuiteId(r.u16());
        int comp = r.u8();
        Extensions ext = Extensions.decodeTrailing(r);
        return new ServerHello(v, random, sid, suite, comp, ext);
    }
}
