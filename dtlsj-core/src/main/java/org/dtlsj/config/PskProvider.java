package org.dtlsj.config;

/**
 * Client side of pre-shared keys (RFC 4279 §2): the identity and key to use with a server,
 * chosen when its ServerHello picked a PSK suite, with the server's identity hint if it sent one.
 */
public interface PskProvider {
    /** An identity (sent in the clear) and its key. */
    record Psk(byte[] identity, byte[] key) {
        public Psk {
            // RFC 4279 §5.3: identities up to 128 bytes and keys up to 64 bytes MUST be supported.
            if (identity.length == 0 || identity.length > 0xffff) throw new IllegalArgumentException("PSK identity of " + identity.length + " bytes");
            if (key.length == 0 || key.length > 0xffff) throw new IllegalArgumentException("PSK of " + key.length + " bytes");
            identity = identity.clone();
            key = key.clone();
        }

        @Override
        public byte[] identity() {
            return identity.clone();
        }

        @Override
        public byte[] key() {
            return key.clone();
        }
    }

    /**
     * The PSK for this server, or null if there is none: the handshake then fails.
     *
     * @param identityHint the server's hint, empty when it sent none
     */
    Psk select(byte[] identityHint);

    /** A provider that always answers with one identity and key. */
    static PskProvider of(byte[] identity, byte[] key) {
        Psk psk = new Psk(identity, key);
        return hint -> psk;
    }
}
