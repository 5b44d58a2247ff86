package org.dtlsj.config;

/** Whether a server asks for a client certificate (RFC 5246 §7.4.4). */
public enum ClientAuth {
    /** No CertificateRequest is sent. */
    NONE,
    /** A CertificateRequest is sent; a client without a certificate may still connect. */
    WANT,
    /** A CertificateRequest is sent and a client without a certificate is refused. */
    NEED
}
