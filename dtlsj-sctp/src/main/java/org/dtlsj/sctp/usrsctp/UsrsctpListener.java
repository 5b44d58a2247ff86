package org.dtlsj.sctp.usrsctp;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import org.dtlsj.sctp.ffm.Accepting;
import org.dtlsj.sctp.ffm.Errno;
import org.dtlsj.sctp.ffm.SctpSocketOptions;

/**
 * A listening one-to-one usrsctp socket (RFC 6458 §4.1.3). Associations that come up are accepted
 * on the stack's dispatcher thread and wait, at most {@link #BACKLOG} of them, for {@link #accept}.
 * Thread-safe.
 */
public final class UsrsctpListener extends UsrsctpSocket implements AutoCloseable {
    /** Associations set up but not yet accepted, here and in usrsctp's own queue. */
    public static final int BACKLOG = 64;

    private final int port;
    private final SctpSocketOptions options;
    private final LinkedBlockingQueue<UsrsctpAssociation> accepted = new LinkedBlockingQueue<>(BACKLOG);
    private volatile Runnable readyListener;

    UsrsctpListener(UsrsctpStack stack, MemorySegment so, int port, SctpSocketOptions options) throws IOException {
        super(stack, so);
        this.port = port;
        this.options = options;
        stack.hookUpcall(this);
    }

    /** The SCTP port listened on. */
    public int port() {
        return port;
    }

    /** Sets a callback run (on the dispatcher thread) when an association waits to be accepted. */
    public void setReadyListener(Runnable listener) {
        this.readyListener = listener;
    }

    @Override
    void onEvents() {
        if (acceptNative()) {
            Runnable l = readyListener;
            if (l != null) l.run();
        }
    }

    /** Takes what usrsctp has set up, as far as the queue has room. */
    private synchronized boolean acceptNative() {
        boolean any = false;
        while (!released && accepted.remainingCapacity() > 0) {
            MemorySegment s;
            try {
                s = (MemorySegment) Usrsctp.accept.invokeExact(Errno.state(), so, MemorySegment.NULL,
                        MemorySegment.NULL);
            } catch (Throwable t) {
                return any;
            }
            if (s.equals(MemorySegment.NULL)) return any;
            try {
                int rc = (int) Usrsctp.setNonBlocking.invokeExact(s, 1);
                accepted.add(new UsrsctpAssociation(stack, s, options, true));
                any = true;
            } catch (Throwable t) {
                try {
                    Usrsctp.close.invokeExact(s);
                } catch (Throwable ignored) {
                    // gone either way
                }
            }
        }
        return any;
    }

    /** An association that came up, or null if none waits. */
    public UsrsctpAssociation accept() {
        UsrsctpAssociation a = accepted.poll();
        if (a == null && acceptNative()) a = accepted.poll();
        return a;
    }

    /** An association that came up, waiting up to {@code timeout}; null if none came. */
    public UsrsctpAssociation accept(Duration timeout) throws InterruptedException {
        return Accepting.await(this::accept, accepted, timeout);
    }

    /** Stops listening; associations accepted but not taken are closed. */
    @Override
    public void close() {
        synchronized (this) {
            releaseNative();
        }
        for (UsrsctpAssociation a; (a = accepted.poll()) != null; ) a.close();
    }
}
