package org.dtlsj.sctp.ffm;

import org.dtlsj.sctp.SctpNotification.AssocState;
import org.dtlsj.sctp.SctpNotification.AuthIndication;
import org.dtlsj.sctp.SctpPrInfo;
import org.dtlsj.sctp.SctpSndInfo;

/**
 * The numbers one SCTP stack gives to the names of the sockets API (RFC 6458). The RFC names
 * constants but leaves their values to each stack, and usrsctp (the BSD values) and the Linux
 * kernel ({@code linux/sctp.h}) disagree on most of them: option numbers, notification types,
 * send flags, PR-SCTP policies, {@code MSG_NOTIFICATION}. dtlsj's own values ({@link SctpSndInfo},
 * {@link SctpPrInfo}) are the BSD ones; this table translates for the backends.
 *
 * <p>Internal to dtlsj-sctp's backends; not an API.
 */
public final class SctpDialect {
    /** Both stacks: IPPROTO_SCTP, also the socket option level. */
    public static final int IPPROTO_SCTP = 132;
    /** Linux {@code bits/socket.h}: end of record (usrsctp.h's 0x8 is its Windows value). */
    public static final int MSG_EOR = 0x80;

    /** usrsctp 0.9.5 ({@code usrsctp.h}). */
    public static final SctpDialect USRSCTP = new SctpDialect("usrsctp",
            0x1f, 0x1e, 0x12, 0x13, 0x15, 0x16, 0x1d, 0x14, 0x03, 0x04,
            0x2000,
            new int[] {0x0001, 0x0005, 0x000a, 0x0008, 0x0007, 0x000e},
            new int[] {1, 2, 3, 4, 5},
            new int[] {1, 2, 3},
            2,
            0x0400, 0x0100, 0x0200, 0x4000,
            new int[] {0x0000, 0x0001, 0x0002, 0x0003});

    /** Linux kernel SCTP ({@code linux/sctp.h}). */
    public static final SctpDialect LINUX = new SctpDialect("linux",
            32, 127, 21, 23, 24, 25, 35, 22, 2, 3,
            0x8000,
            new int[] {0x8001, 0x8005, 0x8009, 0x8008, 0x8006, 0x800d},
            new int[] {0, 1, 2, 3, 4},
            new int[] {0, 2, 1},
            1,
            1, 0x200, 4, 8,
            new int[] {0x0000, 0x0010, 0x0030, 0x0020});

    public final String name;
    public final int optRecvRcvInfo, optEvent, optAuthChunk, optAuthKey, optAuthActiveKey, optAuthDeleteKey,
            optAuthDeactivateKey, optHmacIdent, optInitMsg, optNoDelay;
    /** The {@code msg_flags} bit that marks a notification. */
    public final int msgNotification;
    /** Notification types: assoc change, shutdown, sender dry, authentication, partial delivery, send failed. */
    public final int assocChange, shutdownEvent, senderDryEvent, authenticationEvent, partialDeliveryEvent,
            sendFailedEvent;
    private final int[] assocStates;
    private final int[] authIndications;
    /** {@code ssfe_flags} value of SCTP_DATA_SENT. */
    public final int dataSent;
    private final int unordered, eof, abort, sackImmediately;
    private final int[] prPolicies;

    private SctpDialect(String name, int recvRcvInfo, int event, int authChunk, int authKey, int authActiveKey,
            int authDeleteKey, int authDeactivateKey, int hmacIdent, int initMsg, int noDelay, int msgNotification,
            int[] types, int[] assocStates, int[] authIndications, int dataSent, int unordered, int eof, int abort,
            int sackImmediately, int[] prPolicies) {
        this.name = name;
        this.optRecvRcvInfo = recvRcvInfo;
        this.optEvent = event;
        this.optAuthChunk = authChunk;
        this.optAuthKey = authKey;
        this.optAuthActiveKey = authActiveKey;
        this.optAuthDeleteKey = authDeleteKey;
        this.optAuthDeactivateKey = authDeactivateKey;
        this.optHmacIdent = hmacIdent;
        this.optInitMsg = initMsg;
        this.optNoDelay = noDelay;
        this.msgNotification = msgNotification;
        this.assocChange = types[0];
        this.shutdownEvent = types[1];
        this.senderDryEvent = types[2];
        this.authenticationEvent = types[3];
        this.partialDeliveryEvent = types[4];
        this.sendFailedEvent = types[5];
        this.assocStates = assocStates;
        this.authIndications = authIndications;
        this.dataSent = dataSent;
        this.unordered = unordered;
        this.eof = eof;
        this.abort = abort;
        this.sackImmediately = sackImmediately;
        this.prPolicies = prPolicies;
    }

    /** The notification types a backend subscribes to with {@code SCTP_EVENT} (RFC 6458 §6.2.2). */
    public int[] subscribedEvents() {
        return new int[] {assocChange, shutdownEvent, senderDryEvent, authenticationEvent, partialDeliveryEvent,
                sendFailedEvent};
    }

    /** dtlsj's {@code SctpSndInfo} flags in this stack's numbering. */
    public int nativeSndFlags(int flags) {
        int n = 0;
        if ((flags & SctpSndInfo.SCTP_UNORDERED) != 0) n |= unordered;
        if ((flags & SctpSndInfo.SCTP_EOF) != 0) n |= eof;
        if ((flags & SctpSndInfo.SCTP_ABORT) != 0) n |= abort;
        if ((flags & SctpSndInfo.SCTP_SACK_IMMEDIATELY) != 0) n |= sackImmediately;
        return n;
    }

    /** This stack's {@code sinfo_flags}/{@code rcv_flags} in dtlsj's numbering. */
    public int dtlsjFlags(int nativeFlags) {
        int f = 0;
        if ((nativeFlags & unordered) != 0) f |= SctpSndInfo.SCTP_UNORDERED;
        if ((nativeFlags & eof) != 0) f |= SctpSndInfo.SCTP_EOF;
        if ((nativeFlags & abort) != 0) f |= SctpSndInfo.SCTP_ABORT;
        if ((nativeFlags & sackImmediately) != 0) f |= SctpSndInfo.SCTP_SACK_IMMEDIATELY;
        return f;
    }

    /** A dtlsj {@code SctpPrInfo} policy in this stack's numbering. */
    public int nativePolicy(int policy) {
        return prPolicies[policy];
    }

    /** {@code sac_state}, or null if this stack's value is unknown. */
    public AssocState assocState(int nativeState) {
        for (int i = 0; i < assocStates.length; i++) {
            if (assocStates[i] == nativeState) return AssocState.values()[i];
        }
        return null;
    }

    /** {@code auth_indication}, or null if unknown. */
    public AuthIndication authIndication(int nativeIndication) {
        for (int i = 0; i < authIndications.length; i++) {
            if (authIndications[i] == nativeIndication) return AuthIndication.values()[i];
        }
        return null;
    }

    @Override
    public String toString() {
        return "SctpDialect[" + name + "]";
    }
}
