package org.dtlsj.crypto;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Provider;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.NamedParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import javax.crypto.KeyAgreement;
import org.dtlsj.wire.NamedGroup;

/**
 * Ephemeral ECDH over one named group (RFC 8422 §5.4, §5.7; RFC 7748 for X25519/X448), with the
 * group's public-value encoding: the uncompressed point {@code 04 || X || Y} for the NIST curves
 * (RFC 8422 §5.4.1), the little-endian u-coordinate for X25519 and X448 (RFC 8422 §5.11).
 */
public final class KeyExchange {
    /** The DER of a SubjectPublicKeyInfo for X25519 and X448 (RFC 8410 §4), up to the key. */
    private static final byte[] X25519_SPKI = {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x6e, 0x03, 0x21, 0x00};
    private static final byte[] X448_SPKI = {0x30, 0x42, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x6f, 0x03, 0x39, 0x00};

    private final NamedGroup group;
    private final KeyPair pair;
    private final Provider provider;

    private KeyExchange(NamedGroup group, KeyPair pair, Provider provider) {
        this.group = group;
        this.pair = pair;
        this.provider = provider;
    }

    public static boolean isSupported(NamedGroup g) {
        return g.equals(NamedGroup.X25519) || g.equals(NamedGroup.X448) || g.equals(NamedGroup.SECP256R1)
                || g.equals(NamedGroup.SECP384R1) || g.equals(NamedGroup.SECP521R1);
    }

    /**
     * Whether an agreement in this group costs enough to be worth a helper thread ({@link
     * ParallelCrypto}): the NIST curves' scalar multiplications, with the JDK's check of the peer's
     * point, take hundreds of microseconds; an X25519 or X448 agreement costs about what handing
     * it over and waiting for it does.
     */
    public boolean worthAHelper() {
        return !isXdh(group);
    }

    private static boolean isXdh(NamedGroup g) {
        return g.equals(NamedGroup.X25519) || g.equals(NamedGroup.X448);
    }

    private static String curveName(NamedGroup g) {
        return switch (g.value()) {
            case 23 -> "secp256r1";
            case 24 -> "secp384r1";
            case 25 -> "secp521r1";
            case 29 -> "X25519";
            case 30 -> "X448";
            default -> throw new IllegalArgumentException("unsupported group " + g);
        };
    }

    private static int fieldBytes(NamedGroup g) {
        return switch (g.value()) {
            case 23 -> 32;
            case 24 -> 48;
            case 25 -> 66;
            case 29 -> 32;
            case 30 -> 56;
            default -> throw new IllegalArgumentException("unsupported group " + g);
        };
    }

    /** Generates this side's ephemeral key pair. */
    public static KeyExchange generate(NamedGroup group, SecureRandom random) throws GeneralSecurityException {
        return generate(group, random, null);
    }

    /**
     * Generates this side's ephemeral key pair with {@code provider}, which also does the
     * agreement (null: the JDK's provider list), see {@link Jca}.
     */
    public static KeyExchange generate(NamedGroup group, SecureRandom random, Provider provider) throws GeneralSecurityException {
        KeyPairGenerator kpg;
        if (isXdh(group)) {
            kpg = Jca.keyPairGenerator("XDH", provider);
            kpg.initialize(new NamedParameterSpec(curveName(group)), random);
        } else {
            kpg = Jca.keyPairGenerator("EC", provider);
            kpg.initialize(new ECGenParameterSpec(curveName(group)), random);
        }
        KeyPair pair = kpg.generateKeyPair();
        // The agreement goes where the key pair came from: the chosen provider, or (when it has no
        // such generator) the one of the JDK's list that made it.
        boolean chosen = provider != null && provider.getService("KeyPairGenerator", isXdh(group) ? "XDH" : "EC") != null;
        return new KeyExchange(group, pair, chosen ? provider : kpg.getProvider());
    }

    public NamedGroup group() {
        return group;
    }

