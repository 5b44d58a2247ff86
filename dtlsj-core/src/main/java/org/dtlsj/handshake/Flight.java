package org.dtlsj.handshake;

import java.util.ArrayList;
import java.util.List;
import org.dtlsj.wire.HandshakeType;

/**
 * One flight: the messages a side sends before it waits for the other (RFC 6347 §4.2.4),
 * retransmitted as a whole when the timer fires.
 *
 * <pre>
 *   Client                                          Server
 *   ------                                          ------
 *   ClientHello             --------&gt;                           Flight 1
 *                           &lt;-------    HelloVerifyRequest      Flight 2
 *   ClientHello             --------&gt;                           Flight 3
 *                                              ServerHello    \
 *                                             Certificate*     \
 *                                       ServerKeyExchange*      Flight 4
 *                                      CertificateRequest*     /
 *                           &lt;--------      ServerHelloDone    /
 *   Certificate*                                              \
 *   ClientKeyExchange                                          \
 *   CertificateVerify*                                          Flight 5
 *   [ChangeCipherSpec]                                         /
 *   Finished                --------&gt;                         /
 *                                       [ChangeCipherSpec]    \ Flight 6
 *                           &lt;--------             Finished    /
 * </pre>
 *
 * Items carry the epoch they are sent in: a ChangeCipherSpec moves the rest of the flight to
 * the next epoch.
 *
 * @param items the messages and ChangeCipherSpecs, in order
 * @param finalFlight true for the last flight of a handshake, which is not retransmitted on a
 *        timer but only when the peer's previous flight arrives again (RFC 6347 §4.2.4)
 */
public record Flight(List<Item> items, boolean finalFlight) {
    public Flight {
        items = List.copyOf(items);
    }

    /** An element of a flight. */
    public sealed interface Item permits Message, ChangeCipherSpec {
        int epoch();
    }

    /** A whole handshake message, fragmented only when it is put into records. */
    public record Message(HandshakeType type, int messageSeq, byte[] body, int epoch) implements Item {
    }

    /** A ChangeCipherSpec record (sent in the epoch it ends). */
    public record ChangeCipherSpec(int epoch) implements Item {
    }

    /** Collects the items of the flight under construction. */
    public static final class Builder {
        private final List<Item> items = new ArrayList<>();

        public void add(Item i) {
            items.add(i);
        }

        public boolean isEmpty() {
            return items.isEmpty();
        }

        public Flight build(boolean finalFlight) {
            Flight f = new Flight(items, finalFlight);
            items.clear();
            return f;
        }
    }
}
