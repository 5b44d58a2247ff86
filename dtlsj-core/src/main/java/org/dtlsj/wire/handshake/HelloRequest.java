package org.dtlsj.wire.handshake;

import org.dtlsj.wire.DecodeException;
import org.dtlsj.wire.HandshakeType;
import org.dtlsj.wire.WireReader;
import org.dtlsj.wire.WireWriter;

/** {@code struct { } HelloRequest;} (RFC 5246 §7.4.1.1). */
public record HelloRequest() implements HandshakeBody {
    @Override
    public HandshakeType type() {
        return HandshakeType.HELLO_REQUEST;
    }

    @Override
    public void encode(WireWriter w) {
    }

    public static HelloRequest decode(WireReader r) throws DecodeException {
        r.expectEnd("HelloRequest");
        return new HelloRequest();
    }
}
