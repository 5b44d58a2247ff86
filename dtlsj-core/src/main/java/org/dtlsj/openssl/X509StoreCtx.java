package org.dtlsj.openssl;

import java.security.cert.X509Certificate;
import java.util.List;

/** {@code X509_STORE_CTX} as the verify callback sees it: the chain and what the built-in check found. */
public final class X509StoreCtx {
    private final List<X509Certificate> chain;
    private final String error;

    X509StoreCtx(List<X509Certificate> chain, String error) {
        this.chain = List.copyOf(chain);
        this.error = error;
    }

    /** {@code X509_STORE_CTX_get_current_cert}: the peer's certificate (the leaf). */
    public X509Certificate getCurrentCert() {
        return chain.isEmpty() ? null : chain.get(0);
    }

    /** {@code X509_STORE_CTX_get0_chain}: the peer's chain, leaf first. */
    public List<X509Certificate> getChain() {
        return chain;
    }

    /** {@code X509_STORE_CTX_get_error_depth}: 0, the leaf; dtlsj checks the chain as a whole. */
    public int getErrorDepth() {
        return 0;
    }

    /** What the built-in check found wrong, or null when it passed. */
    public String getErrorString() {
        return error;
    }
}
