package org.dtlsj.bench.loopback;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.dtlsj.bench.loopback.Stack.Connection;
import org.dtlsj.bench.loopback.Stack.EchoServer;
import org.dtlsj.bench.loopback.Stack.Setup;

/** The loopback figures, each measured the same way for every stack. */
final class Measure {
    private Measure() {
    }

    /** Completed operations per second, and how many attempts failed. */
    record Rate(double perSecond, long done, long failed) {
    }

    /** Echo throughput: payload bytes and datagrams echoed per second, and datagrams given up as lost. */
    record Echo(double mbPerSecond, double dgramsPerSecond, long lost) {
    }

    /** Idle heap: GC'd used-heap growth per held connection, and how many the server held. */
    record Idle(double bytesPerConnection, int held, int serverCount, long failed) {
    }

    /** Sequential full handshakes from new client sockets: warm up, then count for {@code seconds}. */
    static Rate sequentialHandshakes(Stack stack, Setup setup, InetSocketAddress server, double warmup, double seconds) {
        runHandshakes(stack, setup, server, warmup);
        return runHandshakes(stack, setup, server, seconds);
    }

    private static Rate runHandshakes(Stack stack, Setup setup, InetSocketAddress server, double seconds) {
        long t0 = System.nanoTime();
        long end = t0 + (long) (seconds * 1e9);
        long done = 0;
        long failed = 0;
        do {
            try (Connection c = stack.connect(server, setup)) {
                done++;
            } catch (Exception e) {
                failed++;
                if (failed > 3 && done == 0) throw new IllegalStateException(stack.name() + " handshakes fail: " + e, e);
            }
        } while (System.nanoTime() < end);
        return new Rate(done / ((System.nanoTime() - t0) / 1e9), done, failed);
    }

    /**
     * Server capacity: {@code clients} threads, each making sequential full handshakes against
     * one server, for {@code seconds} after a warm-up; the total rate.
     */
    static Rate concurrentHandshakes(Stack stack, Setup setup, InetSocketAddress server, int clients, double warmup, double seconds)
            throws InterruptedException {
        concurrent(stack, setup, server, clients, warmup);
        return concurrent(stack, setup, server, clients, seconds);
    }

    private static Rate concurrent(Stack stack, Setup setup, InetSocketAddress server, int clients, double seconds)
            throws InterruptedException {
        AtomicLong done = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        long t0 = System.nanoTime();
        long end = t0 + (long) (seconds * 1e9);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            threads.add(Thread.ofPlatform().daemon(true).start(() -> {
                do {
                    try (Connection c = stack.connect(server, setup)) {
                        done.incrementAndGet();
                    } catch (Exception e) {
                        failed.incrementAndGet();
                    }
                } while (System.nanoTime() < end);
            }));
        }
        for (Thread t : threads) t.join();
        // Handshakes that began before the end finish after it: divide by the time actually taken.
        return new Rate(done.get() / ((System.nanoTime() - t0) / 1e9), done.get(), failed.get());
    }

    /**
     * Echo throughput over one connection: keep at most {@code window} datagrams of {@code size}
     * bytes un-echoed; a wait of 200 ms with nothing back counts the outstanding ones as lost.
     */
    static Echo echo(Connection c, int size, int window, double warmup, double seconds) throws Exception {
        echoFor(c, size, window, warmup);
        return echoFor(c, size, window, seconds);
    }

    private static Echo echoFor(Connection c, int size, int window, double seconds) throws Exception {
        byte[] payload = new byte[size];
        new SplittableRandom(size).nextBytes(payload);
        byte[] buf = new byte[65_536];
        int outstanding = 0;
        long echoed = 0;
        long bytes = 0;
        long lost = 0;
        long t0 = System.nanoTime();
        long end = t0 + (long) (seconds * 1e9);
        do {
            while (outstanding < window) {
                c.send(payload, size);
                outstanding++;
            }
            int n = c.receive(buf, 200);
            if (n < 0) {
                lost += outstanding;
                outstanding = 0;
                continue;
            }
            if (n != size) continue; // a late echo of an earlier size, or the connect probe
            if (outstanding > 0) outstanding--;
            echoed++;
            bytes += n;
        } while (System.nanoTime() < end);
        double s = (System.nanoTime() - t0) / 1e9;
        // Let what is still in flight come back, so the next figure starts clean.
        while (outstanding-- > 0 && c.receive(buf, 200) >= 0) {
            // drained
        }
        return new Echo(bytes / s / 1e6, echoed / s, lost);
    }

    /**
     * Heap per established idle connection on the server: used heap after a full GC, before and
     * after {@code count} clients each made a full handshake, echoed one datagram (so that the
     * server knows its last flight arrived and may let it go) and vanished without close_notify.
     * Client objects are garbage by then, so the growth is what the server keeps.
     */
    /** How long the held connections stay quiet before the heap is measured. */
    static final long IDLE_NANOS = 6_500_000_000L;

    static Idle idleHeap(Stack stack, Setup setup, EchoServer server, int count, long quietNanos) throws Exception {
        long before = usedHeapAfterGc();
        int held = 0;
        long failed = 0;
        byte[] probe = {42};
        byte[] buf = new byte[65_536];
        while (held < count) {
            Connection c;
            try {
                c = stack.connectToHold(server.address(), setup, heldAddress(held));
            } catch (Exception e) {
                if (++failed > 20 + count / 100) throw new IllegalStateException(stack.name() + ": too many failed handshakes: " + e, e);
                continue;
            }
            c.send(probe, 1);
            c.receive(buf, 2000);
            c.abandon();
            held++;
        }
        // The server handles the last echoes on its own threads; give it a moment to settle.
        long until = System.nanoTime() + 5_000_000_000L;
        while (server.connections() >= 0 && server.connections() < held && System.nanoTime() < until) Thread.sleep(10);
        // Idle means idle: every implementation's connections sit quiet (IDLE_NANOS but in the smoke
        // test) before the heap is measured; dtlsj's event loop gives back cipher instances after 5 s.
        Thread.sleep(quietNanos / 1_000_000);
        long after = usedHeapAfterGc();
        return new Idle((after - before) / (double) held, held, server.connections(), failed);
    }

    /**
     * The i-th address of 127.1.0.0/16 (64,000 of them, 256 x 250; then 127.2.0.0/16 and on): one
     * per held connection, never the same for two i.
     */
    static java.net.InetAddress heldAddress(int i) throws java.net.UnknownHostException {
        int a = 1 + i / 64_000;
        int rest = i % 64_000;
        return java.net.InetAddress.getByAddress(new byte[] {127, (byte) a, (byte) (rest / 250), (byte) (1 + rest % 250)});
    }

    static long usedHeapAfterGc() throws InterruptedException {
        Runtime rt = Runtime.getRuntime();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 4; i++) {
            System.gc();
            Thread.sleep(50);
            used = Math.min(used, rt.totalMemory() - rt.freeMemory());
        }
        return used;
    }
}
