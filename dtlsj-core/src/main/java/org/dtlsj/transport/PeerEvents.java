package org.dtlsj.transport;

import org.dtlsj.api.DtlsSession;
import org.dtlsj.engine.DtlsEvent;

/**
 * What a loop does with each event a connection reports: the session opens, renegotiates or
 * closes, and the futures of heartbeat, path-MTU and renegotiation requests complete. Runs with
 * the loop's engine lock held, on whichever thread drove the connection.
 */
final class PeerEvents {
    private final EventLoop loop;

    PeerEvents(EventLoop loop) {
        this.loop = loop;
    }

    void dispatch(Peer p, DtlsEvent e) {
        switch (e) {
            case DtlsEvent.HandshakeCompleted hc -> {
                loop.handshakeEnded(p);
                p.session = new DtlsSession(loop, p.address, hc.session(), p.conn.resumableSession());
                p.session.maxRecordSize(p.conn.maxRecordPlaintext());
                p.session.keyingMaterialExporter(p.conn.keyingMaterialExporter());
                loop.handler().onConnected(p.session);
                if (loop.callerIo() != null) loop.callerIo().wake();
            }
            case DtlsEvent.Closed c -> loop.remove(p, null);
            case DtlsEvent.Failed f -> loop.remove(p, f.error());
            case DtlsEvent.WarningReceived w -> { }
            case DtlsEvent.Renegotiated r -> {
                if (p.session != null) {
                    p.session.renegotiated(r.session(), p.conn.resumableSession());
                    p.session.maxRecordSize(p.conn.maxRecordPlaintext());
                    p.session.keyingMaterialExporter(p.conn.keyingMaterialExporter());
                    loop.handler().onRenegotiated(p.session);
                }
                if (p.renegotiation != null) p.renegotiation.complete(r.session());
                p.renegotiation = null;
            }
            case DtlsEvent.RenegotiationRefused r -> {
                if (p.renegotiation != null) p.renegotiation.completeExceptionally(new IllegalStateException("renegotiation refused: " + r.reason()));
                p.renegotiation = null;
            }
            case DtlsEvent.PathMtuDiscovered m -> {
                if (p.pathMtu != null) p.pathMtu.complete(m.mtu());
                p.pathMtu = null;
            }
            case DtlsEvent.HeartbeatAnswered h -> {
                java.time.Duration rtt = java.time.Duration.ofNanos(h.rttNanos());
                if (p.heartbeat != null) p.heartbeat.complete(rtt);
                p.heartbeat = null;
                if (p.session != null) loop.handler().onHeartbeatAnswered(p.session, rtt);
            }
        }
    }
}
