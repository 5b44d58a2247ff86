package org.dtlsj.transport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.dtlsj.api.DtlsHandler;
import org.dtlsj.api.DtlsSession;
import org.dtlsj.config.DtlsConfig;
import org.dtlsj.engine.DtlsConnection;
import org.dtlsj.engine.DtlsEvent;
import org.dtlsj.error.DtlsException;
import org.dtlsj.transport.Peer.Timer;

/**
 * One thread, one UDP socket, any number of DTLS connections: the transport under
 * {@code DtlsServer} and {@code DtlsClient}. It demultiplexes datagrams by the peer's address
 * (the {@link PeerKey}), runs the stateless cookie check before any state exists for a peer,
 * drives each connection's timers, closes idle connections, and confines every connection to
 * this thread — so the engine needs no locks. (A client may also let the application's threads
 * drive its connection, {@link #callerDriven()}; they then take turns with the loop under
 * {@link #engine}.)
 *
 * <p>A server scales across cores by running several loops, each on its own socket bound to the
 * same address with SO_REUSEPORT; the kernel keeps each peer on one socket.
 */
public final class EventLoop implements Runnable, AutoCloseable {
    /** Largest datagram read; anything longer is truncated by the OS and then fails to parse. */
    static final int MAX_DATAGRAM = 65_535;

    /**
     * Handshakes one server loop runs at once unless told otherwise. A handshake in progress
     * holds its transcript, flights and reassembly buffers (a few kilobytes each, each buffer
     * capped by {@link org.dtlsj.config.Limits}); a peer that passes the cookie and then stalls
     * holds its slot until the handshake timeout. This cap bounds what such peers can pin.
     */
    public static final int DEFAULT_MAX_HANDSHAKES = 4_096;

    /**
     * Limits and options of a loop.
     *
     * @param maxConnections connections (handshaking or established) held at once
     * @param maxHandshakes of those, handshakes in progress at once; a verified ClientHello
     *        beyond it is dropped without state, and the client's retransmission tries again
     */
    public record Settings(int maxConnections, long idleTimeoutNanos, boolean server, long keepAliveNanos, int maxHandshakes) {
        public Settings {
            if (maxConnections < 1 || maxHandshakes < 1) throw new IllegalArgumentException("limits must be positive");
        }

        public Settings(int maxConnections, long idleTimeoutNanos, boolean server, long keepAliveNanos) {
            this(maxConnections, idleTimeoutNanos, server, keepAliveNanos, DEFAULT_MAX_HANDSHAKES);
        }

        public Settings(int maxConnections, long idleTimeoutNanos, boolean server) {
            this(maxConnections, idleTimeoutNanos, server, 0);
        }
    }

    /** Counters of a loop, for monitoring and tests. */
    public static final class Stats {
        final AtomicLong helloVerifyRequests = new AtomicLong();
        final AtomicLong refusedAtCapacity = new AtomicLong();
        final AtomicLong refusedHandshakes = new AtomicLong();
        final AtomicLong droppedUnknownPeer = new AtomicLong();
        final AtomicLong bytesIn = new AtomicLong();
        final AtomicLong bytesOutToUnverified = new AtomicLong();
        final AtomicLong bytesInFromUnverified = new AtomicLong();

        public long helloVerifyRequests() { return helloVerifyRequests.get(); }
        /** Verified ClientHellos refused because the connection table was full. */
        public long refusedAtCapacity() { return refusedAtCapacity.get(); }
        /** Verified ClientHellos dropped because {@link Settings#maxHandshakes} handshakes were running. */
        public long refusedHandshakes() { return refusedHandshakes.get(); }
        /** Datagrams from addresses without a connection that were not a usable ClientHello. */
        public long droppedUnknownPeer() { return droppedUnknownPeer.get(); }
        /** Bytes sent to and received from peers whose cookie had not verified: the amplification. */
        public long bytesOutToUnverified() { return bytesOutToUnverified.get(); }
        public long bytesInFromUnverified() { return bytesInFromUnverified.get(); }
    }

