package org.dtlsj.transport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import org.dtlsj.config.DtlsConfig;
import org.dtlsj.handshake.server.CookieExchange;

/**
 * A server loop's stateless gate (RFC 6347 §4.2.1): a datagram from an address without a
 * connection is answered with a HelloVerifyRequest, dropped, or, when it is a ClientHello whose
 * cookie verifies, let through to get a connection. Nothing is kept for a peer before that.
 */
final class CookieGate {
    private CookieGate() {
    }

    /** True if {@code d} is a ClientHello with a valid cookie; otherwise it was answered or dropped here. */
    static boolean passes(InetSocketAddress from, byte[] key, ByteBuffer d, DtlsConfig config, DatagramChannel channel,
                          EventLoop.Stats stats, long now) throws IOException {
        stats.bytesInFromUnverified.addAndGet(d.remaining());
        CookieExchange.Verdict v = CookieExchange.inspect(d.array(), d.arrayOffset() + d.position(), d.remaining(), key, config, now);
        switch (v) {
            case CookieExchange.Challenge c -> {
                stats.helloVerifyRequests.incrementAndGet();
                stats.bytesOutToUnverified.addAndGet(c.datagram().length);
                if (config.tracer() != null) {
                    config.tracer().handshake(org.dtlsj.engine.Tracer.Direction.SENT,
                            org.dtlsj.wire.HandshakeType.HELLO_VERIFY_REQUEST, 0, c.datagram().length - 25);
                    config.tracer().event("cookie sent to " + from + "; no state kept until it comes back");
                }
                channel.send(ByteBuffer.wrap(c.datagram()), from);
                return false;
            }
            case CookieExchange.Drop drop -> {
                stats.droppedUnknownPeer.incrementAndGet();
                return false;
            }
            case CookieExchange.Verified ok -> {
                return true;
            }
        }
    }
}
