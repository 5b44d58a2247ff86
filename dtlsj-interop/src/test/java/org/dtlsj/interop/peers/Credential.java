package org.dtlsj.interop.peers;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

/**
 * A private key and its certificate chain, leaf first, without the root.
 *
 * @param key   the leaf's private key
 * @param chain the leaf certificate followed by any intermediate CA certificates (never the root)
 */
public record Credential(PrivateKey key, List<X509Certificate> chain) {

    public Credential {
        Objects.requireNonNull(key, "key");
        chain = List.copyOf(chain);
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("chain must hold at least the leaf certificate");
        }
    }

    /** The end-entity certificate. */
    public X509Certificate leaf() {
        return chain.get(0);
    }

    /** {@code "EC"} or {@code "RSA"}: the JCA algorithm name of the leaf's public key. */
    public String keyAlgorithm() {
        return leaf().getPublicKey().getAlgorithm();
    }
}
