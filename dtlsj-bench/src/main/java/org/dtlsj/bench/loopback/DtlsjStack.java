package org.dtlsj.bench.loopback;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.security.Provider;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.dtlsj.api.DtlsClient;
import org.dtlsj.api.DtlsHandler;
import org.dtlsj.api.DtlsServer;
import org.dtlsj.api.DtlsSession;
import org.dtlsj.config.CipherSuite;
import org.dtlsj.config.DtlsConfig;
import org.dtlsj.engine.DtlsConnection;
import org.dtlsj.transport.EventLoop;
import org.dtlsj.wire.NamedGroup;

/**
 * dtlsj through its own doors: {@link DtlsServer} with an echoing {@link DtlsHandler} (one event
 * loop), {@link DtlsClient} on a connected socket. Tickets, session cache, extended master secret
 * and record_size_limit stay at their defaults, as a user would have them.
 */
final class DtlsjStack implements Stack {
    private final String name;
    private final Provider publicKeyProvider;
    private final int eventLoops;
    /** The client's configuration per setup, built once, as an application keeps one. */
    private final java.util.Map<Setup, DtlsConfig> clientConfigs = new java.util.concurrent.ConcurrentHashMap<>();

    DtlsjStack(String name) {
        this(name, null, 1);
    }

    /**
     * @param publicKeyProvider the JCA provider for the handshake's public-key work, null for the JDK's
     * @param eventLoops the server's event loops, each with its own SO_REUSEPORT socket
     */
    DtlsjStack(String name, Provider publicKeyProvider, int eventLoops) {
        this.name = name;
        this.publicKeyProvider = publicKeyProvider;
        this.eventLoops = eventLoops;
    }

    @Override
    public String name() {
        return name;
    }

    static DtlsConfig.Builder common(Setup setup) {
        return common(setup, null);
    }

    static DtlsConfig.Builder common(Setup setup, Provider publicKeyProvider) {
        List<NamedGroup> groups = new ArrayList<>();
        for (String g : setup.offeredGroups()) groups.add(NamedGroup.byName(g));
        return DtlsConfig.builder()
                .publicKeyProvider(publicKeyProvider)
                .cipherSuites(List.of(CipherSuite.byName(Setup.SUITE)))
                .groups(groups)
                .mtu(setup.mtu())
                .handshakeTimeout(Duration.ofSeconds(20));
    }

    static DtlsConfig clientConfig(Setup setup) {
        return clientConfig(setup, null);
    }

    static DtlsConfig clientConfig(Setup setup, Provider publicKeyProvider) {
        return common(setup, publicKeyProvider).trustAnchors(List.of(setup.credential().root())).build();
    }

    @Override
    public EchoServer startServer(Setup setup) throws IOException {
        DtlsConfig config = common(setup, publicKeyProvider).credentials(setup.credential().key(), setup.credential().chain()).build();
        DtlsServer server = DtlsServer.builder(config)
                .bind(new InetSocketAddress("127.0.0.1", 0))
                .eventLoops(eventLoops)
                .maxConnections(200_000)
                .handler(new DtlsHandler() {
                    @Override
                    public boolean onData(DtlsSession s, byte[] data) {
                        try {
                            s.send(data);
                        } catch (IOException e) {
                            // closed meanwhile: nothing to echo to
                        }
                        return true;
                    }
                })
                .start();
        return EchoServer.of(server.address(), () -> {
            int n = 0;
            for (EventLoop l : server.eventLoops()) n += l.connectionCount();
            return n;
        }, server::close);
    }

    @Override
    public Connection connect(InetSocketAddress server, Setup setup, InetAddress local) throws Exception {
        if (!local.equals(LOOPBACK)) throw new IllegalArgumentException("DtlsClient binds its own socket");
        DtlsSession s = DtlsClient.connect(server, clientConfigs.computeIfAbsent(setup, k -> clientConfig(k, publicKeyProvider)), "localhost");
        return new Connection() {
            @Override
            public void send(byte[] data, int len) throws IOException {
                s.send(len == data.length ? data : java.util.Arrays.copyOf(data, len));
            }

            @Override
            public int receive(byte[] buf, int timeoutMillis) throws IOException {
                byte[] d;
                try {
                    d = s.receive(Duration.ofMillis(timeoutMillis));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException(e);
                }
                return Connection.copyOut(d, buf);
            }

            @Override
            public void close() {
                s.close();
            }

            @Override
            public void abandon() {
                throw new UnsupportedOperationException("DtlsClient always sends close_notify; see connectToHold");
            }
        };
    }

    /**
     * The dtlsj engine ({@link DtlsConnection}) driven over a plain socket until connected:
     * {@link DtlsClient} always ends with close_notify, and its event-loop thread per connection
     * would also be counted in the heap.
     */
    @Override
    public Connection connectToHold(InetSocketAddress server, Setup setup, InetAddress local) throws Exception {
        DatagramSocket socket = new DatagramSocket(new InetSocketAddress(local, 0));
        socket.connect(server);
        DtlsConnection c = DtlsConnection.client(clientConfigs.computeIfAbsent(setup, k -> clientConfig(k, publicKeyProvider)), "localhost");
        byte[] buf = new byte[65_536];
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        try {
            long now = System.nanoTime();
            c.start(now);
            while (!c.isConnected()) {
                for (byte[] d; (d = c.pollDatagram()) != null; ) socket.send(new DatagramPacket(d, d.length));
                if (c.failure() != null) throw c.failure();
                long wait = c.nextTimeoutNanos() == Long.MAX_VALUE ? 1_000_000_000L : c.nextTimeoutNanos() - System.nanoTime();
                socket.setSoTimeout((int) Math.max(1, wait / 1_000_000));
                try {
                    socket.receive(p);
                    c.receive(buf, 0, p.getLength(), System.nanoTime());
                } catch (SocketTimeoutException e) {
                    c.handleTimeout(System.nanoTime());
                }
            }
            for (byte[] d; (d = c.pollDatagram()) != null; ) socket.send(new DatagramPacket(d, d.length));
        } catch (Exception e) {
            socket.close();
            throw e;
        }
        return new Connection() {
            @Override
            public void send(byte[] data, int len) throws IOException {
                c.send(data, 0, len, System.nanoTime());
                for (byte[] d; (d = c.pollDatagram()) != null; ) socket.send(new DatagramPacket(d, d.length));
            }

            @Override
            public int receive(byte[] b, int timeoutMillis) throws IOException {
                long until = System.nanoTime() + timeoutMillis * 1_000_000L;
                while (true) {
                    byte[] got = c.pollApplicationData();
                    if (got != null) {
                        System.arraycopy(got, 0, b, 0, got.length);
                        return got.length;
                    }
                    long left = (until - System.nanoTime()) / 1_000_000;
                    if (left <= 0) return -1;
                    socket.setSoTimeout((int) left);
                    try {
                        socket.receive(p);
                    } catch (SocketTimeoutException e) {
                        return -1;
                    }
                    c.receive(buf, 0, p.getLength(), System.nanoTime());
                }
            }

            @Override
            public void close() {
                socket.close();
            }

            @Override
            public void abandon() {
                socket.close();
            }
        };
    }
}
