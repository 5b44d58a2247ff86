package org.dtlsj.error;

/**
 * Why a connection failed, as typed where the failure happens. {@link Alerts#forReason} is the one
 * table that maps each reason to the alert sent to the peer.
 */
public enum Reason {
    /** A handshake message arrived that the state did not expect (RFC 5246 §7.4). */
    UNEXPECTED_MESSAGE,
    /** A handshake message or extension could not be decoded. */
    DECODE_ERROR,
    /** A field held a value the RFCs forbid in this place. */
    ILLEGAL_PARAMETER,
    /** The peer sent an extension in its hello that was not offered to it (RFC 5246 §7.4.1.4). */
    UNSUPPORTED_EXTENSION,
    /** No protocol version both sides enable (RFC 6347 §4.2.1). */
    PROTOCOL_VERSION,
    /** No cipher suite, group or signature scheme both sides enable. */
    NO_COMMON_PARAMETERS,
    /** Server: no application protocol in common with the client (RFC 7301 §3.2). */
    NO_APPLICATION_PROTOCOL,
    /** No certificate type both sides can use (RFC 7250 §4.2). */
    UNSUPPORTED_CERTIFICATE,
    /** Server: the application does not serve the host name the client asked for (RFC 6066 §3). */
    UNRECOGNIZED_NAME,
    /** Server: the client named a PSK identity the server has no key for (RFC 4279 §2). */
    UNKNOWN_PSK_IDENTITY,
    /** The peer's Finished did not verify (RFC 5246 §7.4.9). */
    BAD_FINISHED,
    /** A signature in ServerKeyExchange or CertificateVerify did not verify. */
    BAD_SIGNATURE,
    /** The peer's certificate chain does not lead to a trusted root. */
    CERTIFICATE_UNTRUSTED,
    /** A certificate in the chain is expired or not yet valid. */
    CERTIFICATE_EXPIRED,
    /** The server's certificate does not match the host name the client asked for. */
    CERTIFICATE_HOSTNAME_MISMATCH,
    /** The application's verify callback rejected the certificate. */
    CERTIFICATE_REJECTED,
    /** The certificate could not be parsed or its key cannot be used for this suite. */
    BAD_CERTIFICATE,
    /** The server requires a client certificate and the client sent none. */
    CERTIFICATE_REQUIRED,
    /** A required extension (extended_master_secret, renegotiation_info) was missing or wrong. */
    SECURITY_REQUIREMENT,
    /** A handshake message or flight was larger than the configured bound. */
    MESSAGE_TOO_LARGE,
    /** The handshake did not complete within the configured time; the peer is silent or unreachable. */
    HANDSHAKE_TIMEOUT,
    /** The peer answered no heartbeat within the configured time (RFC 6520 §3: the connection SHOULD end). */
    HEARTBEAT_TIMEOUT,
    /** The peer sent a fatal alert. */
    PEER_ALERT,
    /** The application closed the connection before the handshake completed. */
    CLOSED,
    /** A bug or a failing JCA provider. */
    INTERNAL_ERROR
}
