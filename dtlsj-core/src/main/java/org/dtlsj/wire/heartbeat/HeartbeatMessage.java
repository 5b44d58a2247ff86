package org.dtlsj.wire.heartbeat;

import org.dtlsj.wire.DecodeException;
import org.dtlsj.wire.Encodable;
import org.dtlsj.wire.WireReader;
import org.dtlsj.wire.WireWriter;

/**
 * <pre>
 * struct {
 *    HeartbeatMessageType type;                 // heartbeat_request(1), heartbeat_response(2)
 *    uint16 payload_length;
 *    opaque payload[HeartbeatMessage.payload_length];
 *    opaque padding[padding_length];            // at least 16 bytes
 * } HeartbeatMessage;                           (RFC 6520 §4)
 * </pre>
 * Decoding enforces the lesson of Heartbleed (CVE-2014-0160): a payload_length that does not
 * leave room for at least 16 bytes of padding inside the record is "too large", and the message
 * is refused — the caller discards it silently, as §4 requires.
 */
public record HeartbeatMessage(int type, byte[] payload, byte[] padding) implements Encodable {
    public static final int REQUEST = 1;
    public static final int RESPONSE = 2;
    /** RFC 6520 §4: "The padding_length MUST be at least 16." */
    public static final int MIN_PADDING = 16;
    /** RFC 6520 §4: "The total length of a HeartbeatMessage MUST NOT exceed 2^14". */
    public static final int MAX_LENGTH = 16384;

    public HeartbeatMessage {
        payload = payload.clone();
        padding = padding.clone();
    }

    @Override
    public byte[] payload() {
        return payload.clone();
    }

    @Override
    public byte[] padding() {
        return padding.clone();
    }

    public int length() {
        return 3 + payload.length + padding.length;
    }

    @Override
    public void encode(WireWriter w) {
        w.u8(type).u16(payload.length).bytes(payload).bytes(padding);
    }

    /** Decodes a whole record's plaintext; the padding is everything after the payload. */
    public static HeartbeatMessage decode(WireReader r) throws DecodeException {
        int total = r.remaining();
        if (total > MAX_LENGTH) throw new DecodeException("heartbeat message of " + total + " bytes exceeds 2^14");
        int type = r.u8();
        int payloadLength = r.u16();
        if (3 + payloadLength + MIN_PADDING > total) {
            throw new DecodeException("heartbeat payload_length " + payloadLength + " too large for a message of " + total + " bytes");
        }
        byte[] payload = r.bytes(payloadLength);
        return new HeartbeatMessage(type, payload, r.rest());
    }
}
