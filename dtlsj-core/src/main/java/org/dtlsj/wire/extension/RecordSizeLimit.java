package org.dtlsj.wire.extension;

import org.dtlsj.error.AlertDescription;
import org.dtlsj.wire.DecodeException;
import org.dtlsj.wire.Encodable;
import org.dtlsj.wire.WireReader;
import org.dtlsj.wire.WireWriter;

/**
 * {@code uint16 RecordSizeLimit;} (RFC 8449 §4): the largest plaintext of a protected record the
 * sender is willing to receive. Values below 64 "MUST" be treated as a fatal illegal_parameter.
 */
public record RecordSizeLimit(int limit) implements Encodable {
    public static final int MIN = 64;
    /** The protocol limit for (D)TLS 1.2 plaintext. */
    public static final int MAX_DTLS12 = 1 << 14;

    public RecordSizeLimit {
        if (limit < 0 || limit > 0xffff) throw new IllegalArgumentException("record_size_limit out of range: " + limit);
    }

    @Override
    public void encode(WireWriter w) {
        w.u16(limit);
    }

    public static RecordSizeLimit decode(WireReader r) throws DecodeException {
        int v = r.u16();
        r.expectEnd("record_size_limit");
        if (v < MIN) throw new DecodeException(AlertDescription.ILLEGAL_PARAMETER, "record_size_limit " + v + " is below 64");
        return new RecordSizeLimit(v);
    }
}
