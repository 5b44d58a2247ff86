package org.dtlsj.wire.extension;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.dtlsj.wire.DecodeException;
import org.dtlsj.wire.Encodable;
import org.dtlsj.wire.WireReader;
import org.dtlsj.wire.WireWriter;

/**
 * application_layer_protocol_negotiation (RFC 7301 §3.1):
 * <pre>
 * opaque ProtocolName&lt;1..2^8-1&gt;;
 * struct { ProtocolName protocol_name_list&lt;2..2^16-1&gt; } ProtocolNameList;
 * </pre>
 * In ServerHello the list holds exactly one name. Names are byte strings; dtlsj handles them as
 * ISO-8859-1 text, which maps every byte to one char and back.
 */
public record ApplicationProtocols(List<String> names) implements Encodable {
    public ApplicationProtocols {
        names = List.copyOf(names);
        if (names.isEmpty()) throw new IllegalArgumentException("at least one protocol name");
        for (String n : names) {
            if (n.isEmpty() || n.length() > 255 || !StandardCharsets.ISO_8859_1.newEncoder().canEncode(n)) {
                throw new IllegalArgumentException("protocol name must be 1 to 255 bytes: " + n);
            }
        }
    }

    @Override
    public void encode(WireWriter w) {
        w.u16Prefixed(list -> {
            for (String n : names) list.u8Vector(n.getBytes(StandardCharsets.ISO_8859_1));
        });
    }

    public static ApplicationProtocols decode(WireReader r) throws DecodeException {
        WireReader list = r.u16Prefixed();
        List<String> out = new ArrayList<>();
        while (!list.isEmpty()) {
            byte[] n = list.u8Prefixed().rest();
            // RFC 7301 §3.1: "Empty strings MUST NOT be included".
            if (n.length == 0) throw new DecodeException("empty ProtocolName");
            out.add(new String(n, StandardCharsets.ISO_8859_1));
        }
        if (out.isEmpty()) throw new DecodeException("empty protocol_name_list");
        r.expectEnd("application_layer_protocol_negotiation");
        return new ApplicationProtocols(out);
    }
}
