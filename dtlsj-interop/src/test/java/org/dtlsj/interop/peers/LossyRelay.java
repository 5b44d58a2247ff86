package org.dtlsj.interop.peers;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.SocketAddress;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A UDP relay on 127.0.0.1 between one client (the first sender) and a server, which drops the datagrams a
 * {@link DropPolicy} picks. For exercising DTLS retransmission over loopback.
 */
public final class LossyRelay implements AutoCloseable {

    /** Which way a datagram travels. */
    public enum Direction { CLIENT_TO_SERVER, SERVER_TO_CLIENT }

    /** Decides whether to drop a datagram; {@code index} counts datagrams per direction from 1. */
    @FunctionalInterface
    public interface DropPolicy {
        boolean drop(Direction direction, int index, byte[] datagram);
    }

    private final DatagramSocket front;
    private final DatagramSocket back;
    private final DropPolicy policy;
    private final Thread upstream;
    private final Thread downstream;
    private final AtomicInteger dropped = new AtomicInteger();
    private volatile SocketAddress client;
    private volatile boolean closed;

    private LossyRelay(InetSocketAddress server, DropPolicy policy) throws IOException {
        this.policy = policy;
        this.front = new DatagramSocket(new InetSocketAddress(JsseDtlsPeer.LOOPBACK, 0));
        try {
            this.back = new DatagramSocket(new InetSocketAddress(JsseDtlsPeer.LOOPBACK, 0));
            back.connect(server);
        } catch (IOException | RuntimeException e) {
            front.close();
            throw e;
        }
        this.upstream = new Thread(this::clientToServer, "lossy-relay-up-" + front.getLocalPort());
        this.downstream = new Thread(this::serverToClient, "lossy-relay-down-" + front.getLocalPort());
        upstream.setDaemon(true);
        downstream.setDaemon(true);
    }

    /** Starts relaying to {@code server}; clients connect to {@link #address()}. */
    public static LossyRelay start(InetSocketAddress server, DropPolicy policy) throws IOException {
        LossyRelay relay = new LossyRelay(server, policy);
        relay.upstream.start();
        relay.downstream.start();
        return relay;
    }

    /** Where clients send. */
    public InetSocketAddress address() {
        return new InetSocketAddress(JsseDtlsPeer.LOOPBACK, front.getLocalPort());
    }

    /** Datagrams dropped so far. */
    public int dropped() {
        return dropped.get();
    }

    private void clientToServer() {
        byte[] buf = new byte[65_535];
        int index = 0;
        while (!closed) {
            try {
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                front.receive(p);
                if (client == null) {
                    client = p.getSocketAddress();
                } else if (!client.equals(p.getSocketAddress())) {
                    continue; // one client only
                }
                byte[] data = Arrays.copyOf(buf, p.getLength());
                if (policy.drop(Direction.CLIENT_TO_SERVER, ++index, data)) {
                    dropped.incrementAndGet();
                } else {
                    back.send(new DatagramPacket(data, data.length));
                }
            } catch (PortUnreachableException e) {
                // server not (or no longer) there; keep going
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serverToClient() {
        byte[] buf = new byte[65_535];
        int index = 0;
        while (!closed) {
            try {
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                back.receive(p);
                SocketAddress to = client;
                if (to == null) {
                    continue;
                }
                byte[] data = Arrays.copyOf(buf, p.getLength());
                if (policy.drop(Direction.SERVER_TO_CLIENT, ++index, data)) {
                    dropped.incrementAndGet();
                } else {
                    front.send(new DatagramPacket(data, data.length, to));
                }
            } catch (PortUnreachableException e) {
                // server not (or no longer) there; keep going
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        front.close();
        back.close();
        try {
            upstream.join(2_000);
            downstream.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
