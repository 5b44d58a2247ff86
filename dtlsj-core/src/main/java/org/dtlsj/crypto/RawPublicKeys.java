package org.dtlsj.crypto;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.List;
import org.dtlsj.error.DtlsException;
import org.dtlsj.error.Reason;

/** Raw public keys (RFC 7250): a peer's SubjectPublicKeyInfo, and whether it is one we trust. */
public final class RawPublicKeys {
    private RawPublicKeys() {
    }

    /** The key in a DER SubjectPublicKeyInfo (EC, RSA or EdDSA); bad_certificate for anything else. */
    public static PublicKey parse(byte[] spki) throws DtlsException {
        for (String alg : new String[] {"EC", "RSA", "Ed25519"}) {
            try {
                PublicKey k = KeyFactory.getInstance(alg).generatePublic(new X509EncodedKeySpec(spki));
                if (MessageDigest.isEqual(k.getEncoded(), spki)) return k;
            } catch (GeneralSecurityException | RuntimeException e) {
                // not this algorithm
            }
        }
        throw new DtlsException(Reason.BAD_CERTIFICATE, "the raw public key is not a SubjectPublicKeyInfo of an EC, RSA or Ed25519 key");
    }

    /** Fails unless {@code key} is one of {@code trusted} (RFC 7250 §4.3, §4.4: trust comes out of band). */
    public static void check(PublicKey key, List<PublicKey> trusted) throws DtlsException {
        byte[] enc = key.getEncoded();
        for (PublicKey t : trusted) if (MessageDigest.isEqual(t.getEncoded(), enc)) return;
        throw new DtlsException(Reason.CERTIFICATE_UNTRUSTED, "the peer's raw public key is not among the trusted ones");
    }
}
