package org.dtlsj.sctp.usrsctp;

import org.dtlsj.sctp.ffm.SctpSocketOptions;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.dtlsj.sctp.SctpAssociation;
import org.dtlsj.sctp.SctpInbound;
import org.dtlsj.sctp.SctpMessage;
import org.junit.jupiter.api.Assumptions;

/**
 * What the usrsctp tests share: the decision to run (skip only when libusrsctp2 is not installed,
 * and never when {@code DTLSJ_REQUIRE_USRSCTP=1}, as CI sets it), one stack per test class,
 * connected pairs, and waiting for what arrives with a timeout.
 */
final class UsrsctpTestSupport {
    /** Generous bound for anything on loopback; tests wait for events, never sleep. */
    static final Duration WAIT = Duration.ofSeconds(10);
    /** SCTP ports inside this JVM's stack; no other process shares them. */
    private static final AtomicInteger PORTS = new AtomicInteger(5001);

    private UsrsctpTestSupport() {
    }

    /** Where Debian and other distributions put the library. */
    private static final List<String> LIBRARY_PATHS = List.of("/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu",
            "/lib/aarch64-linux-gnu", "/usr/lib/aarch64-linux-gnu", "/usr/lib", "/usr/local/lib", "/usr/lib64");

    /**
     * Skips with a clear message when libusrsctp2 is not installed; fails when it is installed but
     * cannot be loaded, or when CI requires it ({@code DTLSJ_REQUIRE_USRSCTP=1}).
     */
    static void requireUsrsctp() {
        if (UsrsctpStack.isAvailable()) return;
        String why = UsrsctpStack.unavailableReason();
        if ("1".equals(System.getenv("DTLSJ_REQUIRE_USRSCTP"))) fail("DTLSJ_REQUIRE_USRSCTP=1 but " + why);
        for (String dir : LIBRARY_PATHS) {
            java.nio.file.Path lib = java.nio.file.Path.of(dir, "libusrsctp.so.2");
            if (java.nio.file.Files.exists(lib)) fail(lib + " is installed but does not load: " + why);
        }
        Assumptions.abort("usrsctp tests skipped: " + why);
    }

    static int nextPort() {
        return PORTS.getAndIncrement();
    }

    /** A connected pair: [0] the client, [1] the accepted server side. */
    record Pair(UsrsctpAssociation client, UsrsctpAssociation server, UsrsctpListener listener)
            implements AutoCloseable {
        /**
         * Aborts both ends: an association a test left with unacknowledged data (a wrong AUTH key,
         * a closed window) would otherwise keep retransmitting and hold the stack up at its finish.
         */
        @Override
        public void close() {
            client.abort();
            server.abort();
            listener.close();
        }
    }

    static Pair pair(UsrsctpStack stack, SctpSocketOptions clientOptions, SctpSocketOptions serverOptions)
            throws IOException, InterruptedException {
        UsrsctpListener l = stack.listen(nextPort(), serverOptions);
        UsrsctpAssociation c = stack.connect(l, clientOptions, WAIT);
        UsrsctpAssociation s = l.accept(WAIT);
        if (s == null) fail("no association accepted within " + WAIT);
        return new Pair(c, s, l);
    }

    /**
     * Polls {@code a} until an inbound item matches {@code wanted}, within {@link #WAIT}; the items
     * passed over are added to {@code skipped} (may be null). Fails when none comes.
     */
    static <T extends SctpInbound> T await(SctpAssociation a, Class<T> type, Predicate<T> wanted,
            List<SctpInbound> skipped) throws InterruptedException {
        T t = awaitOrNull(a, type, wanted, skipped, WAIT);
        if (t == null) fail("no " + type.getSimpleName() + " within " + WAIT + "; passed over " + skipped);
        return t;
    }

    static <T extends SctpInbound> T await(SctpAssociation a, Class<T> type) throws InterruptedException {
        return await(a, type, x -> true, new ArrayList<>());
    }

    static <T extends SctpInbound> T awaitOrNull(SctpAssociation a, Class<T> type, Predicate<T> wanted,
            List<SctpInbound> skipped, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) return null;
            SctpInbound in = a.poll(Duration.ofNanos(left));
            if (in == null) return null; // timed out, or the association ended with nothing left
            if (type.isInstance(in) && wanted.test(type.cast(in))) return type.cast(in);
            if (skipped != null) skipped.add(in);
        }
    }

    /** The next user message, skipping notifications. */
    static SctpMessage nextMessage(SctpAssociation a) throws InterruptedException {
        return await(a, SctpMessage.class);
    }
}
