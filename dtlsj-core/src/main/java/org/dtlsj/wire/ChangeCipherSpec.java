package org.dtlsj.wire;

/** {@code struct { enum { change_cipher_spec(1), (255) } type; } ChangeCipherSpec;} (RFC 5246 §7.1). */
public record ChangeCipherSpec() implements Encodable {
    public static final int VALUE = 1;

    @Override
    public void encode(WireWriter w) {
        w.u8(VALUE);
    }

    public static ChangeCipherSpec decode(WireReader r) throws DecodeException {
        int v = r.u8();
        if (v != VALUE) throw new DecodeException("ChangeCipherSpec value " + v);
        r.expectEnd("ChangeCipherSpec");
        return new ChangeCipherSpec();
    }
}
