package org.dtlsj.wire.handshake;

import org.dtlsj.wire.DecodeException;
import org.dtlsj.wire.Encodable;
import org.dtlsj.wire.HandshakeType;
import org.dtlsj.wire.WireReader;
import org.dtlsj.wire.WireWriter;

/**
 * The DTLS handshake header (RFC 6347 §4.2.2):
 * <pre>
 * struct {
 *   HandshakeType msg_type;
 *   uint24 length;
 *   uint16 message_seq;                               // New field
 *   uint24 fragment_offset;                           // New field
 *   uint24 fragment_length;                           // New field
 *   ...
 * } Handshake;
 * </pre>
 * Decoding checks the fragment lies inside the message; the caller checks the body length.
 */
public record HandshakeHeader(HandshakeType type, int length, int messageSeq, int fragmentOffset, int fragmentLength)
        implements Encodable {
    public static final int LENGTH = 12;

    /** The header of a message sent whole, as the transcript hashes it (RFC 6347 §4.2.6). */
    public static HandshakeHeader whole(HandshakeType type, int length, int messageSeq) {
        return new HandshakeHeader(type, length, messageSeq, 0, length);
    }

    public boolean isWhole() {
        return fragmentOffset == 0 && fragmentLength == length;
    }

    public int fragmentEnd() {
        return fragmentOffset + fragmentLength;
    }

    @Override
    public void encode(WireWriter w) {
        w.u8(type.value()).u24(length).u16(messageSeq).u24(fragmentOffset).u24(fragmentLength);
    }

    public static HandshakeHeader decode(WireReader r) throws DecodeException {
        HandshakeHeader h = new HandshakeHeader(new HandshakeType(r.u8()), r.u24(), r.u16(), r.u24(), r.u24());
        if ((long) h.fragmentOffset + h.fragmentLength > h.length) {
            throw new DecodeException("handshake fragment [" + h.fragmentOffset + ", +" + h.fragmentLength
                    + ") outside a message of " + h.length + " bytes");
        }
        return h;
    }
}
