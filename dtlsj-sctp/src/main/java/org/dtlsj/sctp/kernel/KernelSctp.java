package org.dtlsj.sctp.kernel;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.dtlsj.sctp.ffm.Errno;
import org.dtlsj.sctp.ffm.SctpDialect;
import org.dtlsj.sctp.ffm.SctpSocketOptions;

/**
 * Linux kernel SCTP ({@code sctp.ko}) through libc and the FFM API: one-to-one sockets
 * ({@code SOCK_STREAM}, RFC 6458 §4), {@code sendmsg}/{@code recvmsg} with SCTP control messages.
 * For hosts that have kernel SCTP; {@link #isAvailable()} says whether this one does, and
 * {@link #authEnabled()} whether SCTP-AUTH is on ({@code net.sctp.auth_enable=1}), which RFC 6083
 * §4.5 needs.
 *
 * <p>One poller thread per JVM serves every kernel SCTP socket; ready listeners run on it.
 * IPv4 only for now.
 */
public final class KernelSctp {
    /** How long the poller's {@code poll} waits, so that sockets registered meanwhile are picked up. */
    static final int POLL_INTERVAL_MS = 50;
    /** Where Linux says whether SCTP-AUTH is on. */
    static final Path AUTH_ENABLE = Path.of("/proc/sys/net/sctp/auth_enable");

    private static final System.Logger LOG = System.getLogger(KernelSctp.class.getName());
    private static final String UNAVAILABLE = probe();
    private static final Map<Integer, KernelSocket> SOCKETS = new ConcurrentHashMap<>();
    private static Thread poller;

    private KernelSctp() {
    }

    /** Whether this host's kernel opens SCTP sockets. */
    public static boolean isAvailable() {
        return UNAVAILABLE == null;
    }

    /** Why {@link #isAvailable()} is false, or null. */
    public static String unavailableReason() {
        return UNAVAILABLE;
    }

