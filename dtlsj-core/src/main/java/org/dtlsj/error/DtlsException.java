package org.dtlsj.error;

/**
 * A connection failed. {@link #reason()} says why in a form code can switch on; the message says
 * it in words for a person. When the peer sent a fatal alert, {@link #peerAlert()} is it.
 */
public class DtlsException extends Exception {
    private final Reason reason;
    private final AlertDescription peerAlert;

    public DtlsException(Reason reason, String message) {
        this(reason, message, null, null);
    }

    public DtlsException(Reason reason, String message, Throwable cause) {
        this(reason, message, null, cause);
    }

    private DtlsException(Reason reason, String message, AlertDescription peerAlert, Throwable cause) {
        super(message, cause);
        this.reason = reason;
        this.peerAlert = peerAlert;
    }

    public static DtlsException peerAlert(AlertDescription alert) {
        return new DtlsException(Reason.PEER_ALERT, "peer sent fatal alert " + alert, alert, null);
    }

    public Reason reason() {
        return reason;
    }

    /** The alert the peer sent, if that ended the connection; otherwise null. */
    public AlertDescription peerAlert() {
        return peerAlert;
    }

    /** The alert we send for this failure, or null. */
    public AlertDescription alertToSend() {
        return Alerts.forReason(reason);
    }
}
