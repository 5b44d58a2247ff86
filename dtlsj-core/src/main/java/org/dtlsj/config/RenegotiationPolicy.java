package org.dtlsj.config;

/**
 * Who may start a renegotiation on an established connection. Only secure renegotiation (RFC 5746)
 * is ever done: with a peer that did not signal support for it, a request is refused with a
 * no_renegotiation warning and {@code renegotiate()} is refused locally.
 */
public enum RenegotiationPolicy {
    /** Either side: the application calls {@code renegotiate()}, or the peer asks (the default). */
    ACCEPT,
    /** Only this side's application; the peer's request (ClientHello or HelloRequest) is refused with a warning. */
    LOCAL_ONLY,
    /** Neither side: the peer's request is refused with a warning and {@code renegotiate()} fails. */
    REFUSE;

    /** Whether a request from the peer is taken. */
    public boolean acceptsPeer() {
        return this == ACCEPT;
    }

    /** Whether the application may start one. */
    public boolean allowsLocal() {
        return this != REFUSE;
    }
}
