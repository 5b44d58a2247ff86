package org.dtlsj.crypto;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECKey;
import java.security.interfaces.RSAKey;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.List;
import org.dtlsj.wire.SignatureScheme;

/**
 * Signing and verifying (D)TLS 1.2 {@code digitally-signed} structures (RFC 5246 §4.7) with the
 * JCA, for the schemes dtlsj implements.
 */
public final class Signatures {
    private Signatures() {
    }

    /** The JCA key algorithm a scheme needs ("EC" or "RSA"), or null if dtlsj does not implement it. */
    public static String keyAlgorithm(SignatureScheme s) {
        return switch (s.value()) {
            case 0x0403, 0x0503, 0x0603 -> "EC";
            case 0x0401, 0x0501, 0x0601, 0x0804, 0x0805, 0x0806 -> "RSA";
            default -> null;
        };
    }

    public static boolean isSupported(SignatureScheme s) {
        return keyAlgorithm(s) != null;
    }

    /** Whether {@code key} can make signatures of scheme {@code s}. */
    public static boolean fits(SignatureScheme s, java.security.Key key) {
        String alg = keyAlgorithm(s);
        if (alg == null) return false;
        return alg.equals("EC") ? key instanceof ECKey : key instanceof RSAKey && !"RSASSA-PSS".equals(key.getAlgorithm());
    }

    /**
     * The first of {@code ours} (our preference order) that the peer offers and our key fits.
     * Null when there is none.
     */
    public static SignatureScheme choose(List<SignatureScheme> ours, List<SignatureScheme> peers, java.security.Key key) {
        for (SignatureScheme s : ours) {
            if (peers.contains(s) && fits(s, key)) return s;
        }
        return null;
    }

    /** The JCA name of a scheme's signature algorithm. */
    private static String algorithm(SignatureScheme s) throws GeneralSecurityException {
        return switch (s.value()) {
            case 0x0403 -> "SHA256withECDSA";
            case 0x0503 -> "SHA384withECDSA";
            case 0x0603 -> "SHA512withECDSA";
            case 0x0401 -> "SHA256withRSA";
            case 0x0501 -> "SHA384withRSA";
            case 0x0601 -> "SHA512withRSA";
            case 0x0804, 0x0805, 0x0806 -> "RSASSA-PSS";
            default -> throw new GeneralSecurityException("unsupported signature scheme " + s);
        };
    }

    /** RFC 8446 §4.2.3: RSASSA-PSS with MGF1 on the same hash and a salt as long as the digest. */
    private static void parameters(SignatureScheme s, Signature sig) throws GeneralSecurityException {
        switch (s.value()) {
            case 0x0804 -> sig.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1));
            case 0x0805 -> sig.setParameter(new PSSParameterSpec("SHA-384", "MGF1", MGF1ParameterSpec.SHA384, 48, 1));
            case 0x0806 -> sig.setParameter(new PSSParameterSpec("SHA-512", "MGF1", MGF1ParameterSpec.SHA512, 64, 1));
            default -> {
                // no parameters
            }
        }
    }

    public static byte[] sign(SignatureScheme s, PrivateKey key, SecureRandom random, byte[]... parts)
            throws GeneralSecurityException {
        return sign(s, key, random, null, parts);
    }

    /** Signs with {@code provider} (null: the JDK's provider list), see {@link Jca}. */
    public static byte[] sign(SignatureScheme s, PrivateKey key, SecureRandom random, Provider provider, byte[]... parts)
            throws GeneralSecurityException {
        return Jca.withSignature(algorithm(s), provider, sig -> {
            parameters(s, sig);
            sig.initSign(key, random);
            for (byte[] p : parts) sig.update(p);
            return sig.sign();
        });
    }

    public static boolean verify(SignatureScheme s, PublicKey key, byte[] signature, byte[]... parts) {
        return verify(s, key, signature, null, parts);
    }

    /** Verifies with {@code provider} (null: the JDK's provider list), see {@link Jca}. */
    public static boolean verify(SignatureScheme s, PublicKey key, byte[] signature, Provider provider, byte[]... parts) {
        try {
            if (!fits(s, key)) return false;
            return Jca.withSignature(algorithm(s), provider, sig -> {
                parameters(s, sig);
                sig.initVerify(key);
                for (byte[] p : parts) sig.update(p);
                return sig.verify(signature);
            });
        } catch (GeneralSecurityException | RuntimeException e) {
            // A malformed signature (bad DER, wrong length) is a failed verification, not a crash.
            return false;
        }
    }

    /**
     * DTLS 1.0 signatures (TLS 1.1, RFC 4346 §7.4.3, RFC 4492 §5.4): ECDSA over SHA-1, RSA
     * PKCS#1 v1.5 over the 36 bytes MD5 || SHA-1 without a DigestInfo.
     */
    public static byte[] signLegacy(PrivateKey key, SecureRandom random, byte[]... parts) throws GeneralSecurityException {
        return signLegacy(key, random, null, parts);
    }

    public static byte[] signLegacy(PrivateKey key, SecureRandom random, Provider provider, byte[]... parts)
            throws GeneralSecurityException {
        boolean ec = key.getAlgorithm().equals("EC");
        byte[] digest = ec ? null : md5Sha1(parts);
        return Jca.withSignature(ec ? "SHA1withECDSA" : "NONEwithRSA", provider, sig -> {
            sig.initSign(key, random);
            if (ec) {
                for (byte[] p : parts) sig.update(p);
            } else {
                sig.update(digest);
            }
            return sig.sign();
        });
    }

    public static boolean verifyLegacy(PublicKey key, byte[] signature, byte[]... parts) {
        return verifyLegacy(key, signature, null, parts);
    }

    public static boolean verifyLegacy(PublicKey key, byte[] signature, Provider provider, byte[]... parts) {
        try {
            boolean ec = key.getAlgorithm().equals("EC");
            if (!ec && !key.getAlgorithm().equals("RSA")) return false;
            byte[] digest = ec ? null : md5Sha1(parts);
            return Jca.withSignature(ec ? "SHA1withECDSA" : "NONEwithRSA", provider, sig -> {
                sig.initVerify(key);
                if (ec) {
                    for (byte[] p : parts) sig.update(p);
                } else {
                    sig.update(digest);
                }
                return sig.verify(signature);
            });
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    private static byte[] md5Sha1(byte[]... parts) throws GeneralSecurityException {
        java.security.MessageDigest md5 = java.security.MessageDigest.getInstance("MD5");
        java.security.MessageDigest sha1 = java.security.MessageDigest.getInstance("SHA-1");
        for (byte[] p : parts) {
            md5.update(p);
            sha1.update(p);
        }
        return Prf.concat(md5.digest(), sha1.digest());
    }
}
