package org.dtlsj.sctp.ffm;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.dtlsj.sctp.SctpNotification.AssocState;
import org.dtlsj.sctp.SctpNotification.AuthIndication;
import org.dtlsj.sctp.SctpNotification;
import org.dtlsj.sctp.SctpSndInfo;

/**
 * Reads the notification structures of RFC 6458 §6.1 (host byte order, as both stacks deliver
 * them) into {@link SctpNotification}s. A notification shorter than its structure, of a kind
 * dtlsj does not use, or with a value the stack's table does not know is skipped (null).
 *
 * <p>Internal to dtlsj-sctp's backends; not an API.
 */
public final class NotificationParser {
    /** {@code sn_type}, {@code sn_flags}, {@code sn_length}: the common header (RFC 6458 §6.1). */
    static final int HEADER = 8;
    /** {@code struct sctp_send_failed_event} up to {@code ssfe_data} (RFC 6458 §6.1.11). */
    static final int SEND_FAILED_HEADER = 32;

    private NotificationParser() {
    }

    /** The notification in {@code n}, or null if it is not one dtlsj passes on. */
    public static SctpNotification parse(SctpDialect d, byte[] n) {
        if (n.length < HEADER) return null;
        ByteBuffer b = ByteBuffer.wrap(n).order(ByteOrder.nativeOrder());
        int type = b.getShort(0) & 0xffff;
        if (type == d.assocChange && n.length >= 16) {
            // RFC 6458 §6.1.1: sac_state, sac_error, sac_outbound_streams, sac_inbound_streams
            AssocState state = d.assocState(b.getShort(8) & 0xffff);
            if (state == null) return null;
            return new SctpNotification.AssocChange(state, b.getShort(10) & 0xffff, b.getShort(12) & 0xffff,
                    b.getShort(14) & 0xffff);
        }
        if (type == d.shutdownEvent) return new SctpNotification.Shutdown();
        if (type == d.senderDryEvent) return new SctpNotification.SenderDry();
        if (type == d.authenticationEvent && n.length >= 16) {
            // RFC 6458 §6.1.8: auth_keynumber at 8, auth_indication (32-bit aligned) at 12
            AuthIndication ind = d.authIndication(b.getInt(12));
            if (ind == null) return null;
            return new SctpNotification.AuthKey(ind, b.getShort(8) & 0xffff);
        }
        if (type == d.partialDeliveryEvent && n.length >= 20) {
            // RFC 6458 §6.1.7: pdapi_indication, pdapi_stream, pdapi_seq; ABORTED is the only indication defined
            return new SctpNotification.PartialDeliveryAborted(b.getInt(12) & 0xffff, b.getInt(16) & 0xffff);
        }
        if (type == d.sendFailedEvent && n.length >= SEND_FAILED_HEADER) {
            // RFC 6458 §6.1.11: ssfe_flags, ssfe_error, ssfe_info (struct sctp_sndinfo at 12), data at 32
            boolean sent = (b.getShort(2) & 0xffff) == d.dataSent;
            int error = b.getInt(8);
            int sid = b.getShort(12) & 0xffff;
            int flags = d.dtlsjFlags(b.getShort(14) & 0xffff) & SctpSndInfo.SCTP_UNORDERED;
            int ppid = b.order(ByteOrder.BIG_ENDIAN).getInt(16); // the PPID travels in network byte order
            int context = b.order(ByteOrder.nativeOrder()).getInt(20);
            byte[] data = Arrays.copyOfRange(n, SEND_FAILED_HEADER, n.length);
            return new SctpNotification.SendFailed(sent, error, new SctpSndInfo(sid, flags, ppid, context), data);
        }
        return null;
    }
}
