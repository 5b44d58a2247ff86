package org.dtlsj.sctp.kernel;

import java.lang.foreign.MemorySegment;
import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import org.dtlsj.sctp.ffm.Accepting;
import org.dtlsj.sctp.ffm.Errno;
import org.dtlsj.sctp.ffm.SctpSocketOptions;

/** A listening one-to-one kernel SCTP socket (RFC 6458 §4.1.3). Thread-safe. */
public final class KernelSctpListener extends KernelSctp.KernelSocket implements AutoCloseable {
    /** Associations set up but not yet accepted, here and in the kernel's queue. */
    public static final int BACKLOG = 64;

    private final int port;
    private final SctpSocketOptions options;
    private final LinkedBlockingQueue<KernelSctpAssociation> accepted = new LinkedBlockingQueue<>(BACKLOG);
    private boolean closed;

    KernelSctpListener(int fd, int port, SctpSocketOptions options) {
        super(fd);
        this.port = port;
        this.options = options;
        KernelSctp.register(this);
    }

    /** The SCTP port listened on. */
    public int port() {
        return port;
    }

    @Override
    boolean wantsInput() {
        return accepted.remainingCapacity() > 0;
    }

    @Override
    void onReadable() {
        acceptNative();
    }

    private synchronized boolean acceptNative() {
        boolean any = false;
        while (!closed && accepted.remainingCapacity() > 0) {
            int s;
            try {
                s = (int) Libc.accept4.invokeExact(Errno.state(), fd, MemorySegment.NULL, MemorySegment.NULL,
                        Libc.SOCK_NONBLOCK | Libc.SOCK_CLOEXEC);
            } catch (Throwable t) {
                return any;
            }
            if (s < 0) return any;
            try {
                accepted.add(new KernelSctpAssociation(s, options, true));
                any = true;
            } catch (RuntimeException e) {
                Libc.closeQuietly(s);
            }
        }
        return any;
    }

    /** An association that came up, or null. */
    public KernelSctpAssociation accept() {
        KernelSctpAssociation a = accepted.poll();
        if (a == null && acceptNative()) a = accepted.poll();
        return a;
    }

    /** An association that came up, waiting up to {@code timeout}; null if none came. */
    public KernelSctpAssociation accept(Duration timeout) throws InterruptedException {
        return Accepting.await(this::accept, accepted, timeout);
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) return;
            closed = true;
            KernelSctp.unregister(this);
            Libc.closeQuietly(fd);
        }
        for (KernelSctpAssociation a; (a = accepted.poll()) != null; ) a.close();
    }

    @Override
    public String toString() {
        return "KernelSctpListener[port=" + port + (closed ? ", closed" : "") + "]";
    }
}
