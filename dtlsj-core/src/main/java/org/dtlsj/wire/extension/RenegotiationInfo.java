package org.dtlsj.wire.extension;

import org.dtlsj.wire.DecodeException;
import org.dtlsj.wire.Encodable;
import org.dtlsj.wire.WireReader;
import org.dtlsj.wire.WireWriter;

/**
 * {@code struct { opaque renegotiated_connection<0..255>; } RenegotiationInfo;} (RFC 5746 §3.2).
 * Empty on an initial handshake.
 */
public record RenegotiationInfo(byte[] renegotiatedConnection) implements Encodable {
    public static final RenegotiationInfo INITIAL = new RenegotiationInfo(new byte[0]);

    public RenegotiationInfo {
        renegotiatedConnection = renegotiatedConnection.clone();
    }

    @Override
    public byte[] renegotiatedConnection() {
        return renegotiatedConnection.clone();
    }

    @Override
    public void encode(WireWriter w) {
        w.u8Vector(renegotiatedConnection);
    }

    public static RenegotiationInfo decode(WireReader r) throws DecodeException {
        return new RenegotiationInfo(r.u8Prefixed().rest());
    }
}
