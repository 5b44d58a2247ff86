package org.dtlsj.handshake.client;

import java.security.GeneralSecurityException;
import org.dtlsj.config.PskProvider;
import org.dtlsj.crypto.KeyExchange;
import org.dtlsj.crypto.KeySchedule;
import org.dtlsj.error.DtlsException;
import org.dtlsj.error.Reason;
import org.dtlsj.handshake.HandshakeContext;
import org.dtlsj.handshake.HandshakeMessage;
import org.dtlsj.handshake.HandshakeState;
import org.dtlsj.handshake.Negotiation;
import org.dtlsj.wire.HandshakeType;
import org.dtlsj.wire.handshake.PskClientKeyExchange;
import org.dtlsj.wire.handshake.PskServerKeyExchange;

/**
 * After a ServerHello that chose a PSK suite: no Certificate comes (RFC 4279 §2). Waits for the
 * ServerKeyExchange with the identity hint (and, for ECDHE_PSK, the unsigned ECDH parameters of
 * RFC 5489 §2, so it is mandatory there), or for plain PSK possibly ServerHelloDone at once.
 * Then asks the {@link PskProvider} for the identity and key to use.
 */
public record ExpectPskServerKeyExchange() implements HandshakeState {
    @Override
    public HandshakeState onMessage(HandshakeMessage m, HandshakeContext cx) throws DtlsException {
        boolean ephemeral = cx.suite.keyExchange.isEphemeral();
        if (!ephemeral && m.type().equals(HandshakeType.SERVER_HELLO_DONE)) {
            // RFC 4279 §2: "the server can omit the ServerKeyExchange message" when it has no hint.
            return new ExpectServerHelloDone(material(new byte[0], null, cx), null).onMessage(m, cx);
        }
        if (!m.type().equals(HandshakeType.SERVER_KEY_EXCHANGE)) throw HandshakeContext.unexpected(this, m);
        PskServerKeyExchange ske = Negotiation.decode(m.body(),
                ephemeral ? PskServerKeyExchange::decodeEcdhePsk : PskServerKeyExchange::decodePsk, "ServerKeyExchange");
        if (ephemeral && !cx.config.groups().contains(ske.group())) {
            throw new DtlsException(Reason.ILLEGAL_PARAMETER, "server chose group " + ske.group() + " that was not offered");
        }
        ExpectServerKeyExchange.ClientKeyMaterial keys = material(ske.identityHint(), ske, cx);
        cx.transcript.add(m);
        return new ExpectServerHelloDone(keys, null);
    }

    private static ExpectServerKeyExchange.ClientKeyMaterial material(byte[] hint, PskServerKeyExchange ske, HandshakeContext cx)
            throws DtlsException {
        PskProvider.Psk psk = cx.config.pskProvider().select(hint);
        if (psk == null) {
            throw new DtlsException(Reason.NO_COMMON_PARAMETERS, "no pre-shared key for this server"
                    + (hint.length > 0 ? " (identity hint " + Negotiation.printable(hint) + ")" : ""));
        }
        byte[] ecdh = null;
        byte[] ours = null;
        if (ske != null && ske.group() != null) {
            try {
                KeyExchange kx = cx.config.ephemeralKeys().take(ske.group());
                ecdh = kx.agree(ske.publicPoint());
                ours = kx.publicValue();
            } catch (GeneralSecurityException e) {
                throw new DtlsException(Reason.ILLEGAL_PARAMETER, "server's ECDHE public value is invalid: " + e.getMessage(), e);
            }
            cx.group = ske.group();
        } else {
            cx.group = null;
        }
        cx.pskIdentity = psk.identity();
        return new ExpectServerKeyExchange.ClientKeyMaterial(new PskClientKeyExchange(psk.identity(), ours),
                KeySchedule.pskPremaster(ecdh, psk.key()));
    }

    @Override
    public String toString() {
        return "expecting ServerKeyExchange (PSK) or ServerHelloDone";
    }
}