    private final DtlsConfig config;
    private final org.dtlsj.crypto.EphemeralKeys keys;
    private final Settings settings;
    private final DatagramChannel channel;
    private final Selector selector;
    private final DtlsHandler handler;
    private final PeerEvents events = new PeerEvents(this);
    private final LongSupplier clock;
    private final Map<InetSocketAddress, Peer> peers = new HashMap<>();
    private final PriorityQueue<Timer> timers = new PriorityQueue<>((a, b) -> Long.compare(a.at(), b.at()));
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    /** Datagrams are read into this under the engine lock, by the loop or by an application thread (CallerIo). */
    private final ByteBuffer rx = ByteBuffer.allocate(MAX_DATAGRAM);
    private final Outlet out;
    private final Stats stats = new Stats();
    private volatile boolean running = true;
    private volatile Thread thread;
    /** Caller-driven clients: the loop's thread, started only when needed ({@link #deferThread}). */
    private final DeferredThread deferred = new DeferredThread();
    private long nextIdleSweep;
    private volatile int handshakes;
    /** Held by whichever thread drives the engines: the loop for its turn, an application thread for its call. */
    private final java.util.concurrent.locks.ReentrantLock engine = new java.util.concurrent.locks.ReentrantLock();
    private final SelectionKey key;
    /** Client only: the application's threads send and read themselves (null: everything on the loop). */
    private volatile CallerIo callerIo;

    /**
     * @param channel a bound (server) or connected (client) channel; the loop makes it non-blocking
     * @param handler callbacks on this loop's thread; may be null
     */
    public EventLoop(DtlsConfig config, Settings settings, DatagramChannel channel, DtlsHandler handler) throws IOException {
        this.config = config;
        this.keys = config.ephemeralKeys();
        this.settings = settings;
        this.channel = channel;
        this.out = new Outlet(channel, settings.server);
        this.handler = handler != null ? handler : new DtlsHandler() { };
        this.clock = System::nanoTime;
        this.selector = Selector.open();
        channel.configureBlocking(false);
        this.key = channel.register(selector, SelectionKey.OP_READ);
    }

    /**
     * Client, before the loop starts: the application's threads send and read themselves ({@link CallerIo}).
     * Handler callbacks then run on whichever thread read: a client whose handler consumes data keeps the default.
     */
    public void callerDriven() {
        if (settings.server) throw new IllegalStateException("a server loop serves many peers from its own thread");
        callerIo = new CallerIo(this, keys, channel, key);
    }

    /**
     * Caller-driven client: the loop's thread starts only when it is needed. The application's
     * threads drive the handshake and read ({@link CallerIo}); the thread starts when a task
     * must run on it ({@link #execute}), or {@link #startThreadAfter} the application leaves the
     * connection alone. A connection closed before then never costs a thread: a client that
     * connects, exchanges a little and closes makes no thread at all.
     */
    public void deferThread(String name) {
        if (callerIo == null) throw new IllegalStateException("only a caller-driven loop defers its thread");
        deferred.defer(name);
    }

    /** Starts the deferred thread in {@code nanos} unless the loop has closed by then. */
    public void startThreadAfter(long nanos) {
        deferred.startAfter(nanos, this);
    }

    /** How long a caller-driven client's loop waits for the application before it reads itself. */
    public static final long CALLER_LINGER_NANOS = CallerIo.LINGER_NANOS;

    /**
     * {@link CallerIo}, while the application's thread drives a handshake and the loop's thread
     * may not have started: fires due timers (retransmissions, the handshake timeout) on the
     * calling thread. Returns when the next one is due.
     */
    long timersOnCaller() {
        engine.lock();
        try {
            if (!running) return Long.MAX_VALUE;
            fireTimers(clock.getAsLong());
            return nextTimer();
        } finally {
            engine.unlock();
        }
    }

    /** The session's next datagram, read on the calling thread when {@link #callerDriven()}; else null after waiting on its queue. */
    public byte[] receive(DtlsSession s, long timeoutNanos) throws IOException, InterruptedException {
        CallerIo io = callerIo;
        if (io == null || !CallerIo.mayRead(thread) || !s.isOpen()) {
            // This thread waits on the queue: the loop's thread must be there to fill it.
            deferred.start(this);
            return s.awaitIncoming(timeoutNanos);
        }
        return io.receive(s, timeoutNanos);
    }

