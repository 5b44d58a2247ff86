package org.dtlsj.handshake;

import org.dtlsj.wire.HandshakeType;
import org.dtlsj.wire.WireWriter;
import org.dtlsj.wire.handshake.HandshakeHeader;

/**
 * A whole handshake message: reassembled when received, unfragmented when built. The transcript
 * hashes it as if it had been sent in one fragment (RFC 6347 §4.2.6).
 */
public record HandshakeMessage(HandshakeType type, int messageSeq, byte[] body) {
    /** Header (with fragment_offset 0 and fragment_length = length) followed by the body. */
    public byte[] transcriptBytes() {
        WireWriter w = new WireWriter(HandshakeHeader.LENGTH + body.length);
        HandshakeHeader.whole(type, body.length, messageSeq).encode(w);
        w.bytes(body);
        return w.toByteArray();
    }

    @Override
    public String toString() {
        return type + "(seq=" + messageSeq + ", " + body.length + " bytes)";
    }
}
