package org.dtlsj.error;

/** The one place where failure reasons become alerts (RFC 5246 §7.2.2). */
public final class Alerts {
    private Alerts() {
    }

    /** The fatal alert to send for {@code reason}, or null when nothing is sent. */
    public static AlertDescription forReason(Reason reason) {
        return switch (reason) {
            case UNEXPECTED_MESSAGE -> AlertDescription.UNEXPECTED_MESSAGE;
            case DECODE_ERROR -> AlertDescription.DECODE_ERROR;
            case ILLEGAL_PARAMETER -> AlertDescription.ILLEGAL_PARAMETER;
            case PROTOCOL_VERSION -> AlertDescription.PROTOCOL_VERSION;
            case UNSUPPORTED_EXTENSION -> AlertDescription.UNSUPPORTED_EXTENSION;
            case UNKNOWN_PSK_IDENTITY -> AlertDescription.UNKNOWN_PSK_IDENTITY;
            case UNRECOGNIZED_NAME -> AlertDescription.UNRECOGNIZED_NAME;
            case UNSUPPORTED_CERTIFICATE -> AlertDescription.UNSUPPORTED_CERTIFICATE;
            case NO_APPLICATION_PROTOCOL -> AlertDescription.NO_APPLICATION_PROTOCOL;
            case NO_COMMON_PARAMETERS, SECURITY_REQUIREMENT, CERTIFICATE_REQUIRED -> AlertDescription.HANDSHAKE_FAILURE;
            case BAD_FINISHED, BAD_SIGNATURE -> AlertDescription.DECRYPT_ERROR;
            case CERTIFICATE_UNTRUSTED -> AlertDescription.UNKNOWN_CA;
            case CERTIFICATE_EXPIRED -> AlertDescription.CERTIFICATE_EXPIRED;
            case CERTIFICATE_HOSTNAME_MISMATCH, CERTIFICATE_REJECTED -> AlertDescription.CERTIFICATE_UNKNOWN;
            case BAD_CERTIFICATE -> AlertDescription.BAD_CERTIFICATE;
            case MESSAGE_TOO_LARGE -> AlertDescription.ILLEGAL_PARAMETER;
            case INTERNAL_ERROR -> AlertDescription.INTERNAL_ERROR;
            case CLOSED -> AlertDescription.USER_CANCELED;
            // Nothing to send: the peer is gone, or it told us already.
            case HANDSHAKE_TIMEOUT, HEARTBEAT_TIMEOUT, PEER_ALERT -> null;
        };
    }
}