    /**
     * When {@link #callerDriven()}: reads and handles datagrams on the calling thread until
     * {@code done} (the handshake a client waits for, say); at once otherwise.
     * @return whether {@code done} said so before {@code timeoutNanos} passed
     */
    public boolean driveUntil(java.util.function.BooleanSupplier done, long timeoutNanos) throws IOException, InterruptedException {
        CallerIo io = callerIo;
        if (io == null || !CallerIo.mayRead(thread)) return done.getAsBoolean();
        return io.driveUntil(done, timeoutNanos);
    }

    /** {@link CallerIo}: reads and handles what the socket holds, on the calling thread. */
    void readOnCaller() throws IOException {
        engine.lock();
        try {
            if (running) readAll(rx);
        } catch (java.nio.channels.ClosedChannelException e) { // shut down meanwhile: the reader hears of it next
        } finally {
            engine.unlock();
        }
    }

    /** {@link CallerIo}: seals and sends on the calling thread. */
    void sendOnCaller(InetSocketAddress peer, byte[] data) {
        engine.lock();
        try {
            long now = clock.getAsLong();
            Peer p = seal(peer, data, now);
            if (p == null) return;
            p.lastActivity = now;
            p.trimmed = false;
            afterIo(p, now);
        } finally {
            engine.unlock();
        }
    }

    public Stats stats() {
        return stats;
    }

    public InetSocketAddress localAddress() throws IOException {
        return (InetSocketAddress) channel.getLocalAddress();
    }

    /** Number of connections (handshaking or established) held now. */
    public int connectionCount() {
        return peers.size();
    }

    /** Number of those still in their handshake. */
    public int handshakeCount() {
        return handshakes;
    }

    /** Client: starts a handshake with the peer the channel is connected to. */
    public void connect(InetSocketAddress server, String serverName) {
        connect(server, serverName, null);
    }

    /** Client: as {@link #connect(InetSocketAddress, String)}, offering to resume {@code session} (may be null). */
    public void connect(InetSocketAddress server, String serverName, org.dtlsj.session.ResumableSession session) {
        Runnable start = () -> {
            Peer p = new Peer(server, DtlsConnection.client(config, serverName, session));
            peers.put(server, p);
            handshakes++;
            p.lastActivity = clock.getAsLong();
            p.conn.start(p.lastActivity);
            afterIo(p, p.lastActivity);
        };
        if (callerIo == null) {
            execute(start);
            return;
        }
        // Caller-driven: the ClientHello leaves from this thread, without waiting for the loop's turn.
        engine.lock();
        try {
            start.run();
        } finally {
            engine.unlock();
        }
    }

    /** Runs {@code task} on the loop thread. */
    public void execute(Runnable task) {
        tasks.add(task);
        deferred.start(this);
        // Only a loop that is in (or about to enter) select needs waking: a wakeup is a system
        // call, and one per datagram sent would cost more than sealing it.
        if (selecting) selector.wakeup();
    }

    /**
     * Set before the loop looks at {@link #tasks} and selects, cleared after: a task added while it
     * is set wakes the selector (a wakeup before select makes that select return at once), one
     * added while it is clear is seen by the loop's next look.
     */
    private volatile boolean selecting;

    /**
     * Sends from any thread; on the loop's own thread (a handler answering) and on the caller's
     * thread when {@link #callerDriven()}, at once. {@code data} is not kept.
     */
    public void send(InetSocketAddress peer, byte[] data) {
        CallerIo io = callerIo;
        if (io != null && Thread.currentThread() != thread) {
            io.send(peer, data);
            return;
        }
        if (Thread.currentThread() == thread) {
            // Sealed into the engine; afterIo, which called the handler, sends it next.
            seal(peer, data, clock.getAsLong());
            return;
        }
        byte[] copy = data.clone(); // the caller may reuse its array once send returns
        execute(() -> {
            long now = clock.getAsLong();
            Peer p = seal(peer, copy, now);
            if (p != null) afterIo(p, now);
        });
    }