    /** Whether {@code net.sctp.auth_enable} is 1 (false if unreadable). */
    public static boolean authEnabled() {
        try {
            return Files.readString(AUTH_ENABLE).trim().equals("1");
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static String probe() {
        try {
            int fd = (int) Libc.socket.invokeExact(Errno.state(), Libc.AF_INET, Libc.SOCK_STREAM | Libc.SOCK_CLOEXEC,
                    SctpDialect.IPPROTO_SCTP);
            if (fd >= 0) {
                Libc.closeQuietly(fd);
                return null;
            }
            int e = Errno.errno();
            return "this kernel opens no SCTP sockets: socket(AF_INET, SOCK_STREAM, IPPROTO_SCTP) failed with "
                    + Errno.name(e) + " (errno " + e + "); load sctp.ko (modprobe sctp) on a kernel built with it";
        } catch (Throwable t) {
            return "libc could not be called through the FFM API: " + t;
        }
    }

    /** Listens on {@code local} (port 0: any). */
    public static KernelSctpListener listen(InetSocketAddress local, SctpSocketOptions options) throws IOException {
        int fd = newSocket();
        try (Arena a = Arena.ofConfined()) {
            configure(fd, options);
            int rc = (int) Libc.bind.invokeExact(Errno.state(), fd, sockaddr(a, local), 16);
            if (rc < 0) throw Libc.failure("bind " + local, Errno.errno());
            rc = (int) Libc.listen.invokeExact(Errno.state(), fd, KernelSctpListener.BACKLOG);
            if (rc < 0) throw Libc.failure("listen", Errno.errno());
            int port = localPort(fd, a);
            return new KernelSctpListener(fd, port, options);
        } catch (IOException e) {
            Libc.closeQuietly(fd);
            throw e;
        } catch (Throwable t) {
            Libc.closeQuietly(fd);
            throw new IOException("kernel SCTP listen failed", t);
        }
    }

    /** Sets up an association with {@code remote} and waits up to {@code timeout} for COMM_UP. */
    public static KernelSctpAssociation connect(InetSocketAddress remote, SctpSocketOptions options, Duration timeout)
            throws IOException, InterruptedException {
        int fd = newSocket();
        try {
            configure(fd, options);
        } catch (IOException e) {
            Libc.closeQuietly(fd);
            throw e;
        }
        KernelSctpAssociation assoc = new KernelSctpAssociation(fd, options, false);
        assoc.connect(remote, timeout);
        return assoc;
    }

    private static int newSocket() throws IOException {
        if (!isAvailable()) throw new IOException(UNAVAILABLE);
        try {
            int fd = (int) Libc.socket.invokeExact(Errno.state(), Libc.AF_INET,
                    Libc.SOCK_STREAM | Libc.SOCK_NONBLOCK | Libc.SOCK_CLOEXEC, SctpDialect.IPPROTO_SCTP);
            if (fd < 0) throw Libc.failure("socket", Errno.errno());
            return fd;
        } catch (IOException e) {
            throw e;
        } catch (Throwable t) {
            throw new IOException("socket failed", t);
        }
    }

    /** {@code struct sockaddr_in}. */
    static MemorySegment sockaddr(Arena a, InetSocketAddress addr) throws IOException {
        if (!(addr.getAddress() instanceof Inet4Address v4)) throw new IOException("IPv4 only, not " + addr);
        MemorySegment s = a.allocate(16);
        s.set(JAVA_SHORT, 0, (short) Libc.AF_INET);
        s.set(JAVA_SHORT.withOrder(ByteOrder.BIG_ENDIAN), 2, (short) addr.getPort());
        MemorySegment.copy(v4.getAddress(), 0, s, JAVA_BYTE, 4, 4);
        return s;
    }

    private static int localPort(int fd, Arena a) throws Throwable {
        MemorySegment s = a.allocate(16);
        MemorySegment len = a.allocate(JAVA_INT);
        len.set(JAVA_INT, 0, 16);
        int rc = (int) Libc.getsockname.invokeExact(Errno.state(), fd, s, len);
        if (rc < 0) throw Libc.failure("getsockname", Errno.errno());
        return s.get(JAVA_SHORT.withOrder(ByteOrder.BIG_ENDIAN), 2) & 0xffff;
    }

    /** The same endpoint setup as the usrsctp backend, in the kernel's numbering (RFC 6458 §8). */
    static void configure(int fd, SctpSocketOptions o) throws IOException {
        SctpDialect d = SctpDialect.LINUX;
        int level = SctpDialect.IPPROTO_SCTP;
        try (Arena a = Arena.ofConfined()) {
            if (o.authenticateData()) {
                if (!authEnabled()) {
                    throw new IOException("kernel SCTP: net.sctp.auth_enable is not 1; RFC 6083 §4.5 needs SCTP-AUTH"
                            + " (sysctl -w net.sctp.auth_enable=1)");
                }
                for (int chunk : new int[] {0x00, 0xc0, 0x40, 0xc2}) { // DATA, FORWARD-TSN, I-DATA, I-FORWARD-TSN
                    MemorySegment c = a.allocate(1);
                    c.set(JAVA_BYTE, 0, (byte) chunk);
                    Libc.setOption(fd, level, d.optAuthChunk, c, "SCTP_AUTH_CHUNK " + chunk);
                }
                int[] idents = o.hmacIdents();
                MemorySegment h = a.allocate(4 + 2L * idents.length);
                h.set(JAVA_INT, 0, idents.length);
                for (int i = 0; i < idents.length; i++) h.set(JAVA_SHORT, 4 + 2L * i, (short) idents[i]);
                Libc.setOption(fd, level, d.optHmacIdent, h, "SCTP_HMAC_IDENT");
            }
            for (int type : d.subscribedEvents()) {
                MemorySegment e = a.allocate(8);
                e.set(JAVA_SHORT, 4, (short) type);
                e.set(JAVA_BYTE, 6, (byte) 1);
                Libc.setOption(fd, level, d.optEvent, e, "SCTP_EVENT " + type);
            }
            MemorySegment one = a.allocate(JAVA_INT);
            one.set(JAVA_INT, 0, 1);
            Libc.setOption(fd, level, d.optRecvRcvInfo, one, "SCTP_RECVRCVINFO");
            Libc.setOption(fd, level, d.optNoDelay, one, "SCTP_NODELAY");
            if (o.outboundStreams() != 0 || o.maxInboundStreams() != 0) {
                MemorySegment init = a.allocate(8);
                init.set(JAVA_SHORT, 0, (short) o.outboundStreams());
                init.set(JAVA_SHORT, 2, (short) o.maxInboundStreams());
                Libc.setOption(fd, level, d.optInitMsg, init, "SCTP_INITMSG");
            }
        }
    }

    // ---- the poller ----

    /** A socket the poller watches. */
    abstract static class KernelSocket {
        final int fd;

        KernelSocket(int fd) {
            this.fd = fd;
        }

        /** Whether to watch for input now (false while the inbound queue is full). */
        abstract boolean wantsInput();

        /** Input is ready; runs on the poller thread. */
        abstract void onReadable();
    }

    static void register(KernelSocket s) {
        SOCKETS.put(s.fd, s);
        synchronized (KernelSctp.class) {
            if (poller == null || !poller.isAlive()) {
                poller = Thread.ofPlatform().daemon().name("kernel-sctp-poll").start(KernelSctp::pollLoop);
            }
        }
    }

    static void unregister(KernelSocket s) {
        SOCKETS.remove(s.fd, s);
    }

    private static void pollLoop() {
        try {
            while (true) {
                List<KernelSocket> watched = SOCKETS.values().stream().filter(KernelSocket::wantsInput).toList();
                if (watched.isEmpty() && SOCKETS.isEmpty()) {
                    synchronized (KernelSctp.class) {
                        if (SOCKETS.isEmpty()) {
                            poller = null;
                            return;
                        }
                    }
                }
                try (Arena a = Arena.ofConfined()) {
                MemorySegment fds = a.allocate(8L * Math.max(1, watched.size())); // struct pollfd
                for (int i = 0; i < watched.size(); i++) {
                    fds.set(JAVA_INT, 8L * i, watched.get(i).fd);
                    fds.set(JAVA_SHORT, 8L * i + 4, (short) Libc.POLLIN);
                }
                int n = (int) Libc.poll.invokeExact(Errno.state(), fds, (long) watched.size(), POLL_INTERVAL_MS);
                for (int i = 0; n > 0 && i < watched.size(); i++) {
                    if (fds.get(JAVA_SHORT, 8L * i + 6) != 0) {
                        try {
                            watched.get(i).onReadable();
                        } catch (RuntimeException e) {
                            LOG.log(System.Logger.Level.ERROR, "kernel SCTP socket handler failed", e);
                        }
                    }
                }
                }
            }
        } catch (Throwable t) {
            LOG.log(System.Logger.Level.ERROR, "kernel SCTP poller stopped", t);
            synchronized (KernelSctp.class) {
                poller = null;
            }
        }
    }
}
