package org.dtlsj.config;

import java.security.cert.X509Certificate;
import java.util.List;

/**
 * The application's say on a peer's certificate chain — the seed's {@code verify_cert(int ok,
 * X509_STORE_CTX *ctx)}. Called once per received chain, after dtlsj's own checks (path
 * validation against the trust anchors, validity, host name), with their outcome.
 */
@FunctionalInterface
public interface CertificateVerifier {
    /**
     * @param preverifyOk whether dtlsj's own checks passed
     * @param context the chain and, if they failed, why
     * @return true to trust the chain, false to fail the handshake
     */
    boolean verify(boolean preverifyOk, Context context);

    /** What the verifier sees: the chain (leaf first), the error of the built-in check, the host name asked for. */
    record Context(List<X509Certificate> chain, String error, String expectedHostName) {
        public Context {
            chain = List.copyOf(chain);
        }
    }
}