    /** Seals {@code data} into {@code peer}'s engine; the peer, or null when none is connected or the record was refused. */
    private Peer seal(InetSocketAddress peer, byte[] data, long now) {
        Peer p = peers.get(peer);
        if (p == null || !p.conn.isConnected()) return null;
        try {
            if (!out.sendDirect(p, data, now)) p.conn.send(data, now);
            return p;
        } catch (IllegalArgumentException | IllegalStateException e) {
            // The session checks sizes before it gets here; whatever slips through costs this
            // datagram, never the loop that serves every other peer.
            return null;
        }
    }

    /**
     * Sends a heartbeat (RFC 6520) to {@code peer}; the future completes with the round-trip time,
     * or fails when the peer may not be sent heartbeats, one is already in flight, or the
     * connection ends first.
     */
    public CompletableFuture<java.time.Duration> heartbeat(InetSocketAddress peer, int padding) {
        return request(peer, (p, f, now) -> {
            if (!p.conn.sendHeartbeat(padding, now)) throw new IllegalStateException("heartbeats not allowed to this peer, or one already in flight");
            p.heartbeat = f;
        });
    }

    /**
     * Starts a secure renegotiation (RFC 5746) with {@code peer}; the future completes with the
     * new handshake's result, or fails if it cannot start, the peer refuses, or the connection ends.
     */
    public CompletableFuture<org.dtlsj.engine.SessionInfo> renegotiate(InetSocketAddress peer) {
        return request(peer, (p, f, now) -> {
            if (p.renegotiation != null) throw new IllegalStateException("a renegotiation is already in progress");
            p.conn.renegotiate(now);
            p.renegotiation = f;
        });
    }

    /**
     * Discovers the path MTU to {@code peer} with heartbeat probes (RFC 4821, RFC 6520 §5.1) up to
     * {@code ceiling} bytes of UDP payload; the future completes with the result, which the
     * connection then uses for its datagrams.
     */
    public CompletableFuture<Integer> discoverPathMtu(InetSocketAddress peer, int ceiling) {
        return request(peer, (p, f, now) -> {
            // Three probes per size, each given 500 ms: loss is not mistaken for a size limit.
            if (!p.conn.discoverPathMtu(ceiling, 3, 500_000_000L, now)) {
                throw new IllegalStateException("path MTU discovery needs an established connection"
                        + " whose peer answers heartbeats, and no heartbeat in flight");
            }
            p.pathMtu = f;
        });
    }

    /** Starts something on a peer's connection, on the loop; it throws IllegalStateException when it cannot. */
    @FunctionalInterface
    private interface Request<T> {
        void start(Peer p, CompletableFuture<T> f, long now);
    }

    /** Runs {@code r} on the loop; the future it files fails at once if there is no such peer or {@code r} refuses. */
    private <T> CompletableFuture<T> request(InetSocketAddress peer, Request<T> r) {
        CompletableFuture<T> f = new CompletableFuture<>();
        execute(() -> {
            Peer p = peers.get(peer);
            long now = clock.getAsLong();
            try {
                if (p == null) throw new IllegalStateException("no connection with " + peer);
                r.start(p, f, now);
            } catch (IllegalStateException e) {
                f.completeExceptionally(e);
                return;
            }
            afterIo(p, now);
        });
        return f;
    }

    /** Closes one connection with close_notify. */
    public void close(InetSocketAddress peer) {
        if (deferred.closeWithout()) {
            // A caller-driven client, whose loop holds this one connection: the loop goes with it.
            closeHere();
            return;
        }
        execute(() -> {
            Peer p = peers.get(peer);
            if (p == null) return;
            long now = clock.getAsLong();
            p.conn.close(now);
            afterIo(p, now);
        });
    }

