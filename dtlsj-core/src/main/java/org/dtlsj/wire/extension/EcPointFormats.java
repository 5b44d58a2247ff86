package org.dtlsj.wire.extension;

import org.dtlsj.wire.DecodeException;
import org.dtlsj.wire.Encodable;
import org.dtlsj.wire.WireReader;
import org.dtlsj.wire.WireWriter;

/**
 * {@code struct { ECPointFormat ec_point_format_list<1..2^8-1> } ECPointFormatList;} (RFC 8422
 * §5.1.2). Only {@code uncompressed(0)} is in use; RFC 8422 §5.1.2 says the list, when sent,
 * MUST contain it.
 */
public record EcPointFormats(byte[] formats) implements Encodable {
    public static final int UNCOMPRESSED = 0;
    public static final EcPointFormats UNCOMPRESSED_ONLY = new EcPointFormats(new byte[] {UNCOMPRESSED});

    public EcPointFormats {
        formats = formats.clone();
    }

    public boolean includesUncompressed() {
        for (byte f : formats) {
            if (f == UNCOMPRESSED) return true;
        }
        return false;
    }

    @Override
    public void encode(WireWriter w) {
        w.u8Vector(formats);
    }

    public static EcPointFormats decode(WireReader r) throws DecodeException {
        byte[] f = r.u8Prefixed().rest();
        if (f.length == 0) {
            throw new DecodeException("empty ec_point_formats");
        }
        return new EcPointFormats(f);
    }
}
