package org.dtlsj.handshake.client;

import java.security.GeneralSecurityException;
import org.dtlsj.crypto.KeyExchange;
import org.dtlsj.crypto.ParallelCrypto;
import org.dtlsj.crypto.Signatures;
import org.dtlsj.error.DtlsException;
import org.dtlsj.error.Reason;
import org.dtlsj.handshake.HandshakeContext;
import org.dtlsj.handshake.HandshakeMessage;
import org.dtlsj.handshake.HandshakeState;
import org.dtlsj.handshake.Negotiation;
import org.dtlsj.wire.HandshakeType;
import org.dtlsj.wire.handshake.EcdheClientKeyExchange;
import org.dtlsj.wire.handshake.EcdheServerKeyExchange;
import org.dtlsj.wire.handshake.HandshakeBody;

/** Waits for the ECDHE ServerKeyExchange (RFC 8422 §5.4) and verifies its signature. */
public record ExpectServerKeyExchange(ExpectServerCertificate.VerifiedServerKey serverKey) implements HandshakeState {
    @Override
    public HandshakeState onMessage(HandshakeMessage m, HandshakeContext cx) throws DtlsException {
        if (!m.type().equals(HandshakeType.SERVER_KEY_EXCHANGE)) throw HandshakeContext.unexpected(this, m);
        EcdheServerKeyExchange ske = Negotiation.decode(m.body(),
                cx.legacy() ? EcdheServerKeyExchange::decodeLegacy : EcdheServerKeyExchange::decode, "ServerKeyExchange");
        // RFC 8422 §5.4: the server must pick a group the client offered.
        if (!cx.config.groups().contains(ske.group())) {
            throw new DtlsException(Reason.ILLEGAL_PARAMETER, "server chose group " + ske.group() + " that was not offered");
        }
        // RFC 5246 §7.4.1.4.1: a signature algorithm the client offered.
        if (!cx.legacy() && !cx.config.signatureSchemes().contains(ske.scheme())) {
            throw new DtlsException(Reason.ILLEGAL_PARAMETER, "server signed with " + ske.scheme() + " that was not offered");
        }
        KeyExchange ours;
        try {
            ours = cx.config.ephemeralKeys().take(ske.group());
        } catch (GeneralSecurityException e) {
            throw new DtlsException(Reason.INTERNAL_ERROR, "cannot make an ECDHE key pair for " + ske.group() + ": " + e.getMessage(), e);
        }
        // The signature and the agreement do not depend on each other: an idle helper checks the
        // signature while this thread agrees (ParallelCrypto); the secret is used only once the
        // signature has verified, and a bad signature is reported before a bad point.
        ParallelCrypto.Pending<Boolean> signature = ParallelCrypto.begin(cx.config.parallelCrypto() && ours.worthAHelper(),
                () -> cx.legacy()
                        ? Signatures.verifyLegacy(serverKey.key(), ske.signature(), cx.config.publicKeyProvider(), cx.clientRandom, cx.serverRandom, ske.encodedParams())
                        : Signatures.verify(ske.scheme(), serverKey.key(), ske.signature(), cx.config.publicKeyProvider(), cx.clientRandom, cx.serverRandom,
                                ske.encodedParams()));
        // Without a helper the signature is checked first, so that a forged one costs no agreement.
        boolean checkedFirst = !signature.onHelper();
        if (checkedFirst) requireVerified(signature, ske, cx);
        byte[] premaster = null;
        GeneralSecurityException invalidPoint = null;
        try {
            premaster = ours.agree(ske.publicPoint());
        } catch (GeneralSecurityException e) {
            invalidPoint = e;
        }
        if (!checkedFirst) requireVerified(signature, ske, cx);
        if (invalidPoint != null) {
            throw new DtlsException(Reason.ILLEGAL_PARAMETER, "server's ECDHE public value is invalid: " + invalidPoint.getMessage(), invalidPoint);
        }
        cx.group = ske.group();
        cx.peerSignatureScheme = ske.scheme();
        cx.transcript.add(m);
        return new ExpectServerHelloDone(new ClientKeyMaterial(new EcdheClientKeyExchange(ours.publicValue()), premaster), null);
    }

    private void requireVerified(ParallelCrypto.Pending<Boolean> signature, EcdheServerKeyExchange ske, HandshakeContext cx)
            throws DtlsException {
        boolean verified;
        try {
            verified = signature.join();
        } catch (Exception e) {
            throw new DtlsException(Reason.INTERNAL_ERROR, "ServerKeyExchange signature check failed: " + e, e);
        }
        if (!verified) {
            throw new DtlsException(Reason.BAD_SIGNATURE, "ServerKeyExchange signature" + (cx.legacy() ? "" : " (" + ske.scheme() + ")")
                    + " does not verify with the server's certificate (" + serverKey.key().getAlgorithm() + " key)");
        }
    }

    /** The ClientKeyExchange to send and the premaster secret it yields. */
    public record ClientKeyMaterial(HandshakeBody clientKeyExchange, byte[] premaster) {
    }

    @Override
    public String toString() {
        return "expecting ServerKeyExchange";
    }
}
