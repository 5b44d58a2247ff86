package org.dtlsj.wire.extension;

import java.util.ArrayList;
import java.util.List;
import org.dtlsj.wire.DecodeException;
import org.dtlsj.wire.Encodable;
import org.dtlsj.wire.WireReader;
import org.dtlsj.wire.WireWriter;

/**
 * client_certificate_type and server_certificate_type (RFC 7250 §3): in ClientHello a list,
 * {@code CertificateType types<1..2^8-1>}; in ServerHello the one chosen.
 *
 * @param types wire values (open: a peer may list types dtlsj does not know)
 * @param single the ServerHello form
 */
public record CertificateTypes(List<Integer> types, boolean single) implements Encodable {
    public CertificateTypes {
        types = List.copyOf(types);
        if (types.isEmpty() || types.size() > 255 || (single && types.size() != 1)) {
            throw new IllegalArgumentException("certificate types: " + types);
        }
    }

    public static CertificateTypes chosen(int type) {
        return new CertificateTypes(List.of(type), true);
    }

    @Override
    public void encode(WireWriter w) {
        if (single) {
            w.u8(types.get(0));
        } else {
            w.u8Prefixed(b -> types.forEach(b::u8));
        }
    }

    /** The ClientHello form. */
    public static CertificateTypes decodeList(WireReader r) throws DecodeException {
        WireReader list = r.u8Prefixed();
        if (list.isEmpty()) throw new DecodeException("empty certificate type list");
        List<Integer> out = new ArrayList<>();
        while (!list.isEmpty()) out.add(list.u8());
        r.expectEnd("certificate type list");
        return new CertificateTypes(out, false);
    }

    /** The ServerHello form. */
    public static CertificateTypes decodeSingle(WireReader r) throws DecodeException {
        int t = r.u8();
        r.expectEnd("certificate type");
        return chosen(t);
    }
}
