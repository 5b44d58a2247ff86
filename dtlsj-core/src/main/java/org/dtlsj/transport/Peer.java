package org.dtlsj.transport;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.dtlsj.api.DtlsSession;
import org.dtlsj.engine.DtlsConnection;
import org.dtlsj.engine.SessionInfo;

/** What an {@link EventLoop} holds for one peer: its connection, session, timer and pending requests. */
final class Peer {
    final InetSocketAddress address;
    DtlsConnection conn;
    DtlsSession session;
    long lastActivity;
    /** Its ciphers were released ({@link DtlsConnection#trimIdle()}) since its last activity. */
    boolean trimmed;
    long scheduled = Long.MAX_VALUE;
    /** Counted in the loop's handshakes until it completes or goes. */
    boolean handshaking = true;
    /** Out of the loop's table ({@code EventLoop.remove}): its timer entries are stale, its turn is over. */
    boolean removed;
    CompletableFuture<Duration> heartbeat;
    CompletableFuture<Integer> pathMtu;
    CompletableFuture<SessionInfo> renegotiation;

    Peer(InetSocketAddress address, DtlsConnection conn) {
        this.address = address;
        this.conn = conn;
    }

    /** The connection ended: what was asked of it fails with {@code error}. */
    /** Fails what waits on this peer with {@code error}, or "connection closed" when null (made only if something waits). */
    void failRequests(Throwable error) {
        if (heartbeat == null && pathMtu == null && renegotiation == null) return;
        Throwable e = error != null ? error : new IllegalStateException("connection closed");
        if (heartbeat != null) heartbeat.completeExceptionally(e);
        if (pathMtu != null) pathMtu.completeExceptionally(e);
        if (renegotiation != null) renegotiation.completeExceptionally(e);
    }

    /** A timer entry; stale once {@link Peer#scheduled} no longer equals {@code at}. */
    record Timer(long at, Peer peer) {
    }
}