    /** This side's public value as it goes on the wire. */
    public byte[] publicValue() {
        int n = fieldBytes(group);
        if (isXdh(group)) {
            // RFC 8410 §4: the SubjectPublicKeyInfo ends with the key as it goes on the wire.
            byte[] spki = pair.getPublic().getEncoded();
            return Arrays.copyOfRange(spki, spki.length - n, spki.length);
        }
        ECPoint w = ((ECPublicKey) pair.getPublic()).getW();
        byte[] out = new byte[1 + 2 * n];
        out[0] = 4;
        System.arraycopy(toFixed(w.getAffineX(), n), 0, out, 1, n);
        System.arraycopy(toFixed(w.getAffineY(), n), 0, out, 1 + n, n);
        return out;
    }

    /**
     * The shared secret with the peer's public value. A value of the wrong length or format, a
     * point not on the curve, or an all-zero X25519 result fails with {@link GeneralSecurityException}
     * (RFC 8422 §5.11: "MUST check whether the computed premaster secret is the all-zero value").
     */
    public byte[] agree(byte[] peerValue) throws GeneralSecurityException {
        int n = fieldBytes(group);
        PublicKey peer;
        if (isXdh(group)) {
            if (peerValue.length != n) throw new GeneralSecurityException("X25519/X448 public value of wrong length");
            // As a SubjectPublicKeyInfo (RFC 8410 §4), the one key spec every provider takes.
            byte[] prefix = group.equals(NamedGroup.X25519) ? X25519_SPKI : X448_SPKI;
            byte[] spki = Arrays.copyOf(prefix, prefix.length + n);
            System.arraycopy(peerValue, 0, spki, prefix.length, n);
            peer = Jca.keyFactory("XDH", provider).generatePublic(new X509EncodedKeySpec(spki));
        } else {
            // RFC 8422 §5.4.1: only the uncompressed form is allowed.
            if (peerValue.length != 1 + 2 * n || peerValue[0] != 4) {
                throw new GeneralSecurityException("EC point not in uncompressed form of the right length");
            }
            BigInteger x = new BigInteger(1, Arrays.copyOfRange(peerValue, 1, 1 + n));
            BigInteger y = new BigInteger(1, Arrays.copyOfRange(peerValue, 1 + n, 1 + 2 * n));
            ECParameterSpec params = ((ECPublicKey) pair.getPublic()).getParams();
            checkOnCurve(params, x, y);
            peer = Jca.keyFactory("EC", provider).generatePublic(new ECPublicKeySpec(new ECPoint(x, y), params));
        }
        KeyAgreement ka = Jca.keyAgreement(isXdh(group) ? "XDH" : "ECDH", provider);
        ka.init(pair.getPrivate());
        ka.doPhase(peer, true);
        byte[] secret = ka.generateSecret();
        boolean allZero = true;
        for (byte b : secret) allZero &= b == 0;
        if (allZero) throw new GeneralSecurityException("all-zero shared secret");
        return secret;
    }

    /** Checks y^2 = x^3 + ax + b mod p and the range of the coordinates (invalid-curve attacks). */
    private static void checkOnCurve(ECParameterSpec params, BigInteger x, BigInteger y) throws GeneralSecurityException {
        java.security.spec.ECFieldFp field = (java.security.spec.ECFieldFp) params.getCurve().getField();
        BigInteger p = field.getP();
        if (x.signum() < 0 || x.compareTo(p) >= 0 || y.signum() < 0 || y.compareTo(p) >= 0) {
            throw new GeneralSecurityException("EC point coordinate out of range");
        }
        BigInteger lhs = y.multiply(y).mod(p);
        BigInteger rhs = x.pow(3).add(params.getCurve().getA().multiply(x)).add(params.getCurve().getB()).mod(p);
        if (!lhs.equals(rhs)) throw new GeneralSecurityException("EC point not on the curve");
    }

    private static byte[] toFixed(BigInteger v, int n) {
        byte[] raw = v.toByteArray();
        if (raw.length == n) return raw;
        byte[] out = new byte[n];
        if (raw.length > n) {
            System.arraycopy(raw, raw.length - n, out, 0, n);
        } else {
            System.arraycopy(raw, 0, out, n - raw.length, raw.length);
        }
        return out;
    }
}
