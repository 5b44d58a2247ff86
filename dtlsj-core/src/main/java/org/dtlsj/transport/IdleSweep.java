package org.dtlsj.transport;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * A loop's once-a-second look at its connections: keep-alive heartbeats (RFC 6520 §5.2), cipher
 * instances given back by quiet connections, and idle connections closed.
 */
final class IdleSweep {
    private IdleSweep() {
    }

    /** How long a connection stays quiet before its cipher instances are released. */
    static final long TRIM_AFTER_NANOS = 5_000_000_000L; // making the ciphers again costs microseconds

    static void run(EventLoop loop, Collection<Peer> peers, EventLoop.Settings settings, long now) {
        if (settings.keepAliveNanos() > 0) {
            // Keep-alive (RFC 6520 §5.2): after an idle period, a heartbeat; no answer within the
            // handshake timeout ends the connection as dead.
            for (Peer p : peers) {
                if (p.conn.isConnected() && now - p.lastActivity >= settings.keepAliveNanos() && p.conn.sendHeartbeat(16, now)) {
                    p.lastActivity = now;
                    loop.afterIo(p, now);
                }
            }
        }
        for (Peer p : peers) {
            // Quiet connections give back their cipher instances; the next record makes them again.
            if (!p.trimmed && now - p.lastActivity >= TRIM_AFTER_NANOS && p.conn.isConnected()) {
                p.conn.trimIdle();
                p.trimmed = true;
            }
        }
        if (settings.idleTimeoutNanos() <= 0) return;
        List<Peer> idle = new ArrayList<>();
        for (Peer p : peers) {
            if (now - p.lastActivity > settings.idleTimeoutNanos() && !p.conn.isHandshaking()) idle.add(p);
        }
        for (Peer p : idle) {
            p.conn.close(now);
            loop.afterIo(p, now);
            loop.remove(p, null);
        }
    }
}
