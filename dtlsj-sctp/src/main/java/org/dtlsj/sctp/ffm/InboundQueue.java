package org.dtlsj.sctp.ffm;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.dtlsj.sctp.SctpInbound;
import org.dtlsj.sctp.SctpMessage;

/**
 * What a backend has read from its stack and the application has not polled yet, bounded in
 * messages and bytes. When it is full the backend stops reading, so the stack's receive window
 * closes and the peer is held back by SCTP flow control: nothing is dropped.
 *
 * <p>Internal to dtlsj-sctp's backends; not an API. Thread-safe.
 */
public final class InboundQueue {
    private final int maxItems;
    private final long maxBytes;
    private final ArrayDeque<SctpInbound> items = new ArrayDeque<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private long bytes;
    private boolean ended;

    /** A queue of at most {@code maxItems} entries and {@code maxBytes} bytes of message data. */
    public InboundQueue(int maxItems, long maxBytes) {
        if (maxItems < 1 || maxBytes < 1) throw new IllegalArgumentException("bounds must be positive");
        this.maxItems = maxItems;
        this.maxBytes = maxBytes;
    }

    /** Whether another entry fits (the backend reads from its stack only then). */
    public boolean hasRoom() {
        lock.lock();
        try {
            return items.size() < maxItems && bytes < maxBytes;
        } finally {
            lock.unlock();
        }
    }

    /** Appends one entry; the caller checked {@link #hasRoom()} (one entry may overshoot the byte bound). */
    public void add(SctpInbound in) {
        lock.lock();
        try {
            items.addLast(in);
            if (in instanceof SctpMessage m) bytes += m.data().length;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Marks that nothing more will be added (the association ended); waiters wake up. */
    public void end() {
        lock.lock();
        try {
            ended = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Whether {@link #end()} was called. */
    public boolean isEnded() {
        lock.lock();
        try {
            return ended;
        } finally {
            lock.unlock();
        }
    }

    /** Drops everything queued. */
    public void clear() {
        lock.lock();
        try {
            items.clear();
            bytes = 0;
        } finally {
            lock.unlock();
        }
    }

    /** The next entry, or null. */
    public SctpInbound poll() {
        lock.lock();
        try {
            return take();
        } finally {
            lock.unlock();
        }
    }

    /**
     * The next entry, waiting up to {@code timeout}; null on timeout or when the queue ended empty.
     * {@code refill} runs (without the lock) before each wait, so a backend can read from its stack
     * what did not fit before.
     */
    public SctpInbound poll(Duration timeout, Runnable refill) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            refill.run();
            lock.lock();
            try {
                SctpInbound in = take();
                if (in != null || ended) return in;
                long left = deadline - System.nanoTime();
                if (left <= 0) return null;
                changed.await(Math.min(left, TimeUnit.MILLISECONDS.toNanos(REFILL_INTERVAL_MS)), TimeUnit.NANOSECONDS);
            } finally {
                lock.unlock();
            }
        }
    }

    /**
     * How long a blocked {@link #poll(Duration, Runnable)} waits at most before refilling again. The
     * stack's upcall normally wakes it first; this bounds the wait if the queue was full when the
     * last upcall came.
     */
    static final long REFILL_INTERVAL_MS = 50;

    private SctpInbound take() {
        SctpInbound in = items.pollFirst();
        if (in instanceof SctpMessage m) bytes -= m.data().length;
        return in;
    }
}
