package org.dtlsj.bench.loopback;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;

/**
 * The JDK's SunJSSE: an {@link SSLEngine} per peer over UDP. SunJSSE has no DTLS server of its
 * own, so the server here is the usual shape: one thread per core, each with its own socket
 * (SO_REUSEPORT) and a map from peer address to engine, delegated tasks run inline. SunJSSE
 * sends HelloVerifyRequest by default. The client verifies the chain with PKIX and the host name.
 */
final class JsseStack implements Stack {
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);
    private static final int MAX_DATAGRAM = 65_507;

    /** The client's SSLContext per setup, made once. */
    private final java.util.Map<Setup, SSLContext> clientContexts = new java.util.concurrent.ConcurrentHashMap<>();

    @Override
    public String name() {
        return "SunJSSE";
    }

    private static SSLContext context(Setup setup, boolean server) throws Exception {
        char[] pw = "bench".toCharArray();
        SSLContext ctx = SSLContext.getInstance("DTLSv1.2");
        if (server) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry("server", setup.credential().key(), pw, setup.credential().chain().toArray(new X509Certificate[0]));
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, pw);
            ctx.init(kmf.getKeyManagers(), null, null);
        } else {
            KeyStore ts = KeyStore.getInstance("PKCS12");
            ts.load(null, null);
            ts.setCertificateEntry("root", setup.credential().root());
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ts);
            ctx.init(null, tmf.getTrustManagers(), null);
            // Each connection comes from a new port; no session is ever resumed.
            ctx.getClientSessionContext().setSessionCacheSize(1);
        }
        return ctx;
    }

    private static void configure(SSLEngine e, Setup setup, boolean client) {
        SSLParameters p = e.getSSLParameters();
        p.setProtocols(new String[] {"DTLSv1.2"});
        p.setCipherSuites(new String[] {Setup.SUITE});
        p.setNamedGroups(setup.offeredGroups().toArray(new String[0]));
        p.setMaximumPacketSize(setup.mtu());
        if (client) p.setEndpointIdentificationAlgorithm("HTTPS");
        e.setSSLParameters(p);
        e.setUseClientMode(client);
    }

    // ------------------------------------------------------------------ server

    @Override
    public EchoServer startServer(Setup setup) throws Exception {
        SSLContext ctx = context(setup, true);
        int loops = Runtime.getRuntime().availableProcessors();
        List<DatagramChannel> channels = new ArrayList<>();
        InetSocketAddress bound = new InetSocketAddress("127.0.0.1", 0);
        for (int i = 0; i < loops; i++) {
            DatagramChannel ch = DatagramChannel.open();
            ch.setOption(StandardSocketOptions.SO_REUSEPORT, true);
            ch.bind(bound);
            if (i == 0) bound = (InetSocketAddress) ch.getLocalAddress();
            channels.add(ch);
        }
        AtomicInteger count = new AtomicInteger();
        for (DatagramChannel ch : channels) {
            Thread.ofPlatform().daemon(true).name("jsse-server").start(() -> serve(ch, ctx, setup, count));
        }
        InetSocketAddress address = bound;
        return EchoServer.of(address, count::get, () -> channels.forEach(EchoServer::closeQuietly));
    }

    private static void serve(DatagramChannel ch, SSLContext ctx, Setup setup, AtomicInteger count) {
        Map<SocketAddress, SSLEngine> engines = new HashMap<>();
        ByteBuffer in = ByteBuffer.allocate(MAX_DATAGRAM);
        ByteBuffer app = ByteBuffer.allocate(MAX_DATAGRAM);
        ByteBuffer net = ByteBuffer.allocate(MAX_DATAGRAM);
        while (true) {
            SocketAddress peer;
            try {
                in.clear();
                peer = ch.receive(in);
                in.flip();
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                continue;
            }
            SSLEngine e = engines.get(peer);
            if (e == null) {
                e = ctx.createSSLEngine();
                configure(e, setup, false);
                engines.put(peer, e);
                count.incrementAndGet();
            }
            try {
                if (!feed(e, ch, peer, in, app, net)) {
                    engines.remove(peer);
                    count.decrementAndGet();
                }
            } catch (IOException x) {
                engines.remove(peer);
                count.decrementAndGet();
            }
        }
    }

    /** Unwraps one datagram, echoes application data, sends what the handshake wants; false when the engine is done. */
    private static boolean feed(SSLEngine e, DatagramChannel ch, SocketAddress peer, ByteBuffer in, ByteBuffer app, ByteBuffer net)
            throws IOException {
        while (true) {
            HandshakeStatus hs = e.getHandshakeStatus();
            switch (hs) {
                case NEED_TASK -> {
                    for (Runnable r; (r = e.getDelegatedTask()) != null; ) r.run();
                    continue;
                }
                case NEED_WRAP -> {
                    net.clear();
                    SSLEngineResult r = e.wrap(EMPTY, net);
                    net.flip();
                    if (net.hasRemaining()) ch.send(net, peer);
                    if (r.getStatus() == SSLEngineResult.Status.CLOSED) return false;
                    continue;
                }
                default -> {
                }
            }
            if (!in.hasRemaining() && hs != HandshakeStatus.NEED_UNWRAP_AGAIN) return !e.isInboundDone();
            app.clear();
            SSLEngineResult r = e.unwrap(in.hasRemaining() ? in : EMPTY, app);
            if (r.getStatus() == SSLEngineResult.Status.CLOSED) {
                // close_notify: answer it if the engine wants to, then forget the peer
                if (e.getHandshakeStatus() == HandshakeStatus.NEED_WRAP) {
                    net.clear();
                    e.wrap(EMPTY, net);
                    net.flip();
                    if (net.hasRemaining()) ch.send(net, peer);
                }
                return false;
            }
            if (r.bytesProduced() > 0) {
                app.flip();
                net.clear();
                SSLEngineResult w = e.wrap(app, net);
                if (w.getStatus() != SSLEngineResult.Status.OK) throw new SSLException("echo wrap: " + w);
                net.flip();
                ch.send(net, peer);
            }
            if (r.getStatus() != SSLEngineResult.Status.OK && r.bytesConsumed() == 0) return true;
        }
    }

    // ------------------------------------------------------------------ client

    @Override
    public Connection connect(InetSocketAddress server, Setup setup, InetAddress local) throws Exception {
        SSLContext ctx = clientContexts.get(setup);
        if (ctx == null) {
            ctx = context(setup, false);
            clientContexts.put(setup, ctx);
        }
        SSLEngine e = ctx.createSSLEngine("localhost", server.getPort());
        configure(e, setup, true);
        DatagramSocket socket = new DatagramSocket(new InetSocketAddress(local, 0));
        socket.connect(server);
        try {
            handshake(e, socket);
        } catch (Exception x) {
            socket.close();
            throw x;
        }
        // One client context for all connections, as an application keeps one; its session leaves
        // the cache, so that the next connection makes a full handshake too, not a resumption.
        e.getSession().invalidate();
        return new JsseConnection(e, socket);
    }

    private static void handshake(SSLEngine e, DatagramSocket socket) throws IOException {
        ByteBuffer net = ByteBuffer.allocate(MAX_DATAGRAM);
        ByteBuffer app = ByteBuffer.allocate(MAX_DATAGRAM);
        byte[] buf = new byte[MAX_DATAGRAM];
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        long deadline = System.nanoTime() + 20_000_000_000L;
        e.beginHandshake();
        while (true) {
            HandshakeStatus hs = e.getHandshakeStatus();
            switch (hs) {
                case NOT_HANDSHAKING, FINISHED -> {
                    return;
                }
                case NEED_TASK -> {
                    for (Runnable r; (r = e.getDelegatedTask()) != null; ) r.run();
                }
                case NEED_WRAP -> {
                    net.clear();
                    SSLEngineResult r = e.wrap(EMPTY, net);
                    if (r.getStatus() != SSLEngineResult.Status.OK) throw new SSLException("SunJSSE client wrap: " + r);
                    net.flip();
                    if (net.hasRemaining()) socket.send(new DatagramPacket(net.array(), net.remaining()));
                }
                case NEED_UNWRAP_AGAIN -> {
                    app.clear();
                    e.unwrap(EMPTY, app);
                }
                case NEED_UNWRAP -> {
                    if (System.nanoTime() > deadline) throw new SSLException("SunJSSE handshake timed out");
                    socket.setSoTimeout(1000);
                    try {
                        socket.receive(p);
                    } catch (SocketTimeoutException t) {
                        // Retransmission: SunJSSE repeats its last flight when wrapped while waiting.
                        net.clear();
                        e.wrap(EMPTY, net);
                        net.flip();
                        if (net.hasRemaining()) socket.send(new DatagramPacket(net.array(), net.remaining()));
                        continue;
                    }
                    app.clear();
                    SSLEngineResult r = e.unwrap(ByteBuffer.wrap(buf, 0, p.getLength()), app);
                    if (r.getStatus() == SSLEngineResult.Status.CLOSED) throw new SSLException("SunJSSE server closed the handshake");
                }
            }
        }
    }

    private static final class JsseConnection implements Connection {
        private final SSLEngine engine;
        private final DatagramSocket socket;
        private final ByteBuffer net = ByteBuffer.allocate(MAX_DATAGRAM);
        private final ByteBuffer app = ByteBuffer.allocate(MAX_DATAGRAM);
        private final byte[] in = new byte[MAX_DATAGRAM];
        private final DatagramPacket packet = new DatagramPacket(in, in.length);
        private int timeout = -1;

        JsseConnection(SSLEngine engine, DatagramSocket socket) {
            this.engine = engine;
            this.socket = socket;
        }

        @Override
        public void send(byte[] data, int len) throws IOException {
            net.clear();
            SSLEngineResult r = engine.wrap(ByteBuffer.wrap(data, 0, len), net);
            if (r.getStatus() != SSLEngineResult.Status.OK) throw new SSLException("SunJSSE wrap: " + r);
            net.flip();
            socket.send(new DatagramPacket(net.array(), net.remaining()));
        }

        @Override
        public int receive(byte[] buf, int timeoutMillis) throws IOException {
            long until = System.nanoTime() + timeoutMillis * 1_000_000L;
            while (true) {
                long left = (until - System.nanoTime()) / 1_000_000;
                if (left <= 0) return -1;
                if (timeout != (int) left) socket.setSoTimeout(timeout = (int) left);
                try {
                    socket.receive(packet);
                } catch (SocketTimeoutException t) {
                    return -1;
                }
                app.clear();
                SSLEngineResult r = engine.unwrap(ByteBuffer.wrap(in, 0, packet.getLength()), app);
                if (r.getStatus() == SSLEngineResult.Status.CLOSED) throw new IOException("SunJSSE peer closed");
                if (r.bytesProduced() > 0) {
                    System.arraycopy(app.array(), 0, buf, 0, r.bytesProduced());
                    return r.bytesProduced();
                }
            }
        }

        @Override
        public void close() {
            try {
                engine.closeOutbound();
                net.clear();
                engine.wrap(EMPTY, net);
                net.flip();
                if (net.hasRemaining()) socket.send(new DatagramPacket(net.array(), net.remaining()));
            } catch (IOException ignored) {
                // closing anyway
            }
            socket.close();
        }

        @Override
        public void abandon() {
            socket.close();
        }
    }
}
