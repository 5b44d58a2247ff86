package org.dtlsj.sctp.kernel;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.io.IOException;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import org.dtlsj.sctp.ffm.Errno;

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
    static final int EAGAIN = Errno.EAGAIN, EINVAL = Errno.EINVAL, EMSGSIZE = Errno.EMSGSIZE,
            EPROTONOSUPPORT = Errno.EPROTONOSUPPORT, ESOCKTNOSUPPORT = Errno.ESOCKTNOSUPPORT,
            EAFNOSUPPORT = Errno.EAFNOSUPPORT, ENOTCONN = Errno.ENOTCONN, EINPROGRESS = Errno.EINPROGRESS;

    /** {@code struct msghdr}: name, namelen, iov, iovlen, control, controllen, flags. */
    static final int MSGHDR_SIZE = 56, MSG_IOV = 16, MSG_IOVLEN = 24, MSG_CONTROL = 32, MSG_CONTROLLEN = 40,
            MSG_FLAGS = 48;
    /** {@code struct cmsghdr}: len (size_t), level, type, then data at 16. */
    static final int CMSG_HEADER = 16;

    private static final Linker LINKER = Linker.nativeLinker();

    static final MethodHandle socket, setsockopt, getsockopt, bind, listen, accept4, connect, sendmsg, recvmsg,
            close, shutdown, poll, getsockname;

    static {
        Linker.Option e = Errno.CAPTURE;
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

    static IOException failure(String what, int errno) {
        return Errno.failure("kernel SCTP", what, errno);
    }

    /** {@code getsockopt(fd, level, opt, value, len)}, throwing on failure. */
    static void getOption(int fd, int level, int opt, MemorySegment value, MemorySegment len, String what) throws IOException {
        int rc;
        try {
            rc = (int) getsockopt.invokeExact(Errno.state(), fd, level, opt, value, len);
        } catch (Throwable t) {
            throw new IOException("kernel SCTP: " + what + ": " + t, t);
        }
        if (rc < 0) throw failure(what, Errno.errno());
    }

    /** {@code setsockopt(fd, level, opt, value, size)}, throwing on failure. */
    static void setOption(int fd, int level, int opt, MemorySegment value, String what) throws IOException {
        int rc;
        try {
            rc = (int) setsockopt.invokeExact(Errno.state(), fd, level, opt, value, (int) value.byteSize());
        } catch (Throwable t) {
            throw new IOException("kernel SCTP: " + what + ": " + t, t);
        }
        if (rc < 0) throw failure(what, Errno.errno());
    }

    static void closeQuietly(int fd) {
        try {
            int ignored = (int) close.invokeExact(fd);
        } catch (Throwable ignored) {
            // nothing more to do
        }
    }
}
