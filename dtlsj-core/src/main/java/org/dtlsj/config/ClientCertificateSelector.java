package org.dtlsj.config;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import javax.security.auth.x500.X500Principal;

/**
 * Chooses the client's certificate when a server asks for one (RFC 5246 §7.4.4), instead of the
 * configuration's fixed credentials — OpenSSL's {@code client_cert_cb}. It may also ask for time:
 * returning null pauses the handshake until the application calls again (OpenSSL's
 * {@code SSL_ERROR_WANT_X509_LOOKUP}), for a key that lives in a slow store or behind a prompt.
 */
@FunctionalInterface
public interface ClientCertificateSelector {
    /** A key and its chain (leaf first), or none at all. */
    record Choice(PrivateKey key, List<X509Certificate> chain) {
        /** Answer with an empty Certificate message. */
        public static final Choice NONE = new Choice(null, List.of());

        public Choice {
            chain = List.copyOf(chain);
            if (key == null != chain.isEmpty()) throw new IllegalArgumentException("a key needs a chain and a chain a key");
        }

        public static Choice of(PrivateKey key, List<X509Certificate> chain) {
            return new Choice(Objects.requireNonNull(key), chain);
        }
    }

    /**
     * @param authorities the CAs the server named (may be empty: any)
     * @return the choice, {@link Choice#NONE}, or null to pause the handshake and be asked again
     */
    Choice select(List<X500Principal> authorities);
}
