package org.dtlsj.sctp.usrsctp;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodType;
import java.net.BindException;
import java.net.DatagramSocket;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.dtlsj.sctp.ffm.Errno;
import org.dtlsj.sctp.ffm.SctpDialect;
import org.dtlsj.sctp.ffm.SctpSocketOptions;

/**
 * The usrsctp stack of this JVM, SCTP over UDP (RFC 6951), reached through the FFM API.
 *
 * <p>usrsctp keeps one global stack per process: {@code usrsctp_init} binds one UDP port for
 * every association, and {@code usrsctp_finish} works only once every socket is gone. So this
 * class is a handle onto that one stack, counted: {@link #start(int)} starts it or joins it,
 * {@link #close()} leaves it, and the last close finishes it. Two handles in one JVM share the
 * UDP port; asking for a different one while the stack runs fails.
 *
 * <p>Sockets are served without a thread each: usrsctp's upcall marks a socket ready and one
 * dispatcher thread per stack reads it, so ready listeners run on that thread.
 *
 * <p>IPv4 only for now. Call {@link #isAvailable()} first where libusrsctp2 may be missing.
 */
public final class UsrsctpStack implements AutoCloseable {
    /** How long the last {@link #close()} waits for associations to finish shutting down before it gives up. */
    public static final Duration FINISH_TIMEOUT = Duration.ofSeconds(5);
    /** Pause between {@code usrsctp_finish} attempts while associations still shut down (usrsctp has no signal for it). */
    private static final long FINISH_RETRY_MS = 20;

    private static final System.Logger LOG = System.getLogger(UsrsctpStack.class.getName());
    private static final Object LOCK = new Object();
    /** The running stack, or null. */
    private static volatile Shared shared;
    /** Why the last close could not finish the stack, or null; for diagnosis. */
    private static String finishFailure;

    /** What all handles share. */
    private static final class Shared {
        final int udpPort;
        int handles;
        final Map<Long, UsrsctpSocket> sockets = new ConcurrentHashMap<>();
        final LinkedBlockingQueue<UsrsctpSocket> ready = new LinkedBlockingQueue<>();
        final AtomicLong ids = new AtomicLong(1);
        final Thread dispatcher;

        Shared(int udpPort) {
            this.udpPort = udpPort;
            this.dispatcher = Thread.ofPlatform().daemon().name("usrsctp-dispatch-" + udpPort).unstarted(this::dispatch);
        }

        void dispatch() {
            while (true) {
                UsrsctpSocket s;
                try {
                    s = ready.take();
                } catch (InterruptedException e) {
                    return;
                }
                s.scheduled.set(false);
                try {
                    s.onEvents();
                } catch (RuntimeException | Error e) {
                    LOG.log(System.Logger.Level.ERROR, "usrsctp socket handler failed", e);
                }
            }
        }
    }

    /** The upcall stub, made once: it outlives stacks because usrsctp may call it until a socket is closed. */
    private static MemorySegment upcallStub;

    private final Shared state;
    private boolean closed;

    private UsrsctpStack(Shared state) {
        this.state = state;
    }

    /** Whether libusrsctp.so.2 can be used here (Java 22+ FFM and the library loadable). */
    public static boolean isAvailable() {
        return Usrsctp.LOAD_ERROR == null;
    }

    /** Why {@link #isAvailable()} is false, or null. */
    public static String unavailableReason() {
        return Usrsctp.LOAD_ERROR;
    }

    /** Whether the stack of this JVM runs (a handle is open, or the last close could not finish it). */
    public static boolean isRunning() {
        synchronized (LOCK) {
            return shared != null;
        }
    }

    /**
     * Why the last {@link #close()} of the last handle could not finish the stack (which sockets of
     * this JVM were still open, or that usrsctp still held associations), or null if it did.
     */
    public static String finishFailure() {
        synchronized (LOCK) {
            return finishFailure;
        }
    }

    /** Starts or joins the stack on any free UDP port (the running stack's port if there is one). */
    public static UsrsctpStack start() throws IOException {
        return start(0);
    }

