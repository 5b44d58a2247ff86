package org.dtlsj.api;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.dtlsj.config.DtlsConfig;
import org.dtlsj.error.DtlsException;
import org.dtlsj.transport.EventLoop;

/**
 * A DTLS server: any number of peers on one UDP port, something OpenSSL's one-socket-per-peer
 * model cannot do. Each event loop is one thread with its own socket (SO_REUSEPORT when there are
 * several); a peer's connection stays on one loop.
 *
 * <pre>{@code
 * try (DtlsServer server = DtlsServer.builder(config).bind(new InetSocketAddress(4433)).start()) {
 *     while (true) {
 *         DtlsSession s = server.accept();
 *         Thread.startVirtualThread(() -> echo(s));
 *     }
 * }
 * }</pre>
 * or, without threads per peer, a {@link DtlsHandler} that reacts to events on the loop.
 */
public final class DtlsServer implements AutoCloseable {
    /** Default bound on connections held per event loop (handshaking and established). */
    public static final int DEFAULT_MAX_CONNECTIONS = 100_000;
    /** Default time after which a connection with no traffic is closed. */
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(10);

    private final List<EventLoop> loops;
    private final List<Thread> threads = new ArrayList<>();
    private final BlockingQueue<DtlsSession> accepted;
    private final InetSocketAddress address;

    private DtlsServer(List<EventLoop> loops, BlockingQueue<DtlsSession> accepted, InetSocketAddress address) {
        this.loops = loops;
        this.accepted = accepted;
        this.address = address;
        for (int i = 0; i < loops.size(); i++) {
            Thread t = Thread.ofPlatform().name("dtlsj-server-loop-" + i).daemon(true).start(loops.get(i));
            threads.add(t);
        }
    }

    public static Builder builder(DtlsConfig config) {
        return new Builder(config);
    }

    /** The bound address (with the actual port when bound to port 0). */
    public InetSocketAddress address() {
        return address;
    }

    /** The next peer whose handshake completed, waiting as long as it takes. */
    public DtlsSession accept() throws InterruptedException {
        return accepted.take();
    }

    /** The next established peer, or null after {@code timeout}. */
    public DtlsSession accept(Duration timeout) throws InterruptedException {
        return accepted.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** The loops, for statistics. */
    public List<EventLoop> eventLoops() {
        return loops;
    }

    /** Sends close_notify to every peer, then stops. */
    @Override
    public void close() {
        for (EventLoop l : loops) l.close();
    }

    /** Configures and starts a {@link DtlsServer}. */
    public static final class Builder {
        private final DtlsConfig config;
        private InetSocketAddress bind = new InetSocketAddress("127.0.0.1", 4433);
        private int eventLoops = 1;
        private int maxConnections = DEFAULT_MAX_CONNECTIONS;
        private int maxHandshakes = EventLoop.DEFAULT_MAX_HANDSHAKES;
        private Duration idleTimeout = DEFAULT_IDLE_TIMEOUT;
        private DtlsHandler handler;
        private Duration keepAlive = Duration.ZERO;

        private Builder(DtlsConfig config) {
            this.config = Objects.requireNonNull(config);
            if (!config.hasCredentials() && config.pskStore() == null) {
                throw new IllegalArgumentException("a server needs a certificate and key, or a PSK store");
            }
        }

        public Builder bind(InetSocketAddress a) {
            this.bind = Objects.requireNonNull(a);
            return this;
        }

        /** Threads, each with its own socket (SO_REUSEPORT); one per core is the usual choice. */
        public Builder eventLoops(int n) {
            if (n < 1) throw new IllegalArgumentException("at least one event loop");
            this.eventLoops = n;
            return this;
        }

        /** Connections per loop; verified ClientHellos beyond it are refused without allocating. */
        public Builder maxConnections(int n) {
            if (n < 1) throw new IllegalArgumentException("maxConnections must be positive");
            this.maxConnections = n;
            return this;
        }

        /**
         * Handshakes in progress per loop (default {@value EventLoop#DEFAULT_MAX_HANDSHAKES}):
         * a verified ClientHello beyond it is dropped without keeping anything, and the client's
         * retransmission gets in once a slot frees. Peers that pass the cookie and then stall
         * hold a slot until the handshake timeout ({@link DtlsConfig#handshakeTimeout()}).
         */
        public Builder maxHandshakes(int n) {
            if (n < 1) throw new IllegalArgumentException("maxHandshakes must be positive");
            this.maxHandshakes = n;
            return this;
        }

        /** Established connections without traffic this long are closed; zero for never. */
        public Builder idleTimeout(Duration d) {
            this.idleTimeout = Objects.requireNonNull(d);
            return this;
        }

        /**
         * Sends a heartbeat to each peer idle this long (RFC 6520 §5.2; heartbeats must be
         * negotiated); a peer that answers none within the handshake timeout is closed as dead.
         */
        public Builder keepAlive(Duration interval) {
            this.keepAlive = Objects.requireNonNull(interval);
            return this;
        }

        /** Callbacks on the loop threads; without one, use {@link DtlsServer#accept()} and {@link DtlsSession#receive}. */
        public Builder handler(DtlsHandler h) {
            this.handler = h;
            return this;
        }

        public DtlsServer start() throws IOException {
            BlockingQueue<DtlsSession> accepted = new LinkedBlockingQueue<>();
            DtlsHandler user = handler;
            DtlsHandler h = new DtlsHandler() {
                @Override
                public void onConnected(DtlsSession s) {
                    if (user != null) user.onConnected(s); else accepted.offer(s);
                }

                @Override
                public boolean onData(DtlsSession s, byte[] data) {
                    return user != null && user.onData(s, data);
                }

                @Override
                public void onClosed(DtlsSession s, DtlsException error) {
                    if (user != null) user.onClosed(s, error);
                }

                @Override
                public void onHeartbeatAnswered(DtlsSession s, Duration rtt) {
                    if (user != null) user.onHeartbeatAnswered(s, rtt);
                }

                @Override
                public void onRenegotiated(DtlsSession s) {
                    if (user != null) user.onRenegotiated(s);
                }
            };
            List<EventLoop> loops = new ArrayList<>();
            InetSocketAddress bound = bind;
            try {
                for (int i = 0; i < eventLoops; i++) {
                    DatagramChannel ch = DatagramChannel.open(bind.getAddress() instanceof java.net.Inet6Address
                            ? java.net.StandardProtocolFamily.INET6 : java.net.StandardProtocolFamily.INET);
                    if (eventLoops > 1) ch.setOption(StandardSocketOptions.SO_REUSEPORT, true);
                    ch.bind(i == 0 ? bind : bound);
                    if (i == 0) bound = (InetSocketAddress) ch.getLocalAddress();
                    loops.add(new EventLoop(config, new EventLoop.Settings(maxConnections, idleTimeout.toNanos(), true,
                            keepAlive.toNanos(), maxHandshakes), ch, h));
                }
            } catch (IOException e) {
                for (EventLoop l : loops) l.close();
                throw e;
            }
            return new DtlsServer(loops, accepted, bound);
        }
    }
}
