package org.dtlsj.openssl;

/**
 * The seed's {@code int verify_cert(int ok, X509_STORE_CTX *ctx)}: returns true to trust the chain.
 * dtlsj calls it once per received chain, after its own checks, with their outcome in
 * {@code preverifyOk} and the details in {@code storeCtx}.
 */
@FunctionalInterface
public interface VerifyCallback {
    boolean verify(boolean preverifyOk, X509StoreCtx storeCtx);
}
