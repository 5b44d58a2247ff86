package org.dtlsj.sctp.usrsctp;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.ByteOrder;
import org.dtlsj.sctp.ffm.Errno;

/**
 * The functions of Debian's {@code libusrsctp.so.2} (usrsctp 0.9.5) dtlsj calls, through the FFM
 * API, and errno as each call left it. Loaded once per JVM; {@link #LOAD_ERROR} says why not.
 */
final class Usrsctp {
    static final String LIBRARY = "libusrsctp.so.2";

    static final int AF_INET = 2;
    static final int SOCK_STREAM = 1;
    static final int SHUT_WR = 1;
    /** Linux errno values (usrsctp reports the host's). */
    static final int EAGAIN = Errno.EAGAIN, EINVAL = Errno.EINVAL, EPIPE = Errno.EPIPE, EMSGSIZE = Errno.EMSGSIZE,
            ENOTCONN = Errno.ENOTCONN, EINPROGRESS = Errno.EINPROGRESS, ECONNRESET = Errno.ECONNRESET,
            ECONNREFUSED = Errno.ECONNREFUSED;

    /** usrsctp.h option numbers that only usrsctp has. */
    static final int SCTP_REMOTE_UDP_ENCAPS_PORT = 0x24, SCTP_PR_SUPPORTED = 0x26;
    /** BSD {@code SCTP_GET_SNDBUF_USE}: {@code struct sctp_sockstat} (assoc id, bytes queued to send, received). */
    static final int SCTP_GET_SNDBUF_USE = 0x1101, SOCKSTAT_SIZE = 12;
    /** {@code usrsctp_sendv} info types and {@code sctp_sendv_spa} flags (RFC 6458 §9.12). */
    static final int SCTP_SENDV_SPA = 4, SCTP_SEND_SNDINFO_VALID = 1, SCTP_SEND_PRINFO_VALID = 2;
    /** {@code usrsctp_recvv} info type of {@code struct sctp_rcvinfo} (RFC 6458 §9.13). */
    static final int SCTP_RECVV_RCVINFO = 1;
    /** {@code usrsctp_get_events} bits. */
    static final int SCTP_EVENT_READ = 1, SCTP_EVENT_WRITE = 2, SCTP_EVENT_ERROR = 4;

    /** {@code struct sctp_rcvinfo}: 28 bytes (2 bytes of padding after {@code rcv_flags}). */
    static final int RCVINFO_SIZE = 28;
    /** {@code struct sctp_sendv_spa}: flags, sndinfo at 4, prinfo at 20, authinfo at 28; 32 bytes. */
    static final int SPA_SIZE = 32;
    /** {@code struct sctp_udpencaps}: sockaddr_storage (128), assoc id, port at 132. */
    static final int UDPENCAPS_SIZE = 136;
    /** {@code struct sockaddr_in} on Linux. */
    static final int SOCKADDR_IN_SIZE = 16;

    static final ValueLayout.OfInt INT_BE = JAVA_INT.withOrder(ByteOrder.BIG_ENDIAN);
    static final ValueLayout.OfShort SHORT_BE = JAVA_SHORT.withOrder(ByteOrder.BIG_ENDIAN);

    /** Why the library could not be loaded, or null when it was. */
    static final String LOAD_ERROR;

    private static final Linker LINKER = Linker.nativeLinker();

    static final MethodHandle init, finish, socket, setsockopt, getsockopt, bind, listen, connect, accept, sendv,
            recvv, setNonBlocking, close, shutdown, setUpcall, getEvents;

