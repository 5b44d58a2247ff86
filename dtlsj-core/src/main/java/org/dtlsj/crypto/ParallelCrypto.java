package org.dtlsj.crypto;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A second core for public-key operations of one handshake that do not depend on each other: a
 * helper verifies the ServerKeyExchange signature while the client's own thread computes the
 * ECDHE agreement with the point that message carries (the secret is used only once the signature
 * holds). The handshake's wall time shrinks by the shorter of the two; its CPU time does not.
 *
 * <p>A helper takes the work only when one is idle: on a machine whose cores are all busy the
 * caller does both itself, as without this class. Helpers number one fewer than the cores, are
 * made on first need and end after {@link #IDLE_SECONDS} without work; one machine has none.
 */
public final class ParallelCrypto {
    /** How long an idle helper thread lives. */
    public static final int IDLE_SECONDS = 10;

    private static final int HELPERS = Math.max(0, Runtime.getRuntime().availableProcessors() - 1);
    private static final ThreadPoolExecutor POOL = HELPERS == 0 ? null : pool();

    private ParallelCrypto() {
    }

    private static ThreadPoolExecutor pool() {
        AtomicInteger n = new AtomicInteger();
        // SynchronousQueue: a task waits for no one; with no idle helper it is refused and done inline.
        ThreadPoolExecutor p = new ThreadPoolExecutor(HELPERS, HELPERS, IDLE_SECONDS, TimeUnit.SECONDS, new SynchronousQueue<>(),
                r -> Thread.ofPlatform().daemon().name("dtlsj-crypto-" + n.incrementAndGet()).unstarted(r));
        p.allowCoreThreadTimeOut(true);
        return p;
    }

    /** A computation begun beside the caller, or done by the caller when it {@link #join}s. */
    public static final class Pending<T> {
        private final Callable<T> task;
        private final Future<T> future;

        private Pending(Callable<T> task, Future<T> future) {
            this.task = task;
            this.future = future;
        }

        /** Whether a helper took it (else the caller computes it in {@link #join}). */
        public boolean onHelper() {
            return future != null;
        }

        /** The result: the helper's, waited for, or computed now on this thread. */
        public T join() throws Exception {
            if (future == null) return task.call();
            boolean interrupted = false;
            try {
                while (true) {
                    try {
                        return future.get();
                    } catch (InterruptedException e) {
                        interrupted = true; // the helper finishes soon; the interrupt is kept for the caller
                    } catch (ExecutionException e) {
                        if (e.getCause() instanceof Exception x) throw x;
                        throw e;
                    }
                }
            } finally {
                if (interrupted) Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Begins {@code task} on an idle helper when {@code parallel} is set and one is free; otherwise
     * it runs when {@link Pending#join} is called.
     */
    public static <T> Pending<T> begin(boolean parallel, Callable<T> task) {
        Future<T> f = null;
        if (parallel && POOL != null) {
            try {
                f = POOL.submit(task);
            } catch (RejectedExecutionException busy) {
                // every helper busy: the caller computes it
            }
        }
        return new Pending<>(task, f);
    }
}
