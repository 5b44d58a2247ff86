package org.dtlsj.sctp.usrsctp;

import java.lang.foreign.MemorySegment;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A usrsctp socket the stack's dispatcher serves: its upcall (usrsctp's own {@code
 * usrsctp_set_upcall}, not in RFC 6458) puts it on the ready queue, and the dispatcher thread calls {@link
 * #onEvents()} there, never on usrsctp's own threads.
 */
abstract class UsrsctpSocket {
    final UsrsctpStack stack;
    /** The {@code struct socket *}; only touched under this object's lock while {@link #released} is false. */
    final MemorySegment so;
    /** The key the upcall finds this socket by. */
    final long id;
    /** Set while this socket waits on the ready queue, so an upcall storm queues it once. */
    final AtomicBoolean scheduled = new AtomicBoolean();
    /** Whether {@code usrsctp_close} was called. */
    boolean released;

    UsrsctpSocket(UsrsctpStack stack, MemorySegment so) {
        this.stack = stack;
        this.so = so;
        this.id = stack.register(this);
    }

    /** Runs on the dispatcher thread after an upcall (or a {@link UsrsctpStack#schedule}). */
    abstract void onEvents();

    /** Unhooks the upcall, closes the native socket and forgets it; idempotent. Caller holds the lock. */
    final void releaseNative() {
        if (released) return;
        released = true;
        try {
            int ignored = (int) Usrsctp.setUpcall.invokeExact(so, MemorySegment.NULL, MemorySegment.NULL);
            Usrsctp.close.invokeExact(so);
        } catch (Throwable t) {
            throw new IllegalStateException("usrsctp_close failed", t);
        } finally {
            stack.unregister(this);
        }
    }
}