    static {
        SymbolLookup lib = null;
        String error = null;
        try {
            lib = SymbolLookup.libraryLookup(LIBRARY, Arena.global());
        } catch (IllegalArgumentException | UnsatisfiedLinkError e) {
            error = LIBRARY + " could not be loaded (" + e.getMessage()
                    + "); install it with: apt-get install libusrsctp2";
        }
        LOAD_ERROR = error;
        Linker.Option errno = Errno.CAPTURE;
        init = h(lib, "usrsctp_init", FunctionDescriptor.ofVoid(JAVA_SHORT, ADDRESS, ADDRESS));
        finish = h(lib, "usrsctp_finish", FunctionDescriptor.of(JAVA_INT));
        socket = h(lib, "usrsctp_socket", FunctionDescriptor.of(ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS,
                ADDRESS, JAVA_INT, ADDRESS), errno);
        setsockopt = h(lib, "usrsctp_setsockopt",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT), errno);
        getsockopt = h(lib, "usrsctp_getsockopt",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS), errno);
        bind = h(lib, "usrsctp_bind", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT), errno);
        listen = h(lib, "usrsctp_listen", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT), errno);
        connect = h(lib, "usrsctp_connect", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT), errno);
        accept = h(lib, "usrsctp_accept", FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS, ADDRESS), errno);
        sendv = h(lib, "usrsctp_sendv", FunctionDescriptor.of(JAVA_LONG, ADDRESS, ADDRESS, JAVA_LONG, ADDRESS,
                JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT), errno);
        recvv = h(lib, "usrsctp_recvv", FunctionDescriptor.of(JAVA_LONG, ADDRESS, ADDRESS, JAVA_LONG, ADDRESS,
                ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS), errno);
        setNonBlocking = h(lib, "usrsctp_set_non_blocking", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
        close = h(lib, "usrsctp_close", FunctionDescriptor.ofVoid(ADDRESS));
        shutdown = h(lib, "usrsctp_shutdown", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT), errno);
        setUpcall = h(lib, "usrsctp_set_upcall", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS));
        getEvents = h(lib, "usrsctp_get_events", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    }

    private Usrsctp() {
    }

    private static MethodHandle h(SymbolLookup lib, String name, FunctionDescriptor fd, Linker.Option... options) {
        if (lib == null) return null;
        MemorySegment symbol = lib.find(name)
                .orElseThrow(() -> new IllegalStateException(LIBRARY + " lacks " + name + ": not usrsctp 0.9.5?"));
        return LINKER.downcallHandle(symbol, fd, options);
    }

    /** An IOException for a failed {@code what}, naming errno. */
    static IOException failure(String what, int errno) {
        return Errno.failure("usrsctp", what, errno);
    }

    /** {@code usrsctp_getsockopt(so, level, opt, value, len)}, throwing on failure. */
    static void getOption(MemorySegment so, int level, int opt, MemorySegment value, MemorySegment len, String what) throws IOException {
        int rc;
        try {
            rc = (int) getsockopt.invokeExact(Errno.state(), so, level, opt, value, len);
        } catch (Throwable t) {
            throw new IOException("usrsctp: " + what + ": " + t, t);
        }
        if (rc < 0) throw failure(what, Errno.errno());
    }

    /** {@code usrsctp_setsockopt(so, IPPROTO_SCTP, opt, value, size)}, throwing on failure. */
    static void setOption(MemorySegment so, int level, int opt, MemorySegment value, String what) throws IOException {
        int rc;
        try {
            rc = (int) setsockopt.invokeExact(Errno.state(), so, level, opt, value, (int) value.byteSize());
        } catch (Throwable t) {
            throw new IOException("usrsctp: " + what + ": " + t, t);
        }
        if (rc < 0) throw failure(what, Errno.errno());
    }

    /** {@code struct sockaddr_in} for {@code ipv4} (4 bytes) and {@code port}. */
    static MemorySegment sockaddrIn(Arena arena, byte[] ipv4, int port) {
        MemorySegment s = arena.allocate(SOCKADDR_IN_SIZE);
        s.set(JAVA_SHORT, 0, (short) AF_INET);
        s.set(SHORT_BE, 2, (short) port);
        MemorySegment.copy(ipv4, 0, s, ValueLayout.JAVA_BYTE, 4, 4);
        return s;
    }

    /** An upcall stub for {@code void (*)(struct socket *, void *, int)} calling {@code target}. */
    static MemorySegment upcallStub(MethodHandle target) {
        return LINKER.upcallStub(target, FunctionDescriptor.ofVoid(ADDRESS, ADDRESS, JAVA_INT), Arena.global());
    }

    /** A method handle to a static method of {@code owner}. */
    static MethodHandle staticHandle(Class<?> owner, String name, MethodType type) {
        try {
            return MethodHandles.lookup().findStatic(owner, name, type);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
