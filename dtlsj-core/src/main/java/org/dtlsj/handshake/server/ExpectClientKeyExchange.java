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
import org.dtlsj.wire.handshake.PskClientKeyExchange;

/**
 * Waits for ClientKeyExchange (RFC 8422 §5.7) and derives the master secret and keys.
 *
 * @param clientKey the verified client certificate's key, or null when the client sent none
 */
public record ExpectClientKeyExchange(KeyExchange kx, PublicKey clientKey) implements HandshakeState {
    @Override
    public HandshakeState onMessage(HandshakeMessage m, HandshakeContext cx) throws DtlsException {
        if (!m.type().equals(HandshakeType.CLIENT_KEY_EXCHANGE)) throw HandshakeContext.unexpected(this, m);
        byte[] premaster = cx.suite.keyExchange.usesPsk() ? pskPremaster(m, cx) : ecdhe(
                Negotiation.decode(m.body(), EcdheClientKeyExchange::decode, "ClientKeyExchange").publicPoint());
        cx.transcript.add(m);
        // RFC 7627 §4: session_hash = Hash(handshake messages up to and including ClientKeyExchange).
        cx.masterSecret = cx.extendedMasterSecret
                ? KeySchedule.extendedMasterSecret(cx.prf(), premaster, cx.transcript.hash(cx.prf()))
                : KeySchedule.masterSecret(cx.prf(), premaster, cx.clientRandom, cx.serverRandom);
        cx.deriveKeys();
        HandshakeState afterCcs = new ExpectClientFinished();
        return clientKey != null ? new ExpectCertificateVerify(clientKey) : new ExpectChangeCipherSpec(afterCcs);
    }

    private byte[] ecdhe(byte[] clientPoint) throws DtlsException {
        try {
            return kx.agree(clientPoint);
        } catch (GeneralSecurityException e) {
            throw new DtlsException(Reason.ILLEGAL_PARAMETER, "client's ECDHE public value is invalid: " + e.getMessage(), e);
        }
    }

    /** RFC 4279 §2, RFC 5489 §2: the identity names the key; the premaster joins it with any ECDH secret. */
    private byte[] pskPremaster(HandshakeMessage m, HandshakeContext cx) throws DtlsException {
        boolean ephemeral = cx.suite.keyExchange.isEphemeral();
        PskClientKeyExchange cke = Negotiation.decode(m.body(),
                ephemeral ? PskClientKeyExchange::decodeEcdhePsk : PskClientKeyExchange::decodePsk, "ClientKeyExchange");
        byte[] psk = cx.config.pskStore().key(cke.identity());
        if (psk == null || psk.length == 0) {
            throw new DtlsException(Reason.UNKNOWN_PSK_IDENTITY, "no key for PSK identity "
                    + org.dtlsj.handshake.Negotiation.printable(cke.identity()));
        }
        cx.pskIdentity = cke.identity();
        return KeySchedule.pskPremaster(ephemeral ? ecdhe(cke.publicPoint()) : null, psk);
    }

    @Override
    public String toString() {
        return "expecting ClientKeyExchange";
    }
}