    /**
     * Starts the stack with UDP encapsulation on {@code udpPort} (0: a free port), or joins the
     * running one.
     *
     * @throws IOException if the library is missing, the port cannot be bound, or the stack
     *                     already runs on another port
     */
    public static UsrsctpStack start(int udpPort) throws IOException {
        if (!isAvailable()) throw new IOException(Usrsctp.LOAD_ERROR);
        synchronized (LOCK) {
            if (shared != null) {
                if (udpPort != 0 && udpPort != shared.udpPort) {
                    throw new IOException("the usrsctp stack of this JVM already runs on UDP port " + shared.udpPort);
                }
                shared.handles++;
                return new UsrsctpStack(shared);
            }
            int port = udpPort != 0 ? udpPort : freeUdpPort();
            if (upcallStub == null) {
                MethodHandle target = Usrsctp.staticHandle(UsrsctpStack.class, "upcall",
                        MethodType.methodType(void.class, MemorySegment.class, MemorySegment.class, int.class));
                upcallStub = Usrsctp.upcallStub(target);
            }
            try {
                Usrsctp.init.invokeExact((short) port, MemorySegment.NULL, MemorySegment.NULL);
            } catch (Throwable t) {
                throw new IOException("usrsctp_init failed", t);
            }
            checkBound(port);
            Shared s = new Shared(port);
            s.handles = 1;
            s.dispatcher.start();
            shared = s;
            return new UsrsctpStack(s);
        }
    }

    /** usrsctp_init reports nothing; a UDP port we can still bind means it failed to. */
    private static void checkBound(int port) throws IOException {
        try {
            new DatagramSocket(port).close();
            throw new IOException("usrsctp_init did not bind UDP port " + port + " (in use by someone else?)");
        } catch (BindException expected) {
            // usrsctp holds it
        } catch (SocketException e) {
            throw new IOException("cannot check UDP port " + port, e);
        }
    }

    private static int freeUdpPort() throws IOException {
        try (DatagramSocket s = new DatagramSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** The UDP port the stack encapsulates SCTP in (RFC 6951): peers send to it. */
    public int udpPort() {
        return state.udpPort;
    }

    /**
     * Listens for associations on SCTP port {@code sctpPort} (1..65535; all local addresses), with
     * sockets set up per {@code options}; accepted associations inherit the setup. SCTP ports
     * belong to this JVM's stack: other processes' usrsctp stacks do not share them.
     */
    public UsrsctpListener listen(int sctpPort, SctpSocketOptions options) throws IOException {
        if (sctpPort < 1 || sctpPort > 0xffff) throw new IllegalArgumentException("SCTP port 1..65535: " + sctpPort);
        checkOpen();
        MemorySegment so = newSocket();
        try {
            configure(so, options);
            try (Arena a = Arena.ofConfined()) {
                MemorySegment sin = Usrsctp.sockaddrIn(a, new byte[4], sctpPort);
                int rc = (int) Usrsctp.bind.invokeExact(Errno.state(), so, sin, Usrsctp.SOCKADDR_IN_SIZE);
                if (rc < 0) throw Usrsctp.failure("bind to SCTP port " + sctpPort, Errno.errno());
                rc = (int) Usrsctp.listen.invokeExact(Errno.state(), so, UsrsctpListener.BACKLOG);
                if (rc < 0) throw Usrsctp.failure("listen", Errno.errno());
                rc = (int) Usrsctp.setNonBlocking.invokeExact(so, 1);
            }
        } catch (IOException e) {
            closeRaw(so);
            throw e;
        } catch (Throwable t) {
            closeRaw(so);
            throw new IOException("usrsctp listen failed", t);
        }
        return new UsrsctpListener(this, so, sctpPort, options);
    }

    /**
     * Sets up an association with SCTP port {@code sctpPort} at {@code host}, whose usrsctp stack
     * listens on UDP port {@code remoteUdpPort} ({@link #udpPort()} for a peer in this JVM), and
     * waits up to {@code timeout} for it to come up. The association's first notification is its
     * COMM_UP.
     *
     * @throws IOException if it could not be set up in time (the association is released)
     */
    public UsrsctpAssociation connect(InetAddress host, int sctpPort, int remoteUdpPort, SctpSocketOptions options,
            Duration timeout) throws IOException, InterruptedException {
        checkOpen();
        if (!(host instanceof Inet4Address)) throw new IOException("usrsctp backend: IPv4 only, not " + host);
        MemorySegment so = newSocket();
        UsrsctpAssociation assoc;
        try (Arena a = Arena.ofConfined()) {
            configure(so, options);
            // RFC 6951 §5.2: the peer's UDP encapsulation port, per socket
            MemorySegment enc = a.allocate(Usrsctp.UDPENCAPS_SIZE);
            enc.set(Usrsctp.SHORT_BE, 132, (short) remoteUdpPort);
            Usrsctp.setOption(so, SctpDialect.IPPROTO_SCTP, Usrsctp.SCTP_REMOTE_UDP_ENCAPS_PORT, enc,
                    "SCTP_REMOTE_UDP_ENCAPS_PORT");
            int rc = (int) Usrsctp.setNonBlocking.invokeExact(so, 1);
        } catch (IOException e) {
            closeRaw(so);
            throw e;
        } catch (Throwable t) {
            closeRaw(so);
            throw new IOException("usrsctp socket setup failed", t);
        }
        assoc = new UsrsctpAssociation(this, so, options, false);
        assoc.connect(host.getAddress(), sctpPort, timeout);
        return assoc;
    }

    /** {@link #connect(InetAddress, int, int, SctpSocketOptions, Duration)} to a listener of this JVM's stack. */
    public UsrsctpAssociation connect(UsrsctpListener listener, SctpSocketOptions options, Duration timeout)
            throws IOException, InterruptedException {
        return connect(InetAddress.getLoopbackAddress(), listener.port(), udpPort(), options, timeout);
    }

    /** The address a peer uses for {@code listener}: loopback and its SCTP port. */
    public InetSocketAddress loopbackAddress(UsrsctpListener listener) {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), listener.port());
    }

