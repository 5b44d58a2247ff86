package org.dtlsj.transport;

import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A caller-driven client loop's thread, started only when it is needed ({@link EventLoop#deferThread}):
 * once, by whichever comes first of a task for the loop, a thread that must wait on the session's
 * queue, or the timer set when {@code connect} returned. A loop that closes first never starts it.
 */
final class DeferredThread {
    private volatile String name;
    /** Set once: the thread started, or the loop closed before it had to. */
    private final AtomicBoolean decided = new AtomicBoolean();

    void defer(String threadName) {
        name = threadName;
    }

    /** Starts {@code loop} on the thread (once); nothing if it was not deferred, started, or closed without it. */
    void start(Runnable loop) {
        String n = name;
        if (n != null && decided.compareAndSet(false, true)) Thread.ofPlatform().name(n).daemon(true).start(loop);
    }

    /** {@link #start} in {@code nanos}, from the one thread all clients share for it. */
    void startAfter(long nanos, Runnable loop) {
        if (name != null) Starter.INSTANCE.schedule(() -> start(loop), nanos, TimeUnit.NANOSECONDS);
    }

    /** True if the thread never started and now never will: the caller closes the loop itself. */
    boolean closeWithout() {
        return name != null && decided.compareAndSet(false, true);
    }

    /** One daemon thread for every client: it only ever starts deferred loop threads. */
    private static final class Starter {
        static final ScheduledThreadPoolExecutor INSTANCE = make();

        private static ScheduledThreadPoolExecutor make() {
            ScheduledThreadPoolExecutor e = new ScheduledThreadPoolExecutor(1,
                    r -> Thread.ofPlatform().name("dtlsj-client-starter").daemon(true).unstarted(r));
            e.setRemoveOnCancelPolicy(true);
            return e;
        }
    }
}