    @Override
    public void run() {
        thread = Thread.currentThread();
        try {
            while (running) {
                long now = clock.getAsLong();
                long wake;
                CallerIo io = callerIo;
                engine.lock();
                try {
                    wake = Math.min(nextTimer(), now + (io != null && io.reading() ? CallerIo.LINGER_NANOS : 1_000_000_000L));
                } finally {
                    engine.unlock();
                }
                long waitMs = Math.max(0, (wake - now + 999_999) / 1_000_000);
                if (waitMs > 0 && tasks.isEmpty() && keys.hasWork() && selector.selectNow() == 0) {
                    // Nothing to read (or the application's thread reads), do or time: make the next
                    // handshake's ephemeral key pair now, off its critical path (EphemeralKeys), then look again.
                    keys.prepare();
                    continue;
                }
                selecting = true;
                if (!tasks.isEmpty()) {
                    selector.selectNow();
                } else if (waitMs == 0) {
                    selector.selectNow();
                } else {
                    selector.select(waitMs);
                }
                selecting = false;
                selector.selectedKeys().clear();
                engine.lock();
                try {
                    for (Runnable t; (t = tasks.poll()) != null; ) t.run();
                    now = clock.getAsLong();
                    if (io == null || !io.reading() || io.loopTakesBack(now)) readAll(rx);
                    now = clock.getAsLong();
                    fireTimers(now);
                    if (now - nextIdleSweep >= 0) {
                        IdleSweep.run(this, peers.values(), settings, now);
                        nextIdleSweep = now + 1_000_000_000L;
                    }
                } finally {
                    engine.unlock();
                }
            }
        } catch (IOException | RuntimeException e) {
            if (running) throw new IllegalStateException("event loop failed", e);
        } finally {
            shutdownNow();
        }
    }

    private long nextTimer() {
        Timer t;
        while ((t = timers.peek()) != null && t.peer().scheduled != t.at()) timers.poll();
        return t == null ? Long.MAX_VALUE : t.at();
    }

    private void readAll(ByteBuffer buf) throws IOException {
        while (true) {
            buf.clear();
            SocketAddress from;
            try {
                from = channel.receive(buf);
            } catch (PortUnreachableException e) {
                // An ICMP error can be forged by anyone; it never ends a connection (use heartbeats).
                continue;
            }
            if (from == null) return;
            buf.flip();
            stats.bytesIn.addAndGet(buf.remaining());
            onDatagram((InetSocketAddress) from, buf);
        }
    }

    private void onDatagram(InetSocketAddress from, ByteBuffer d) throws IOException {
        long now = clock.getAsLong();
        Peer p = peers.get(from);
        if (p != null && p.conn.isConnected() && isInitialClientHello(d) && settings.server) {
            // RFC 6347 §4.2.8: a new ClientHello from a peer we have a connection with (it lost its
            // state, or reconnects from the same port). Answer statelessly; only a verified cookie
            // replaces the old connection, which an off-path attacker cannot produce.
            p = null;
        }
        if (p == null) {
            if (!settings.server) {
                stats.droppedUnknownPeer.incrementAndGet();
                return;
            }
            p = admit(from, d, now);
            if (p == null) return;
        }
        p.lastActivity = now;
        p.trimmed = false;
        p.conn.receive(d.array(), d.arrayOffset() + d.position(), d.remaining(), now);
        afterIo(p, now);
    }

    /**
     * Handles {@code datagram} as if it had arrived from {@code from}: for measurements and tests
     * that must play many source addresses (a spoofed flood) without raw sockets. Call it only
     * when the loop's thread is not running.
     */
    void deliverForTest(InetSocketAddress from, byte[] datagram) throws IOException {
        stats.bytesIn.addAndGet(datagram.length);
        onDatagram(from, ByteBuffer.wrap(datagram));
    }

    private static boolean isInitialClientHello(ByteBuffer d) {
        int o = d.position();
        return d.remaining() > 25 && d.get(o) == 22 && d.get(o + 3) == 0 && d.get(o + 4) == 0 && d.get(o + 13) == 1;
    }

