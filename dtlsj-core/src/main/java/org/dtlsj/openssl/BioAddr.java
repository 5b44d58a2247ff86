package org.dtlsj.openssl;

import java.net.InetSocketAddress;
import java.net.SocketAddress;

/** {@code BIO_ADDR}: a peer address that {@link Ssl#listen} fills in. */
public final class BioAddr {
    private volatile SocketAddress address;

    public BioAddr() {
    }

    /** The address as an {@link InetSocketAddress} (null until filled). */
    public InetSocketAddress socketAddress() {
        return (InetSocketAddress) address;
    }

    void set(SocketAddress a) {
        this.address = a;
    }

    @Override
    public String toString() {
        return String.valueOf(address);
    }
}
