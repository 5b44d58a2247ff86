package org.dtlsj.transport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.concurrent.locks.ReentrantLock;
import org.dtlsj.api.DtlsSession;

/**
 * A client connection driven by the application's own threads once it is established: a
 * {@code send} seals and writes on the calling thread, and a thread waiting in {@code receive}
 * reads the socket itself instead of waiting for the loop to read, open and hand each datagram
 * over. On a machine with few cores the hand-off, not the cipher, is what a datagram costs
 * (three threads taking turns on two cores for every echo).
 *
 * <p>The loop stays in charge of everything no application call is there for: timers
 * (retransmissions during a renegotiation, heartbeats), and reading whenever no thread has
 * waited in {@code receive} for {@link #LINGER_NANOS}, so that alerts, heartbeat requests and
 * renegotiations are answered although the application only sends. Whoever drives the engine
 * holds the loop's engine lock, so the engine still sees one thread at a time.
 */
final class CallerIo {
    /** How long after the last {@code receive} the loop leaves reading to the application. */
    static final long LINGER_NANOS = 20_000_000L;

    private final EventLoop loop;
    private final org.dtlsj.crypto.EphemeralKeys keys;
    private final DatagramChannel channel;
    private final SelectionKey loopKey;
    /** One application thread reads at a time; others wait for what it delivers. */
    private final ReentrantLock reader = new ReentrantLock();
    /** The reading thread's own selector on the channel, made on first use (guarded by {@link #reader}). */
    private Selector selector;
    /** The loop has stopped reading: the application's threads read. */
    private volatile boolean reading;
    /** A thread is in (or about to enter) {@code selector.select}: deliveries must wake it. */
    private volatile boolean selecting;
    private volatile long lastUse;
    private volatile boolean closed;

    CallerIo(EventLoop loop, org.dtlsj.crypto.EphemeralKeys keys, DatagramChannel channel, SelectionKey loopKey) {
        this.loop = loop;
        this.keys = keys;
        this.channel = channel;
        this.loopKey = loopKey;
    }

    /**
     * Whether the current thread may read for itself: not the loop's own, and not a virtual
     * thread, which waits on the session's queue instead (a selector would hold its carrier, and
     * parking one is cheap anyway).
     */
    static boolean mayRead(Thread loopThread) {
        Thread t = Thread.currentThread();
        return t != loopThread && !t.isVirtual();
    }

    /** Whether the application's threads read now (the loop does not). */
    boolean reading() {
        return reading;
    }

    /**
     * The next application datagram for {@code s}, read on this thread; null after
     * {@code timeoutNanos}. Returns the session's closed marker like its queue would.
     */
    byte[] receive(DtlsSession s, long timeoutNanos) throws IOException, InterruptedException {
        byte[] d = s.pollIncoming();
        if (d != null) return d;
        if (!reader.tryLock()) return s.awaitIncoming(timeoutNanos); // another thread reads for everyone
        long deadline = System.nanoTime() + timeoutNanos;
        try {
            if (!takeReading()) return s.awaitIncoming(timeoutNanos);
            while (true) {
                lastUse = System.nanoTime();
                loop.readOnCaller();
                d = s.pollIncoming();
                if (d != null) return d;
                if (closed) return s.awaitIncoming(Math.max(0, deadline - System.nanoTime()));
                long left = deadline - System.nanoTime();
                if (left <= 0) return null;
                selecting = true;
                try {
                    // Checked again after the flag is up: a delivery before it was seen here, one after wakes the select.
                    d = s.pollIncoming();
                    if (d != null) return d;
                    select(left);
                } finally {
                    selecting = false;
                }
            }
        } finally {
            leave();
        }
    }

    /**
     * Reads on this thread until {@code done} says so (checked after each read, and after a wake)
     * or {@code timeoutNanos} pass: how a client's handshake runs on the thread that waits for it.
     * @return false on timeout
     */
    boolean driveUntil(java.util.function.BooleanSupplier done, long timeoutNanos) throws IOException, InterruptedException {
        if (done.getAsBoolean()) return true;
        long deadline = System.nanoTime() + timeoutNanos;
        reader.lockInterruptibly();
        try {
            if (!takeReading()) return false;
            while (true) {
                lastUse = System.nanoTime();
                loop.readOnCaller();
                if (done.getAsBoolean()) return true;
                if (closed) return false;
                // The loop's thread may not run yet (EventLoop.deferThread): this thread keeps the timers.
                long next = loop.timersOnCaller();
                if (done.getAsBoolean()) return true;
                if (keys.hasWork()) {
                    // While the peer answers: the next handshake's key pair (EphemeralKeys), then look again.
                    keys.prepare();
                    continue;
                }
                long now = System.nanoTime();
                long left = deadline - now;
                if (left <= 0) return false;
                selecting = true;
                try {
                    if (done.getAsBoolean()) return true;
                    select(Math.min(left, Math.max(1, next - now)));
                } finally {
                    selecting = false;
                }
            }
        } finally {
            leave();
        }
    }

    /** Under {@link #reader}: this thread reads from now on; false if the loop has closed. */
    private boolean takeReading() throws IOException {
        if (closed) return false;
        if (selector == null) {
            selector = Selector.open();
            channel.register(selector, SelectionKey.OP_READ);
        }
        if (!reading) {
            reading = true;
            // The loop's next select no longer waits for this socket (one spurious wake at most).
            loopKey.interestOps(0);
        }
        return true;
    }

    private void select(long nanos) throws IOException, InterruptedException {
        if (Thread.interrupted()) throw new InterruptedException();
        selector.select(Math.max(1, (nanos + 999_999) / 1_000_000));
        selector.selectedKeys().clear();
    }

    private void leave() {
        lastUse = System.nanoTime();
        if (closed) closeSelector();
        reader.unlock();
    }

    /** Seals and sends on this thread. */
    void send(InetSocketAddress peer, byte[] data) {
        loop.sendOnCaller(peer, data);
    }

    /** The loop delivered data or closed the session: a thread waiting in select should look. */
    void wake() {
        if (selecting) {
            Selector sel = selector;
            if (sel != null) sel.wakeup();
        }
    }

    /**
     * Loop thread, each turn: takes reading back when no application thread has waited in
     * receive for {@link #LINGER_NANOS}.
     * @return true if the loop reads again
     */
    boolean loopTakesBack(long now) {
        if (!reading || reader.isLocked() || now - lastUse < LINGER_NANOS) return false;
        reading = false;
        loopKey.interestOps(SelectionKey.OP_READ);
        return true;
    }

    /** The loop has shut down: the reading thread's selector goes now, or when that thread leaves. */
    void close() {
        closed = true;
        if (reader.tryLock()) {
            try {
                closeSelector();
            } finally {
                reader.unlock();
            }
        } else {
            Selector sel = selector;
            if (sel != null) sel.wakeup();
        }
    }

    private void closeSelector() {
        if (selector == null) return;
        try {
            selector.close();
        } catch (IOException e) {
            // closing anyway
        }
        selector = null;
    }
}
