package org.dtlsj.config;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

/**
 * Server: looks at the host name a client asked for (server_name, RFC 6066 §3) and picks the
 * certificate to answer with, or turns the client away: OpenSSL's {@code servername_callback}.
 * Called once per full handshake, on the connection's thread.
 */
@FunctionalInterface
public interface ServerNameSelector {
    /** What to do with a requested name. */
    sealed interface Choice permits UseDefault, Use, Reject {
    }

    /** Answer with the configuration's own credentials. */
    record UseDefault() implements Choice {
    }

    /** Answer with this key and chain (leaf first). */
    record Use(PrivateKey key, List<X509Certificate> chain) implements Choice {
        public Use {
            Objects.requireNonNull(key, "key");
            chain = List.copyOf(chain);
            if (chain.isEmpty()) throw new IllegalArgumentException("empty certificate chain");
        }
    }

    /** End the handshake with a fatal unrecognized_name alert (RFC 6066 §3). */
    record Reject() implements Choice {
    }

    Choice USE_DEFAULT = new UseDefault();
    Choice REJECT = new Reject();

    /**
     * @param hostName the requested name (printable ASCII, an IDN in its xn-- form), or null when
     *        the client sent no server_name
     */
    Choice select(String hostName);
}