    /** The stateless gate: no state for a peer until its cookie verifies (RFC 6347 §4.2.1). */
    private Peer admit(InetSocketAddress from, ByteBuffer d, long now) throws IOException {
        byte[] key = PeerKey.bytes(from);
        if (!CookieGate.passes(from, key, d, config, channel, stats, now)) return null;
        Peer old = peers.get(from);
        if (old == null && peers.size() >= settings.maxConnections) {
            stats.refusedAtCapacity.incrementAndGet();
            return null;
        }
        if (old != null) remove(old, null);
        if (handshakes >= settings.maxHandshakes) {
            stats.refusedHandshakes.incrementAndGet();
            return null;
        }
        Peer p = new Peer(from, DtlsConnection.server(config, key));
        peers.put(from, p);
        handshakes++;
        return p;
    }

    /** After the engine ran: send what it produced, hand out data and events, re-arm its timer. */
    void afterIo(Peer p, long now) {
        out.flush(p);
        for (DtlsEvent e; (e = p.conn.pollEvent()) != null; ) events.dispatch(p, e);
        for (byte[] data; (data = p.conn.pollApplicationData()) != null; ) {
            if (p.session != null && !handler.onData(p.session, data)) {
                p.session.deliver(data);
                if (callerIo != null) callerIo.wake();
            }
        }
        // What a handler sent from onData (an echo, say) went straight into the engine: out it goes.
        out.flush(p);
        long at = p.conn.nextTimeoutNanos();
        if (!p.removed && at != p.scheduled) {
            p.scheduled = at;
            if (at != Long.MAX_VALUE) {
                timers.add(new Timer(at, p));
                // Set from an application thread (CallerIo) while the loop sleeps: it wakes to plan again.
                if (selecting && Thread.currentThread() != thread) selector.wakeup();
            }
        }
    }

    private void fireTimers(long now) {
        Timer t;
        while ((t = timers.peek()) != null && t.at() - now <= 0) {
            timers.poll();
            Peer p = t.peer();
            if (p.scheduled != t.at() || p.removed) continue;
            p.scheduled = Long.MAX_VALUE;
            p.conn.handleTimeout(now);
            afterIo(p, now);
        }
    }

    void handshakeEnded(Peer p) {
        if (p.handshaking) {
            p.handshaking = false;
            handshakes--;
        }
    }

    void remove(Peer p, DtlsException error) {
        if (peers.get(p.address) == p) peers.remove(p.address);
        p.removed = true;
        handshakeEnded(p);
        p.scheduled = Long.MAX_VALUE;
        p.failRequests(error);
        if (p.session != null && p.session.isOpen()) {
            p.session.closed(error);
            handler.onClosed(p.session, error);
        } else if (p.session == null && !settings.server && error != null) {
            handler.onClosed(null, error);
        }
        if (callerIo != null) callerIo.wake();
    }

    DtlsHandler handler() {
        return handler;
    }

    /** The application's reading thread to wake, or null when the loop reads. */
    CallerIo callerIo() {
        return callerIo;
    }

    /** The client's connection failure before a session existed, or null. */
    public DtlsException clientFailure(InetSocketAddress server) {
        Peer p = peers.get(server);
        return p != null ? p.conn.failure() : null;
    }

    /** Sends close_notify to every peer and stops the loop. */
    @Override
    public void close() {
        if (deferred.closeWithout()) {
            closeHere();
            return;
        }
        execute(() -> {
            closeAll();
            running = false;
        });
        Thread t = thread;
        if (t != null && t != Thread.currentThread()) {
            try {
                t.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Sends close_notify to every peer and forgets it. */
    private void closeAll() {
        long now = clock.getAsLong();
        for (Peer p : new ArrayList<>(peers.values())) {
            p.conn.close(now);
            afterIo(p, now);
            remove(p, null);
        }
    }

    /** A loop whose thread never started ({@link DeferredThread}): closes on the calling thread, close_notify and all. */
    private void closeHere() {
        engine.lock();
        try {
            closeAll();
        } finally {
            engine.unlock();
        }
        shutdownNow();
    }

    private void shutdownNow() {
        running = false;
        engine.lock();
        try {
            for (Peer p : new ArrayList<>(peers.values())) remove(p, null);
        } finally {
            engine.unlock();
        }
        if (callerIo != null) callerIo.close();
        try {
            selector.close();
            channel.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
