package org.dtlsj.wire;

/**
 * The DTLS 1.0/1.2 record header (RFC 6347 §4.1):
 * <pre>
 * struct {
 *   ContentType type;
 *   ProtocolVersion version;
 *   uint16 epoch;                                    // New field
 *   uint48 sequence_number;                          // New field
 *   uint16 length;
 *   opaque fragment[DTLSPlaintext.length];
 * } DTLSPlaintext;
 * </pre>
 */
public record RecordHeader(ContentType type, ProtocolVersion version, int epoch, long sequenceNumber, int length)
        implements Encodable {
    public static final int LENGTH = 13;
    public static final long MAX_SEQUENCE = (1L << 48) - 1;

    @Override
    public void encode(WireWriter w) {
        w.u8(type.value());
        version.encode(w);
        w.u16(epoch).u48(sequenceNumber).u16(length);
    }

    public static RecordHeader decode(WireReader r) throws DecodeException {
        return new RecordHeader(new ContentType(r.u8()), ProtocolVersion.decode(r), r.u16(), r.u48(), r.u16());
    }
}
