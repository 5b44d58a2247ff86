package org.dtlsj.api;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.dtlsj.config.DtlsConfig;
import org.dtlsj.error.DtlsException;
import org.dtlsj.error.Reason;
import org.dtlsj.transport.EventLoop;

/**
 * Connects to a DTLS server over a connected UDP socket and returns the session once the
 * handshake is done.
 *
 * <pre>{@code
 * try (DtlsSession s = DtlsClient.connect(new InetSocketAddress("example.com", 4433), config, "example.com")) {
 *     s.send("hello".getBytes(UTF_8));
 *     byte[] reply = s.receive(Duration.ofSeconds(5));
 * }
 * }</pre>
 */
public final class DtlsClient {
    private DtlsClient() {
    }

    /** Connects with the configuration's handshake timeout. */
    public static DtlsSession connect(InetSocketAddress server, DtlsConfig config, String serverName)
            throws IOException, DtlsException, InterruptedException {
        return connect(server, config, serverName, null);
    }

    /**
     * Connects; {@code handler} (may be null) gets data and close events on the client's loop thread.
     * @throws DtlsException if the handshake fails: {@link DtlsException#reason()} says why
     */
    public static DtlsSession connect(InetSocketAddress server, DtlsConfig config, String serverName, DtlsHandler handler)
            throws IOException, DtlsException, InterruptedException {
        return connect(server, config, serverName, handler, null);
    }

    /**
     * Connects offering to resume {@code session} ({@link DtlsSession#resumableSession()} of an
     * earlier connection to this server, from any local address); {@link SessionInfo#resumed()}
     * says whether the server did. {@code handler} and {@code session} may be null.
     */
    public static DtlsSession connect(InetSocketAddress server, DtlsConfig config, String serverName, DtlsHandler handler,
                                      org.dtlsj.session.ResumableSession session)
            throws IOException, DtlsException, InterruptedException {
        if (server.isUnresolved()) throw new IOException("cannot resolve " + server.getHostString());
        DatagramChannel ch = DatagramChannel.open();
        try {
            // Oversized datagrams fail at once instead of being fragmented by IP, which is what
            // Path-MTU discovery needs to see (RFC 4821 §4). Best effort: not every platform has it.
            ch.setOption(jdk.net.ExtendedSocketOptions.IP_DONTFRAGMENT, true);
        } catch (UnsupportedOperationException | IOException e) {
            // fragmentation stays allowed
        }
        ch.connect(server);
        CompletableFuture<DtlsSession> done = new CompletableFuture<>();
        EventLoop[] loopRef = new EventLoop[1];
        DtlsHandler h = new DtlsHandler() {
            @Override
            public void onConnected(DtlsSession s) {
                done.complete(s);
                if (handler != null) handler.onConnected(s);
            }

            @Override
            public boolean onData(DtlsSession s, byte[] data) {
                return handler != null && handler.onData(s, data);
            }

            @Override
            public void onRenegotiated(DtlsSession s) {
                if (handler != null) handler.onRenegotiated(s);
            }

            @Override
            public void onHeartbeatAnswered(DtlsSession s, java.time.Duration rtt) {
                if (handler != null) handler.onHeartbeatAnswered(s, rtt);
            }

            @Override
            public void onClosed(DtlsSession s, DtlsException error) {
                if (!done.isDone()) {
                    done.completeExceptionally(error != null ? error : new DtlsException(Reason.CLOSED, "closed during the handshake"));
                }
                if (handler != null && s != null) handler.onClosed(s, error);
                if (loopRef[0] != null) loopRef[0].execute(loopRef[0]::close);
            }
        };
        EventLoop loop = new EventLoop(config, new EventLoop.Settings(1, 0, false), ch, h);
        loopRef[0] = loop;
        // Without a handler the application reads with receive: its threads then drive the connection
        // themselves, without a hand-off through the loop for each datagram (CallerIo).
        String threadName = "dtlsj-client-" + server;
        if (handler == null && !Thread.currentThread().isVirtual()) {
            loop.callerDriven();
            // The loop's thread waits until it is needed (EventLoop.deferThread): this thread drives the handshake.
            loop.deferThread(threadName);
        } else {
            // A virtual thread waits on the session's queue rather than driving the socket (CallerIo):
            // the loop's thread does the reading from the start.
            if (handler == null) loop.callerDriven();
            Thread.ofPlatform().name(threadName).daemon(true).start(loop);
        }
        loop.connect(server, serverName, session);
        long deadline = System.nanoTime() + config.handshakeTimeout().toNanos() + 1_000_000_000L;
        try {
            // Caller-driven: the handshake's datagrams are read and answered on this thread.
            loop.driveUntil(done::isDone, deadline - System.nanoTime());
            DtlsSession s = done.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            // Once the application has left the connection alone for a while, the loop's thread
            // reads for it (alerts, heartbeats, data to queue) and keeps its timers.
            loop.startThreadAfter(org.dtlsj.transport.EventLoop.CALLER_LINGER_NANOS);
            return s;
        } catch (ExecutionException e) {
            loop.close();
            if (e.getCause() instanceof DtlsException d) throw d;
            throw new IOException(e.getCause());
        } catch (TimeoutException e) {
            loop.close();
            throw new DtlsException(Reason.HANDSHAKE_TIMEOUT, "no handshake with " + server + " within "
                    + Duration.ofMillis(config.handshakeTimeout().toMillis()));
        }
    }
}
