package org.dtlsj.openssl;

import org.dtlsj.sctp.SctpNotification;

/**
 * {@code BIO_dgram_sctp_notification_cb}: called with each SCTP notification the BIO reads
 * (association change, shutdown, sender dry, AUTH key events, ...), with the context given when
 * it was set ({@link Bio#setSctpNotificationCallback}).
 */
@FunctionalInterface
public interface SctpNotificationCallback {
    void onNotification(Bio bio, Object context, SctpNotification notification);
}
