package org.dtlsj.sctp;

/**
 * An event from the SCTP stack (RFC 6458 §6.1), read in order with user messages through
 * {@link SctpAssociation#poll()}. Backends subscribe to every kind here (RFC 6458 §6.2.2
 * {@code SCTP_EVENT}) and translate the stack's numbering into these types; kinds dtlsj has no
 * use for (peer address changes, adaptation indications, stream resets) are not passed on.
 */
public sealed interface SctpNotification extends SctpInbound {

    /** RFC 6458 §6.1.1 {@code sac_state}. */
    enum AssocState {
        /** SCTP_COMM_UP: the association is ready; data may flow. */
        COMM_UP,
        /** SCTP_COMM_LOST: the association failed (the peer aborted, or retransmissions ran out). */
        COMM_LOST,
        /** SCTP_RESTART: the peer restarted; its state (and any DTLS connection over it) is gone. */
        RESTART,
        /** SCTP_SHUTDOWN_COMP: the association closed gracefully. */
        SHUTDOWN_COMPLETE,
        /** SCTP_CANT_STR_ASSOC: the association could not be set up. */
        CANT_START
    }

    /**
     * RFC 6458 §6.1.1 SCTP_ASSOC_CHANGE.
     *
     * @param state           what happened
     * @param error           the stack's error or cause code, 0 if none
     * @param outboundStreams streams this end may send on (COMM_UP, RESTART), else 0
     * @param inboundStreams  streams the peer may send on (COMM_UP, RESTART), else 0
     */
    record AssocChange(AssocState state, int error, int outboundStreams, int inboundStreams)
            implements SctpNotification {
        /** Whether the association is over after this event. */
        public boolean isTerminal() {
            return state == AssocState.COMM_LOST || state == AssocState.SHUTDOWN_COMPLETE
                    || state == AssocState.CANT_START;
        }
    }

    /**
     * RFC 6458 §6.1.5 SCTP_SHUTDOWN_EVENT: the peer started a graceful shutdown; it sends no more
     * user messages, and this end may no longer send new ones.
     */
    record Shutdown() implements SctpNotification {
    }

    /**
     * RFC 6458 §6.1.9 SCTP_SENDER_DRY_EVENT: every user message this end sent has been
     * acknowledged (or abandoned) and nothing waits to be sent. RFC 6083 §4.7 and §4.9 wait for
     * it before ChangeCipherSpec and close_notify.
     */
    record SenderDry() implements SctpNotification {
    }

    /** RFC 6458 §6.1.8 {@code auth_indication}. */
    enum AuthIndication {
        /** SCTP_AUTH_NEW_KEY: the peer authenticated a chunk with this key for the first time. */
        NEW_KEY,
        /** SCTP_AUTH_NO_AUTH: the peer does not support SCTP-AUTH (RFC 4895). */
        NO_AUTH,
        /** SCTP_AUTH_FREE_KEY: the stack will no longer use this key identifier. */
        FREE_KEY
    }

    /**
     * RFC 6458 §6.1.8 SCTP_AUTHENTICATION_EVENT.
     *
     * @param indication what happened
     * @param keyId      the shared key identifier concerned (RFC 4895 §6.1), 0..65535
     */
    record AuthKey(AuthIndication indication, int keyId) implements SctpNotification {
    }

    /**
     * RFC 6458 §6.1.7 SCTP_PARTIAL_DELIVERY_EVENT with SCTP_PARTIAL_DELIVERY_ABORTED: a message
     * whose first part was delivered will not be completed.
     *
     * @param sid stream of the aborted message
     * @param ssn its stream sequence number
     */
    record PartialDeliveryAborted(int sid, int ssn) implements SctpNotification {
    }

    /**
     * RFC 6458 §6.1.11 SCTP_SEND_FAILED_EVENT: a user message was not (or not entirely)
     * delivered, for instance abandoned under a PR-SCTP policy or left over when the association
     * ended.
     *
     * @param sentOnWire SCTP_DATA_SENT (true) or SCTP_DATA_UNSENT (false)
     * @param error      the stack's error or cause code, 0 if none
     * @param info       what the message was sent with
     * @param data       the undelivered bytes as the stack returned them (may be a tail, or empty)
     */
    record SendFailed(boolean sentOnWire, int error, SctpSndInfo info, byte[] data) implements SctpNotification {
        @Override
        public String toString() {
            return "SendFailed[sentOnWire=" + sentOnWire + ", error=" + error + ", info=" + info
                    + ", " + data.length + " bytes]";
        }
    }
}
