package org.dtlsj.wire.heartbeat;

import org.dtlsj.error.AlertDescription;
import org.dtlsj.wire.DecodeException;
import org.dtlsj.wire.Encodable;
import org.dtlsj.wire.WireReader;
import org.dtlsj.wire.WireWriter;

/**
 * The heartbeat hello extension (RFC 6520 §2):
 * <pre>
 * enum { peer_allowed_to_send(1), peer_not_allowed_to_send(2), (255) } HeartbeatMode;
 * struct { HeartbeatMode mode; } HeartbeatExtension;
 * </pre>
 * "Upon reception of an unknown mode, an error Alert message using illegal_parameter as its
 * AlertDescription MUST be sent in response."
 */
public record HeartbeatMode(int mode) implements Encodable {
    /** The sender of the extension answers heartbeat requests. */
    public static final HeartbeatMode PEER_ALLOWED_TO_SEND = new HeartbeatMode(1);
    /** The sender of the extension sends requests but does not answer them. */
    public static final HeartbeatMode PEER_NOT_ALLOWED_TO_SEND = new HeartbeatMode(2);

    public boolean allowsPeerToSend() {
        return mode == 1;
    }

    @Override
    public void encode(WireWriter w) {
        w.u8(mode);
    }

    public static HeartbeatMode decode(WireReader r) throws DecodeException {
        int m = r.u8();
        if (m != 1 && m != 2) throw new DecodeException(AlertDescription.ILLEGAL_PARAMETER, "unknown HeartbeatMode " + m);
        return new HeartbeatMode(m);
    }
}
