package org.dtlsj.wire.handshake;

import org.dtlsj.wire.DecodeException;
import org.dtlsj.wire.HandshakeType;
import org.dtlsj.wire.ProtocolVersion;
import org.dtlsj.wire.WireReader;
import org.dtlsj.wire.WireWriter;

/**
 * <pre>
 * struct {
 *   ProtocolVersion server_version;
 *   opaque cookie&lt;0..2^8-1&gt;;
 * } HelloVerifyRequest;                                 (RFC 6347 §4.2.1)
 * </pre>
 */
public record HelloVerifyRequest(ProtocolVersion serverVersion, byte[] cookie) implements HandshakeBody {
    /** RFC 6347 §4.2.1: "DTLS 1.2 server implementations SHOULD use DTLS version 1.0 regardless of the version of TLS that is expected to be negotiated." */
    public HelloVerifyRequest {
        cookie = cookie.clone();
    }

    @Override
    public byte[] cookie() {
        return cookie.clone();
    }

    @Override
    public HandshakeType type() {
        return HandshakeType.HELLO_VERIFY_REQUEST;
    }

    @Override
    public void encode(WireWriter w) {
        serverVersion.encode(w);
        w.u8Vector(cookie);
    }

    public static HelloVerifyRequest decode(WireReader r) throws DecodeException {
        ProtocolVersion v = ProtocolVersion.decode(r);
        byte[] cookie = r.u8Prefixed().rest();
        r.expectEnd("HelloVerifyRequest");
        return new HelloVerifyRequest(v, cookie);
    }
}
