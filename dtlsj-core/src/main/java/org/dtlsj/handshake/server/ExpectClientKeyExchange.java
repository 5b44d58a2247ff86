package org.dtlsj.handshake.server;

import java.security.GeneralSecurityException;
import java.security.PublicKey;
import org.dtlsj.crypto.KeyExchange;
import org.dtlsj.crypto.KeySchedule;
import org.dtlsj.error.DtlsException;
import org.dtlsj.error.Reason;
import org.dtlsj.handshake.ExpectChangeCipherSpec;
import org.dtlsj.handshake.HandshakeContext;
import org.dtlsj.handshake.HandshakeMessage;
import org.dtlsj.handshake.HandshakeState;
import org.dtlsj.handshake.Negotiation;
import org.dtlsj.wire.HandshakeType;
import org.dtlsj.wire.handshake.EcdheClientKeyExchange;

/**
 * Waits for ClientKeyExchange (RFC 8422 §5.7) and derives the master secret and keys.
 *
 * @param clientKey the verified client certificate's key, or null when the client sent none
 */
public record ExpectClientKeyExchange(KeyExchange kx, PublicKey clientKey) implements HandshakeState {
    @Override
    public HandshakeState onMessage(HandshakeMessage m, HandshakeContext cx) throws DtlsException {
        if (!m.type().equals(HandshakeType.CLIENT_KEY_EXCHANGE)) throw HandshakeContext.unexpected(this, m);
        EcdheClientKeyExchange cke = Negotiation.decode(m.body(), EcdheClientKeyExchange::decode, "ClientKeyExchange");
        byte[] premaster;
        try {
            premaster = kx.agree(cke.publicPoint());
        } catch (GeneralSecurityException e) {
            throw new DtlsException(Reason.ILLEGAL_PARAMETER, "client's ECDHE public value is invalid: " + e.getMessage(), e);
        }
        cx.transcript.add(m);
        // RFC 7627 §4: session_hash = Hash(handshake messages up to and including ClientKeyExchange).
        cx.masterSecret = cx.extendedMasterSecret
                ? KeySchedule.extendedMasterSecret(cx.suite.prfHash, premaster, cx.transcript.hash(cx.suite.prfHash))
                : KeySchedule.masterSecret(cx.suite.prfHash, premaster, cx.clientRandom, cx.serverRandom);
        cx.deriveKeys();
        HandshakeState afterCcs = new ExpectClientFinished();
        return clientKey != null ? new ExpectCertificateVerify(clientKey) : new ExpectChangeCipherSpec(afterCcs);
    }

    @Override
    public String toString() {
        return "expecting ClientKeyExchange";
    }
}
