package org.dtlsj.transport;

import java.net.InetSocketAddress;

/**
 * How the transport names a peer to the engine: the bytes the stateless cookie is bound to. Today
 * the peer's IP address and port; a Connection ID (RFC 9146) can take its place without the
 * engine noticing, as the key is only ever compared and MACed.
 */
public final class PeerKey {
    private PeerKey() {
    }

    /** IP address bytes (4 or 16) followed by the port (2 bytes). */
    public static byte[] bytes(InetSocketAddress a) {
        byte[] ip = a.getAddress().getAddress();
        byte[] out = new byte[ip.length + 2];
        System.arraycopy(ip, 0, out, 0, ip.length);
        out[ip.length] = (byte) (a.getPort() >>> 8);
        out[ip.length + 1] = (byte) a.getPort();
        return out;
    }
}
