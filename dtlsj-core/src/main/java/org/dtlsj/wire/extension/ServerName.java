package org.dtlsj.wire.extension;

import java.nio.charset.StandardCharsets;
import org.dtlsj.wire.DecodeException;
import org.dtlsj.wire.Encodable;
import org.dtlsj.wire.WireReader;
import org.dtlsj.wire.WireWriter;

/**
 * The client's {@code server_name} extension with one {@code host_name} entry (RFC 6066 §3):
 * <pre>
 * struct { NameType name_type; select (name_type) { case host_name: HostName; } name; } ServerName;
 * struct { ServerName server_name_list&lt;1..2^16-1&gt; } ServerNameList;
 * </pre>
 * Entries of other name types are skipped (they would be a future extension).
 */
public record ServerName(String hostName) implements Encodable {
    private static final int HOST_NAME = 0;

    @Override
    public void encode(WireWriter w) {
        byte[] name = hostName.getBytes(StandardCharsets.US_ASCII);
        w.u16Prefixed(list -> list.u8(HOST_NAME).u16Vector(name));
    }

    public static ServerName decode(WireReader r) throws DecodeException {
        WireReader list = r.u16Prefixed();
        if (list.isEmpty()) {
            throw new DecodeException("empty server_name list");
        }
        String host = null;
        while (!list.isEmpty()) {
            int type = list.u8();
            byte[] name = list.u16Prefixed().rest();
            if (type == HOST_NAME) {
                if (host != null) {
                    throw new DecodeException("two host_name entries in server_name");
                }
                if (name.length == 0) {
                    throw new DecodeException("empty host_name");
                }
                host = new String(name, StandardCharsets.US_ASCII);
            }
        }
        if (host == null) {
            throw new DecodeException("server_name without a host_name");
        }
        return new ServerName(host);
    }
}
