package org.dtlsj.testkit.hostile;

import java.security.GeneralSecurityException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.dtlsj.crypto.KeyExchange;
import org.dtlsj.crypto.Signatures;
import org.dtlsj.handshake.HandshakeMessage;
import org.dtlsj.testkit.TestPki;
import org.dtlsj.wire.DecodeException;
import org.dtlsj.wire.ExtensionType;
import org.dtlsj.wire.NamedGroup;
import org.dtlsj.wire.SignatureScheme;
import org.dtlsj.wire.WireReader;
import org.dtlsj.wire.extension.Extension;
import org.dtlsj.wire.extension.Extensions;
import org.dtlsj.wire.extension.RenegotiationInfo;
import org.dtlsj.wire.extension.SignatureAlgorithms;
import org.dtlsj.wire.handshake.CertificateMessage;
import org.dtlsj.wire.handshake.CertificateRequest;
import org.dtlsj.wire.handshake.ClientHello;
import org.dtlsj.wire.handshake.EcdheClientKeyExchange;
import org.dtlsj.wire.handshake.EcdheServerKeyExchange;
import org.dtlsj.wire.handshake.ServerHello;
import org.dtlsj.wire.handshake.ServerHelloDone;

/**
 * The server side of {@link HostilePeer}: answers a ClientHello with ECDHE-ECDSA, AES-128-GCM
 * and X25519 under an ECDSA P-256 credential, but sends its flight in whatever order and shape a
 * script builds. It never sends a HelloVerifyRequest unless the script builds one.
 */
public final class HostileServer extends HostilePeer {
    private final TestPki.Credential credential;
    public ClientHello clientHello;
    public List<X509Certificate> clientChain;
    public boolean clientSentCertificate;
    public boolean clientSentCertificateVerify;
    private KeyExchange kx;

    public HostileServer(TestPki.Credential credential) {
        this.credential = credential;
    }

    @Override
    protected boolean isClient() {
        return false;
    }

    @Override
    protected void onMessage(HandshakeMessage m) {
        try {
            WireReader body = new WireReader(m.body());
            switch (m.type().value()) {
                case 1 -> {
                    clientHello = ClientHello.decode(body);
                    clientRandom = clientHello.random();
                    extendedMasterSecret = clientHello.extensions().has(ExtensionType.EXTENDED_MASTER_SECRET);
                    transcript.reset();
                    transcript.add(m);
                    // Answer with the same message_seq, as a server that checked a cookie does.
                    nextMessageSeq(m.messageSeq());
                }
                case 11 -> {
                    clientSentCertificate = true;
                    clientChain = org.dtlsj.crypto.CertificateChecker.parse(CertificateMessage.decode(body).certificates());
                    transcript.add(m);
                }
                case 16 -> {
                    byte[] point = EcdheClientKeyExchange.decode(body).publicPoint();
                    transcript.add(m);
                    masterSecret(kx.agree(point));
                }
                case 15 -> {
                    clientSentCertificateVerify = true;
                    transcript.add(m);
                }
                case 20 -> acceptPeerFinished(m);
                default -> transcript.add(m);
            }
        } catch (DecodeException | org.dtlsj.error.DtlsException | GeneralSecurityException e) {
            throw new AssertionError("the client sent an undecodable or unusable " + m, e);
        }
    }

    /** A ServerHello choosing the default suite, with the extensions the client offered and we know. */
    public byte[] serverHello() {
        List<Extension> ext = new ArrayList<>();
        if (extendedMasterSecret) ext.add(Extension.empty(ExtensionType.EXTENDED_MASTER_SECRET));
        if (clientHello.extensions().has(ExtensionType.RENEGOTIATION_INFO)) {
            ext.add(Extension.of(ExtensionType.RENEGOTIATION_INFO, RenegotiationInfo.INITIAL));
        }
        if (clientHello.extensions().has(ExtensionType.RECORD_SIZE_LIMIT)) {
            ext.add(Extension.of(ExtensionType.RECORD_SIZE_LIMIT, new org.dtlsj.wire.extension.RecordSizeLimit(1 << 14)));
        }
        return serverHello(new ServerHello(version, freshRandom(), new byte[0], suite.id, 0, Extensions.of(ext)));
    }

    /** Any ServerHello; its random becomes the server random. */
    public byte[] serverHello(ServerHello sh) {
        serverRandom = sh.random();
        extendedMasterSecret = sh.extensions().has(ExtensionType.EXTENDED_MASTER_SECRET);
        return handshake(sh);
    }

    public byte[] certificate() {
        List<byte[]> der = new ArrayList<>();
        try {
            for (X509Certificate c : credential.chain()) der.add(c.getEncoded());
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
        return handshake(new CertificateMessage(der));
    }

    /** ServerKeyExchange on X25519, signed with the credential's key over both randoms and the parameters. */
    public byte[] serverKeyExchange() {
        return serverKeyExchange(NamedGroup.X25519);
    }

    /** An honest ServerKeyExchange on {@code group}, whose key pair then answers the ClientKeyExchange. */
    public byte[] serverKeyExchange(NamedGroup group) {
        try {
            kx = KeyExchange.generate(group, random);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        return serverKeyExchange(group, kx.publicValue(), false);
    }

    /**
     * ServerKeyExchange offering {@code point} in {@code group}, whatever it is (off the curve, say),
     * signed as an honest server would; with {@code corruptSignature}, the signature's last byte flipped.
     */
    public byte[] serverKeyExchange(NamedGroup group, byte[] point, boolean corruptSignature) {
        try {
            byte[] params = EcdheServerKeyExchange.params(group, point);
            SignatureScheme scheme = SignatureScheme.ECDSA_SECP256R1_SHA256;
            byte[] sig = Signatures.sign(scheme, credential.key(), random, clientRandom, serverRandom, params);
            if (corruptSignature) sig[sig.length - 1] ^= 1;
            return handshake(new EcdheServerKeyExchange(group, point, scheme, sig));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** CertificateRequest for the given certificate types (RFC 5246 §7.4.4), ECDSA and RSA schemes, no authorities. */
    public byte[] certificateRequest(int... types) {
        byte[] t = new byte[types.length];
        for (int i = 0; i < types.length; i++) t[i] = (byte) types[i];
        return handshake(new CertificateRequest(t, new SignatureAlgorithms(List.of(SignatureScheme.ECDSA_SECP256R1_SHA256,
                SignatureScheme.RSA_PSS_RSAE_SHA256, SignatureScheme.RSA_PKCS1_SHA256)), List.of()));
    }

    public byte[] serverHelloDone() {
        return handshake(new ServerHelloDone());
    }
}
