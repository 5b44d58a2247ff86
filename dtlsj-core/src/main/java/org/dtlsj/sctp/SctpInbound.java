package org.dtlsj.sctp;

/**
 * What {@link SctpAssociation#poll()} hands out, in the order the stack delivered it: a user
 * message or a notification. The order matters to RFC 6083: a notification read between two
 * messages happened between them (RFC 6458 §6: notifications arrive through the same receive
 * call as data).
 */
public sealed interface SctpInbound permits SctpMessage, SctpNotification {
}
