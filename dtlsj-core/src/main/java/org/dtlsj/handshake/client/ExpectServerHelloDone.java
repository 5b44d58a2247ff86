package org.dtlsj.handshake.client;

import java.security.GeneralSecurityException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.dtlsj.config.ClientCertificateSelector;
import org.dtlsj.crypto.KeySchedule;
import org.dtlsj.crypto.Signatures;
import org.dtlsj.error.DtlsException;
import org.dtlsj.error.Reason;
import org.dtlsj.handshake.ExpectChangeCipherSpec;
import org.dtlsj.handshake.HandshakeContext;
import org.dtlsj.handshake.HandshakeMessage;
import org.dtlsj.handshake.HandshakeState;
import org.dtlsj.handshake.Negotiation;
import org.dtlsj.wire.HandshakeType;
import org.dtlsj.wire.SignatureScheme;
import org.dtlsj.wire.handshake.CertificateMessage;
import org.dtlsj.wire.handshake.CertificateRequest;
import org.dtlsj.wire.handshake.CertificateVerify;
import org.dtlsj.wire.handshake.Finished;
import org.dtlsj.wire.handshake.ServerHelloDone;

/**
 * Waits for ServerHelloDone, with an optional CertificateRequest first (RFC 5246 §7.4.4), then
 * sends flight 5: [Certificate], ClientKeyExchange, [CertificateVerify], ChangeCipherSpec, Finished.
 *
 * @param request the server's CertificateRequest, or null if none came
 */
