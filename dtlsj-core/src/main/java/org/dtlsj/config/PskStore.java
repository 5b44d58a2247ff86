package org.dtlsj.config;

/**
 * Server side of pre-shared keys (RFC 4279 §2): the key for the identity a client names in its
 * ClientKeyExchange, looked up while the handshake runs, so a server can keep its keys in its own
 * database. Called on the connection's thread (an event loop's, when serving over UDP): a slow
 * lookup holds that loop up.
 */
public interface PskStore {
    /**
     * The key for {@code identity} (the bytes the client sent, RFC 4279 §5.1 suggests UTF-8), or
     * null if it is unknown: the handshake then ends with unknown_psk_identity.
     */
    byte[] key(byte[] identity);

    /**
     * The PSK identity hint sent in ServerKeyExchange (RFC 4279 §2), or null to send none (with
     * plain PSK suites the ServerKeyExchange is then left out).
     */
    default byte[] identityHint() {
        return null;
    }

    /** A store holding one identity and its key. */
    static PskStore of(byte[] identity, byte[] key) {
        byte[] id = identity.clone();
        byte[] k = key.clone();
        return requested -> java.util.Arrays.equals(requested, id) ? k.clone() : null;
    }
}
