package org.dtlsj.transport;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;

/**
 * How datagrams leave an {@link EventLoop}'s socket: what a connection queued (handshake flights,
 * alerts, acknowledgements), and application records sealed in place and sent at once, without an
 * array per record. Used under the loop's engine lock, one thread at a time.
 */
final class Outlet {
    /** Room for a 1,400-byte record and its overhead; grown once for larger ones. */
    private static final int INITIAL_CAPACITY = 2048;

    private final DatagramChannel channel;
    /** A server's channel is unconnected (send to the peer); a client's is connected (write). */
    private final boolean server;
    /** Made on first use, so that a loop that never sends data holds none. */
    private ByteBuffer tx;

    Outlet(DatagramChannel channel, boolean server) {
        this.channel = channel;
        this.server = server;
    }

    /** Sends what {@code p}'s connection has queued, in order. */
    void flush(Peer p) {
        try {
            for (byte[] out; (out = p.conn.pollDatagram()) != null; ) send(ByteBuffer.wrap(out), p);
        } catch (IOException e) {
            // A send failure (no route, buffer full) is a lost datagram: DTLS retransmits what matters.
        }
    }

    /**
     * Seals {@code data} as one record and sends it, when nothing waits to go before it; false when
     * it must go through the connection's queue instead (then nothing was done).
     */
    boolean sendDirect(Peer p, byte[] data, long now) {
        int room = data.length + p.conn.recordOverhead();
        if (tx == null || tx.capacity() < room) tx = ByteBuffer.allocate(Math.max(room, INITIAL_CAPACITY));
        int n = p.conn.sendInto(data, 0, data.length, tx.array(), 0, now);
        if (n < 0) return false;
        tx.clear().limit(n);
        try {
            send(tx, p);
        } catch (IOException e) {
            // lost, as in flush
        }
        return true;
    }

    private void send(ByteBuffer b, Peer p) throws IOException {
        if (server) channel.send(b, p.address);
        else channel.write(b);
    }
}
