package org.dtlsj.wire.extension;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.dtlsj.error.AlertDescription;
import org.dtlsj.wire.DecodeException;
import org.dtlsj.wire.Encodable;
import org.dtlsj.wire.ExtensionType;
import org.dtlsj.wire.WireReader;
import org.dtlsj.wire.WireWriter;

/**
 * {@code Extension extensions<0..2^16-1>;} as it ends a hello message.
 *
 * <p>RFC 5246 §7.4.1.4: "There MUST NOT be more than one extension of the same type" — a
 * duplicate fails the decode. A hello whose extension block is absent altogether (RFC 5246
 * §7.4.1.2 allows that) decodes to {@link #NONE} and re-encodes to nothing, so the round trip
 * keeps the distinction.
 */
public record Extensions(List<Extension> list, boolean present) implements Encodable {
    /** No extension block on the wire at all. */
    public static final Extensions NONE = new Extensions(List.of(), false);

    public Extensions {
        list = List.copyOf(list);
    }

    public static Extensions of(List<Extension> list) {
        return new Extensions(list, true);
    }

    public Optional<Extension> find(ExtensionType type) {
        for (Extension e : list) {
            if (e.type().equals(type)) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }

    public boolean has(ExtensionType type) {
        return find(type).isPresent();
    }

    @Override
    public void encode(WireWriter w) {
        if (!present) {
            return;
        }
        w.u16Prefixed(b -> {
            for (Extension e : list) {
                e.encode(b);
            }
        });
    }

    /** Decodes the optional trailing extension block of a hello: everything left in {@code r}. */
    public static Extensions decodeTrailing(WireReader r) throws DecodeException {
        if (r.isEmpty()) {
            return NONE;
        }
        WireReader body = r.u16Prefixed();
        r.expectEnd("extensions");
        List<Extension> out = new ArrayList<>();
        Set<Integer> seen = new HashSet<>();
        while (!body.isEmpty()) {
            Extension e = Extension.decode(body);
            if (!seen.add(e.type().value())) {
                throw new DecodeException(AlertDescription.ILLEGAL_PARAMETER, "duplicate extension " + e.type());
            }
            out.add(e);
        }
        return new Extensions(out, true);
    }
}
