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
 * Like OpenSSL and BoringSSL, the list must hold exactly one entry, a host_name, and the name
 * must be printable ASCII (RFC 6066 §3: "represented as a byte string using ASCII encoding");
 * anything else is a decode_error. No other name type has been defined since, and an entry of
 * an unknown type cannot be skipped safely.
 */
public record ServerName(String hostName) implements Encodable {
    private static final int HOST_NAME = 0;

    public ServerName {
        if (!isValidHostName(hostName)) {
            throw new IllegalArgumentException("host_name must be printable ASCII (an IDN in its xn-- form): " + hostName);
        }
    }

    @Override
    public void encode(WireWriter w) {
        byte[] name = hostName.getBytes(StandardCharsets.US_ASCII);
        w.u16Prefixed(list -> list.u8(HOST_NAME).u16Vector(name));
    }

    public static ServerName decode(WireReader r) throws DecodeException {
        WireReader list = r.u16Prefixed();
        if (list.isEmpty()) throw new DecodeException("empty server_name list");
        int type = list.u8();
        if (type != HOST_NAME) throw new DecodeException("server_name entry of name_type " + type + ", not host_name");
        byte[] name = list.u16Prefixed().rest();
        if (!list.isEmpty()) throw new DecodeException("server_name list with more than one entry");
        if (name.length == 0) throw new DecodeException("empty host_name");
        for (byte b : name) {
            if (!printable(b)) throw new DecodeException("host_name with a byte that is not printable ASCII");
        }
        return new ServerName(new String(name, StandardCharsets.US_ASCII));
    }

    private static boolean printable(int c) {
        return c >= 0x21 && c <= 0x7e;
    }

    /** Whether {@code host} can go into host_name as it is (an IDN must be given in its A-label form). */
    public static boolean isValidHostName(String host) {
        if (host.isEmpty() || host.length() > 0xffff) return false;
        for (int i = 0; i < host.length(); i++) if (!printable(host.charAt(i))) return false;
        return true;
    }
}
