package org.dtlsj.wire.extension;

import java.util.ArrayList;
import java.util.List;
import org.dtlsj.wire.DecodeException;
import org.dtlsj.wire.Encodable;
import org.dtlsj.wire.NamedGroup;
import org.dtlsj.wire.WireReader;
import org.dtlsj.wire.WireWriter;

/** {@code struct { NamedGroup named_group_list<2..2^16-1>; } NamedGroupList;} (RFC 8422 §5.1.1). */
public record SupportedGroups(List<NamedGroup> groups) implements Encodable {
    public SupportedGroups {
        groups = List.copyOf(groups);
    }

    @Override
    public void encode(WireWriter w) {
        w.u16Prefixed(b -> groups.forEach(g -> b.u16(g.value())));
    }

    public static SupportedGroups decode(WireReader r) throws DecodeException {
        WireReader body = r.u16Prefixed();
        if (body.remaining() < 2 || body.remaining() % 2 != 0) {
            throw new DecodeException("supported_groups list of odd or zero length");
        }
        List<NamedGroup> out = new ArrayList<>();
        while (!body.isEmpty()) {
            out.add(new NamedGroup(body.u16()));
        }
        return new SupportedGroups(out);
    }
}
