package org.dtlsj.handshake.server;

import org.dtlsj.crypto.KeySchedule;
import org.dtlsj.error.DtlsException;
import org.dtlsj.handshake.HandshakeContext;
import org.dtlsj.handshake.HandshakeMessage;
import org.dtlsj.handshake.HandshakeState;
import org.dtlsj.wire.HandshakeType;
import org.dtlsj.wire.handshake.Finished;

/** Waits for the client's Finished, then sends flight 6: ChangeCipherSpec, Finished. */
public record ExpectClientFinished() implements HandshakeState {
    @Override
    public HandshakeState onMessage(HandshakeMessage m, HandshakeContext cx) throws DtlsException {
        if (!m.type().equals(HandshakeType.FINISHED)) throw HandshakeContext.unexpected(this, m);
        cx.acceptPeerFinished(m);
        ServerResumption.keep(cx);
        cx.sendChangeCipherSpec();
        byte[] ours = cx.verifyData(KeySchedule.SERVER_FINISHED);
        cx.serverVerifyData = ours;
        cx.send(new Finished(ours));
        cx.endFlight(true);
        cx.markComplete();
        return new Complete();
    }

    @Override
    public String toString() {
        return "expecting client Finished";
    }
}
