package org.dtlsj.engine;

import org.dtlsj.wire.ContentType;
import org.dtlsj.wire.HandshakeType;

/**
 * Watches a connection's protocol at work, in the spirit of {@code openssl s_client -msg}: every
 * record and handshake message sent and received, and the engine's decisions (retransmissions,
 * drops). Called on the connection's thread; keep it cheap. Set with
 * {@code DtlsConfig.Builder.tracer}.
 */
public interface Tracer {
    /** Which way a record or message went. */
    enum Direction { SENT, RECEIVED }

    /** A record went out, or came in and authenticated. */
    default void record(Direction dir, ContentType type, int epoch, long seq, int length) {
    }

    /** A whole handshake message was sent (once per transmission of its flight) or processed. */
    default void handshake(Direction dir, HandshakeType type, int messageSeq, int length) {
    }

    /** Something the engine decided: "retransmitting flight 3 (timer)", "dropped record: bad MAC". */
    default void event(String text) {
    }
}
