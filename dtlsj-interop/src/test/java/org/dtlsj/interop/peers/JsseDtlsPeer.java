package org.dtlsj.interop.peers;

import org.dtlsj.interop.peers.JsseEngineDriver.Connection;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * DTLS 1.2 peers built on the JDK's SunJSSE {@link SSLEngine} ({@code SSLContext "DTLSv1.2"}) over a
 * {@link DatagramChannel} bound to 127.0.0.1 on an ephemeral port.
 *
 * <p>The handshake loop follows the JDK's own {@code DTLSOverDatagram} test: drive the engine by its
 * {@link HandshakeStatus} ({@code NEED_WRAP}, {@code NEED_UNWRAP}, {@code NEED_UNWRAP_AGAIN},
 * {@code NEED_TASK}); when a receive times out while the engine waits for the peer, call
 * {@code wrap} again, which makes SunJSSE retransmit its last flight. The receive timeout starts at 1 s and
 * doubles up to 8 s, bounded overall by {@link PeerOptions#handshakeTimeout()}.
 *
 * <p>SunJSSE quirks (JDK 25):
 * <ul>
 *   <li>A DTLS server always answers a full handshake's first ClientHello with a HelloVerifyRequest; there is
 *       no API or system property to turn that off (the only related property,
 *       {@code jdk.tls.enableDtlsResumeCookie}, governs resumed handshakes). {@link PeerOptions#cookieExchange()}
 *       is therefore ignored here. With the wrap-on-timeout pattern the server also resends its
 *       HelloVerifyRequest when no ClientHello arrives within the timeout.</li>
 *   <li>The side that sends the last flight sends it twice in a row on purpose ({@code SSLEngineImpl}:
 *       "retransmit the last flight messages"), and once its handshake has completed it does not resend
 *       that flight when the peer retransmits its own final flight (those records are discarded as old).
 *       So losing both copies of a SunJSSE server's CCS+Finished stalls the handshake.</li>
 *   <li>Each {@code wrap} yields one record, so each handshake message goes out in its own datagram.</li>
 *   <li>The default maximum packet size is about 16 KiB; set {@link PeerOptions#maximumPacketSize()} to
 *       make it fragment for an MTU.</li>
 * </ul>
 */
public final class JsseDtlsPeer {

    /** 127.0.0.1, regardless of {@code java.net.preferIPv6Addresses}. */
    public static final InetAddress LOOPBACK = loopback();

    static final char[] KEY_PASSWORD = "dtlsj-test".toCharArray();
    static final int BUFFER_SIZE = 1 << 16;
    static final long INITIAL_RTO_MS = 1_000;
    static final long MAX_RTO_MS = 8_000;
    static final long IDLE_SLICE_MS = 60_000;

    private JsseDtlsPeer() {
    }

    /** Starts an echo server on 127.0.0.1:0; its thread waits for the first client's datagram. */
    public static Server startServer(PeerOptions options) throws IOException, GeneralSecurityException {
        SSLContext context = sslContext(options);
        SSLEngine engine = createEngine(context, options, false, null);
        Server server = new Server(engine, options);
        server.thread.start();
        return server;
    }

    /** Connects to {@code server} and completes the handshake before returning. */
    public static Client connect(InetSocketAddress server, PeerOptions options)
        throws IOException, GeneralSecurityException {
        Objects.requireNonNull(server, "server");
        SSLContext context = sslContext(options);
        SSLEngine engine = createEngine(context, options, true, server);
        UdpChannel channel = new UdpChannel(() -> false, false);
        try {
            channel.connect(server);
            Connection conn = new Connection(engine, channel, server, () -> false);
            conn.handshake(System.nanoTime() + options.handshakeTimeout().toNanos(), null);
            return new Client(engine, channel, conn);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /**
     * A {@code DTLSv1.2} context: key manager over an in-memory PKCS#12 store holding
     * {@link PeerOptions#credential()} (if any), PKIX trust manager over the {@link PeerOptions#trustRoots()}
     * (if any; otherwise the JDK default trust).
     */
    public static SSLContext sslContext(PeerOptions options) throws GeneralSecurityException, IOException {
        KeyManager[] keyManagers = null;
        Credential credential = options.credential();
        if (credential != null) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry("credential", credential.key(), KEY_PASSWORD,
                credential.chain().toArray(new X509Certificate[0]));
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, KEY_PASSWORD);
            keyManagers = kmf.getKeyManagers();
        }
        TrustManager[] trustManagers = null;
        if (!options.trustRoots().isEmpty()) {
            KeyStore ts = KeyStore.getInstance("PKCS12");
            ts.load(null, null);
            int i = 0;
            for (X509Certificate root : options.trustRoots()) {
                ts.setCertificateEntry("root-" + i++, root);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
            tmf.init(ts);
            trustManagers = tmf.getTrustManagers();
        }
        SSLContext context = SSLContext.getInstance("DTLSv1.2");
        context.init(keyManagers, trustManagers, null);
        return context;
    }

    /**
     * An engine configured from {@code options}: protocol DTLSv1.2 only, the given suites, no endpoint
     * identification, optional maximum packet size, retransmissions, and (server) client authentication.
     *
     * @param peer the server's address for a client engine (host string used as SNI/peer host), else null
     */
    public static SSLEngine createEngine(SSLContext context, PeerOptions options, boolean clientMode,
        InetSocketAddress peer) {
        SSLEngine engine = clientMode && peer != null
            ? context.createSSLEngine(peer.getHostString(), peer.getPort())
            : context.createSSLEngine();
        engine.setUseClientMode(clientMode);
        SSLParameters params = engine.getSSLParameters();
        params.setProtocols(new String[] {"DTLSv1.2"});
        if (!options.cipherSuites().isEmpty()) {
            params.setCipherSuites(options.cipherSuites().toArray(new String[0]));
        }
        params.setEndpointIdentificationAlgorithm(null);
        if (options.maximumPacketSize() > 0) {
            params.setMaximumPacketSize(options.maximumPacketSize());
        }
        params.setEnableRetransmissions(options.enableRetransmissions());
        if (!clientMode) {
            switch (options.clientAuth()) {
                case NEED -> params.setNeedClientAuth(true);
                case WANT -> params.setWantClientAuth(true);
                case NONE -> params.setNeedClientAuth(false);
            }
        }
        engine.setSSLParameters(params);
        return engine;
    }

    static List<X509Certificate> peerCertificates(SSLSession session) {
        try {
            List<X509Certificate> out = new ArrayList<>();
            for (Certificate c : session.getPeerCertificates()) {
                out.add((X509Certificate) c);
            }
            return List.copyOf(out);
        } catch (SSLPeerUnverifiedException e) {
            return List.of();
        }
    }

    static InetAddress loopback() {
        try {
            return InetAddress.getByAddress("localhost", new byte[] {127, 0, 0, 1});
        } catch (UnknownHostException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    // ==================================================================== server

    /** The echo server. See {@link DtlsTestServer}. */
    public static final class Server implements DtlsTestServer {
        private final SSLEngine engine;
        private final PeerOptions options;
        private final UdpChannel channel;
        private final Thread thread;
        private final CompletableFuture<Void> handshake = new CompletableFuture<>();
        private final CountDownLatch closeNotify = new CountDownLatch(1);
        private final AtomicInteger echoed = new AtomicInteger();
        private volatile boolean closeRequested;
        private volatile Throwable failure;
        private volatile String cipherSuite;
        private volatile List<X509Certificate> peerCertificates = List.of();
        private volatile SSLSession session;

        private Server(SSLEngine engine, PeerOptions options) throws IOException {
            this.engine = engine;
            this.options = options;
            this.channel = new UdpChannel(() -> closeRequested, true);
            this.thread = new Thread(this::run, "jsse-dtls-server-" + channel.port());
            this.thread.setDaemon(true);
        }

        @Override
        public int port() {
            return channel.port();
        }

        @Override
        public void awaitHandshake(Duration timeout)
            throws InterruptedException, TimeoutException, ExecutionException {
            handshake.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        }

        @Override
        public String cipherSuite() {
            return cipherSuite;
        }

        @Override
        public List<X509Certificate> peerCertificates() {
            return peerCertificates;
        }

        /** The established session, or {@code null} before the handshake completed. */
        public SSLSession session() {
            return session;
        }

        @Override
        public boolean awaitCloseNotify(Duration timeout) throws InterruptedException {
            return closeNotify.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
        }

        @Override
        public int echoedRecords() {
            return echoed.get();
        }

        @Override
        public Throwable failure() {
            return failure;
        }

        @Override
        public void close() {
            closeRequested = true;
            channel.wakeup();
            try {
                thread.join(5_000);
                if (thread.isAlive()) {
                    channel.close();
                    thread.join(5_000);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                channel.close();
            }
        }

        private void run() {
            try {
                ByteBuffer first = null;
                while (first == null) {
                    if (closeRequested) {
                        return;
                    }
                    first = channel.receive(IDLE_SLICE_MS);
                }
                SocketAddress client = channel.lastSender();
                channel.connect(client);
                Connection conn = new Connection(engine, channel, client, () -> closeRequested);
                conn.handshake(System.nanoTime() + options.handshakeTimeout().toNanos(), first);
                SSLSession s = engine.getSession();
                session = s;
                cipherSuite = s.getCipherSuite();
                peerCertificates = JsseDtlsPeer.peerCertificates(s);
                handshake.complete(null);

                while (!closeRequested) {
                    for (byte[] data; (data = conn.pollApplicationData()) != null; ) {
                        echoed.incrementAndGet();
                        conn.sendApplicationData(data);
                    }
                    if (conn.closeNotifyReceived()) {
                        closeNotify.countDown();
                        return;
                    }
                    ByteBuffer datagram = channel.receive(IDLE_SLICE_MS);
                    if (datagram != null) {
                        conn.unwrapApplicationData(datagram);
                    }
                }
                conn.sendCloseNotify();
            } catch (Throwable t) {
                if (!closeRequested) {
                    failure = t;
                }
                handshake.completeExceptionally(t);
            } finally {
                channel.close();
                handshake.completeExceptionally(new IOException("server closed before the handshake completed"));
            }
        }
    }

    // ==================================================================== client

    /** A connected client. See {@link DtlsTestClient}. */
    public static final class Client implements DtlsTestClient {
        private final SSLEngine engine;
        private final UdpChannel channel;
        private final Connection conn;
        private final String cipherSuite;
        private final List<X509Certificate> peerCertificates;
        private boolean closed;

        private Client(SSLEngine engine, UdpChannel channel, Connection conn) {
            this.engine = engine;
            this.channel = channel;
            this.conn = conn;
            SSLSession s = engine.getSession();
            this.cipherSuite = s.getCipherSuite();
            this.peerCertificates = JsseDtlsPeer.peerCertificates(s);
        }

        @Override
        public void send(byte[] data) throws IOException {
            if (closed) {
                throw new IOException("client closed");
            }
            conn.sendApplicationData(data);
        }

        @Override
        public byte[] receive(Duration timeout) throws IOException {
            if (closed) {
                throw new IOException("client closed");
            }
            long deadline = System.nanoTime() + timeout.toNanos();
            while (true) {
                byte[] data = conn.pollApplicationData();
                if (data != null) {
                    return data;
                }
                if (conn.closeNotifyReceived()) {
                    throw new EOFException("server sent close_notify");
                }
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    throw new SocketTimeoutException("no application data within " + timeout);
                }
                ByteBuffer datagram = channel.receive(ceilMillis(remaining));
                if (datagram != null) {
                    conn.unwrapApplicationData(datagram);
                }
            }
        }

        @Override
        public String cipherSuite() {
            return cipherSuite;
        }

        @Override
        public List<X509Certificate> peerCertificates() {
            return peerCertificates;
        }

        @Override
        public int localPort() {
            return channel.port();
        }

        /** The established session. */
        public SSLSession session() {
            return engine.getSession();
        }

        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            try {
                if (!conn.closeNotifyReceived()) {
                    conn.sendCloseNotify();
                }
            } catch (IOException | RuntimeException ignored) {
                // best effort
            } finally {
                channel.close();
            }
        }
    }


    // ==================================================================== UDP

    /**
     * A non-blocking {@link DatagramChannel} with timed receive via a {@link Selector}. A server's channel
     * ignores {@link PortUnreachableException}s: once connected, Linux reports an ICMP port unreachable (e.g.
     * for a retransmission that reached a client which had just failed and closed) on the next receive,
     * ahead of datagrams already queued, which would hide the client's alert.
     */
    static final class UdpChannel implements Closeable {
        private final DatagramChannel channel;
        private final Selector selector;
        private final BooleanSupplier stop;
        private final boolean ignorePortUnreachable;
        private final int port;
        private final ByteBuffer rx = ByteBuffer.allocate(BUFFER_SIZE);
        private SocketAddress lastSender;

        UdpChannel(BooleanSupplier stop, boolean ignorePortUnreachable) throws IOException {
            this.stop = stop;
            this.ignorePortUnreachable = ignorePortUnreachable;
            DatagramChannel ch = DatagramChannel.open(StandardProtocolFamily.INET);
            try {
                ch.bind(new InetSocketAddress(LOOPBACK, 0));
                ch.configureBlocking(false);
                this.selector = Selector.open();
                ch.register(selector, SelectionKey.OP_READ);
                this.port = ((InetSocketAddress) ch.getLocalAddress()).getPort();
            } catch (IOException | RuntimeException e) {
                ch.close();
                throw e;
            }
            this.channel = ch;
        }

        int port() {
            return port;
        }

        SocketAddress lastSender() {
            return lastSender;
        }

        void connect(SocketAddress remote) throws IOException {
            channel.connect(remote);
        }

        /** One datagram (a fresh buffer, ready to read), or null on timeout or when {@code stop} is set. */
        ByteBuffer receive(long timeoutMillis) throws IOException {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Math.max(0, timeoutMillis));
            while (true) {
                rx.clear();
                SocketAddress from;
                try {
                    from = channel.receive(rx);
                } catch (PortUnreachableException e) {
                    if (!ignorePortUnreachable) {
                        throw e;
                    }
                    continue;
                }
                if (from != null) {
                    lastSender = from;
                    rx.flip();
                    ByteBuffer copy = ByteBuffer.allocate(rx.remaining());
                    copy.put(rx).flip();
                    return copy;
                }
                if (stop.getAsBoolean()) {
                    return null;
                }
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    return null;
                }
                selector.select(Math.max(1, ceilMillis(remaining)));
                selector.selectedKeys().clear();
                if (stop.getAsBoolean()) {
                    return null;
                }
            }
        }

        void send(ByteBuffer datagram, SocketAddress to) throws IOException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
            while (channel.send(datagram, to) == 0) {
                if (System.nanoTime() - deadline > 0) {
                    throw new IOException("UDP send buffer stayed full for 2 s");
                }
                Thread.onSpinWait();
            }
        }

        void wakeup() {
            selector.wakeup();
        }

        @Override
        public void close() {
            try {
                selector.close();
            } catch (IOException ignored) {
                // nothing to do
            }
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing to do
            }
        }
    }

    static long ceilMillis(long nanos) {
        return Math.max(0, (nanos + 999_999) / 1_000_000);
    }
}
