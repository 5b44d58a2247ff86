package org.dtlsj.wire;

import org.dtlsj.error.AlertDescription;

/**
 * A structure on the wire could not be decoded: it was truncated, had trailing bytes, or a field
 * held a value the structure forbids. Carries the alert the RFCs ask for when the bytes came
 * from an authenticated handshake (usually {@code decode_error}, RFC 5246 §7.2.2); the record
 * layer drops such input silently instead (RFC 6347 §4.1.2.7).
 */
public final class DecodeException extends Exception {
    private final AlertDescription alert;

    public DecodeException(String message) {
        this(AlertDescription.DECODE_ERROR, message);
    }

    public DecodeException(AlertDescription alert, String message) {
        super(message, null, false, false);
        this.alert = alert;
    }

    /** The alert to send if this failure ends a handshake. */
    public AlertDescription alert() {
        return alert;
    }
}
