package org.dtlsj.wire.handshake;

import org.dtlsj.wire.DecodeException;
import org.dtlsj.wire.HandshakeType;
import org.dtlsj.wire.WireReader;
import org.dtlsj.wire.WireWriter;

/**
 * <pre>
 * struct { uint32 ticket_lifetime_hint; opaque ticket&lt;0..2^16-1&gt;; } NewSessionTicket;   (RFC 5077 §3.3)
 * </pre>
 * An empty ticket tells the client to forget the one it offered.
 */
public record NewSessionTicket(long lifetimeHintSeconds, byte[] ticket) implements HandshakeBody {
    public NewSessionTicket {
        if (lifetimeHintSeconds < 0 || lifetimeHintSeconds > 0xffffffffL) throw new IllegalArgumentException("lifetime hint out of range");
        ticket = ticket.clone();
    }

    @Override
    public byte[] ticket() {
        return ticket.clone();
    }

    @Override
    public HandshakeType type() {
        return HandshakeType.NEW_SESSION_TICKET;
    }

    @Override
    public void encode(WireWriter w) {
        w.u32(lifetimeHintSeconds);
        w.u16Vector(ticket);
    }

    public static NewSessionTicket decode(WireReader r) throws DecodeException {
        long hint = r.u32();
        byte[] ticket = r.u16Prefixed().rest();
        r.expectEnd("NewSessionTicket");
        return new NewSessionTicket(hint, ticket);
    }
}
