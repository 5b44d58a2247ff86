package org.dtlsj.testkit.hostile;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.dtlsj.crypto.KeyExchange;
import org.dtlsj.crypto.Signatures;
import org.dtlsj.handshake.HandshakeMessage;
import org.dtlsj.wire.DecodeException;
import org.dtlsj.wire.ExtensionType;
import org.dtlsj.wire.HandshakeType;
import org.dtlsj.wire.NamedGroup;
import org.dtlsj.wire.SignatureScheme;
import org.dtlsj.wire.WireReader;
import org.dtlsj.wire.extension.EcPointFormats;
import org.dtlsj.wire.extension.Extension;
import org.dtlsj.wire.extension.Extensions;
import org.dtlsj.wire.extension.RenegotiationInfo;
import org.dtlsj.wire.extension.SignatureAlgorithms;
import org.dtlsj.wire.extension.SupportedGroups;
import org.dtlsj.wire.handshake.CertificateMessage;
import org.dtlsj.wire.handshake.CertificateRequest;
import org.dtlsj.wire.handshake.CertificateVerify;
import org.dtlsj.wire.handshake.ClientHello;
import org.dtlsj.wire.handshake.EcdheClientKeyExchange;
import org.dtlsj.wire.handshake.EcdheServerKeyExchange;
import org.dtlsj.wire.handshake.HelloVerifyRequest;
import org.dtlsj.wire.handshake.ServerHello;

/**
 * The client side of {@link HostilePeer}: offers ECDHE-ECDSA with AES-128-GCM, X25519 and P-256,
 * extended_master_secret and renegotiation_info, and follows whatever the server sends without
 * judging it. A script calls the builders in the order it wants to test.
 */
public final class HostileClient extends HostilePeer {
    private ClientHello hello;
    /** The cookie of the last HelloVerifyRequest, or null. */
    public byte[] cookie;
    public ServerHello serverHello;
    public List<X509Certificate> serverChain = List.of();
    public CertificateRequest certificateRequest;
    public boolean serverHelloDone;
    private EcdheServerKeyExchange serverKeyExchange;

    @Override
    protected boolean isClient() {
        return true;
    }

    /** The first ClientHello (message_seq 0, no cookie). */
    public byte[] clientHello() {
        clientRandom = freshRandom();
        List<Extension> ext = new ArrayList<>();
        ext.add(Extension.of(ExtensionType.SUPPORTED_GROUPS, new SupportedGroups(List.of(NamedGroup.X25519, NamedGroup.SECP256R1))));
        ext.add(Extension.of(ExtensionType.EC_POINT_FORMATS, EcPointFormats.UNCOMPRESSED_ONLY));
        ext.add(Extension.of(ExtensionType.SIGNATURE_ALGORITHMS, new SignatureAlgorithms(List.of(
                SignatureScheme.ECDSA_SECP256R1_SHA256, SignatureScheme.RSA_PSS_RSAE_SHA256, SignatureScheme.RSA_PKCS1_SHA256))));
        ext.add(Extension.empty(ExtensionType.EXTENDED_MASTER_SECRET));
        ext.add(Extension.of(ExtensionType.RENEGOTIATION_INFO, RenegotiationInfo.INITIAL));
        hello = new ClientHello(version, clientRandom, new byte[0], new byte[0], List.of(suite.id), new byte[] {0},
                Extensions.of(ext));
        transcript.reset();
        return handshake(hello);
    }

    /** The ClientHello again with the cookie, message_seq 1 (RFC 6347 §4.2.1); the transcript starts here. */
    public byte[] clientHelloWithCookie() {
        hello = hello.withCookie(cookie);
        transcript.reset();
        nextMessageSeq(1);
        return handshake(hello);
    }

    @Override
    protected void onMessage(HandshakeMessage m) {
        try {
            WireReader body = new WireReader(m.body());
            switch (m.type().value()) {
                case 3 -> cookie = HelloVerifyRequest.decode(body).cookie();
                case 2 -> {
                    serverHello = ServerHello.decode(body);
                    serverRandom = serverHello.random();
                    extendedMasterSecret = serverHello.extensions().has(ExtensionType.EXTENDED_MASTER_SECRET);
                    transcript.add(m);
                }
                case 11 -> {
                    serverChain = org.dtlsj.crypto.CertificateChecker.parse(CertificateMessage.decode(body).certificates());
                    transcript.add(m);
                }
                case 12 -> {
                    serverKeyExchange = EcdheServerKeyExchange.decode(body);
                    transcript.add(m);
                }
                case 13 -> {
                    certificateRequest = CertificateRequest.decode(body);
                    transcript.add(m);
                }
                case 14 -> {
                    serverHelloDone = true;
                    transcript.add(m);
                }
                case 20 -> acceptPeerFinished(m);
                default -> transcript.add(m);
            }
        } catch (DecodeException | org.dtlsj.error.DtlsException e) {
            throw new AssertionError("the server sent an undecodable " + m, e);
        }
    }

    /** Whether the server's ServerKeyExchange signature verifies with its certificate. */
    public boolean serverKeyExchangeVerifies() {
        PublicKey key = serverChain.get(0).getPublicKey();
        return Signatures.verify(serverKeyExchange.scheme(), key, serverKeyExchange.signature(), clientRandom, serverRandom,
                serverKeyExchange.encodedParams());
    }

    public byte[] certificate(List<X509Certificate> chain) {
        List<byte[]> der = new ArrayList<>();
        try {
            for (X509Certificate c : chain) der.add(c.getEncoded());
        } catch (CertificateEncodingException e) {
            throw new IllegalArgumentException(e);
        }
        return handshake(new CertificateMessage(der));
    }

    /** ClientKeyExchange with a fresh key on the server's group; derives the master secret and keys. */
    public byte[] clientKeyExchange() {
        try {
            KeyExchange kx = KeyExchange.generate(serverKeyExchange.group(), random);
            byte[] record = handshake(new EcdheClientKeyExchange(kx.publicValue()));
            masterSecret(kx.agree(serverKeyExchange.publicPoint()));
            return record;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** CertificateVerify over the transcript so far (RFC 5246 §7.4.8). */
    public byte[] certificateVerify(PrivateKey key, SignatureScheme scheme) {
        try {
            return handshake(new CertificateVerify(scheme, Signatures.sign(scheme, key, random, transcript.bytes())));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