    private MemorySegment newSocket() throws IOException {
        try {
            MemorySegment so = (MemorySegment) Usrsctp.socket.invokeExact(Errno.state(), Usrsctp.AF_INET,
                    Usrsctp.SOCK_STREAM, SctpDialect.IPPROTO_SCTP, MemorySegment.NULL, MemorySegment.NULL, 0,
                    MemorySegment.NULL);
            if (so.equals(MemorySegment.NULL)) throw Usrsctp.failure("usrsctp_socket", Errno.errno());
            return so;
        } catch (IOException e) {
            throw e;
        } catch (Throwable t) {
            throw new IOException("usrsctp_socket failed", t);
        }
    }

    private static void closeRaw(MemorySegment so) {
        try {
            Usrsctp.close.invokeExact(so);
        } catch (Throwable ignored) {
            // nothing more to do
        }
    }

    /** The endpoint setup every socket gets before it connects or listens (RFC 6458 §8). */
    static void configure(MemorySegment so, SctpSocketOptions o) throws IOException {
        SctpDialect d = SctpDialect.USRSCTP;
        int level = SctpDialect.IPPROTO_SCTP;
        try (Arena a = Arena.ofConfined()) {
            if (o.authenticateData()) {
                // RFC 6083 §4.5: DATA (and FORWARD-TSN with PR-SCTP) MUST be authenticated; the
                // I-DATA/I-FORWARD-TSN forms of RFC 8260 too, should the association use them
                for (int chunk : new int[] {0x00, 0xc0, 0x40, 0xc2}) {
                    MemorySegment c = a.allocate(1);
                    c.set(JAVA_BYTE, 0, (byte) chunk);
                    Usrsctp.setOption(so, level, d.optAuthChunk, c, "SCTP_AUTH_CHUNK " + chunk);
                }
            }
            int[] idents = o.hmacIdents();
            try {
                Usrsctp.setOption(so, level, d.optHmacIdent, hmacAlgo(a, idents), "SCTP_HMAC_IDENT");
            } catch (IOException e) {
                // Debian's usrsctp 0.9.5 is built without SHA-2 and refuses HMAC-SHA-256 (EINVAL):
                // offer what remains, SHA-1 being mandatory (RFC 4895 §6.1)
                int[] rest = java.util.Arrays.stream(idents).filter(i -> i != SctpSocketOptions.HMAC_SHA256).toArray();
                if (rest.length == idents.length || rest.length == 0) throw e;
                Usrsctp.setOption(so, level, d.optHmacIdent, hmacAlgo(a, rest), "SCTP_HMAC_IDENT");
            }
            for (int type : d.subscribedEvents()) {
                MemorySegment e = a.allocate(8); // struct sctp_event: assoc id 0 (future), type, on
                e.set(JAVA_SHORT, 4, (short) type);
                e.set(JAVA_BYTE, 6, (byte) 1);
                Usrsctp.setOption(so, level, d.optEvent, e, "SCTP_EVENT " + type);
            }
            MemorySegment one = a.allocate(JAVA_INT);
            one.set(JAVA_INT, 0, 1);
            Usrsctp.setOption(so, level, d.optRecvRcvInfo, one, "SCTP_RECVRCVINFO");
            Usrsctp.setOption(so, level, d.optNoDelay, one, "SCTP_NODELAY");
            if (o.outboundStreams() != 0 || o.maxInboundStreams() != 0) {
                MemorySegment init = a.allocate(8); // struct sctp_initmsg
                init.set(JAVA_SHORT, 0, (short) o.outboundStreams());
                init.set(JAVA_SHORT, 2, (short) o.maxInboundStreams());
                Usrsctp.setOption(so, level, d.optInitMsg, init, "SCTP_INITMSG");
            }
        }
    }

