package org.dtlsj.sctp.kernel;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/**
 * The libc socket calls the kernel SCTP backend makes (x86-64 and aarch64 Linux layouts), through
 * the FFM API, with errno. The SCTP socket API of RFC 6458 needs nothing else: {@code sendmsg}
 * and {@code recvmsg} carry {@code sctp_sndinfo}, {@code sctp_prinfo} and {@code sctp_rcvinfo} as
 * control messages, so libsctp is not required.
 */
final class Libc {
    static final int AF_INET = 2;
    static final int SOCK_STREAM = 1, SOCK_NONBLOCK = 0x800, SOCK_CLOEXEC = 0x80000;
    static final int SOL_SOCKET = 1;
    static final int SHUT_WR = 1;
    static final int MSG_DONTWAIT = 0x40;
    static final int POLLIN = 1;
    static final int EAGAIN = 11, EINVAL = 22, EMSGSIZE = 90, EPROTONOSUPPORT = 93, ESOCKTNOSUPPORT = 94,
            EAFNOSUPPORT = 97, ENOTCONN = 107, EINPROGRESS = 115;

    /** {@code struct msghdr}: name, namelen, iov, iovlen, control, controllen, flags. */
    static final int MSGHDR_SIZE = 56, MSG_IOV = 16, MSG_IOVLEN = 24, MSG_CONTROL = 32, MSG_CONTROLLEN = 40,
            MSG_FLAGS = 48;
    /** {@code struct cmsghdr}: len (size_t), level, type, then data at 16. */
    static final int CMSG_HEADER = 16;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout CAPTURE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CAPTURE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final ThreadLocal<MemorySegment> STATE =
            ThreadLocal.withInitial(() -> Arena.ofAuto().allocate(CAPTURE));

    static final MethodHandle socket, setsockopt, getsockopt, bind, listen, accept4, connect, sendmsg, recvmsg,
            close, shutdown, poll, getsockname;

    static {
        Linker.Option e = Linker.Option.captureCallState("errno");
        socket = h("socket", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT), e);
        setsockopt = h("setsockopt", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT), e);
        getsockopt = h("getsockopt", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS), e);
        bind = h("bind", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT), e);
        listen = h("listen", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT), e);
        accept4 = h("accept4", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, JAVA_INT), e);
        connect = h("connect", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT), e);
        sendmsg = h("sendmsg", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT), e);
        recvmsg = h("recvmsg", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT), e);
        close = h("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
        shutdown = h("shutdown", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT), e);
        getsockname = h("getsockname", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS), e);
        poll = h("poll", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT), e);
    }

    private Libc() {
    }

    private static MethodHandle h(String name, FunctionDescriptor fd, Linker.Option... options) {
        MemorySegment symbol = LINKER.defaultLookup().find(name)
                .orElseThrow(() -> new IllegalStateException("libc lacks " + name));
        return LINKER.downcallHandle(symbol, fd, options);
    }

    static MemorySegment state() {
        return STATE.get();
    }

    static int errno() {
        return (int) ERRNO.get(STATE.get(), 0L);
    }

    static IOException failure(String what, int errno) {
        return new IOException("kernel SCTP: " + what + " failed: " + name(errno) + " (errno " + errno + ")");
    }

    static String name(int e) {
        return switch (e) {
            case EAGAIN -> "EAGAIN";
            case EINVAL -> "EINVAL";
            case EMSGSIZE -> "EMSGSIZE";
            case EPROTONOSUPPORT -> "EPROTONOSUPPORT";
            case ESOCKTNOSUPPORT -> "ESOCKTNOSUPPORT";
            case EAFNOSUPPORT -> "EAFNOSUPPORT";
            case ENOTCONN -> "ENOTCONN";
            case EINPROGRESS -> "EINPROGRESS";
            case 1 -> "EPERM";
            case 13 -> "EACCES";
            case 92 -> "ENOPROTOOPT";
            case 104 -> "ECONNRESET";
            case 111 -> "ECONNREFUSED";
            default -> "errno";
        };
    }

    /** {@code setsockopt(fd, level, opt, value, size)}, throwing on failure. */
    static void setOption(int fd, int level, int opt, MemorySegment value, String what) throws IOException {
        int rc;
        try {
            rc = (int) setsockopt.invokeExact(state(), fd, level, opt, value, (int) value.byteSize());
        } catch (Throwable t) {
            throw new IOException("kernel SCTP: " + what + ": " + t, t);
        }
        if (rc < 0) throw failure(what, errno());
    }

    static void closeQuietly(int fd) {
        try {
            int ignored = (int) close.invokeExact(fd);
        } catch (Throwable ignored) {
            // nothing more to do
        }
    }
}
