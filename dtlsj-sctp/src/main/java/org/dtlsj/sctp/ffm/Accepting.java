package org.dtlsj.sctp.ffm;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** How a listener of either backend waits in {@code accept}. */
public final class Accepting {
    /** Longest wait of a blocked accept before it asks the stack itself, in case a readiness was missed. */
    static final long RECHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private Accepting() {
    }

    /**
     * An association that came up, waiting up to {@code timeout}; null if none came.
     * @param acceptNow one from {@code accepted} or from the stack without waiting, or null
     * @param accepted what the backend's reader thread queues as associations come up
     */
    public static <A> A await(Supplier<A> acceptNow, BlockingQueue<A> accepted, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            A a = acceptNow.get();
            if (a != null) return a;
            long left = deadline - System.nanoTime();
            if (left <= 0) return null;
            a = accepted.poll(Math.min(left, RECHECK_NANOS), TimeUnit.NANOSECONDS);
            if (a != null) return a;
        }
    }
}