    /** {@code struct sctp_hmacalgo} (RFC 6458 §8.1.17). */
    private static MemorySegment hmacAlgo(Arena a, int[] idents) {
        MemorySegment h = a.allocate(4 + 2L * idents.length);
        h.set(JAVA_INT, 0, idents.length);
        for (int i = 0; i < idents.length; i++) h.set(JAVA_SHORT, 4 + 2L * i, (short) idents[i]);
        return h;
    }

    // ---- the socket registry and the dispatcher ----

    long register(UsrsctpSocket s) {
        long id = state.ids.getAndIncrement();
        state.sockets.put(id, s);
        return id;
    }

    void unregister(UsrsctpSocket s) {
        state.sockets.remove(s.id);
    }

    /** Queues {@code s} for its handler on the dispatcher thread. */
    void schedule(UsrsctpSocket s) {
        if (s.scheduled.compareAndSet(false, true)) state.ready.add(s);
    }

    /** Hooks {@code s}'s upcall; its handler runs once now, for what arrived before. */
    void hookUpcall(UsrsctpSocket s) throws IOException {
        int rc;
        try {
            rc = (int) Usrsctp.setUpcall.invokeExact(s.so, upcallStub, MemorySegment.ofAddress(s.id));
        } catch (Throwable t) {
            throw new IOException("usrsctp_set_upcall failed", t);
        }
        if (rc < 0) throw new IOException("usrsctp_set_upcall failed");
        schedule(s);
    }

    /** The upcall, on one of usrsctp's threads: mark the socket ready, nothing else; never throws. */
    static void upcall(MemorySegment so, MemorySegment arg, int flags) {
        try {
            Shared s = shared;
            if (s == null) return;
            UsrsctpSocket sock = s.sockets.get(arg.address());
            if (sock != null && sock.scheduled.compareAndSet(false, true)) s.ready.add(sock);
        } catch (Throwable ignored) {
            // an exception must not cross into usrsctp
        }
    }

    private void checkOpen() throws IOException {
        synchronized (LOCK) {
            if (closed) throw new IOException("this usrsctp stack handle is closed");
        }
    }

    /** Number of sockets (listeners and associations) not yet closed, over all handles. */
    public int openSockets() {
        return state.sockets.size();
    }

    /**
     * Leaves the stack. The last handle finishes it once every socket is closed, waiting up to
     * {@link #FINISH_TIMEOUT} for associations to complete their shutdown; if they do not, the
     * stack keeps running and a later {@link #start} joins it.
     */
    @Override
    public void close() {
        synchronized (LOCK) {
            if (closed) return;
            closed = true;
            if (--state.handles > 0) return;
            long start = System.nanoTime();
            long deadline = start + FINISH_TIMEOUT.toNanos();
            int attempts = 0;
            while (true) {
                int rc;
                int open = state.sockets.size();
                try {
                    rc = open == 0 ? (int) Usrsctp.finish.invokeExact() : -1;
                } catch (Throwable t) {
                    rc = -1;
                }
                attempts++;
                if (rc == 0) break;
                if (System.nanoTime() > deadline) {
                    finishFailure = open > 0
                            ? open + " socket(s) of this JVM still open after " + FINISH_TIMEOUT + ": "
                                    + state.sockets.values()
                            : "usrsctp_finish refused " + attempts + " times in " + FINISH_TIMEOUT
                                    + ": usrsctp still holds endpoints or associations shutting down";
                    LOG.log(System.Logger.Level.WARNING, finishFailure + "; the stack keeps running");
                    state.handles = 0;
                    return;
                }
                try {
                    Thread.sleep(FINISH_RETRY_MS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            state.dispatcher.interrupt();
            shared = null;
            finishFailure = null;
        }
    }
}