public record ExpectServerHelloDone(ExpectServerKeyExchange.ClientKeyMaterial keys, CertificateRequest request)
        implements HandshakeState {
    @Override
    public HandshakeState onMessage(HandshakeMessage m, HandshakeContext cx) throws DtlsException {
        // RFC 4279 §2: no CertificateRequest with a PSK suite.
        if (m.type().equals(HandshakeType.CERTIFICATE_REQUEST) && request == null && cx.suite.keyExchange.usesCertificates()) {
            CertificateRequest cr = Negotiation.decode(m.body(),
                    cx.legacy() ? CertificateRequest::decodeLegacy : CertificateRequest::decode, "CertificateRequest");
            cx.transcript.add(m);
            return new ExpectServerHelloDone(keys, cr);
        }
        if (!m.type().equals(HandshakeType.SERVER_HELLO_DONE)) throw HandshakeContext.unexpected(this, m);
        Negotiation.decode(m.body(), ServerHelloDone::decode, "ServerHelloDone");
        ClientCertificateSelector.Choice choice = null;
        if (request != null && cx.config.clientCertificateSelector() != null) {
            choice = cx.config.clientCertificateSelector().select(authorities());
            if (choice == null) {
                // The application asks for time (OpenSSL's WANT_X509_LOOKUP): nothing changed yet.
                throw new PausedForCertificate();
            }
        }
        cx.transcript.add(m);
        sendFlight5(cx, choice);
        HandshakeState finish = new ExpectChangeCipherSpec(new ExpectServerFinished());
        // RFC 5077 §3.2: a server that sent session_ticket sends NewSessionTicket before its ChangeCipherSpec.
        return cx.ticketNegotiated ? new ExpectNewSessionTicket(finish) : finish;
    }

    private void sendFlight5(HandshakeContext cx, ClientCertificateSelector.Choice choice) throws DtlsException {
        SignatureScheme clientScheme = null;
        java.security.PrivateKey key = choice != null ? choice.key() : cx.config.privateKey();
        List<X509Certificate> chain = choice != null ? choice.chain() : cx.config.certificateChain();
        if (request != null && cx.clientCertType == org.dtlsj.config.CertificateType.RAW_PUBLIC_KEY) {
            // RFC 7250 §4.2: the server asked for this client's raw public key.
            key = cx.config.privateKey();
            clientScheme = chooseClientCredential(cx, key);
            if (clientScheme == null) {
                throw new DtlsException(Reason.NO_COMMON_PARAMETERS, "no signature algorithm the server takes for this client's raw public key");
            }
            cx.send(new org.dtlsj.wire.handshake.RawPublicKeyCertificate(cx.config.rawPublicKey().getEncoded()));
        } else if (request != null) {
            clientScheme = key != null && !chain.isEmpty() ? chooseClientCredential(cx, key) : null;
            cx.send(new CertificateMessage(clientScheme != null ? der(chain) : List.of()));
        }
        cx.send(keys.clientKeyExchange());
        // RFC 7627 §4: the session hash covers the transcript up to and including ClientKeyExchange.
        cx.masterSecret = cx.extendedMasterSecret
                ? KeySchedule.extendedMasterSecret(cx.prf(), keys.premaster(), cx.transcript.hash(cx.prf()))
                : KeySchedule.masterSecret(cx.prf(), keys.premaster(), cx.clientRandom, cx.serverRandom);
        if (clientScheme != null) {
            try {
                if (cx.legacy()) {
                    cx.send(new CertificateVerify(null, Signatures.signLegacy(key, cx.config.random(), cx.config.publicKeyProvider(), cx.transcript.bytes())));
                } else {
                    byte[] sig = Signatures.sign(clientScheme, key, cx.config.random(), cx.config.publicKeyProvider(), cx.transcript.bytes());
                    cx.send(new CertificateVerify(clientScheme, sig));
                }
            } catch (GeneralSecurityException e) {
                throw new DtlsException(Reason.INTERNAL_ERROR, "could not sign CertificateVerify: " + e.getMessage(), e);
            }
        }
        cx.deriveKeys();
        cx.sendChangeCipherSpec();
        byte[] verify = cx.verifyData(KeySchedule.CLIENT_FINISHED);
        cx.clientVerifyData = verify;
        cx.send(new Finished(verify));
        cx.endFlight(false);
    }

    /** The scheme to sign CertificateVerify with, or null to answer with an empty Certificate. */
    private SignatureScheme chooseClientCredential(HandshakeContext cx, java.security.PrivateKey key) {
        boolean ec = key instanceof java.security.interfaces.ECKey;
        int wantType = ec ? CertificateRequest.ECDSA_SIGN : CertificateRequest.RSA_SIGN;
        boolean typeOk = false;
        for (byte t : request.certificateTypes()) typeOk |= (t & 0xff) == wantType;
        if (!typeOk) return null;
        if (request.signatureAlgorithms() == null) {
            // DTLS 1.0: any scheme of the key's type stands for "this key can sign" (the form is fixed).
            for (SignatureScheme s : cx.config.signatureSchemes()) if (Signatures.fits(s, key)) return s;
            return null;
        }
        return Signatures.choose(cx.config.signatureSchemes(), request.signatureAlgorithms().schemes(), key);
    }

    private List<javax.security.auth.x500.X500Principal> authorities() {
        List<javax.security.auth.x500.X500Principal> out = new ArrayList<>();
        for (byte[] dn : request.certificateAuthorities()) {
            try {
                out.add(new javax.security.auth.x500.X500Principal(dn));
            } catch (IllegalArgumentException e) {
                // a name we cannot parse names no CA we could match
            }
        }
        return out;
    }

    /** The client's certificate selector asked for time; the engine will deliver ServerHelloDone again. */
    public static final class PausedForCertificate extends DtlsException {
        PausedForCertificate() {
            super(org.dtlsj.error.Reason.INTERNAL_ERROR, "paused: the application is choosing a client certificate");
        }
    }

    static List<byte[]> der(List<X509Certificate> chain) throws DtlsException {
        List<byte[]> out = new ArrayList<>();
        try {
            for (X509Certificate c : chain) out.add(c.getEncoded());
        } catch (CertificateEncodingException e) {
            throw new DtlsException(Reason.INTERNAL_ERROR, "could not encode own certificate", e);
        }
        return out;
    }

    @Override
    public String toString() {
        return request == null ? "expecting CertificateRequest or ServerHelloDone" : "expecting ServerHelloDone";
    }
}
