package org.dtlsj.wire.handshake;

import org.dtlsj.wire.DecodeException;
import org.dtlsj.wire.HandshakeType;
import org.dtlsj.wire.WireReader;
import org.dtlsj.wire.WireWriter;

/** {@code struct { } ServerHelloDone;} (RFC 5246 §7.4.5). */
public record ServerHelloDone() implements HandshakeBody {
    @Override
    public HandshakeType type() {
        return HandshakeType.SERVER_HELLO_DONE;
    }

    @Override
    public void encode(WireWriter w) {
    }

    public static ServerHelloDone decode(WireReader r) throws DecodeException {
        r.expectEnd("ServerHelloDone");
        return new ServerHelloDone();
    }
}
