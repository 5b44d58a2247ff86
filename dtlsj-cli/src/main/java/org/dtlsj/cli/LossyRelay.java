package org.dtlsj.cli;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.function.IntPredicate;

/**
 * A UDP relay in front of a server that loses chosen datagrams, so the demo can show the
 * protocol recovering on real sockets. Deterministic: it drops by position, not by chance.
 */
final class LossyRelay implements AutoCloseable {
    /** Told about every datagram the relay forwards or drops. */
    interface Listener {
        void onDatagram(boolean toServer, int index, int length, boolean dropped);
    }

    private final DatagramChannel front;
    private final DatagramChannel back;
    private final Thread thread;
    private volatile SocketAddress client;

    /** @param dropToClient which server-to-client datagrams (counted from 1) to lose */
    LossyRelay(InetSocketAddress server, IntPredicate dropToClient, Listener listener) throws IOException {
        front = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
        back = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
        back.connect(server);
        thread = Thread.ofPlatform().daemon(true).name("dtlsj-demo-relay").start(() -> {
            try (var selector = java.nio.channels.Selector.open()) {
                front.configureBlocking(false);
                back.configureBlocking(false);
                front.register(selector, java.nio.channels.SelectionKey.OP_READ);
                back.register(selector, java.nio.channels.SelectionKey.OP_READ);
                ByteBuffer buf = ByteBuffer.allocate(65_535);
                int toServer = 0;
                int toClient = 0;
                while (!Thread.currentThread().isInterrupted()) {
                    selector.select();
                    selector.selectedKeys().clear();
                    for (SocketAddress from; (from = receive(front, buf)) != null; ) {
                        client = from;
                        listener.onDatagram(true, ++toServer, buf.remaining(), false);
                        back.write(buf);
                    }
                    while (receive(back, buf) != null) {
                        int i = ++toClient;
                        boolean drop = dropToClient.test(i);
                        listener.onDatagram(false, i, buf.remaining(), drop);
                        if (!drop && client != null) front.send(buf, client);
                    }
                }
            } catch (IOException e) {
                // closed
            }
        });
    }

    private static SocketAddress receive(DatagramChannel ch, ByteBuffer buf) throws IOException {
        buf.clear();
        SocketAddress from;
        try {
            from = ch.receive(buf);
        } catch (java.net.PortUnreachableException e) {
            return null;
        }
        buf.flip();
        return from;
    }

    InetSocketAddress address() throws IOException {
        return (InetSocketAddress) front.getLocalAddress();
    }

    @Override
    public void close() throws IOException {
        thread.interrupt();
        front.close();
        back.close();
    }
}
