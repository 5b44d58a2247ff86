package org.dtlsj.wire.extension;

import org.dtlsj.wire.DecodeException;
import org.dtlsj.wire.Encodable;
import org.dtlsj.wire.ExtensionType;
import org.dtlsj.wire.WireReader;
import org.dtlsj.wire.WireWriter;

/**
 * <pre>
 * struct {
 *     ExtensionType extension_type;
 *     opaque extension_data&lt;0..2^16-1&gt;;
 * } Extension;                                          (RFC 5246 §7.4.1.4)
 * </pre>
 * The body stays opaque here; typed views live beside this class.
 */
public record Extension(ExtensionType type, byte[] data) implements Encodable {
    public Extension {
        data = data.clone();
    }

    @Override
    public byte[] data() {
        return data.clone();
    }

    /** A reader over the body, for typed decoding. */
    public WireReader reader() {
        return new WireReader(data);
    }

    @Override
    public void encode(WireWriter w) {
        w.u16(type.value()).u16Vector(data);
    }

    public static Extension decode(WireReader r) throws DecodeException {
        ExtensionType type = new ExtensionType(r.u16());
        return new Extension(type, r.u16Prefixed().rest());
    }

    public static Extension of(ExtensionType type, Encodable body) {
        return new Extension(type, WireWriter.encode(body));
    }

    public static Extension empty(ExtensionType type) {
        return new Extension(type, new byte[0]);
    }
}
