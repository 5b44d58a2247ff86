package org.dtlsj.handshake.client;

import org.dtlsj.crypto.KeySchedule;
import org.dtlsj.error.DtlsException;
import org.dtlsj.handshake.HandshakeContext;
import org.dtlsj.handshake.HandshakeMessage;
import org.dtlsj.handshake.HandshakeState;
import org.dtlsj.wire.HandshakeType;
import org.dtlsj.wire.handshake.Finished;

/**
 * Abbreviated handshake (RFC 5246 §7.3): the server's Finished comes first; when it verifies, the
 * client sends the final flight, ChangeCipherSpec and Finished, and keeps it for the server's
 * retransmission (RFC 6347 §4.2.4).
 */
public record ExpectAbbreviatedServerFinished() implements HandshakeState {
    @Override
    public HandshakeState onMessage(HandshakeMessage m, HandshakeContext cx) throws DtlsException {
        if (!m.type().equals(HandshakeType.FINISHED)) throw HandshakeContext.unexpected(this, m);
        cx.acceptPeerFinished(m);
        cx.sendChangeCipherSpec();
        byte[] ours = cx.verifyData(KeySchedule.CLIENT_FINISHED);
        cx.clientVerifyData = ours;
        cx.send(new Finished(ours));
        cx.endFlight(true);
        // The same session again, with the renewed ticket if the server sent one.
        org.dtlsj.session.ResumableSession before = cx.resumeFrom;
        cx.resumable = cx.newTicket == null ? before : new org.dtlsj.session.ResumableSession(before.sessionId(),
                cx.newTicket, cx.newTicketLifetime, before.serverName(), before.state());
        cx.markComplete();
        return new Complete();
    }

    @Override
    public String toString() {
        return "expecting server Finished (resumption)";
    }
}
